"""Metadata read from the text of a policy when no front matter gives it.

Chinese official documents (公文) carry their metadata in fixed places: a red header (红头) names
the issuer as `…文件`; the 文号 stands alone on a line above the title (or in brackets below it, in
gazette form); the title, possibly wrapped over lines, names the issuer and ends in 通知/意见/报告; the
issuer signs at the end with the date on the next line (or a web page shows 发布日期/发布时间 and
来源). 施行日期, 有效期, repeals, amendments and the policy a 解读 explains are read by
`index.text_terms` and `index.text_relations`, the kind by `index.doc_types`. Validity marks (【已废止】,
有效性：已失效) sit in the header or on a line of their own. The region comes from the issuer's
name: explicit 省/市/区/县 parts, completed from a small table of the districts in our corpus.

Every extractor takes the cleaned text (see `index.parsing.cleaning`) and returns None when the
text does not say; callers let front matter win over what is found here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from index.cn_dates import parse_date
from index.doc_types import doc_type_of
from index.models import AMENDED, EXPIRED, IN_FORCE, REPEALED
from index.text_relations import find_amends, find_interprets, find_repeals
from index.text_terms import find_effective, find_expires

__all__ = ["TextMetadata", "extract_metadata", "parse_date", "region_of"]

_HEADER_LINES = 12
_TITLE_LINES = 4
_MAX_TITLE_LINE = 60

_DOC_NUMBER = re.compile(
    r"(?P<org>[\u4e00-\u9fff]{1,12})\s*[〔\[【(（]\s*(?P<year>\d{4})\s*[〕\]】)）]"
    r"\s*(?P<nth>第?)\s*(?P<num>\d+)\s*号"
)
_ORG_SUFFIX = (
    r"(?:人民政府办公室|人民政府办公厅|人民政府|办公室|办公厅|委员会|政府|分局|局|厅|委|办|院|部|中心)"
)
_ORG_LINE = re.compile(rf"[\u4e00-\u9fff（）()]{{1,38}}{_ORG_SUFFIX}")
_ORG_IN_TITLE = re.compile(rf"^([\u4e00-\u9fff]{{1,30}}?{_ORG_SUFFIX})(?=关于|印发|转发|\d{{4}}年)")
_NOT_TITLE = re.compile(
    r"^(?:发布日期|来源|各[\u4e00-\u9fff、，,]+[:：]|[一二三四五六七八九十]+、|第[一二三四五六七八九十百\d]+[编章节条])"
)
_TITLE_ENDINGS = ("通知", "报告", "意见", "决定", "办法", "规定", "要点", "方案")
_DATE_LABEL = re.compile(r"(?:发布日期|成文日期|发文日期|印发日期|发布时间|成文时间)\s*[:：]\s*(.+)")
# Lines above the title of a red-header (红头) document that are neither title nor 文号.
_HEADER_MARK = re.compile(
    r"^(?:[A-Z]{2,6}\d{0,4}[-－—]\d{4}[-－—]\d{3,5}|份号|密级|紧急程度|特急|加急|特提|平急|公开方式|签发人|"
    r"[\u4e00-\u9fff（）()、\s]{2,60}文件$|\d{6}$)"
)
_SOURCE_LABEL = re.compile(rf"(?:来源|发布机构|发布单位)\s*[:：]\s*([\u4e00-\u9fff（）()]{{1,38}}{_ORG_SUFFIX})")
_RED_HEADER = re.compile(r"^(?P<org>[\u4e00-\u9fff（）()]{2,60}?)\s*文件$")

_STATUS_WORDS = {"已废止": REPEALED, "废止": REPEALED, "已失效": EXPIRED, "失效": EXPIRED,
                 "已修改": AMENDED, "已修订": AMENDED, "现行有效": IN_FORCE, "有效": IN_FORCE}
_STATUS_WORD = "|".join(sorted(_STATUS_WORDS, key=len, reverse=True))
_STATUS_LABELLED = re.compile(rf"(?:有效性|时效性|效力状态)\s*[:：]\s*({_STATUS_WORD})")
_STATUS_MARK = re.compile(rf"[【\[]\s*({_STATUS_WORD})\s*[】\]]|^[（(]?\s*({_STATUS_WORD})\s*[）)]?$")

_ADMIN_PART = re.compile(r"[\u4e00-\u9fff]{1,7}?(?:省|自治区|自治州|市|区|县)")
# District → city, and city → province, for the places our corpus comes from.
_PARENT = {
    **dict.fromkeys(("海曙区", "江北区", "北仑区", "镇海区", "鄞州区", "奉化区",
                     "余姚市", "慈溪市", "宁海县", "象山县"), "宁波市"),
    **dict.fromkeys(("上城区", "下城区", "江干区", "拱墅区", "西湖区", "滨江区", "萧山区", "余杭区",
                     "临平区", "钱塘区", "富阳区", "临安区", "桐庐县", "淳安县", "建德市"), "杭州市"),
    **dict.fromkeys(("杭州市", "宁波市", "温州市", "嘉兴市", "湖州市", "绍兴市", "金华市",
                     "衢州市", "舟山市", "台州市", "丽水市"), "浙江省"),
}


@dataclass
class TextMetadata:
    """What the text itself says about a policy; None where it is silent."""

    title: str | None = None
    doc_number: str | None = None
    issuer: str | None = None
    issued: date | None = None
    status: str | None = None
    region: str | None = None
    effective: date | None = None
    expires: date | None = None
    doc_type: str | None = None
    interprets: str | None = None
    repeals: list[dict[str, str]] | None = None
    amends: list[dict[str, str]] | None = None


def extract_metadata(text: str, *, issued: date | None = None) -> TextMetadata:
    """Read what `text` says about itself; `issued`, when a page states it, dates 自印发之日起施行."""
    raw_lines = [line.strip() for line in text.split("\n")]
    lines = [line for line in raw_lines if line]
    header = lines[:_HEADER_LINES]
    title = find_title(raw_lines[: _HEADER_LINES * 2])
    signed_by, signed_on = find_signature(lines)
    issuer = signed_by or _red_header_issuer(header) or _issuer_from_title(title) or _source_issuer(header)
    issued_on = signed_on or _labelled_date(lines)
    start = issued or issued_on
    doc_type = doc_type_of(title)
    # A 解读 restates its policy's dates and repeals; they are the policy's, not the 解读's.
    explains = doc_type in ("解读", "图解")
    effective = None if explains else find_effective(text, start)
    return TextMetadata(
        title=title,
        doc_number=find_doc_number(header),
        issuer=issuer,
        issued=issued_on,
        status=find_status(lines),
        region=region_of(issuer or title or ""),
        effective=effective,
        expires=None if explains else find_expires(text, effective, start),
        doc_type=doc_type,
        interprets=find_interprets(title, text) if explains and title else None,
        repeals=None if explains else find_repeals(text) or None,
        amends=None if explains else find_amends(title or "", text) or None,
    )


def find_doc_number(header: list[str]) -> str | None:
    """The document's own 文号: one standing alone on a header line, not one cited in a sentence."""
    for line in header:
        line = _unbracketed(line)
        match = _DOC_NUMBER.match(line)
        if match and (match.end() == len(line) or line[match.end() :].lstrip().startswith("签发人")):
            return f"{match['org']}〔{match['year']}〕{match['nth']}{match['num']}号"
    return None


