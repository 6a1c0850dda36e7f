"""Q&A fixtures: a stepping clock, search hits built by hand, and a container that answers at any confidence."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from index.search import SearchHit
from service.app import create_app
from service.container import Container
from tests.conftest import make_settings


class SteppingClock:
    """A clock tests move by hand; `monotonic()` follows it for the rate limiter."""

    def __init__(self, start: datetime = datetime(2024, 5, 1, 9, 0, tzinfo=UTC)) -> None:
        self.now = start

    def __call__(self) -> datetime:
        return self.now

    def monotonic(self) -> float:
        return self.now.timestamp()

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


@pytest.fixture
def clock() -> SteppingClock:
    return SteppingClock()


def make_hit(text: str, *, title: str = "测试政策", section: str = "第一条", dense: float = 0.85,
             doc_id: str = "doc-1", status: str = "现行有效", chunk_id: int = 1, **more: object) -> SearchHit:
    return SearchHit(chunk_id=chunk_id, doc_id=doc_id, title=title, doc_number=more.pop("doc_number", None),  # type: ignore[arg-type]
                     issuer=None, status=status, section=section, heading_path=list(more.pop("heading_path", [])),  # type: ignore[call-overload]
                     text=text, score=0.03, dense_score=dense, **more)  # type: ignore[arg-type]


@pytest.fixture
def answering_container(tmp_path: Path) -> Iterator[Container]:
    """The sample corpus with the fake embedder, and a threshold of 0: every question is answered."""
    built = Container.build(make_settings(tmp_path, qa={"handoff_threshold": 0.0}))
    built.start()
    built.ingest_samples()
    yield built
    built.close()


@pytest.fixture
def answering_client(answering_container: Container) -> Iterator[TestClient]:
    with TestClient(create_app(container=answering_container)) as test_client:
        yield test_client


class LiveServer:
    """A real uvicorn server in a thread, on a socket bound and listening before the thread starts,
    so a client can connect at once (its request waits in the backlog until uvicorn accepts)."""

    def __init__(self, container: Container) -> None:
        import socket
        import threading

        import uvicorn

        self.socket = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.socket.bind(("127.0.0.1", 0))
        self.socket.listen(64)
        self.url = f"http://127.0.0.1:{self.socket.getsockname()[1]}"
        config = uvicorn.Config(create_app(container=container), log_level="warning", lifespan="on")
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, kwargs={"sockets": [self.socket]}, daemon=True)

    def __enter__(self) -> LiveServer:
        self.thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=30)
        self.socket.close()


@pytest.fixture
def real_server(real_container: Container) -> Iterator[str]:
    with LiveServer(real_container) as server:
        yield server.url
