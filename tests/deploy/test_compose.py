"""compose.yaml is valid Compose and describes the production shape the README promises."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from config.settings import PROJECT_ROOT
from scripts.lint_compose import interpolate, lint

COMPOSE = PROJECT_ROOT / "compose.yaml"


def test_compose_file_is_valid_against_the_specification() -> None:
    assert set(lint(COMPOSE).service_names()) == {"postgres", "redis", "migrate", "zhengce", "push-worker", "proxy"}


def test_a_mistyped_key_is_caught(tmp_path: Path) -> None:
    broken = tmp_path / "compose.yaml"
    broken.write_text(COMPOSE.read_text(encoding="utf-8").replace("    expose:", "    exposes:"), encoding="utf-8")
    with pytest.raises(ValueError, match="exposes"):
        lint(broken)


def test_two_replicas_one_worker_and_shared_settings() -> None:
    spec = yaml.safe_load(interpolate(COMPOSE.read_text(encoding="utf-8")))
    services = spec["services"]
    assert services["zhengce"]["deploy"]["replicas"] == 2
    assert services["push-worker"]["command"] == ["zhengce", "push", "worker"]
    for name in ("zhengce", "push-worker", "migrate"):
        env = services[name]["environment"]
        assert env["ZHENGCE_DATABASE_URL"].startswith("postgresql+psycopg://")
        assert env["ZHENGCE_CONSOLE__SECRET_KEY"] and env["ZHENGCE_REDIS_URL"].startswith("redis://")
        assert env["ZHENGCE_PUSH__SCHEDULER_IN_SERVICE"] == "false"  # the worker alone schedules
    assert services["proxy"]["ports"] == ["8000:80"]
