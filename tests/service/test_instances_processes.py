"""Real `zhengce serve` and CLI processes on one database converge to it, on SQLite and PostgreSQL.

Each test starts real processes on free loopback ports (hashing embedder, see tests/service/processes.py)
and checks what a user would: a search over HTTP finds the document, within 5 s of its commit.
"""

from __future__ import annotations

import contextlib
import fcntl
import threading
from collections.abc import Iterator
from contextlib import ExitStack
from pathlib import Path

import httpx
import pytest

from tests.conftest import postgres_database
from tests.service.processes import Server, cli, cli_async, environment, eventually, free_port, write_policy

pytestmark = pytest.mark.processes
VISIBLE_WITHIN_S = 5.0


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def database_url(request: pytest.FixtureRequest) -> Iterator[str | None]:
    with ExitStack() as stack:
        yield stack.enter_context(postgres_database()) if request.param == "postgres" else None


@pytest.fixture
def servers() -> Iterator[list[Server]]:
    started: list[Server] = []
    yield started
    for server in started:
        server.kill()


def _serve(servers: list[Server], env: dict[str, str], log: Path) -> Server:
    server = Server(env, log)
    servers.append(server)
    return server.start()


def _serves_every_chunk(server: Server) -> bool:
    health = server.health()
    return health["status"] == "ok" and health["indexed_vectors"] == health["chunks"] > 0


def test_a_cli_ingest_beside_a_running_service_is_searchable_at_once_and_after_a_restart(
    tmp_path: Path, database_url: str | None, servers: list[Server]
) -> None:
    env = environment(tmp_path / "data", database_url)
    server = _serve(servers, env, tmp_path / "serve.log")
    topics = {"d1": "首台套装备保险补偿", "d2": "高校毕业生就业见习补贴", "d3": "农村生活污水治理设施运维"}
    for doc_id, topic in topics.items():
        write_policy(tmp_path / "docs", doc_id, topic)

    ingest = cli_async(env, tmp_path / "ingest.log", "ingest", str(tmp_path / "docs"))
    while ingest.poll() is None:  # the service keeps answering while the CLI writes
        assert server.http.post("/v1/search", json={"query": "补贴", "top_k": 3}).status_code == 200
    assert ingest.returncode == 0, (tmp_path / "ingest.log").read_text()
    for doc_id, topic in topics.items():
        eventually(lambda d=doc_id, t=topic: server.finds(t, d), within=VISIBLE_WITHIN_S)
    eventually(lambda: _serves_every_chunk(server), within=VISIBLE_WITHIN_S)

    server.stop()
    servers.remove(server)
    restarted = _serve(servers, env, tmp_path / "serve.log")
    assert all(restarted.finds(topic, doc_id) for doc_id, topic in topics.items())
    assert _serves_every_chunk(restarted)


@pytest.mark.postgres
def test_two_instances_on_postgresql_see_each_others_uploads_status_changes_and_deletes(
    tmp_path: Path, servers: list[Server]
) -> None:
    with postgres_database() as url:
        a = _serve(servers, environment(tmp_path / "a", url), tmp_path / "a.log")
        b = _serve(servers, environment(tmp_path / "b", url), tmp_path / "b.log")  # its own disk, like a host
        path = write_policy(tmp_path / "docs", "subsidy", "首台套装备保险补偿")
        assert a.upload(path).status_code == 201
        eventually(lambda: b.finds("首台套装备保险补偿", "subsidy"), within=VISIBLE_WITHIN_S)

        patched = a.http.patch("/v1/documents/subsidy", json={"status": "已废止"}, headers=a_admin())
        assert patched.status_code == 200
        eventually(lambda: not b.finds("首台套装备保险补偿", "subsidy"), within=VISIBLE_WITHIN_S)
        assert b.finds("首台套装备保险补偿", "subsidy", all_statuses=True)

        assert a.http.delete("/v1/documents/subsidy", headers=a_admin()).status_code == 204
        eventually(lambda: not b.finds("首台套装备保险补偿", "subsidy", all_statuses=True), within=VISIBLE_WITHIN_S)
        eventually(lambda: b.health()["indexed_vectors"] == 0, within=VISIBLE_WITHIN_S)


def a_admin() -> dict[str, str]:
    from tests.service.processes import ADMIN

    return ADMIN


