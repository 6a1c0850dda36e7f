"""Documents as the console edits them: form fields to validated metadata, finding, uploading.

The metadata rules are those of the documents API (`PolicyMeta`); the console adds what a form needs:
empty fields mean "no value", 适用对象 are separated by commas or 、, and a link must be http(s), since
it is shown as a link (a `javascript:` address would run in a staff member's browser).
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Mapping
from pathlib import PurePath
from typing import Any

from pydantic import ValidationError

from index.ids import check_doc_id
from index.models import STATUSES, Policy
from index.parsing import read_policy
from index.store import PolicyStore, SearchFilters
from service.console.errors import InvalidForm
from service.routes.documents import PolicyMeta

TEXT_FIELDS = ("title", "doc_number", "issuer", "category", "region", "url", "interprets")
DATE_FIELDS = ("issued", "effective")
FIELD_NAMES = {"title": "标题", "doc_number": "文号", "issuer": "发文机关", "issued": "发文日期",
               "effective": "施行日期", "status": "有效性", "category": "类别", "region": "地区",
               "audience": "适用对象", "url": "原文链接", "interprets": "所解读的政策"}
_SEPARATORS = re.compile(r"[,，、;；\n]+")


def metadata_changes(form: Mapping[str, Any], *, drop_empty: bool = False) -> dict:
    """The metadata a form sets, validated; raises `InvalidForm` naming the field to correct.

    An empty field clears its value, or, with `drop_empty` (an upload), keeps what was read from the file.
    """
    raw: dict[str, Any] = {name: _text(form.get(name)) for name in TEXT_FIELDS + DATE_FIELDS if name in form}
    if "status" in form:
        raw["status"] = _text(form.get("status"))
    if "audience" in form:
        raw["audience"] = [p.strip() for p in _SEPARATORS.split(str(form.get("audience") or "")) if p.strip()]
    if raw.get("url") and not re.match(r"^https?://", raw["url"]):
        raise InvalidForm("原文链接须以 http:// 或 https:// 开头")
    if drop_empty:
        raw = {name: value for name, value in raw.items() if value not in (None, [])}
    if "title" in raw and not raw["title"]:
        raise InvalidForm("标题不能为空")
    try:
        return PolicyMeta.model_validate(raw).changes()
    except ValidationError as error:
        names = "、".join(FIELD_NAMES.get(str(e["loc"][0]), str(e["loc"][0])) for e in error.errors())
        hint = f"日期写作 2024-05-01，有效性只能是 {'、'.join(STATUSES)}"
        raise InvalidForm(f"请检查这些字段：{names}（{hint}）") from error


def _text(value: object) -> str | None:
    text = str(value or "").strip()
    return text or None


def find_documents(store: PolicyStore, words: str = "", status: str = "", limit: int = 200) -> list[Policy]:
    """Documents whose title, 文号, issuer or id contain `words`, newest first."""
    filters = SearchFilters(statuses=(status,) if status in STATUSES else None)
    policies, _ = store.list_policies(filters, limit=100_000)
    needle = words.strip().lower()
    if needle:
        policies = [p for p in policies
                    if any(needle in (v or "").lower() for v in (p.title, p.doc_number, p.issuer, p.id))]
    return policies[:limit]


def parsed_upload(filename: str, data: bytes, changes: dict, max_bytes: int) -> Policy:
    """The uploaded file read as a policy, with the form's metadata over what was read from the text."""
    if len(data) > max_bytes:
        raise InvalidForm(f"文件过大：{len(data) / 1024 / 1024:.1f} MB，上限 {max_bytes / 1024 / 1024:.0f} MB，"
                          "未保存。请压缩或拆分后再上传")
    if not data:
        raise InvalidForm("请选择要上传的文件")
    policy = dataclasses.replace(read_policy(PurePath(filename or "upload.txt"), data=data), **changes)
    check_doc_id(policy.id)
    return policy


def audit_view(policy: Policy) -> dict:
    """The metadata an audit entry records (text and chunks are not copied)."""
    return {name: getattr(policy, name) for name in FIELD_NAMES}
