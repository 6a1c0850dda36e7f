"""The console end to end in a real headless browser: Debian chromium driven by Playwright for Python.

One live uvicorn server runs over a copy of the real-model sample corpus (the session's `real_container`,
copied so these flows can repeal and answer without disturbing other tests), plus one synthetic policy
and one subscriber for push. Each page is saved to `test-artifacts/console/`; the hit-test and
statistics pages are also copied to `docs/screenshots/` for the README.
"""

from __future__ import annotations

from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import urlparse

import httpx
import pytest
from playwright.sync_api import Browser, Dialog, FloatRect, Page, expect, sync_playwright

from config.settings import PROJECT_ROOT
from index.embedders import SentenceTransformerEmbedder
from service.console.labels import LabelStore, Passage
from service.container import Container
from service.qa.models import Answer
from tests.conftest import make_settings
from tests.push.conftest import SECRET, ingest_local, profile
from tests.push.receiver import Receiver
from tests.service.console.conftest import ADMIN, PASSWORD, REVIEWER, with_staff
from tests.service.qa.conftest import LiveServer

CHROMIUM = Path("/usr/bin/chromium")
pytestmark = [
    pytest.mark.browser, pytest.mark.model,
    pytest.mark.skipif(not CHROMIUM.exists(),
                       reason="Debian chromium is not installed at /usr/bin/chromium (apt-get install chromium)"),
]
CHROMIUM_ARGS = ["--no-sandbox", "--disable-background-networking", "--disable-gpu", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]
ARTIFACTS = PROJECT_ROOT / "test-artifacts" / "console"
README_SHOTS = PROJECT_ROOT / "docs" / "screenshots"
PUSH_POLICY = "synth-fenghua-sme-2024"
HIT_TEST_QUESTION = "奉化区依申请公开办结了多少件"
TICKET_QUESTION = "明天杭州天气怎么样"
REPEAL_QUESTION = "奉化区2018年政务公开工作要点有哪些"
REPEALED_NUMBER = "奉政办发〔2018〕42号"
XSS = '<img src=x onerror="alert(1)"><script>alert(2)</script>'


@dataclass
class Live:
    url: str
    container: Container
    receiver: Receiver

    def ask(self, question: str) -> dict:
        response = httpx.post(f"{self.url}/v1/ask", json={"question": question}, timeout=60)
        assert response.status_code == 200, response.text
        return response.json()


def _copy_corpus(source: Container, data_dir: Path) -> None:
    """The real-model corpus copied as stored rows (vectors included): no passage is embedded again."""
    data_dir.mkdir(parents=True)
    with source.engine.connect() as connection:
        connection.exec_driver_sql(f"VACUUM INTO '{(data_dir / 'zhengce.db').as_posix()}'")


def _seed_history(container: Container, today: datetime) -> None:
    """Two weeks of earlier questions and labels, so the statistics page has a history to draw."""
    for days_ago in range(14, 0, -1):
        at = today - timedelta(days=days_ago)
        for n in range(3 + (days_ago * 7) % 6):
            handoff = n % 4 == 3
            answer = Answer(f"seed-{days_ago}-{n}", f"历史问题 {n}", f"历史问题 {n}", "……", [], [], 0.8, handoff)
            container.qa.answers.record(answer, channel="ask", at=at)
        if days_ago % 3 == 0:
            labels = LabelStore(container.engine, clock=lambda moment=at: moment)  # type: ignore[misc]
            for rank in range(1, 6):
                passage = Passage("seed-doc", f"第{rank}条", f"历史标注段落 {days_ago}-{rank}", rank=rank)
                labels.set(f"历史标注问题 {days_ago}", passage, rank <= 2 + days_ago % 3, ADMIN)


@pytest.fixture(scope="module")
def live(real_container: Container, real_embedder: SentenceTransformerEmbedder,
         tmp_path_factory: pytest.TempPathFactory) -> Iterator[Live]:
    root = tmp_path_factory.mktemp("console-live")
    _copy_corpus(real_container, root / "data")
    # the configured (fitted) hand-over threshold; push needs staff approval
    settings = make_settings(root, embedder="sentence-transformers", model_path=real_embedder.path,
                             push={"require_approval": True})
    container = Container.build(settings, embedder=real_embedder)
    container.start(ingest_samples=False)
    with_staff(container)
    ingest_local(container, "fenghua-sme-support")
    receiver = Receiver(SECRET).start()
    container.push.subscribers.put("sme-1", profile(channel={"type": "webhook", "url": receiver.url,
                                                             "secret": SECRET}))
    _seed_history(container, datetime.now(UTC))
    with LiveServer(container) as server:
        yield Live(server.url, container, receiver)
    receiver.stop()
    container.close()


