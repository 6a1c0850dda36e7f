"""Front matter fields: check and convert the known ones, keep the unknown ones in `extra`.

All fields are optional. Dates may be YAML dates or strings such as 2018年7月31日; `status` must be
one of `index.models.STATUSES`; `audience` may be a list or a string separated by 、 or commas.
`repeals` and `amends` are lists (or one string) of 文号 or titles, each item a string or a mapping
`{target, sentence}`.
"""

from __future__ import annotations

import math
import re
from datetime import date, datetime

from index.errors import DocumentError
from index.ids import SAFE_ID
from index.metadata import parse_date
from index.models import STATUSES
from index.urls import is_web_url

_TEXT_FIELDS = ("id", "title", "doc_number", "issuer", "category", "region", "url", "interprets", "doc_type")
_DATE_FIELDS = ("issued", "effective", "expires")
_RELATION_FIELDS = ("repeals", "amends")
KNOWN_FIELDS = (*_TEXT_FIELDS, *_DATE_FIELDS, *_RELATION_FIELDS, "status", "audience")
_LIST_SEPARATORS = re.compile(r"[、,，;；]")


def split_fields(raw: dict[str, object], source: str) -> tuple[dict[str, object], dict[str, object]]:
    """Return (known fields converted to `Policy` types, unknown fields as given)."""
    known: dict[str, object] = {}
    for name in _TEXT_FIELDS:
        if raw.get(name) not in (None, ""):
            known[name] = str(raw[name]).strip()
    for name in _DATE_FIELDS:
        if raw.get(name) not in (None, ""):
            known[name] = to_date(raw[name], name, source)
    if raw.get("status") not in (None, ""):
        known["status"] = to_status(raw["status"], source)
    if raw.get("audience") not in (None, ""):
        known["audience"] = to_list(raw["audience"])
    for name in _RELATION_FIELDS:
        if raw.get(name) not in (None, "", []):
            known[name] = to_relations(raw[name], name, source)
    if "url" in known and not is_web_url(str(known["url"])):
        raise DocumentError(source, f"字段 url 只能是 http:// 或 https:// 开头的网址，而不是“{str(known['url'])[:60]}”")
    if "id" in known and not SAFE_ID.match(str(known["id"])):
        raise DocumentError(source, "字段 id 只能包含字母、数字、汉字和 _ . - ~，最长 200 个字符")
    extra = {str(name): plain(value) for name, value in raw.items() if name not in KNOWN_FIELDS}
    return known, extra


def plain(value: object) -> object:
    """A front-matter value as JSON can store it: YAML dates, sets, binary and the like become text."""
    if isinstance(value, float):
        return value if math.isfinite(value) else str(value)  # JSON has no NaN or Infinity
    if value is None or isinstance(value, str | bool | int):
        return value
    if isinstance(value, list | tuple):
        return [plain(item) for item in value]
    if isinstance(value, dict):
        return {str(key): plain(item) for key, item in value.items()}
    if isinstance(value, date | datetime):
        return value.isoformat()
    return str(value)


def to_date(value: object, name: str, source: str) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    parsed = parse_date(str(value))
    if parsed is None:
        hint = "请写成 2018-07-31 或 2018年7月31日"
        raise DocumentError(source, f"字段 {name} 的日期“{value}”无法识别，{hint}")
    return parsed


def to_status(value: object, source: str) -> str:
    status = str(value).strip()
    if status not in STATUSES:
        raise DocumentError(source, f"字段 status 的值“{status}”无效，可用的值：{'、'.join(STATUSES)}")
    return status


def to_list(value: object) -> list[str]:
    items = value if isinstance(value, list) else _LIST_SEPARATORS.split(str(value))
    return [str(item).strip() for item in items if str(item).strip()]


def to_relations(value: object, name: str, source: str) -> list[dict[str, str]]:
    """`[文号 or title, ...]` or `[{target, sentence}, ...]` (or one string) as `{target, sentence}` items."""
    items = value if isinstance(value, list) else [value]
    relations: list[dict[str, str]] = []
    for item in items:
        if isinstance(item, dict) and str(item.get("target") or "").strip():
            relations.append({"target": str(item["target"]).strip(), "sentence": str(item.get("sentence") or "")})
        elif isinstance(item, str | int) and str(item).strip():
            relations.append({"target": str(item).strip().strip("《》"), "sentence": ""})
        else:
            raise DocumentError(source, f"字段 {name} 的每一项须是文号或标题，或含 target 的对象：{item!r}")
    return relations
