"""Application windows read from a policy's own sentences (申报时间, 受理时间, 申报截止 ...).

    申报时间：2025年3月1日至3月31日          → a one-off window
    每年3月1日至3月31日                      → a yearly window
    即日起至2025年6月30日                    → opens on the issue date
    申报截止时间：2025年5月20日               → closes only

The other lifecycle facts (施行日期, 有效期, repeals, amends) are read by `index.text_terms` and
`index.text_relations` when a document is parsed; windows are read when a policy is stored (`index.relations`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from index.metadata import parse_date

_DATE = r"\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日"
_MONTH_DAY = r"(\d{1,2})\s*月\s*(\d{1,2})\s*日"
_WINDOW_LABEL = r"(?:申报时间|申报期限|受理时间|申请时间|申报日期|受理期限)"
_YEARLY = re.compile(rf"每年\s*{_MONTH_DAY}\s*(?:至|到|—|-|～|~)\s*{_MONTH_DAY}")
_LABELLED_RANGE = re.compile(rf"{_WINDOW_LABEL}\s*(?:为|[:：])?\s*({_DATE})\s*(?:至|到|—|-|～|~)\s*"
                             rf"((?:\d{{4}}\s*年\s*)?{_MONTH_DAY})")
_UNTIL = re.compile(rf"(?:即日起|自即日起)\s*(?:至|到)\s*({_DATE})")
_DEADLINE = re.compile(rf"(?:申报截止(?:时间|日期)?|截止申报时间|受理截止(?:时间|日期)?)\s*(?:为|[:：])?\s*({_DATE})")


@dataclass(frozen=True)
class Window:
    """An application window: `opens` may be unknown (申报截止 only); `yearly` repeats each year."""

    opens: date | None
    closes: date
    yearly: bool
    sentence: str


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
