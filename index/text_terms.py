"""When a document takes effect and when it ends, as its own text says.

施行日期 (`find_effective`):
* 自2024年1月1日起施行 / 实施 / 执行 / 生效, or a label 施行日期：2024年1月1日;
* 自印发之日起施行 (also 发布 / 公布 / 公告 / 下发之日): the issued date;
* 自印发之日起30日后施行: the issued date plus 30 days.

有效期 (`find_expires`):
* 有效期至2025年12月31日, 有效期自…起至2026年12月31日止, 有效期为2024年1月1日至2026年12月31日:
  the last date named;
* 有效期3年 / 有效期为三年 / 有效期两年 / 有效期18个月: counted from the 施行日期 (else from the issued
  date), and the term ends on the day before the anniversary: effective + N years − 1 day, so a
  three-year term from 2024-01-01 ends on 2026-12-31 (`index.cn_dates.term_end`).

Only sentences about the document itself count: they name it (本办法、本通知、本意见、本政策…) or its
施行 in the same sentence. A 资格证书有效期3年 or a subsidy paid 自2024年1月1日起 is not the document's term.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date, timedelta

from index.cn_dates import find_dates, parse_count, parse_date, term_end

_SELF = re.compile(
    r"本(?:办法|通知|意见|细则|规定|规则|方案|政策|措施|决定|公告|通告|条例|实施办法|若干措施|计划|指引|标准|文件)"
)
_SENTENCE = re.compile(r"[^。；;\n]+")
_START_VERBS = r"(?:施行|实施|执行|生效|试行)"
_FROM_DATE = re.compile(rf"自\s*(?P<date>[^起，,。；]{{6,24}}?)\s*起\s*(?:正式)?{_START_VERBS}")
_FROM_ISSUE = re.compile(
    rf"自\s*(?:印发|发布|公布|公告|下发|发文|签发)之日起\s*(?:(?P<days>[\d一二三四五六七八九十]+)\s*日后)?\s*{_START_VERBS}"
)
_EFFECTIVE_LABEL = re.compile(r"(?:施行日期|生效日期|实施日期|生效时间|施行时间)\s*[:：]\s*(?P<date>.+)")
_EXPIRES_LABEL = re.compile(r"(?:失效日期|截止日期|废止日期|有效期限?至)\s*[:：]\s*(?P<date>.+)")
_TERM = re.compile(
    r"有效期(?:限)?(?:为|是)?\s*(?P<n>[\d一二三四五六七八九十两]+)\s*(?P<unit>年|个月)"
)
_UNTIL = re.compile(r"(?:有效期|执行期限|实施期限|试行期)[^。；]*?(?:至|到|截至|截止)")


def find_effective(text: str, issued: date | None) -> date | None:
    for sentence in _self_sentences(text, _START_VERBS):
        if match := _FROM_ISSUE.search(sentence):
            if issued is None:
                return None
            days = parse_count(match["days"]) if match["days"] else 0
            return issued + timedelta(days=days or 0)
        if (match := _FROM_DATE.search(sentence)) and (found := parse_date(match["date"])):
            return found
    return _labelled(text, _EFFECTIVE_LABEL)


def find_expires(text: str, effective: date | None, issued: date | None) -> date | None:
    for sentence in _self_sentences(text, "有效期|执行期限|实施期限|试行期"):
        if until := _UNTIL.search(sentence):
            dates = find_dates(sentence[until.start():])
            if dates:
                return dates[-1][1]
        if (term := _TERM.search(sentence)) and (start := effective or issued):
            count = parse_count(term["n"]) or 0
            return term_end(start, years=count) if term["unit"] == "年" else term_end(start, months=count)
    return _labelled(text, _EXPIRES_LABEL)


def _self_sentences(text: str, keyword: str) -> Iterator[str]:
    """Sentences with `keyword` that are about the document itself."""
    pattern = re.compile(keyword)
    for match in _SENTENCE.finditer(text):
        sentence = match.group()
        if pattern.search(sentence) and (_SELF.search(sentence) or _states_own_term(sentence)):
            yield sentence


def _states_own_term(sentence: str) -> bool:
    # 第三十条 自2024年1月1日起施行，有效期5年 — a closing article that leaves out 本办法.
    body = re.sub(r"^\s*第[一二三四五六七八九十百零〇\d]+条\s*", "", sentence)
    return body.startswith(("自", "有效期", "施行", "执行期限", "实施期限")) and len(body) < 80


def _labelled(text: str, label: re.Pattern[str]) -> date | None:
    for line in text.split("\n"):
        if (match := label.search(line)) and (found := parse_date(match["date"])):
            return found
    return None
