"""Public pages reached from pushed messages: the tracking redirect, a policy's readable page, unsubscribe.

Plain HTML from Jinja2 templates (`service/templates/public/`), every value escaped.
`GET /unsubscribe/{token}` only asks; the `POST` unsubscribes (a mail or chat client that prefetches
links must not unsubscribe anyone).
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import quote

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates

from index.models import Policy
from index.urls import web_url_or_none
from push.errors import LinkNotFound
from service.deps import IndexDep, PushDep

TEMPLATES = Jinja2Templates(directory=Path(__file__).resolve().parent.parent / "templates")
router = APIRouter(tags=["pages"], include_in_schema=False)


def policy_href(doc_id: str) -> str:
    return f"/policies/{quote(doc_id, safe='')}"


@router.get("/r/{token}")
def follow_link(token: str, push: PushDep, request: Request) -> Response:
    try:
        doc_id = push.follow(token)
    except LinkNotFound as error:
        return _missing(request, str(error))
    return RedirectResponse(policy_href(doc_id), status_code=302)


@router.get("/policies/{doc_id}", response_class=HTMLResponse)
def policy_page(doc_id: str, index: IndexDep, push: PushDep, request: Request) -> Response:
    policy = index.find_policy(doc_id)
    if policy is None:
        return _missing(request, "找不到该政策文件，可能已被删除或链接有误。")
    explained = index.find_policy(policy.interprets) if policy.interprets else None
    return TEMPLATES.TemplateResponse(request, "public/policy.html", {
        "policy": policy, "audience": push.audiences.get(policy.id), "paragraphs": _paragraphs(policy),
        "web_url": web_url_or_none(policy.url),
        "explained": explained, "explained_href": policy_href(explained.id) if explained else "",
        "interpretations": [{"title": p.title, "href": policy_href(p.id)} for p in index.interpretations_of(policy)],
    })


@router.get("/unsubscribe/{token}", response_class=HTMLResponse)
def unsubscribe_page(token: str, push: PushDep, request: Request) -> Response:
    try:
        subscriber = push.subscribers.find_by_token(token)
    except LinkNotFound as error:
        return _missing(request, str(error))
    return TEMPLATES.TemplateResponse(request, "public/unsubscribe.html", {
        "done": not subscriber.active, "name": _masked(subscriber.profile.name),
        "action": f"/unsubscribe/{quote(token, safe='')}",
    })


@router.post("/unsubscribe/{token}", response_class=HTMLResponse)
def unsubscribe(token: str, push: PushDep, request: Request) -> Response:
    try:
        push.subscribers.unsubscribe(token)
    except LinkNotFound as error:
        return _missing(request, str(error))
    return TEMPLATES.TemplateResponse(request, "public/unsubscribe.html", {"done": True})


def _paragraphs(policy: Policy) -> list[str]:
    return [line.strip() for line in policy.text.split("\n") if line.strip()]


def _masked(name: str) -> str:
    """Enough of the name to recognise the subscription, not enough to read it off a shared link."""
    return name[0] + "*" * min(len(name) - 1, 6) if name else ""


def _missing(request: Request, message: str) -> Response:
    return TEMPLATES.TemplateResponse(request, "public/missing.html", {"message": message}, status_code=404)
