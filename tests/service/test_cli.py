"""The `zhengce` CLI: ingest then search on one data directory, and clear errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from service.cli import main
from tests.conftest import SAMPLES


@pytest.fixture
def data_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    from config import get_settings

    monkeypatch.setenv("ZHENGCE_DATA_DIR", str(tmp_path / "d"))
    monkeypatch.setenv("ZHENGCE_EMBEDDER", "hashing")
    get_settings.cache_clear()
    yield tmp_path
    get_settings.cache_clear()


def test_ingest_then_search_share_the_data_dir(data_env: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["ingest", str(SAMPLES)]) == 0
    assert "added 5" in capsys.readouterr().out
    assert main(["ingest", str(SAMPLES)]) == 0
    assert "unchanged 5" in capsys.readouterr().out
    assert main(["search", "鄞州区项目预算公开试点", "--top-k", "2", "--json"]) == 0
    results = json.loads(capsys.readouterr().out)["results"]
    assert len(results) == 2 and "鄞州" in results[0]["title"]
    assert results[0]["section"]


def test_cli_errors_are_messages_not_tracebacks(data_env: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["ingest", str(data_env / "missing")]) == 2
    assert "路径不存在" in capsys.readouterr().err
    assert main(["search", "  "]) == 2
    assert "不能为空" in capsys.readouterr().err
    bad = data_env / "bad.txt"
    bad.write_bytes(b"\x00\x01\x02binary\xff\xfe" * 50)
    assert main(["ingest", str(bad)]) == 1
    assert "failed" in capsys.readouterr().out
