"""`zhengce staff add` creates the first admin, who can then log in."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from config import get_settings
from service.app import create_app
from service.cli import main
from service.container import Container
from tests.conftest import make_settings
from tests.service.console.conftest import login


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    monkeypatch.setenv("ZHENGCE_DATA_DIR", str(tmp_path / "data"))
    get_settings.cache_clear()
    yield tmp_path / "data"
    get_settings.cache_clear()


def test_staff_add_reads_the_password_from_stdin(data_dir: Path, monkeypatch: pytest.MonkeyPatch,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO("first-admin-password\n"))
    assert main(["staff", "add", "chief", "--role", "admin", "--password-stdin"]) == 0
    assert "created admin chief" in capsys.readouterr().out
    container = Container.build(make_settings(data_dir.parent))
    container.start()
    with TestClient(create_app(container=container), follow_redirects=False) as client:
        login(client, "chief", "first-admin-password")
        assert client.get("/console/staff").status_code == 200
    container.close()


def test_staff_add_refuses_a_short_password_and_a_taken_name(data_dir: Path, monkeypatch: pytest.MonkeyPatch,
                                                             capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO("short\n"))
    assert main(["staff", "add", "chief", "--role", "admin", "--password-stdin"]) == 2
    assert "密码至少" in capsys.readouterr().err
    monkeypatch.setattr("sys.stdin", io.StringIO("first-admin-password\n"))
    main(["staff", "add", "chief", "--role", "admin", "--password-stdin"])
    monkeypatch.setattr("sys.stdin", io.StringIO("first-admin-password\n"))
    assert main(["staff", "add", "chief", "--role", "reviewer", "--password-stdin"]) == 2
    assert "账号已存在" in capsys.readouterr().err


def test_staff_add_asks_twice_without_stdin(data_dir: Path, monkeypatch: pytest.MonkeyPatch,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    answers = iter(["typed-password-1", "typed-password-2"])
    monkeypatch.setattr("getpass.getpass", lambda prompt: next(answers))
    assert main(["staff", "add", "chief", "--role", "admin"]) == 2
    assert "不一致" in capsys.readouterr().err