def find_title(top_lines: list[str]) -> str | None:
    """Join the leading title lines: a title wraps over up to four lines and ends at a blank one."""
    start = next((i for i, line in enumerate(top_lines) if line and not _above_title(line)), None)
    if start is None:
        return None
    parts: list[str] = []
    for line in top_lines[start : start + _TITLE_LINES]:
        if not line or _ends_title(line, parts) or (parts and _above_title(line)):
            break
        parts.append(line)
    return _unquoted("".join(parts)) or None


def _above_title(line: str) -> bool:
    """A red-header line, a 文号 (also the gazette form （奉政发〔2024〕3号）) or a header mark."""
    compact = re.sub(r"\s+", "", line)
    return bool(_DOC_NUMBER.fullmatch(_unbracketed(compact)) or _HEADER_MARK.match(compact)
                or _DOC_NUMBER.match(compact) and "签发人" in compact)


def _unbracketed(line: str) -> str:
    return line[1:-1] if line[:1] in "（(" and line[-1:] in "）)" else line


def _unquoted(title: str) -> str:
    """Drop 《》 that wrap the whole title; keep them when they quote part of it (《某办法》政策解读)."""
    if title.startswith("《") and title.endswith("》") and title.count("《") == 1:
        return title[1:-1]
    return title


def _source_issuer(header: list[str]) -> str | None:
    """来源：某局 under a web article's title."""
    for line in header:
        if match := _SOURCE_LABEL.search(line):
            return match.group(1)
    return None


def _red_header_issuer(header: list[str]) -> str | None:
    for line in header[:4]:
        if match := _RED_HEADER.match(re.sub(r"\s+", "", line)):
            return match["org"]
    return None


def _ends_title(line: str, parts: list[str]) -> bool:
    looks_like_body = len(line) > _MAX_TITLE_LINE or line.endswith(("。", "：", ":"))
    finished = bool(parts) and parts[-1].endswith(_TITLE_ENDINGS)
    return bool(looks_like_body or finished or _NOT_TITLE.match(line) or _date_only(line))


def find_signature(lines: list[str]) -> tuple[str | None, date | None]:
    """The issuer line directly followed by a date-only line, as a 公文 is signed."""
    for line, following in zip(lines, lines[1:], strict=False):
        signed_on = _date_only(following)
        if signed_on and _ORG_LINE.fullmatch(line):
            return line, signed_on
    return None, None


def _issuer_from_title(title: str | None) -> str | None:
    match = _ORG_IN_TITLE.match(title or "")
    return match.group(1) if match else None


def _labelled_date(lines: list[str]) -> date | None:
    for line in lines:
        match = _DATE_LABEL.search(line)
        if match and (found := parse_date(match.group(1))):
            return found
    return None


def _date_only(line: str) -> date | None:
    found = parse_date(line)
    return found if found and len(line) <= 16 and not line.endswith("印发") else None


def find_status(lines: list[str]) -> str | None:
    """A validity mark: 有效性：已废止 anywhere, or 【已废止】 in the header / on its own line."""
    for index, line in enumerate(lines):
        labelled = _STATUS_LABELLED.search(line)
        mark = _STATUS_MARK.search(line) if index < _HEADER_LINES or len(line) <= 8 else None
        word = labelled.group(1) if labelled else mark and (mark.group(1) or mark.group(2))
        if word:
            return _STATUS_WORDS[word]
    return None


def region_of(name: str) -> str | None:
    """浙江省宁波市奉化区 from 奉化区人民政府: the 省/市/区/县 parts, completed upwards from the table."""
    parts: list[str] = []
    rest = re.sub(r"^\d{4}年", "", name)
    while match := _ADMIN_PART.match(rest):
        parts.append(match.group())
        rest = rest[match.end() :]
    if not parts:
        return None
    while parts[0] in _PARENT:
        parts.insert(0, _PARENT[parts[0]])
    return "".join(dict.fromkeys(parts))
