"""Push over HTTP: candidates, decisions, audience corrections, a run to a real receiver, stats,
the tracking redirect, the policy page and unsubscribe."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from config import Settings
from config.settings import PushSettings
from index.models import Policy
from service.container import Container
from tests.conftest import make_settings
from tests.push.conftest import SECRET, ingest_local
from tests.push.receiver import Receiver
from tests.service.test_push_subscribers_http import body

SME = "synth-fenghua-sme-2024"


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    started = Receiver(SECRET).start()
    yield started
    started.stop()


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    # the hashing fake embedder gives low cosines, so the semantic term adds ~0: select on structure alone
    return make_settings(tmp_path, public_url="http://testserver", push=PushSettings(min_score=0.3))


@pytest.fixture
def world(container: Container, client: TestClient, admin: dict[str, str], receiver: Receiver) -> TestClient:
    """奉化 policy; a small 奉化 manufacturer, the same in 苏州, and a 镇海 graduate, all on the receiver."""
    ingest_local(container, "fenghua-sme-support")
    channel = {"type": "webhook", "url": receiver.url, "secret": SECRET}
    client.put("/v1/subscribers/fenghua", json=body(channel=channel), headers=admin)
    client.put("/v1/subscribers/suzhou", json=body(region="江苏省苏州市", channel=channel), headers=admin)
    client.put("/v1/subscribers/grad", json=body(kind="citizen", name="李同学", scale=None, industry=None,
                                                 region="镇海区", tags=["高校毕业生"], channel=channel), headers=admin)
    return client


def test_candidates_rank_every_subscriber_with_reasons(world: TestClient, admin: dict[str, str]) -> None:
    response = world.get(f"/v1/policies/{SME}/candidates", headers=admin)
    assert response.status_code == 200
    candidates = response.json()["candidates"]
    assert [c["subscriber_id"] for c in candidates][0] == "fenghua" and len(candidates) == 3
    assert [c["selected"] for c in candidates] == [True, False, False]
    assert "地区：奉化区 ✓（适用范围：浙江省宁波市奉化区）" in candidates[0]["reasons"]
    assert "适用对象：小微企业 ✓" in candidates[0]["reasons"]
    assert any("✗" in r for r in candidates[1]["reasons"])
    assert world.get("/v1/policies/nope/candidates", headers=admin).status_code == 404
    assert world.get(f"/v1/policies/{SME}/candidates").status_code == 401


def test_decisions_and_audience_corrections_change_the_next_match(world: TestClient, admin: dict[str, str]) -> None:
    decided = world.put(f"/v1/policies/{SME}/candidates/fenghua/decision", json={"decision": "rejected"},
                        headers=admin)
    assert decided.status_code == 200
    assert world.get(f"/v1/policies/{SME}/candidates", headers=admin).json()["candidates"][0]["decision"] == "rejected"
    assert world.put(f"/v1/policies/{SME}/candidates/ghost/decision", json={"decision": "approved"},
                     headers=admin).status_code == 404
    assert world.get(f"/v1/policies/{SME}/audience", headers=admin).json()["jurisdiction"] == "浙江省宁波市奉化区"
    corrected = world.patch(f"/v1/policies/{SME}/audience", json={"jurisdiction": "全国"}, headers=admin)
    assert corrected.json()["corrected_by_staff"] is True
    rows = world.get(f"/v1/policies/{SME}/candidates", headers=admin).json()["candidates"]
    assert {c["subscriber_id"] for c in rows if c["selected"]} == {"fenghua", "suzhou"}
    bad = world.patch(f"/v1/policies/{SME}/audience", json={"subjects": ["外星人"]}, headers=admin)
    assert bad.status_code == 422 and "不认识的适用对象" in bad.json()["error"]["message"]
    reset = world.delete(f"/v1/policies/{SME}/audience/correction", headers=admin)
    assert reset.json()["jurisdiction"] == "浙江省宁波市奉化区" and reset.json()["corrected_by_staff"] is False


def test_a_decision_through_the_api_is_audited_once_under_its_caller(world: TestClient, container: Container,
                                                                   admin: dict[str, str]) -> None:
    _, before = container.console.audit.list()
    decided = world.put(f"/v1/policies/{SME}/candidates/fenghua/decision", json={"decision": "approved"},
                        headers=admin)
    assert decided.status_code == 200
    entries, after = container.console.audit.list()
    assert after == before + 1
    [entry] = entries[:1]
    assert (entry.actor, entry.action, entry.target) == ("api:bootstrap-admin", "push.decide", f"{SME} → fenghua")
    assert entry.after == {"decision": "approved", "selected": True}


def test_recommendations_list_what_fits_a_subscriber(world: TestClient, admin: dict[str, str]) -> None:
    fits = world.get("/v1/subscribers/fenghua/recommendations", headers=admin).json()["recommendations"]
    assert [r["doc_id"] for r in fits] == [SME] and fits[0]["selected"]
    assert world.get("/v1/subscribers/suzhou/recommendations", headers=admin).json()["recommendations"] == []


def test_a_run_delivers_tracks_clicks_and_reports_stats(world: TestClient, admin: dict[str, str],
                                                        receiver: Receiver) -> None:
    run = world.post("/v1/push/run", headers=admin)
    assert run.status_code == 202 and run.json()["messages"] == 1
    [request] = receiver.requests  # sent by the background task right after the response
    assert request.verified and request.payload["subscriber_id"] == "fenghua"
    [entry] = request.payload["policies"]
    assert "适用对象：小微企业 ✓" in entry["reasons"]
    link = entry["url"].removeprefix("http://testserver")
    followed = world.get(link, follow_redirects=False)
    assert followed.status_code == 302 and followed.headers["location"] == f"/policies/{SME}"
    world.get(link, follow_redirects=False)
    stats = world.get("/v1/push/stats", headers=admin).json()
    [row] = [p for p in stats["policies"] if p["doc_id"] == SME]
    counters = ("matched", "sent", "delivered", "clicked", "click_through_rate")
    assert [row[name] for name in counters] == [1, 1, 1, 1, 1.0]
    assert stats["runs"][0]["delivered"] == 1
    assert world.get(f"/v1/policies/{SME}/push-stats", headers=admin).json()["clicked"] == 1
    assert world.get("/r/not-a-token").status_code == 404


def test_unsubscribe_asks_first_then_stops_pushing(world: TestClient, admin: dict[str, str],
                                                   receiver: Receiver) -> None:
    world.post("/v1/push/run", headers=admin)
    link = receiver.requests[0].payload["unsubscribe_url"].removeprefix("http://testserver")
    page = world.get(link)
    assert page.status_code == 200 and "确认退订" in page.text and "宁*" in page.text
    assert world.get("/v1/subscribers/fenghua", headers=admin).json()["active"] is True
    done = world.post(link)
    assert done.status_code == 200 and "已退订" in done.text
    assert world.get("/v1/subscribers/fenghua", headers=admin).json()["active"] is False
    assert world.get("/unsubscribe/unknown-token").status_code == 404


def test_policy_page_shows_metadata_escaped_text_and_interpretation_links(container: Container,
                                                                          client: TestClient) -> None:
    container.ingestor.ingest_policy(Policy(
        id="p1", title="关于<script>alert(1)</script>的通知", text="第一条 内容<b>粗体</b>。\n第二条 其他。",
        doc_number="奉政发〔2024〕1号", issuer="宁波市奉化区人民政府", region="浙江省宁波市奉化区"))
    container.ingestor.ingest_policy(Policy(id="p1-jd", title="《关于……的通知》政策解读", text="解读正文。",
                                            interprets="奉政发〔2024〕1号"))
    page = client.get("/policies/p1")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert "<script>alert(1)</script>" not in page.text and "&lt;script&gt;" in page.text
    assert "&lt;b&gt;粗体&lt;/b&gt;" in page.text and "奉政发〔2024〕1号" in page.text
    assert 'href="/policies/p1-jd"' in page.text
    interpretation = client.get("/policies/p1-jd")
    assert 'href="/policies/p1"' in interpretation.text
    assert client.get("/policies/missing").status_code == 404
