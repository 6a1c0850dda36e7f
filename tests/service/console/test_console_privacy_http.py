"""Console: 敏感信息 (findings, decisions, reveal), 接口令牌 and 订阅者数据 pages, each action audited."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from service.container import Container
from tests.conftest import ADMIN_TOKEN
from tests.index.privacy.samples import GONGSHI, ID_NUMBERS
from tests.service.console.conftest import ADMIN, csrf_of, post_form
from tests.service.test_push_subscribers_http import body


def _upload(client: TestClient):  # type: ignore[no-untyped-def]
    token = csrf_of(client.get("/console/documents").text)
    return client.post("/console/documents", data={"csrf_token": token},
                       files={"file": ("gongshi.md", GONGSHI.encode())})


def test_a_blocked_upload_is_listed_decided_by_an_admin_and_then_published_masked(
        admin_web: TestClient, reviewer_web: TestClient, console_container: Container) -> None:
    blocked = _upload(admin_web)
    assert blocked.status_code == 422 and "含有个人信息" in blocked.text and ID_NUMBERS[0] not in blocked.text
    listing = reviewer_web.get("/console/privacy")
    [doc_id] = re.findall(r'href="/console/privacy/([^"]+)"', listing.text)
    page = reviewer_web.get(f"/console/privacy/{doc_id}")
    assert "330283********0414" in page.text and "已拦截" in page.text and "/console/privacy/findings/" not in page.text
    admin_page = admin_web.get(f"/console/privacy/{doc_id}").text
    finding_ids = re.findall(r'action="/console/privacy/findings/(\d+)"', admin_page)
    assert len(finding_ids) == 8
    refused = post_form(reviewer_web, f"/console/privacy/{doc_id}", f"/console/privacy/findings/{finding_ids[0]}",
                        {"decision": "mask"})
    assert refused.status_code == 403
    for finding_id in finding_ids:
        done = post_form(admin_web, f"/console/privacy/{doc_id}", f"/console/privacy/findings/{finding_id}",
                         {"decision": "mask"})
        assert done.status_code == 303
    assert _upload(admin_web).status_code == 303
    document = console_container.index.get_policy(doc_id)
    assert ID_NUMBERS[0] not in document.text and "330283********0414" in document.text
    shown = post_form(admin_web, f"/console/privacy/{doc_id}", f"/console/privacy/{doc_id}/original")
    assert shown.status_code == 200 and ID_NUMBERS[0] in shown.text
    decided, _ = console_container.console.audit.list(action="privacy.decide")
    revealed, _ = console_container.console.audit.list(action="privacy.reveal")
    assert len(decided) == 8 and {e.actor for e in decided} == {ADMIN} and revealed[0].actor == ADMIN


def test_tokens_are_created_once_shown_used_and_revoked(admin_web: TestClient, reviewer_web: TestClient,
                                                        console_container: Container) -> None:
    assert reviewer_web.get("/console/tokens").status_code == 403
    created = post_form(admin_web, "/console/tokens", "/console/tokens", {"name": "push-bot", "role": "push"})
    secret = re.search(r"<code>(zc_[A-Za-z0-9_\-]+)</code>", created.text).group(1)  # type: ignore[union-attr]
    assert secret not in admin_web.get("/console/tokens").text
    headers = {"Authorization": f"Bearer {secret}"}
    assert admin_web.get("/v1/push/stats", headers=headers).status_code == 200
    assert admin_web.get("/v1/subscribers", headers=headers).status_code == 403  # a push operator is not an admin
    post_form(admin_web, "/console/tokens", "/console/tokens/push-bot/revoke")
    assert admin_web.get("/v1/push/stats", headers=headers).status_code == 401
    actions = [e.action for e in console_container.console.audit.list()[0]]
    assert "tokens.create" in actions and "tokens.revoke" in actions


def test_subscriber_export_and_erase_from_the_console(admin_web: TestClient, console_container: Container) -> None:
    admin_web.put("/v1/subscribers/ent-9", json=body(), headers={"Authorization": f"Bearer {ADMIN_TOKEN}"})
    page = admin_web.get("/console/subscribers", params={"q": "ent-9"})
    assert "宁波奉化甬兴机械有限公司" in page.text
    exported = post_form(admin_web, "/console/subscribers?q=ent-9", "/console/subscribers/ent-9/export")
    assert exported.status_code == 200 and exported.json()["profile"]["name"] == "宁波奉化甬兴机械有限公司"
    erased = post_form(admin_web, "/console/subscribers?q=ent-9", "/console/subscribers/ent-9/erase")
    assert erased.status_code == 303
    assert admin_web.get("/console/subscribers", params={"q": "ent-9"}).status_code == 404
