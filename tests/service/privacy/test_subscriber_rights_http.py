"""PIPL for subscribers: export everything kept about one, and erase one leaving no personal data anywhere."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import inspect, text

from config import Settings
from config.settings import PushSettings
from service.container import Container
from tests.conftest import make_settings
from tests.push.conftest import SECRET, ingest_local
from tests.push.receiver import Receiver
from tests.service.test_push_subscribers_http import body

SUBSCRIBER = "zhangwei-13857412345"
NAME = "宁波奉化张伟五金加工厂"


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return make_settings(tmp_path, public_url="http://testserver", push=PushSettings(min_score=0.3))


@pytest.fixture
def receiver():  # type: ignore[no-untyped-def]
    started = Receiver(SECRET).start()
    yield started
    started.stop()


@pytest.fixture
def pushed(container: Container, client: TestClient, admin: dict[str, str], receiver: Receiver) -> str:
    """A subscriber who was pushed a policy, clicked it, and was approved by staff once; returns the hook URL."""
    ingest_local(container, "fenghua-sme-support")
    url = receiver.url + "?access_token=robot-secret-4242"
    client.put(f"/v1/subscribers/{SUBSCRIBER}", json=body(name=NAME, channel={"type": "webhook", "url": url,
                                                                               "secret": SECRET}), headers=admin)
    client.put(f"/v1/policies/synth-fenghua-sme-2024/candidates/{SUBSCRIBER}/decision", json={"decision": "approved"},
               headers=admin)
    assert client.post("/v1/push/run", headers=admin).json()["messages"] == 1
    link = receiver.requests[0].payload["policies"][0]["url"].removeprefix("http://testserver")
    client.get(link, follow_redirects=False)
    return url


def _everything(container: Container) -> str:
    """Every row of every table, as text."""
    dump = []
    with container.engine.connect() as connection:
        for table in inspect(container.engine).get_table_names():
            dump += [repr(tuple(row)) for row in connection.execute(text(f'SELECT * FROM "{table}"'))]
    return "\n".join(dump)


def test_export_has_profile_messages_and_clicks_but_not_the_secret(pushed: str, client: TestClient,
                                                                   admin: dict[str, str]) -> None:
    exported = client.get(f"/v1/subscribers/{SUBSCRIBER}/export", headers=admin)
    assert exported.status_code == 200
    data = exported.json()
    assert data["profile"]["name"] == NAME and data["profile"]["channel"]["url"] == pushed
    assert SECRET not in exported.text
    [delivery] = data["deliveries"]
    assert delivery["status"] == "delivered" and delivery["policies"][0]["clicks"] == 1
    assert data["decisions"][0]["decision"] == "approved"
    assert client.get(f"/v1/subscribers/{SUBSCRIBER}/export").status_code == 401
    assert client.get("/v1/subscribers/nobody/export", headers=admin).status_code == 404


def test_erasure_leaves_no_personal_data_and_keeps_the_counts(pushed: str, client: TestClient, container: Container,
                                                             admin: dict[str, str]) -> None:
    before = client.get("/v1/push/stats", headers=admin).json()["policies"]
    client.get(f"/v1/subscribers/{SUBSCRIBER}/export", headers=admin)
    assert client.delete(f"/v1/subscribers/{SUBSCRIBER}", headers=admin).status_code == 204
    stored = _everything(container)
    for value in (SUBSCRIBER, "13857412345", NAME, "robot-secret-4242", pushed, SECRET):
        assert value not in stored, value
    assert client.get("/v1/push/stats", headers=admin).json()["policies"] == before
    assert client.get(f"/v1/subscribers/{SUBSCRIBER}/export", headers=admin).status_code == 404
