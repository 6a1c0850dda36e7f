"""Access to the console over HTTP: login, cookie flags, CSRF, expiry, roles, logout, security headers."""

from __future__ import annotations

from fastapi.testclient import TestClient

from service.container import Container
from tests.service.console.conftest import ADMIN, PASSWORD, REVIEWER, SteppingClock, csrf_of, post_form


def test_pages_need_a_login(web: TestClient) -> None:
    response = web.get("/console/documents")
    assert response.status_code == 303
    assert response.headers["location"] == "/console/login?reason=login&next=/console/documents"


def test_login_sets_an_httponly_strict_cookie_and_returns_to_the_page(web: TestClient) -> None:
    page = web.get("/console/login?next=/console/stats")
    response = web.post("/console/login", data={"username": ADMIN, "password": PASSWORD,
                                                "next": "/console/stats", "csrf_token": csrf_of(page.text)})
    assert response.status_code == 303 and response.headers["location"] == "/console/stats"
    cookie = next(h for h in response.headers.get_list("set-cookie") if h.startswith("zc_console="))
    assert "HttpOnly" in cookie and "SameSite=strict" in cookie and "Path=/console" in cookie
    assert web.get("/console/stats").status_code == 200


def test_login_never_redirects_off_the_console(web: TestClient) -> None:
    page = web.get("/console/login")
    response = web.post("/console/login", data={"username": ADMIN, "password": PASSWORD,
                                                "next": "//evil.example/", "csrf_token": csrf_of(page.text)})
    assert response.headers["location"] == "/console"


def test_wrong_password_is_refused_with_a_message(web: TestClient, console_container: Container) -> None:
    page = web.get("/console/login")
    response = web.post("/console/login", data={"username": ADMIN, "password": "wrong-password",
                                                "csrf_token": csrf_of(page.text)})
    assert response.status_code == 401 and "用户名或密码错误" in response.text
    assert "zc_console=" not in response.headers.get("set-cookie", "")
    assert web.get("/console/stats").status_code == 303


def test_repeated_failures_slow_the_next_attempt(web: TestClient) -> None:
    for _ in range(5):
        page = web.get("/console/login")
        web.post("/console/login", data={"username": ADMIN, "password": "guess", "csrf_token": csrf_of(page.text)})
    page = web.get("/console/login")
    response = web.post("/console/login", data={"username": ADMIN, "password": PASSWORD,
                                                "csrf_token": csrf_of(page.text)})
    assert response.status_code == 429 and "秒后再试" in response.text


def test_login_without_its_csrf_token_is_refused(web: TestClient) -> None:
    web.get("/console/login")
    response = web.post("/console/login", data={"username": ADMIN, "password": PASSWORD})
    assert response.status_code == 403 and "安全令牌" in response.text


def test_a_form_without_the_session_csrf_token_changes_nothing(admin_web: TestClient,
                                                                 console_container: Container) -> None:
    doc_id = console_container.index.policy_ids()[0]
    response = admin_web.post(f"/console/documents/{doc_id}/repeal", data={})
    assert response.status_code == 403 and "安全令牌" in response.text
    forged = admin_web.post(f"/console/documents/{doc_id}/repeal", data={"csrf_token": "forged"})
    assert forged.status_code == 403
    assert console_container.index.get_policy(doc_id).status == "现行有效"
    assert console_container.console.audit.list(action="documents.repeal")[1] == 0


def test_an_expired_session_is_sent_back_to_login(admin_web: TestClient, clock: SteppingClock) -> None:
    assert admin_web.get("/console/stats").status_code == 200
    clock.advance(hours=9)
    response = admin_web.get("/console/stats")
    assert response.status_code == 303 and "reason=expired" in response.headers["location"]
    page = admin_web.get(response.headers["location"])
    assert "登录已过期，请重新登录" in page.text


def test_a_reviewer_cannot_do_admin_actions(reviewer_web: TestClient, console_container: Container) -> None:
    doc_id = console_container.index.policy_ids()[0]
    response = post_form(reviewer_web, "/console/hit-test", f"/console/documents/{doc_id}/repeal")
    assert response.status_code == 403 and "仅限管理员" in response.text
    assert console_container.index.get_policy(doc_id).status == "现行有效"
    assert reviewer_web.get("/console/audit").status_code == 403
    assert reviewer_web.get("/console/staff").status_code == 403
    assert "审计日志" not in reviewer_web.get("/console/documents").text


def test_logout_ends_the_session_on_the_server(admin_web: TestClient) -> None:
    cookie = admin_web.cookies.get("zc_console")
    assert cookie is not None
    response = post_form(admin_web, "/console/stats", "/console/logout")
    assert response.status_code == 303
    admin_web.cookies.set("zc_console", cookie, path="/console")  # a copied cookie is dead too
    assert admin_web.get("/console/stats").status_code == 303


def test_pages_carry_a_strict_content_security_policy(admin_web: TestClient) -> None:
    response = admin_web.get("/console/documents")
    assert "script-src 'self'" in response.headers["content-security-policy"]
    assert response.headers["x-frame-options"] == "DENY"
    assert admin_web.get("/console/static/console.css").status_code == 200


def test_every_change_is_audited_with_its_author(admin_web: TestClient, console_container: Container) -> None:
    doc_id = console_container.index.policy_ids()[0]
    post_form(admin_web, f"/console/documents/{doc_id}", f"/console/documents/{doc_id}/repeal")
    entries, _ = console_container.console.audit.list(action="documents.repeal")
    assert [(e.actor, e.target, e.before, e.after) for e in entries] == [
        (ADMIN, doc_id, {"status": "现行有效"}, {"status": "已废止"})]
    page = admin_web.get("/console/audit")
    assert "标记已废止" in page.text and doc_id in page.text


def test_staff_accounts_are_managed_by_admins(admin_web: TestClient, console_container: Container) -> None:
    response = post_form(admin_web, "/console/staff", "/console/staff",
                         {"username": "li", "role": "reviewer", "password": "another-long-password"})
    assert response.status_code == 303
    assert console_container.console.staff.get("li").role == "reviewer"
    weak = post_form(admin_web, "/console/staff", "/console/staff",
                     {"username": "zhao", "role": "reviewer", "password": "short"})
    assert weak.status_code == 422 and "密码至少" in weak.text
    assert [s.username for s in console_container.console.staff.list()] == [ADMIN, "li", REVIEWER]


def test_a_disabled_reviewer_is_logged_out_at_once(admin_web: TestClient, reviewer_web: TestClient) -> None:
    assert reviewer_web.get("/console/stats").status_code == 200
    post_form(admin_web, "/console/staff", f"/console/staff/{REVIEWER}", {"role": "reviewer", "state": "disabled"})
    assert reviewer_web.get("/console/stats").status_code == 303
