"""Dates as Chinese official documents write them, and the terms counted from them.

`parse_date` finds the first date in a string written in any of the forms offices use:
2024年3月5日, 2024 年 3 月 5 日, ２０２４年３月５日 (full-width digits), 2024-03-05, 2024/3/5, 2024.3.5,
二〇二四年三月五日 or 二零二四年三月二十五日 (the 落款 form, 〇/○/零 for zero, spaces allowed between
characters). `parse_count` reads a count written either way (3, 三, 十二, 两). `term_end` gives the
last day of a term of N years or months that starts on a given day.
"""

from __future__ import annotations

import calendar
import re
from datetime import date, timedelta

_FULL_WIDTH = str.maketrans("０１２３４５６７８９", "0123456789")
_CN_ZERO = "〇○零ＯO0"
_CN_DIGITS = {c: i for i, c in enumerate("零一二三四五六七八九")} | dict.fromkeys(_CN_ZERO, 0) | {"两": 2}
_CN_DIGIT = rf"[{_CN_ZERO}一二三四五六七八九]"
_CN_SMALL = r"[一二三四五六七八九十]"
_GAP = r"[ \u3000]*"

_DATE_PATTERNS = (
    re.compile(rf"(\d{{4}}){_GAP}年{_GAP}(\d{{1,2}}){_GAP}月{_GAP}(\d{{1,2}}){_GAP}[日号]"),
    re.compile(r"(?<!\d)(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?!\d)"),
    re.compile(
        rf"((?:{_CN_DIGIT}{_GAP}){{3}}{_CN_DIGIT}){_GAP}年{_GAP}((?:{_CN_SMALL}{_GAP}){{0,1}}{_CN_SMALL}){_GAP}月"
        rf"{_GAP}((?:{_CN_SMALL}{_GAP}){{0,2}}{_CN_SMALL}){_GAP}日"
    ),
)


def parse_date(value: str) -> date | None:
    """The first date in `value`, or None when there is none (or it is not a real day, like 2月30日)."""
    value = value.translate(_FULL_WIDTH)
    found = [(match.start(), match) for pattern in _DATE_PATTERNS if (match := pattern.search(value))]
    if not found:
        return None
    match = min(found, key=lambda item: item[0])[1]
    year, month, day = (parse_count(re.sub(r"[ \u3000]", "", part)) for part in match.groups())
    if year is None or month is None or day is None:
        return None
    try:
        return date(year, month, day)
    except (TypeError, ValueError):
        return None


def find_dates(value: str) -> list[tuple[int, date]]:
    """Every date in `value` with the position where it starts, in order."""
    value = value.translate(_FULL_WIDTH)
    spans: list[tuple[int, int, date]] = []
    for pattern in _DATE_PATTERNS:
        for match in pattern.finditer(value):
            parsed = parse_date(match.group())
            overlaps = any(s < match.end() and match.start() < e for s, e, _ in spans)
            if parsed and not overlaps:
                spans.append((match.start(), match.end(), parsed))
    return sorted((start, parsed) for start, _, parsed in spans)


def parse_count(numeral: str) -> int | None:
    """3 → 3, 三 → 3, 十二 → 12, 二十五 → 25, 二〇二四 → 2024 (digit by digit), 两 → 2."""
    numeral = numeral.translate(_FULL_WIDTH).strip()
    if numeral.isdigit():
        return int(numeral)
    if not numeral or any(c not in _CN_DIGITS and c != "十" for c in numeral):
        return None
    if "十" not in numeral:
        return int("".join(str(_CN_DIGITS[c]) for c in numeral))
    tens, _, ones = numeral.partition("十")
    return _CN_DIGITS.get(tens, 1) * 10 + _CN_DIGITS.get(ones, 0)


def term_end(start: date, years: int = 0, months: int = 0) -> date:
    """The last day of a term that starts on `start`: start + N years/months − 1 day.

    A term of 3 years from 2024-01-01 ends on 2026-12-31; from 2024-02-29 (no 29th in 2027) the
    anniversary is taken as 2027-02-28, so the term ends on 2027-02-27.
    """
    total = start.month - 1 + months + 12 * years
    year, month = start.year + total // 12, total % 12 + 1
    day = min(start.day, calendar.monthrange(year, month)[1])
    return date(year, month, day) - timedelta(days=1)