def test_a_service_killed_in_the_middle_of_a_save_serves_every_chunk_after_a_restart(
    tmp_path: Path, database_url: str | None, servers: list[Server]
) -> None:
    env = environment(tmp_path / "data", database_url)
    server = _serve(servers, env, tmp_path / "serve.log")
    first = write_policy(tmp_path / "docs", "first", "首台套装备保险补偿")
    assert server.upload(first).status_code == 201
    index_dir = tmp_path / "data" / "index"
    second = write_policy(tmp_path / "docs", "second", "高校毕业生就业见习补贴")

    with open(index_dir / ".lock", "a+b") as lock:
        fcntl.flock(lock, fcntl.LOCK_SH)  # the save writes its version, then waits here to swap it in
        upload = threading.Thread(target=_upload_ignoring_the_kill, args=(server, second))
        upload.start()
        staged = eventually(lambda: [p for p in index_dir.glob(".tmp-v*") if (p / "manifest.json").exists()],
                            within=60)
        server.kill()  # SIGKILL with the new version written but not yet current
        fcntl.flock(lock, fcntl.LOCK_UN)
    upload.join()
    assert staged
    servers.remove(server)

    restarted = _serve(servers, env, tmp_path / "serve.log")
    assert _serves_every_chunk(restarted)
    assert restarted.finds("首台套装备保险补偿", "first") and restarted.finds("高校毕业生就业见习补贴", "second")


def _upload_ignoring_the_kill(server: Server, path: Path) -> None:
    with contextlib.suppress(httpx.TransportError):  # the server is killed while answering
        server.upload(path)


def test_a_cli_ingest_racing_an_api_upload_of_the_same_file_ends_searchable_once(
    tmp_path: Path, database_url: str | None, servers: list[Server]
) -> None:
    env = environment(tmp_path / "data", database_url)
    server = _serve(servers, env, tmp_path / "serve.log")
    path = write_policy(tmp_path / "docs", "race", "首台套装备保险补偿")

    ingest = cli_async(env, tmp_path / "ingest.log", "ingest", str(path))
    uploads = 0
    while ingest.poll() is None:  # upload the same file again and again until the CLI has written it too
        assert server.upload(path).status_code == 201
        uploads += 1
    assert ingest.returncode == 0 and uploads > 0

    eventually(lambda: server.finds("首台套装备保险补偿", "race"), within=VISIBLE_WITHIN_S)
    eventually(lambda: _serves_every_chunk(server), within=VISIBLE_WITHIN_S)
    document = server.http.get("/v1/documents/race").json()
    hits = server.search("首台套装备保险补偿", ["race"])
    assert len({h["text"] for h in hits}) == len(hits) == len(document["chunks"])  # each chunk once
    assert server.health()["chunks"] == len(document["chunks"])


def test_postgresql_without_a_console_secret_is_refused_with_a_message(tmp_path: Path) -> None:
    env = environment(tmp_path / "data", "postgresql+psycopg://nobody@127.0.0.1:1/none")
    del env["ZHENGCE_CONSOLE__SECRET_KEY"]
    refused = cli(env, "serve", "--port", "1")
    assert refused.returncode == 2 and "ZHENGCE_CONSOLE__SECRET_KEY" in refused.stderr


@pytest.mark.model
def test_a_second_instance_with_another_model_is_refused_and_the_first_keeps_serving(
    tmp_path: Path, database_url: str | None, servers: list[Server], real_model_path: Path
) -> None:
    shared = database_url or f"sqlite:///{(tmp_path / 'a' / 'zhengce.db').as_posix()}"
    a = _serve(servers, environment(tmp_path / "a", shared), tmp_path / "a.log")
    assert a.upload(write_policy(tmp_path / "docs", "subsidy", "首台套装备保险补偿")).status_code == 201

    other_model = environment(tmp_path / "b", shared, embedder="sentence-transformers",
                              model_path=str(real_model_path), embedding_backend="torch")
    refused = cli(other_model, "serve", "--port", str(free_port()))

    assert refused.returncode == 2, refused.stderr[-3000:]
    message = refused.stderr
    assert "数据库中的索引与当前配置不一致" in message and "model 保存为 'hashing-256'" in message
    assert "zhengce reindex" in message and "Traceback" not in message
    assert a.http.get("/readyz").status_code == 200
    assert a.finds("首台套装备保险补偿", "subsidy")
    assert a.health()["status"] == "ok"
