"""Settings: environment over the TOML file over defaults, and paths derived from the data dir."""

from __future__ import annotations

from pathlib import Path

import pytest

from config import Settings


def test_paths_follow_the_data_dir(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("ZHENGCE_DATA_DIR", str(tmp_path))
    settings = Settings()
    assert settings.database_url == f"sqlite:///{tmp_path}/zhengce.db"
    assert settings.index_dir == tmp_path / "index"
    assert settings.model_path == tmp_path / "models" / "e5-small"


def test_environment_wins_over_the_config_file(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    config = tmp_path / "z.toml"
    config.write_text('port = 9000\nfusion_keyword_weight = 0.5\n[qa]\nmax_question_chars = 80\n', encoding="utf-8")
    monkeypatch.setenv("ZHENGCE_CONFIG", str(config))
    monkeypatch.setenv("ZHENGCE_PORT", "9100")
    settings = Settings()
    assert settings.port == 9100 and settings.fusion_keyword_weight == 0.5
    assert settings.qa.max_question_chars == 80
    monkeypatch.setenv("ZHENGCE_QA__MAX_QUESTION_CHARS", "60")
    assert Settings().qa.max_question_chars == 60


def test_the_admin_token_is_secret_and_absent_by_default(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("ZHENGCE_ADMIN_TOKEN", raising=False)
    assert Settings().admin_token_value is None
    monkeypatch.setenv("ZHENGCE_ADMIN_TOKEN", "s3cret")
    settings = Settings()
    assert settings.admin_token_value == "s3cret" and "s3cret" not in repr(settings)


def test_the_default_config_file_parses() -> None:
    from config.settings import DEFAULT_CONFIG_FILE

    assert DEFAULT_CONFIG_FILE.exists()
    assert Settings().push.timezone == "Asia/Shanghai"


def test_public_url_follows_host_and_port_unless_set(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ZHENGCE_PORT", "8124")
    assert Settings().public_url == "http://127.0.0.1:8124"
    monkeypatch.setenv("ZHENGCE_PUBLIC_URL", "https://zhengce.example.gov.cn")
    assert Settings().public_url == "https://zhengce.example.gov.cn"
