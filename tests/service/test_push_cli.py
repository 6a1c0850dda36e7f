"""`zhengce push run`: plan a run on the shared data directory and deliver to a real receiver."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from config import get_settings
from push.service import PushService
from service.cli import main
from service.container import Container
from tests.push.conftest import LOCAL_POLICIES, SECRET, profile
from tests.push.receiver import Receiver


@pytest.fixture
def data_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    monkeypatch.setenv("ZHENGCE_DATA_DIR", str(tmp_path / "d"))
    monkeypatch.setenv("ZHENGCE_EMBEDDER", "hashing")
    monkeypatch.setenv("ZHENGCE_INGEST_SAMPLES_ON_START", "false")
    monkeypatch.setenv("ZHENGCE_PUSH__MIN_SCORE", "0.3")
    monkeypatch.setenv("ZHENGCE_VALIDITY_AS_OF", "2026-06-01")
    get_settings.cache_clear()
    yield tmp_path
    get_settings.cache_clear()


def _push() -> PushService:
    container = Container.build(get_settings())
    container.start(ingest_samples=False)
    return container.push


def test_push_run_plans_and_delivers(data_env: Path, capsys: pytest.CaptureFixture[str]) -> None:
    receiver = Receiver(SECRET).start()
    try:
        assert main(["ingest", str(LOCAL_POLICIES / "fenghua-sme-support.md")]) == 0
        _push().subscribers.put("e1", profile(channel={"type": "webhook", "url": receiver.url, "secret": SECRET}))
        assert main(["push", "run"]) == 0
        out = capsys.readouterr().out
        assert "1 messages" in out and "delivered 1" in out
        assert [r.payload["subscriber_id"] for r in receiver.requests] == ["e1"] and receiver.requests[0].verified
        assert main(["push", "run"]) == 0
        assert "0 messages" in capsys.readouterr().out
    finally:
        receiver.stop()
