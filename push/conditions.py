"""Conditions read from a policy's own wording: who, size, industry, qualification, ownership, age, figures.

Where a policy says whom it is for:
- laws: scope sentences ("…，适用本法", "本法适用于…", "…应当遵守本法") and definitions ("本法所称X，是指…":
  the defined term X says who; its definition is read only for what X leaves open);
- notices: the paragraph under 适用对象 / 适用范围 / 补助对象 / 支持对象 / 申报条件 / 申报主体 …, and
  "本办法适用于…" sentences;
- the title, for a kind of condition the scope text leaves open (a title's qualification only counts as
  preferred when a scope text exists).

Each clause (split at 。；) gives conditions of each kind; the same kind from several clauses is merged (any
of the values). A clause that excludes (不含 / 除…外 / 不适用 / 不在…范围 / …以外的) gives exclusions; a clause after
重点支持 / 优先 gives preferred conditions, which rank but never exclude. 具有独立法人资格 narrows enterprises to
legal persons (no 个人独资企业 or 合伙企业 unless named).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import asdict, dataclass, field

from index.models import Policy
from push.industries import codes_in
from push.subjects import (
    BUSINESS_FORMS,
    LEGAL_PERSON_FORMS,
    QUAL_ORDER,
    QUAL_PHRASES,
    WHO_ORDER,
    WHO_PHRASES,
    consume,
)

WHO, SIZE, INDUSTRY, QUALIFICATION, OWNERSHIP = "who", "size", "industry", "qualification", "ownership"
AGE, ENTERPRISE_AGE, REVENUE, EMPLOYEES, REGION = "age", "enterprise_age", "revenue", "employees", "region"
NOT_WHO, NOT_INDUSTRY, NOT_OWNERSHIP, NOT_SIZE = "not_who", "not_industry", "not_ownership", "not_size"
KINDS = (WHO, SIZE, INDUSTRY, QUALIFICATION, OWNERSHIP, AGE, ENTERPRISE_AGE, REVENUE, EMPLOYEES,
         NOT_WHO, NOT_INDUSTRY, NOT_OWNERSHIP, NOT_SIZE)
SET_KINDS = (WHO, SIZE, INDUSTRY, QUALIFICATION, OWNERSHIP, NOT_WHO, NOT_INDUSTRY, NOT_OWNERSHIP, NOT_SIZE)
EXCLUDING = {WHO: NOT_WHO, INDUSTRY: NOT_INDUSTRY, OWNERSHIP: NOT_OWNERSHIP, SIZE: NOT_SIZE}


@dataclass
class Condition:
    """One condition: a set of admitted values (any of them), or a range [low, high) of a figure."""

    kind: str
    values: list[str] = field(default_factory=list)
    low: float | None = None
    high: float | None = None
    required: bool = True
    source: str = ""

    def as_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def of(cls, data: dict) -> Condition:
        return cls(kind=str(data["kind"]), values=list(data.get("values") or []), low=data.get("low"),
                   high=data.get("high"), required=bool(data.get("required", True)),
                   source=str(data.get("source") or ""))


_SCOPE_HEADINGS = ("适用对象", "适用范围", "补助对象", "支持对象", "扶持对象", "补贴对象", "奖励对象", "培育对象",
                   "申报条件", "申报主体", "申报对象", "申领条件", "申请条件", "服务对象")
_HEADING = re.compile(rf"(?:^|\n)\s*(?:[一二三四五六七八九十]+、|第[一二三四五六七八九十]+条|#+)?\s*"
                      rf"(?:{'|'.join(_SCOPE_HEADINGS)})")
_NEXT_HEADING = re.compile(r"\n\s*(?:[一二三四五六七八九十]+、|#+ |第[一二三四五六七八九十]+条)")
_SCOPE_SENTENCE = re.compile(
    r"[^。\n]*(?:适用本(?:法|办法|条例|规定|意见|措施|政策)|本(?:法|办法|条例|规定|意见|措施|政策|方案)适用于"
    r"|应当遵守本(?:法|条例)|必须遵守本法|为[^。，]{0,20}纳税人|视同[^。，]{0,10}(?:企业|单位))[^。\n]*")
_LIST_ITEM = re.compile(r"\n\s*（[一二三四五六七八九十]+）[^\n]*")
_LATER_ARTICLE = re.compile(r"\n\s*第(?:[四五六七八九]|[一二三四五六七八九]?十[一二三四五六七八九]?"
                            r"|[一二三四五六七八九]?百[^条]{0,6})条")
_DEFINITION = re.compile(r"本(?:法|办法|条例|规定|意见|措施|政策)所称(?:的)?([^，,：:]{1,20}?)(?:，|,)?"
                         r"(?:是指|指|包括)([^。\n]*)")
_EXCLUDING = re.compile(r"不含|不包括|除外|不适用|不在[^，。；]{0,8}范围|不属于|不予|不得申报|以外的"
                        r"|除[^，。；]{1,20}外")
_PREFERRED = re.compile(r"重点支持|优先支持|优先|鼓励")
_CLAUSE = re.compile(r"[。；;\n]|(?=不含|不包括|重点支持|优先支持)")
_LEGAL_PERSON = re.compile(r"法人资格|独立法人")
_SME = ("中小微企业", "中小企业", "中型企业、小型企业和微型企业", "中型、小型、微型企业", "中小微")
_SMALL_MICRO = ("小微企业", "小型微型企业", "小型、微型企业", "小型和微型企业")
_LARGE = ("大型企业", "大企业")
_OWNERSHIP = {"private": ("民营", "中国公民控股", "非公有制", "私营"),
              "state": ("国有", "国家出资", "国有资本"),
              "foreign": ("外商投资", "外国投资者", "外资", "中外合资", "台湾同胞投资")}
_CN = {c: i for i, c in enumerate("零一二三四五六七八九")}
_NUM = r"(\d+|[一二三四五六七八九十]{1,3})"
_AGE_MIN = re.compile(rf"(?:年满|满)?{_NUM}周岁(?:以上|及以上)|年满{_NUM}周岁")
_AGE_MAX = re.compile(rf"(?:未满|不满){_NUM}周岁")
_WORKING_AGE = "就业年龄段"
_FOUNDED = re.compile(rf"(?:成立|注册|设立)(?:时间)?(满|不满|未满|不超过|超过){_NUM}年")
_FIGURE = re.compile(r"(营业收入|主营业务收入|销售收入|营业额|从业人员|职工人数)[^，。；\d]{0,6}"
                     r"(\d+(?:\.\d+)?)\s*(亿元|万元|人)"
                     r"\s*(及以上|以上|以下|以内)")


def cn_number(text: str) -> int:
    """12 or 六十 or 十八 → int (up to 99)."""
    if text.isdigit():
        return int(text)
    if "十" in text:
        tens, _, units = text.partition("十")
        return (_CN.get(tens, 1) if tens else 1) * 10 + (_CN.get(units, 0) if units else 0)
    return _CN.get(text, 0)


def scope_texts(policy: Policy) -> list[str]:
    """The passages of a policy that say whom it is for, in document order."""
    text = policy.text or ""
    found: list[tuple[int, str]] = []
    for match in _HEADING.finditer(text):
        rest = text[match.end():]
        end = _NEXT_HEADING.search(rest[1:])
        found.append((match.start(), rest[: (end.start() + 1) if end else 300][:300]))
    later = _LATER_ARTICLE.search(text)
    opening = text[: later.start()] if later else text
    for match in _SCOPE_SENTENCE.finditer(opening):
        sentence = match.group(0)
        if sentence.rstrip().endswith(("：", ":")):
            items = _LIST_ITEM.match(opening, match.end())
            while items:
                sentence += items.group(0)
                items = _LIST_ITEM.match(opening, items.end())
        found.append((match.start(), sentence))
    definitions = [(m.start(), m.group(0)) for m in _DEFINITION.finditer(opening)]
    if not found and not definitions:
        definitions = [(m.start(), m.group(0)) for m in _DEFINITION.finditer(text)]
    found += definitions
    return list(dict.fromkeys(t for _, t in sorted(found)))


def read_conditions(policy: Policy) -> list[Condition]:
    """The conditions a policy states about whom it is for (region is added by the caller)."""
    merged: dict[tuple[str, bool], Condition] = {}
    scopes = scope_texts(policy)
    for text in scopes:
        for clause in _clauses(text):
            for condition in _clause_conditions(clause):
                _merge(merged, condition)
    stated = {kind for kind, _ in merged}
    for condition in _clause_conditions(policy.title, title=True):
        if condition.kind in stated and condition.kind != QUALIFICATION:
            continue
        condition.required = condition.required and not (scopes and condition.kind == QUALIFICATION)
        _merge(merged, condition)
    return _settle(list(merged.values()))


def _clauses(text: str) -> list[str]:
    definition = _DEFINITION.search(text)
    if definition:
        term, body = definition.group(1), definition.group(2)
        term_conditions = _clause_conditions(term)
        if any(c.kind == WHO for c in term_conditions):
            numbers = [c for c in _clause_conditions(body) if c.kind in (AGE, OWNERSHIP, SIZE)]
            return [term] + ([body] if numbers else [])
        return [f"{term}：{body}"]
    return [c for c in _CLAUSE.split(text) if c.strip()]


def _clause_conditions(clause: str, *, title: bool = False) -> list[Condition]:
    source = clause.strip()[:120]
    excluding = bool(_EXCLUDING.search(clause)) and not title
    preferred = bool(_PREFERRED.search(clause)) and not title
    quals, rest = consume(clause, QUAL_ORDER)
    sizes = _sizes(rest)
    who_phrases, rest_after_who = consume(rest, WHO_ORDER)
    conditions: list[Condition] = []
    tokens = list(dict.fromkeys(t for p in who_phrases for t in WHO_PHRASES[p]))
    if _LEGAL_PERSON.search(clause):
        named = {t for p in who_phrases if p not in ("企业", "企业法人") for t in WHO_PHRASES[p]}
        tokens = [t for t in tokens if t in LEGAL_PERSON_FORMS or t in named - {"partnership", "sole_proprietorship"}]
    ownership = [o for o, words in _OWNERSHIP.items() if any(w in clause for w in words)]
    industries = codes_in(rest_after_who.replace("\0", " "))
    if excluding:
        specific = [t for p in who_phrases if p not in ("企业", "经营者", "市场主体", "其他组织", "用人单位")
                    for t in WHO_PHRASES[p]]
        if ownership or industries or "large" in sizes:
            specific = []
        for kind, values in ((WHO, specific), (INDUSTRY, industries), (OWNERSHIP, ownership)):
            if values:
                conditions.append(Condition(EXCLUDING[kind], list(dict.fromkeys(values)), source=source))
        if "large" in sizes:
            conditions.append(Condition(NOT_SIZE, ["large"], source=source))
        return conditions
    required = not preferred
    for kind, values in ((WHO, tokens), (INDUSTRY, industries), (OWNERSHIP, ownership),
                         (QUALIFICATION, list(dict.fromkeys(QUAL_PHRASES[q] for q in quals))),
                         (SIZE, [s for s in sizes if s != "large"])):
        if values:
            conditions.append(Condition(kind, list(values), required=required, source=source))
    conditions += _figures(clause, source, required)
    return conditions


def _sizes(text: str) -> list[str]:
    if any(p in text for p in _SMALL_MICRO):
        return ["micro", "small"]
    if any(p in text for p in _SME):
        return ["micro", "small", "medium"]
    if any(p in text for p in _LARGE):
        return ["large"]
    return []


def _figures(clause: str, source: str, required: bool) -> list[Condition]:
    found: list[Condition] = []
    ages = [cn_number(n) for m in _AGE_MIN.finditer(clause) for n in m.groups() if n]
    if ages:
        found.append(Condition(AGE, low=float(min(ages)), required=required, source=source))
    for match in _AGE_MAX.finditer(clause):
        found.append(Condition(AGE, high=float(cn_number(match.group(1))), required=required, source=source))
    if _WORKING_AGE in clause:
        found.append(Condition(AGE, low=16.0, high=60.0, required=required, source=source))
    for match in _FOUNDED.finditer(clause):
        years = float(cn_number(match.group(2)))
        at_least = match.group(1) in ("满", "超过")
        found.append(Condition(ENTERPRISE_AGE, low=years if at_least else None, high=None if at_least else years,
                               required=required, source=source))
    for match in _FIGURE.finditer(clause):
        kind = EMPLOYEES if match.group(3) == "人" else REVENUE
        value = float(match.group(2)) * (10000 if match.group(3) == "亿元" else 1)
        above = match.group(4) in ("以上", "及以上")
        found.append(Condition(kind, low=value if above else None, high=None if above else value,
                               required=required, source=source))
    return found


def _merge(merged: dict[tuple[str, bool], Condition], condition: Condition) -> None:
    key = (condition.kind, condition.required)
    current = merged.get(key)
    if current is None:
        merged[key] = condition
    elif condition.kind in SET_KINDS:
        current.values = list(dict.fromkeys(current.values + condition.values))
    else:
        current.low = _loosest(current.low, condition.low, min)
        current.high = _loosest(current.high, condition.high, max)


def _loosest(a: float | None, b: float | None, pick: Callable[[float, float], float]) -> float | None:
    return None if a is None or b is None else pick(a, b)


def _settle(conditions: list[Condition]) -> list[Condition]:
    """Drop what contradicts itself: an exclusion of everything admitted, a who admitting only excluded forms."""
    excluded = {v for c in conditions if c.kind == NOT_WHO for v in c.values}
    for condition in conditions:
        if condition.kind == WHO:
            condition.values = [v for v in condition.values if v not in excluded] or condition.values
    return [c for c in conditions if c.values or c.kind not in SET_KINDS]


def business_only(condition: Condition) -> bool:
    return condition.kind == WHO and set(condition.values) <= set(BUSINESS_FORMS)
