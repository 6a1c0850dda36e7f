"""A real HTTP webhook receiver on 127.0.0.1 that fails on purpose, for delivery tests.

`plan(n, message_id)` decides what the n-th request (counting from 0) gets: a status code, or
`HANG` (no answer until the test ends: the sender times out). Every request is recorded with its
headers, body and whether its Standard Webhooks signature verifies. A request whose body stops short
of its content-length (the sender died mid-request) is what a real receiver cannot process: it goes
to `aborted`, gets no answer, and is not counted as received. `free_port()` gives a port with nothing
listening, for refused connections.
"""

from __future__ import annotations

import json
import socket
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from push.webhook import verify

HANG = -1
Plan = Callable[[int, str], int]


@dataclass
class Received:
    message_id: str
    headers: dict[str, str]
    body: bytes
    status: int
    verified: bool

    @property
    def payload(self) -> dict:
        return json.loads(self.body)


@dataclass
class Receiver:
    secret: str
    plan: Plan = lambda n, message_id: 200  # noqa: E731
    requests: list[Received] = field(default_factory=list)
    aborted: list[bytes] = field(default_factory=list)
    release: threading.Event = field(default_factory=threading.Event)
    lock: threading.Lock = field(default_factory=threading.Lock)
    server: ThreadingHTTPServer | None = None

    @property
    def url(self) -> str:
        assert self.server is not None
        return f"http://127.0.0.1:{self.server.server_address[1]}/hook"

    def accepted(self) -> dict[str, Received]:
        """What a de-duplicating receiver keeps: the first 2xx request per webhook-id."""
        kept: dict[str, Received] = {}
        for request in self.requests:
            if 200 <= request.status < 300:
                kept.setdefault(request.message_id, request)
        return kept

    def start(self) -> Receiver:
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802
                length = int(self.headers.get("content-length", 0))
                body = self.rfile.read(length)
                if len(body) < length:  # the connection dropped mid-body: nothing to process, no one to answer
                    with receiver.lock:
                        receiver.aborted.append(body)
                    self.close_connection = True
                    return
                headers = {k.lower(): v for k, v in self.headers.items()}
                with receiver.lock:
                    n = len(receiver.requests)
                    status = receiver.plan(n, headers.get("webhook-id", ""))
                    ok = verify(receiver.secret, headers, body, int(time.time()), tolerance=10**9)
                    receiver.requests.append(Received(headers.get("webhook-id", ""), headers, body, status, ok))
                if status == HANG:
                    receiver.release.wait(10)
                    return
                self.send_response(status)
                self.send_header("content-length", "0")
                self.end_headers()

            def log_message(self, *_: object) -> None:
                return

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        self.release.set()
        if self.server is not None:
            self.server.shutdown()
            self.server.server_close()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]
