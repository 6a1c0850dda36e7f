"""Questions with personal data are masked before the answer log, tickets and FAQ store them; the raw text
is an audited admin reveal and expires; the logs of a whole run hold none of the secrets or identifiers used."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import inspect, text

from config.settings import PushSettings
from service.app import create_app
from service.container import Container
from service.qa.models import OPEN
from tests.conftest import make_settings
from tests.index.privacy.samples import GONGSHI, ID_NUMBERS, MOBILES, NAMES
from tests.push.conftest import SECRET, ingest_local
from tests.push.receiver import Receiver
from tests.service.test_push_subscribers_http import body

ID, MOBILE = "330283199001011238", "13857412345"
QUESTION = f"我的身份证号{ID}，手机{MOBILE}，低保申请到哪一步了"


class Clock:
    def __init__(self) -> None:
        self.now = datetime(2026, 11, 1, 9, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def world(tmp_path: Path, clock: Clock) -> Iterator[tuple[TestClient, Container]]:
    settings = make_settings(tmp_path, public_url="http://testserver", push=PushSettings(min_score=0.3),
                             privacy={"publish": "mask", "raw_question_retention_days": 30})
    container = Container.build(settings)
    container.privacy.questions.clock = clock
    container.start()
    with TestClient(create_app(container=container)) as client:
        yield client, container
    container.close()


def _stored_text(container: Container) -> str:
    tables = ("answers", "qa_tickets", "qa_faq", "qa_sessions")
    dump = []
    with container.engine.connect() as connection:
        for table in set(tables) & set(inspect(container.engine).get_table_names()):
            dump += [repr(tuple(r)) for r in connection.execute(text(f'SELECT * FROM "{table}"'))]
    return "\n".join(dump)


def test_a_question_is_masked_before_storage_and_faq(world: tuple[TestClient, Container],
                                                     admin: dict[str, str]) -> None:
    client, container = world
    answer = client.post("/v1/ask", json={"question": QUESTION}).json()
    assert answer["handoff"] is True  # nothing in the corpus: a ticket for staff
    stored = _stored_text(container)
    assert ID not in stored and MOBILE not in stored and "330283********1238" in stored
    [ticket] = container.qa.tickets.list(OPEN)
    assert ID not in ticket.question and "138****2345" in ticket.question
    container.qa.tickets.answer_ticket(ticket.id, f"请携带身份证{ID}到街道办理")
    faq = client.get("/v1/faq")
    assert faq.status_code == 200 and faq.json()["total"] == 1
    assert ID not in faq.text and MOBILE not in faq.text
    added = client.post("/v1/faq", json={"question": f"手机{MOBILE}能收到通知吗", "answer": "能。"}, headers=admin)
    assert MOBILE not in added.text and MOBILE not in client.get("/v1/faq").text


def test_raw_question_reveal_is_admin_only_audited_and_expires(world: tuple[TestClient, Container],
                                                               admin: dict[str, str], clock: Clock) -> None:
    client, container = world
    answer_id = client.post("/v1/ask", json={"question": QUESTION}).json()["answer_id"]
    assert client.get(f"/v1/privacy/questions/{answer_id}").status_code == 401
    revealed = client.get(f"/v1/privacy/questions/{answer_id}", headers=admin)
    assert revealed.status_code == 200 and revealed.json()["question"] == QUESTION
    entries, _ = container.console.audit.list(action="privacy.reveal")
    assert [e.target for e in entries] == [f"answer:{answer_id}"]
    clock.now += timedelta(days=31)
    assert client.get(f"/v1/privacy/questions/{answer_id}", headers=admin).status_code == 404
    assert container.privacy.questions.purge() == 1


def test_logs_of_a_whole_run_hold_no_secret_or_identifier(world: tuple[TestClient, Container], admin: dict[str, str],
                                                          caplog: pytest.LogCaptureFixture) -> None:
    client, container = world
    receiver = Receiver(SECRET).start()
    caplog.set_level(logging.DEBUG)
    try:
        token = container.tokens.create("wang", "admin", "test")[1]
        as_wang = {"Authorization": f"Bearer {token}"}
        client.post("/v1/documents", files={"file": ("gongshi.md", GONGSHI.encode())},
                    data={"metadata": json.dumps({"id": "dibao"})}, headers=as_wang)
        client.post("/v1/ask", json={"question": QUESTION})
        ingest_local(container, "fenghua-sme-support")
        hook = receiver.url.replace("http://", "http://robot:hunter2pass@") + "?access_token=robot-secret-4242"
        client.put("/v1/subscribers/fenghua", json=body(channel={"type": "webhook", "url": hook, "secret": SECRET}),
                   headers=as_wang)
        client.post("/v1/push/run", headers=as_wang)
        link = receiver.requests[0].payload["policies"][0]["url"].removeprefix("http://testserver")
        unsubscribe = receiver.requests[0].payload["unsubscribe_url"].removeprefix("http://testserver")
        client.get(link, follow_redirects=False)
        client.get(unsubscribe)
        client.get("/v1/subscribers", headers={"Authorization": "Bearer zc_wrong-token-value-123"})
    finally:
        receiver.stop()
    logs = "\n".join(caplog.messages + [r.getMessage() for r in caplog.records])
    assert "HTTP Request: POST" in logs and "question (" in logs  # the run was logged at all
    secrets = [token, admin["Authorization"].split()[1], SECRET, "robot-secret-4242", "hunter2pass", ID, MOBILE,
               link.rsplit("/", 1)[1], unsubscribe.rsplit("/", 1)[1], "zc_wrong-token-value-123",
               *ID_NUMBERS, *MOBILES, *NAMES, QUESTION[:8]]
    leaked = [s for s in secrets if s in logs]
    assert leaked == []
