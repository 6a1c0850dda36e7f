"""Helpers the benchmark scripts share: a real `zhengce serve` subprocess and latency percentiles."""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO

import httpx
import numpy as np

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextlib.contextmanager
def running_server(env: dict[str, str], timeout: float = 600,
                   on_ready: Callable[[subprocess.Popen], None] | None = None) -> Iterator[str]:
    """Start `zhengce serve` with extra env on a free loopback port; yield its base URL.

    `on_ready` is called with the server process once it answers (e.g. to read its memory).
    """
    port = free_port()
    full_env = {**os.environ, **env, "ZHENGCE_PORT": str(port), "ZHENGCE_HOST": "127.0.0.1"}
    cmd = [sys.executable, "-m", "service.cli", "serve"]
    # the server's log goes to a file: a pipe nobody reads fills up and blocks the server mid-request
    with tempfile.TemporaryFile() as log:
        process = subprocess.Popen(cmd, cwd=ROOT, env=full_env, stdout=subprocess.DEVNULL, stderr=log)
        base = f"http://127.0.0.1:{port}"
        try:
            _wait_ready(base, process, timeout, log)
            if on_ready is not None:
                on_ready(process)
            yield base
        finally:
            process.terminate()
            process.wait(timeout=30)


def _wait_ready(base: str, process: subprocess.Popen, timeout: float, log: IO[bytes]) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            log.seek(0)
            raise RuntimeError(f"server exited: {log.read().decode(errors='replace')[-2000:]}")
        with contextlib.suppress(httpx.HTTPError):
            if httpx.get(f"{base}/healthz", timeout=2).status_code == 200:
                return
        time.sleep(0.5)
    raise TimeoutError("server did not become ready")


def rss_mib(pid: int) -> float:
    """Resident memory of a process, from /proc (Linux)."""
    for line in Path(f"/proc/{pid}/status").read_text(encoding="ascii").splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError(f"no VmRSS for pid {pid}")


def percentiles(samples_ms: list[float]) -> str:
    data = np.asarray(samples_ms)
    return (f"n={len(data)} p50={np.percentile(data, 50):.1f} ms  p90={np.percentile(data, 90):.1f} ms  "
            f"p99={np.percentile(data, 99):.1f} ms  max={data.max():.1f} ms")


def timed_posts(base: str, path: str, bodies: list[dict],
                before: Callable[[dict], None] | None = None) -> list[float]:
    """POST each body in turn over one keep-alive connection; return the latencies in ms. `before(body)` runs
    ahead of each request, outside its timing."""
    latencies = []
    with httpx.Client(base_url=base, timeout=60) as client:
        for body in bodies:
            if before is not None:
                before(body)
            started = time.perf_counter()
            response = client.post(path, json=body)
            latencies.append((time.perf_counter() - started) * 1000)
            response.raise_for_status()
    return latencies
