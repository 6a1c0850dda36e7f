"""Every write bumps the database's generation; a second process on the same database follows it.

Two containers on one SQLite file stand for two processes here (their in-memory indexes are separate);
the real-process tests in tests/service/test_instances_processes.py do the same with `zhengce serve`.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import ExitStack
from datetime import UTC, datetime, timedelta
from pathlib import Path

import numpy as np
import pytest
from fastapi.testclient import TestClient

from index.changelog import ChangeLog
from index.embedders import HashingEmbedder
from index.errors import IndexMismatch
from index.filters import SearchFilters
from index.follower import IndexFollower
from index.models import REPEALED, Policy
from index.persist import ids_fingerprint, load_index, read_manifest
from index.store import PolicyStore
from service.app import create_app
from service.container import Container
from tests.conftest import make_settings, postgres_database
from tests.service.processes import eventually

LAW = "第一章 总则\n第一条 为了保护劳动者的合法权益，制定本法。\n第二条 用人单位应当依法缴纳社会保险费。\n"


class StepClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def _process(tmp_path: Path, clock: StepClock | None = None, **overrides: object) -> Container:
    settings = make_settings(tmp_path, index_poll_seconds=0, **overrides)
    container = Container.build(settings, monotonic=clock or StepClock())
    container.start()
    return container


def test_each_write_bumps_the_generation_and_logs_what_it_removed(tmp_path: Path) -> None:
    a = _process(tmp_path)
    log = ChangeLog(a.engine)
    start = log.generation()
    a.ingestor.ingest_policy(Policy(id="p", title="劳动法规", text=LAW))
    first_chunks = set(PolicyStore(a.engine).chunk_ids().tolist())
    a.ingestor.ingest_policy(Policy(id="p", title="劳动法规", text="第一条 只剩一条。"))
    a.index.update_metadata("p", {"status": REPEALED})
    a.index.delete("p")
    changes = log.changes_since(start)
    assert [(c.kind, c.doc_id) for c in changes] == [("put", "p"), ("put", "p"), ("meta", "p"), ("delete", "p")]
    assert set(changes[1].removed) == first_chunks and len(changes[3].removed) == 1
    assert log.generation() == start + 4 == a.index.generation


def test_a_second_process_follows_uploads_status_changes_and_deletes(tmp_path: Path) -> None:
    a, b = _process(tmp_path), _process(tmp_path)
    a.ingestor.ingest_policy(Policy(id="p", title="劳动法规", text=LAW))
    assert b.searcher.search("缴纳社会保险费", 1) == []  # b has not caught up yet
    assert b.index.catch_up() == 1
    assert b.searcher.search("缴纳社会保险费", 1)[0].doc_id == "p"

    a.index.update_metadata("p", {"status": REPEALED})  # read at query time: b sees it without catching up
    assert b.searcher.search("缴纳社会保险费", 1) == []
    a.index.delete("p")
    b.index.catch_up()
    assert len(b.index) == 0 and b.index.generation == a.index.generation


def test_pruning_drops_old_entries_but_keeps_the_newest(tmp_path: Path) -> None:
    a = _process(tmp_path)
    for n in range(3):
        a.ingestor.ingest_policy(Policy(id=f"p{n}", title="劳动法规", text=LAW))
    log = ChangeLog(a.engine)
    assert a.index.prune_changes(datetime.now(UTC) - timedelta(days=1)) == 0  # nothing that old yet
    assert a.index.prune_changes(datetime.now(UTC) + timedelta(days=1)) == 2
    assert [c.generation for c in log.changes_since(0)] == [log.generation()]


def test_a_serving_process_prunes_what_is_older_than_the_retention(tmp_path: Path) -> None:
    a = _process(tmp_path)
    for n in range(3):
        a.ingestor.ingest_policy(Policy(id=f"p{n}", title="劳动法规", text=LAW))
    log = ChangeLog(a.engine)
    follower = IndexFollower(a.index, poll_seconds=0.01, save_seconds=0, retention_seconds=0.001)
    follower.start()
    try:
        eventually(lambda: [c.generation for c in log.changes_since(0)] == [log.generation()], within=10)
    finally:
        follower.stop()


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def two_processes(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[tuple[Container, Container]]:
    """Two containers on one database, SQLite or PostgreSQL, closed afterwards."""
    with ExitStack() as stack:
        url = stack.enter_context(postgres_database()) if request.param == "postgres" else ""
        a, b = _process(tmp_path, database_url=url), _process(tmp_path, database_url=url)
        stack.callback(a.close)
        stack.callback(b.close)
        yield a, b


def test_a_follower_behind_the_pruned_horizon_reloads_from_the_database_and_converges(
        two_processes: tuple[Container, Container]) -> None:
    a, b = two_processes
    a.ingestor.ingest_policy(Policy(id="kept", title="劳动法规", text=LAW))
    b.index.catch_up()
    a.ingestor.ingest_policy(Policy(id="new", title="社保办法", text="第一条 用人单位应当按月申报社会保险费。"))
    a.ingestor.ingest_policy(Policy(id="kept", title="劳动法规", text="第一条 只剩一条：依法缴纳社会保险费。"))
    a.index.update_metadata("new", {"status": REPEALED})
    a.ingestor.ingest_policy(Policy(id="gone", title="临时通知", text="第一条 本通知自发布之日起施行。"))
    a.index.delete("gone")
    a.index.prune_changes(datetime.now(UTC) + timedelta(days=1))  # b never saw these changes

    assert b.index.catch_up() == 1  # only the newest entry is left to read
    database = PolicyStore(a.engine).chunk_ids()
    assert b.index.generation == a.index.generation and len(b.index) == len(database) == len(a.index)
    assert {h.chunk_id for h in b.searcher.search("社会保险费", 10, SearchFilters(statuses=None))} == set(
        database.tolist())
    assert [h.doc_id for h in b.searcher.search("依法缴纳社会保险费", 5)] == ["kept"]  # "new" is repealed


def test_a_save_describes_the_vectors_it_holds_not_the_database(tmp_path: Path) -> None:
    a, b = _process(tmp_path), _process(tmp_path)
    a.ingestor.ingest_policy(Policy(id="p", title="劳动法规", text=LAW))  # b has not followed this yet
    b.index.save()
    manifest = read_manifest(b.index.index_dir)
    assert manifest is not None and manifest.chunks == 0 and manifest.fingerprint == ids_fingerprint(np.zeros(0))
    assert manifest.generation < a.index.generation
    loaded = load_index(b.index.index_dir, b.index.manifest(np.zeros(0, np.int64), 0))
    assert loaded is not None and len(loaded[1]) == 0

    restarted = _process(tmp_path)  # loads b's save, then adds p's chunks from the stored vectors
    assert restarted.index.last_open.added == 2 and len(restarted.index) == restarted.index.counts()[1]
    assert restarted.searcher.search("缴纳社会保险费", 1)[0].doc_id == "p"


def test_healthz_says_stale_when_a_process_cannot_catch_up(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    clock = StepClock()
    b = _process(tmp_path, clock, index_stale_seconds=5)
    a = _process(tmp_path)
    with TestClient(create_app(container=b)) as client:
        assert client.get("/healthz").json()["status"] == "ok"
        monkeypatch.setattr(b.index, "catch_up", lambda: 0)  # prevented from applying anything
        a.ingestor.ingest_policy(Policy(id="p", title="劳动法规", text=LAW))
        first = client.get("/healthz").json()
        assert first["status"] == "ok" and first["generation"]["database"] > first["generation"]["served"]
        assert client.get("/readyz").status_code == 200
        clock.now += 6
        stale = client.get("/healthz").json()
        assert stale["status"] == "stale" and stale["generation"]["behind_seconds"] == 6
        assert client.get("/readyz").status_code == 503 and client.get("/livez").status_code == 200
        monkeypatch.undo()
        b.index.catch_up()
        assert client.get("/healthz").json()["status"] == "ok" and client.get("/readyz").status_code == 200


def test_a_process_with_another_model_is_refused_and_the_first_keeps_serving(tmp_path: Path) -> None:
    a = _process(tmp_path)
    a.ingestor.ingest_policy(Policy(id="p", title="劳动法规", text=LAW))
    other = Container.build(make_settings(tmp_path, index_dir=tmp_path / "other-index"),
                            embedder=HashingEmbedder(dimension=128))  # another model, its own index dir
    with pytest.raises(IndexMismatch, match="数据库中的索引.*model"):
        other.start()
    assert a.searcher.search("缴纳社会保险费", 1)[0].doc_id == "p"
