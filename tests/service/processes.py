"""Real `zhengce` processes for the multi-process tests: `serve` on a free loopback port, CLI commands.

They use the hashing embedder (`ZHENGCE_EMBEDDER=hashing`) so that a process starts in seconds on two
cores; everything else (database, index directory, change log, HTTP) is the real thing.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import httpx

from config.settings import PROJECT_ROOT
from tests.conftest import ADMIN_TOKEN

T = TypeVar("T")
ADMIN = {"Authorization": f"Bearer {ADMIN_TOKEN}"}
START_TIMEOUT_S = 180.0  # importing torch and friends on two busy cores


def environment(data_dir: Path, database_url: str | None = None, **settings: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("ZHENGCE_")}
    env.update({
        "PYTHONPATH": str(PROJECT_ROOT), "ZHENGCE_DATA_DIR": str(data_dir), "ZHENGCE_EMBEDDER": "hashing",
        "ZHENGCE_ADMIN_TOKEN": ADMIN_TOKEN, "ZHENGCE_INGEST_SAMPLES_ON_START": "false", "ZHENGCE_RATE_LIMIT": "",
        "ZHENGCE_INDEX_POLL_SECONDS": "0.2", "ZHENGCE_CONSOLE__SECRET_KEY": "test-console-secret",
    })
    if database_url:
        env["ZHENGCE_DATABASE_URL"] = database_url
    env.update({f"ZHENGCE_{k.upper()}": v for k, v in settings.items()})
    return env


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def cli(env: dict[str, str], *args: str, timeout: float = START_TIMEOUT_S) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "service.cli", *args], env=env, cwd=PROJECT_ROOT,
                          capture_output=True, text=True, timeout=timeout, check=False)


def cli_async(env: dict[str, str], log: Path, *args: str) -> subprocess.Popen:
    """A CLI command running in the background, its output going to `log`."""
    with open(log, "a", encoding="utf-8") as out:
        return subprocess.Popen([sys.executable, "-m", "service.cli", *args], env=env, cwd=PROJECT_ROOT,
                                stdout=out, stderr=subprocess.STDOUT)


def eventually(check: Callable[[], T], within: float, every: float = 0.05) -> T:
    """Poll `check` until it returns something truthy, or fail after `within` seconds."""
    deadline = time.monotonic() + within
    while True:
        result = check()
        if result:
            return result
        if time.monotonic() > deadline:
            raise AssertionError(f"not true within {within} s (last: {result!r})")
        time.sleep(every)


class Server:
    """One `zhengce serve` process; `start()` waits until /readyz answers 200."""

    def __init__(self, env: dict[str, str], log: Path) -> None:
        self.env, self.log = env, log
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.http = httpx.Client(base_url=self.url, timeout=30)
        self.process: subprocess.Popen | None = None

    def start(self) -> Server:
        with open(self.log, "a", encoding="utf-8") as out:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "service.cli", "serve", "--port", str(self.port)],
                env=self.env, cwd=PROJECT_ROOT, stdout=out, stderr=subprocess.STDOUT)
        eventually(self._ready, START_TIMEOUT_S, every=0.2)
        return self

    def _ready(self) -> bool:
        assert self.process is not None
        if self.process.poll() is not None:
            raise AssertionError(f"serve exited with {self.process.returncode}:\n{self.log.read_text()[-3000:]}")
        try:
            return self.http.get("/readyz").status_code == 200
        except httpx.TransportError:
            return False

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            self.process.wait(timeout=60)
        self.http.close()

    def kill(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.kill()
            self.process.wait(timeout=30)
        self.http.close()

    # -- what a user does -----------------------------------------------------------------------------

    def search(self, query: str, doc_ids: list[str] | None = None, all_statuses: bool = False) -> list[dict]:
        filters: dict = {"include_all_statuses": all_statuses}
        if doc_ids:
            filters["doc_ids"] = doc_ids
        response = self.http.post("/v1/search", json={"query": query, "top_k": 10, "filters": filters})
        response.raise_for_status()
        return response.json()["results"]

    def finds(self, query: str, doc_id: str, all_statuses: bool = False) -> bool:
        return any(r["doc_id"] == doc_id for r in self.search(query, [doc_id], all_statuses))

    def upload(self, path: Path) -> httpx.Response:
        return self.http.post("/v1/documents", headers=ADMIN,
                              files={"file": (path.name, path.read_bytes(), "text/markdown")})

    def health(self) -> dict:
        return self.http.get("/healthz").json()


def write_policy(folder: Path, doc_id: str, topic: str) -> Path:
    """A small policy in Markdown whose text is about `topic`, to search for."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{doc_id}.md"
    path.write_text(
        f"---\nid: {doc_id}\ntitle: 关于{topic}的实施办法\nissuer: 宁波市奉化区人民政府\n---\n"
        f"第一条 为做好{topic}工作，制定本办法。\n第二条 符合条件的企业可以申请{topic}，"
        f"由区经济和信息化局受理。\n第三条 本办法自发布之日起施行。\n", encoding="utf-8")
    return path