@pytest.fixture(scope="module")
def browser(live: Live) -> Iterator[Browser]:
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        yield launched
        launched.close()


@pytest.fixture
def alerts() -> list[str]:
    """Messages of every `alert()` a page ran: injected script would land here."""
    return []


@pytest.fixture
def page(browser: Browser, live: Live, alerts: list[str]) -> Iterator[Page]:
    """A logged-in admin's tab; confirmation dialogs (repeal, delete) are accepted."""
    context = browser.new_context(base_url=live.url, locale="zh-CN", viewport={"width": 1360, "height": 900})
    tab = context.new_page()

    def on_dialog(dialog: Dialog) -> None:
        if dialog.type == "alert":
            alerts.append(dialog.message)
        dialog.accept()

    tab.on("dialog", on_dialog)
    _log_in(tab, ADMIN, PASSWORD)
    yield tab
    context.close()


def _doc_id(live: Live, id_or_number: str) -> str:
    policy = live.container.index.find_policy(id_or_number)
    assert policy is not None, id_or_number
    return policy.id


def _log_in(tab: Page, username: str, password: str) -> None:
    tab.goto("/console/login")
    tab.fill("input[name=username]", username)
    tab.fill("input[name=password]", password)
    tab.click("button[type=submit]")


def _shot(tab: Page, name: str, *, readme: str | None = None, readme_height: int | None = None) -> None:
    """Save the whole page as an artefact; `readme` also saves it (its top `readme_height` px) for the README."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    tab.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)
    if readme:
        README_SHOTS.mkdir(parents=True, exist_ok=True)
        width = (tab.viewport_size or {"width": 1360})["width"]
        clip: FloatRect | None = {"x": 0, "y": 0, "width": width, "height": readme_height} if readme_height else None
        tab.screenshot(path=str(README_SHOTS / readme), full_page=True, clip=clip)


def test_login_refuses_a_wrong_password_then_lets_the_admin_in(browser: Browser, live: Live) -> None:
    context = browser.new_context(base_url=live.url, locale="zh-CN", viewport={"width": 1360, "height": 900})
    tab = context.new_page()
    _log_in(tab, ADMIN, "not-the-password")
    expect(tab.locator(".notice.error")).to_have_text("用户名或密码错误")
    _shot(tab, "login-refused")
    _log_in(tab, ADMIN, PASSWORD)
    expect(tab).to_have_url(f"{live.url}/console/hit-test")
    cookie = next(c for c in context.cookies() if c["name"] == "zc_console")
    assert cookie["httpOnly"] and cookie["sameSite"] == "Strict"
    context.close()


def test_hit_test_shows_scores_and_labels_passages(page: Page, live: Live) -> None:
    page.fill("input[name=q]", HIT_TEST_QUESTION)
    page.click("form[action='/console/hit-test'] button[type=submit]")
    rows = page.locator("table tbody tr")
    expect(rows).to_have_count(10)
    expect(page.locator(".answer")).to_have_text(live.ask(HIT_TEST_QUESTION)["answer"])
    rows.nth(0).get_by_role("button", name="相关", exact=True).click()
    expect(page.locator(".notice.ok")).to_have_text("已保存标注")
    page.locator("table tbody tr").nth(1).get_by_role("button", name="不相关").click()
    expect(page.locator("table tbody tr").nth(0).locator("button.chosen-yes")).to_have_text("相关")
    expect(page.locator("table tbody tr").nth(1).locator("button.chosen-no")).to_have_text("不相关")
    _shot(page, "hit-test", readme="console-hit-test.png", readme_height=1250)
    exported = page.request.get("/console/labels/export.jsonl").text()
    assert HIT_TEST_QUESTION in exported
    page.goto("/console/labels")
    expect(page.locator("table")).to_contain_text(HIT_TEST_QUESTION)
    _shot(page, "labels")


def test_answering_a_ticket_changes_what_ask_returns(page: Page, live: Live) -> None:
    first = live.ask(TICKET_QUESTION)
    assert first["handoff"] is True, f"{TICKET_QUESTION} is outside the corpus and should go to staff: {first}"
    page.goto("/console/tickets")
    expect(page.locator("table")).to_contain_text(TICKET_QUESTION)
    _shot(page, "tickets")
    page.get_by_role("link", name=TICKET_QUESTION).click()
    page.locator("input[name=sources]").first.check()
    page.fill("textarea[name=answer]", "天气情况请查询中国天气网或拨打12121气象服务热线，本平台只解答政策问题。")
    _shot(page, "ticket")
    page.get_by_role("button", name="保存答复并收录为常见问题").click()
    expect(page.locator(".notice.ok")).to_contain_text("已答复")
    again = live.ask(TICKET_QUESTION)
    assert again["handoff"] is False and again["answer"].startswith("天气情况请查询中国天气网")


def test_bad_ratings_are_listed_for_review(page: Page, live: Live) -> None:
    answer = live.ask(REPEAL_QUESTION)
    rated = httpx.post(f"{live.url}/v1/feedback", json={"answer_id": answer["answer_id"], "rating": "bad",
                                                        "comment": "希望列出责任单位"}, timeout=30)
    assert rated.status_code in (200, 201), rated.text
    page.goto("/console/feedback")
    expect(page.locator("main")).to_contain_text("希望列出责任单位")
    _shot(page, "feedback")


def test_admin_approves_a_push_candidate(page: Page, live: Live) -> None:
    page.goto("/console/push")
    page.get_by_role("link", name="宁波市奉化区人民政府关于支持小微企业稳增长促发展的若干意见").click()
    row = page.locator("tr", has_text="sme-1")
    row.get_by_role("button", name="批准").click()
    expect(page.locator("tr", has_text="sme-1")).to_contain_text("已批准")
    _shot(page, "push-candidates")
    decisions = live.container.push.decisions.of_policies([PUSH_POLICY])[PUSH_POLICY]
    assert decisions == {"sme-1": "approved"}


def test_repealing_a_document_removes_it_from_answers(page: Page, live: Live) -> None:
    doc_id = _doc_id(live, REPEALED_NUMBER)
    assert doc_id in {c["doc_id"] for c in live.ask(REPEAL_QUESTION)["citations"]}
    page.goto("/console/documents")
    page.fill("input[name=q]", REPEALED_NUMBER)
    page.get_by_role("button", name="查找").click()
    page.locator("table a").first.click()
    page.get_by_role("button", name="标记为已废止").click()
    expect(page.locator(".notice.ok")).to_contain_text("已标记为已废止")
    answer = live.ask(REPEAL_QUESTION)
    # it no longer answers as a rule in force: when it is still the best match it is cited only to say so
    cited = [c for c in answer["citations"] if c["doc_id"] == doc_id]
    assert all(c["status"] == "已废止" for c in cited)
    assert not cited or "不再有效" in answer["answer"]
    page.goto("/console/documents")
    _shot(page, "documents")


def test_markup_typed_into_a_field_is_shown_as_text(page: Page, live: Live, alerts: list[str]) -> None:
    doc_id = _doc_id(live, PUSH_POLICY)
    page.goto(f"/console/documents/{doc_id}")
    page.fill("input[name=issuer]", XSS)
    page.get_by_role("button", name="保存元数据").click()
    expect(page.locator(".notice.ok")).to_have_text("已保存")
    expect(page.locator("input[name=issuer]")).to_have_value(XSS)
    page.goto("/console/documents")
    expect(page.locator("table")).to_contain_text(XSS)
    assert page.locator("main img").count() == 0 and alerts == []
    page.goto(f"/console/hit-test?q={XSS}")
    expect(page.locator("input[name=q]")).to_have_value(XSS)
    assert alerts == []
    page.goto("/console/audit")
    expect(page.locator("table")).to_contain_text("编辑文档")
    _shot(page, "audit")


def test_statistics_show_questions_labels_and_push_effect(page: Page, live: Live) -> None:
    summary = live.container.push.run_now()
    assert summary.messages == 1, summary
    with ThreadPoolExecutor(1) as worker:  # Playwright's sync API holds this thread's event loop
        assert worker.submit(live.container.push.dispatch_once).result().delivered == 1
    link = live.receiver.requests[-1].payload["policies"][0]["url"]
    page.goto(f"{live.url}{urlparse(link).path}")  # the subscriber follows the link: a click
    page.goto("/console/stats")
    expect(page.locator("svg.chart")).to_have_count(4)
    expect(page.locator("main")).to_contain_text("100.0%")
    _shot(page, "stats", readme="console-stats.png")


def test_a_reviewer_is_refused_admin_pages(browser: Browser, live: Live) -> None:
    context = browser.new_context(base_url=live.url, locale="zh-CN")
    tab = context.new_page()
    _log_in(tab, REVIEWER, PASSWORD)
    response = tab.goto("/console/audit")
    assert response is not None and response.status == 403
    expect(tab.locator(".notice.error")).to_contain_text("仅限管理员")
    _shot(tab, "refused")
    context.close()

