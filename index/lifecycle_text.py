"""Lifecycle facts read from a policy's own sentences: when it starts and ends, what it repeals or
amends, and when applications are accepted.

    自2024年1月1日起施行 / 自印发之日起施行        → effective
    有效期至2028年12月31日 / 有效期5年            → expires (N years from effective, else issued)
    《…办法》（…〔2019〕12号）同时废止             → repeals, by 文号 where given, else by title
    关于修改《…》的决定 (title) / 对《…》作如下修改 → amends
    申报时间：3月1日至3月31日 / 每年… / 即日起至… / 申报截止时间：… → application windows

A minimal reader for this issue's needs; front matter always wins over what is read here (`read_policy`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from index.metadata import parse_date

_DATE = r"\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日"
_MONTH_DAY = r"(\d{1,2})\s*月\s*(\d{1,2})\s*日"
_EFFECTIVE = re.compile(rf"自\s*({_DATE}|印发之日|发布之日|公布之日)\s*起(?:施行|实施|执行|生效)")
_EXPIRES_ON = re.compile(rf"有效期(?:至|到|截至)\s*({_DATE})")
_TERM_YEARS = re.compile(r"有效期(?:为)?\s*([一二三四五六七八九十\d]+)\s*年")
_DOC_NUMBER = re.compile(r"[\u4e00-\u9fff]{1,12}\s*[〔\[【(（]\s*\d{4}\s*[〕\]】)）]\s*第?\s*\d+\s*号")
_TITLE_REF = re.compile(r"《([^》]{4,80})》")
_REPEAL_SENTENCE = re.compile(r"[^。；\n]*?(?:同时废止|予以废止|宣布废止|停止执行)[^。；\n]*")
_AMEND_TITLE = re.compile(r"关于修改《([^》]{4,80})》")
_AMEND_SENTENCE = re.compile(r"[^。\n]*对《[^》]{4,80}》(?:作如下|作出如下|进行如下)?修改[^。\n]*")
_WINDOW_LABEL = r"(?:申报时间|申报期限|受理时间|申请时间|申报日期|受理期限)"
_YEARLY = re.compile(rf"每年\s*{_MONTH_DAY}\s*(?:至|到|—|-|～|~)\s*{_MONTH_DAY}")
_LABELLED_RANGE = re.compile(rf"{_WINDOW_LABEL}\s*(?:为|[:：])?\s*({_DATE})\s*(?:至|到|—|-|～|~)\s*"
                             rf"((?:\d{{4}}\s*年\s*)?{_MONTH_DAY})")
_UNTIL = re.compile(rf"(?:即日起|自即日起)\s*(?:至|到)\s*({_DATE})")
_DEADLINE = re.compile(rf"(?:申报截止(?:时间|日期)?|截止申报时间|受理截止(?:时间|日期)?)\s*(?:为|[:：])?\s*({_DATE})")
_CN_NUMBERS = {c: i for i, c in enumerate("零一二三四五六七八九十")}


@dataclass(frozen=True)
class Window:
    """An application window: `opens` may be unknown (申报截止 only); `yearly` repeats each year."""

    opens: date | None
    closes: date
    yearly: bool
    sentence: str


def read_effective(text: str, issued: date | None) -> date | None:
    match = _EFFECTIVE.search(text)
    if not match:
        return None
    return parse_date(match.group(1)) if match.group(1)[0].isdigit() else issued


def read_expires(text: str, start: date | None) -> date | None:
    """有效期至 a date; or 有效期N年 counted from `start` (the day before the N-th anniversary)."""
    if match := _EXPIRES_ON.search(text):
        return parse_date(match.group(1))
    match = _TERM_YEARS.search(text)
    if match and start is not None:
        years = _number(match.group(1))
        try:
            return start.replace(year=start.year + years) - timedelta(days=1)
        except ValueError:  # 29 February
            return start.replace(year=start.year + years, day=28)
    return None


def read_repeals(text: str) -> list[dict[str, str]]:
    """Documents a sentence says are repealed (同时废止): by 文号 where it gives one, else by title."""
    found: list[dict[str, str]] = []
    for match in _REPEAL_SENTENCE.finditer(text):
        sentence = match.group().strip()
        numbers = [re.sub(r"\s+", "", n) for n in _DOC_NUMBER.findall(sentence)]
        targets = numbers or _TITLE_REF.findall(sentence)
        found += [{"target": t, "sentence": sentence} for t in targets]
    return _unique(found)


def read_amends(title: str, text: str) -> list[dict[str, str]]:
    """The document an amendment (关于修改《…》的决定, 对《…》作如下修改) changes."""
    found: list[dict[str, str]] = []
    if match := _AMEND_TITLE.search(title):
        found.append({"target": match.group(1), "sentence": title})
    for match in _AMEND_SENTENCE.finditer(text):
        sentence = match.group().strip()
        numbers = [re.sub(r"\s+", "", n) for n in _DOC_NUMBER.findall(sentence)]
        targets = numbers or _TITLE_REF.findall(sentence)[:1]
        found += [{"target": t, "sentence": sentence} for t in targets]
    return _unique(found)


def read_windows(text: str, issued: date | None) -> list[Window]:
    windows: list[Window] = []
    for sentence in re.split(r"(?<=[。；\n])", text):
        windows += _windows_in(sentence.strip(), issued)
    return list(dict.fromkeys(windows))


def _windows_in(sentence: str, issued: date | None) -> list[Window]:
    if match := _YEARLY.search(sentence):
        start_month, start_day, end_month, end_day = (int(g) for g in match.groups())
        year = (issued or date(2000, 1, 1)).year
        opens, closes = _safe(year, start_month, start_day), _safe(year, end_month, end_day)
        return [Window(opens, closes, True, sentence)] if opens and closes else []
    if match := _LABELLED_RANGE.search(sentence):
        opens = parse_date(match.group(1))
        end = match.group(2)
        closes = parse_date(end) if "年" in end else opens and _safe(opens.year, int(match.group(3)),
                                                                      int(match.group(4)))
        return [Window(opens, closes, False, sentence)] if opens and closes else []
    if match := _UNTIL.search(sentence):
        closes = parse_date(match.group(1))
        return [Window(issued, closes, False, sentence)] if closes else []
    if match := _DEADLINE.search(sentence):
        closes = parse_date(match.group(1))
        return [Window(None, closes, False, sentence)] if closes else []
    return []


def _safe(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _number(numeral: str) -> int:
    if numeral.isdigit():
        return int(numeral)
    if numeral == "十":
        return 10
    tens, _, ones = numeral.partition("十")
    if not _:
        return _CN_NUMBERS.get(numeral, 0)
    return _CN_NUMBERS.get(tens, 1) * 10 + _CN_NUMBERS.get(ones, 0)


def _unique(found: list[dict[str, str]]) -> list[dict[str, str]]:
    seen: dict[str, dict[str, str]] = {}
    for item in found:
        seen.setdefault(item["target"], item)
    return list(seen.values())


def read_lifecycle(text: str, fields: dict[str, object]) -> dict[str, object]:
    """effective, expires, repeals and amends as the text states them, given the fields known so far."""
    given_issued, given_effective = fields.get("issued"), fields.get("effective")
    issued = given_issued if isinstance(given_issued, date) else None
    effective = given_effective if isinstance(given_effective, date) else read_effective(text, issued)
    found: dict[str, object] = {
        "effective": effective,
        "expires": read_expires(text, effective or issued),
        "repeals": read_repeals(text),
        "amends": read_amends(str(fields.get("title") or ""), text),
    }
    return {name: value for name, value in found.items() if value not in (None, [])}
