"""Other documents a text names as repealed, amended or explained.

Each relation is `{"target": …, "sentence": …}`: the target is the 文号 when the text gives one in
brackets after the title (原《宁波市某办法》（甬政发〔2019〕12号）同时废止 → 甬政发〔2019〕12号), else the
title inside 《》; the sentence is the one that says so, as written.

* repeals: a sentence that says 废止 (同时废止、予以废止、决定废止) or 停止执行 of a named document;
* amends: 关于修改《…》的决定 in the title, or a sentence 对《…》作如下修改 / 《…》修改如下 / 修订如下;
* interprets (for 解读 and 图解 only): the document named in the title (关于《…》的政策解读, 《…》政策解读,
  图解：《…》, 一图读懂《…》), its 文号 taken from the first place the text cites that title with one.

A 解读 or 图解 repeats what its policy repeals; it does not repeal anything itself, so callers ask for
repeals and amends only on other documents.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

_NAMED = re.compile(
    r"《(?P<title>[^《》]{2,80})》\s*(?:[（(](?P<number>[^（）()]{0,20}?[〔\[【(（]\s*\d{4}\s*[〕\]】)）]\s*第?\d+\s*号)[）)])?"
)
_SENTENCE = re.compile(r"[^。；;\n]+[。；;]?")
_REPEAL = re.compile(r"同时废止|予以废止|决定废止|一并废止|即行废止|停止执行|不再执行")
_AMEND = re.compile(
    r"对《[^》]+》[^。；]{0,40}?(?:作|作出|进行)(?:如下|以下)?(?:修改|修订)|《[^》]+》[^。；]{0,40}?(?:修改|修订)如下"
    r"|关于修改《[^《》]+》(?:等[^《》]{0,10})?的(?:决定|通知)\s*$"
)
_INTERPRETED = re.compile(
    r"^(?:[^《》]{0,30}?关于)?《(?P<title>[^《》]{2,80})》的?(?:政策)?(?:解读|图解)"
    r"|^(?:图解|一图读懂|一图看懂|图说)[:：]?\s*《(?P<title2>[^《》]{2,80})》"
)
# A 文号 named bare, without a title (奉政办〔2016〕4号文件同时废止).
_BARE_NUMBER = re.compile(r"[\u4e00-\u9fff]{1,12}\s*[〔\[【]\s*\d{4}\s*[〕\]】]\s*第?\d+\s*号")
_NUMBER_AFTER = r"\s*[（(](?P<number>[^（）()]{0,20}?[〔\[【(（]\s*\d{4}\s*[〕\]】)）]\s*第?\d+\s*号)[）)]"


def find_repeals(text: str) -> list[dict[str, str]]:
    return _relations(text, _REPEAL)


def find_amends(title: str, text: str) -> list[dict[str, str]]:
    return _relations(f"{text}\n{title}", _AMEND)  # the body's sentence says more than the title


def find_interprets(title: str, text: str) -> str | None:
    """The 文号 (or else the title) of the policy a 解读/图解 titled `title` explains."""
    match = _INTERPRETED.search(title.strip())
    if not match:
        return None
    named = (match["title"] or match["title2"]).strip()
    cited = re.search(re.escape(f"《{named}》") + _NUMBER_AFTER, text)
    return _normalise_number(cited["number"]) if cited else named


def _relations(text: str, verb: re.Pattern[str]) -> list[dict[str, str]]:
    # A title named once with its 文号 is the same document wherever else it is named without one.
    numbers = {m["title"].strip(): _normalise_number(m["number"]) for m in _NAMED.finditer(text) if m["number"]}
    found: dict[str, dict[str, str]] = {}
    for sentence in _sentences(text):
        if not verb.search(sentence):
            continue
        for match in _NAMED.finditer(sentence):
            if _quoted_as_basis(sentence, match.start()):
                continue
            title = match["title"].strip()
            target = _normalise_number(match["number"]) if match["number"] else numbers.get(title, title)
            found.setdefault(target, {"target": target, "sentence": sentence.strip()})
        named = "".join(m.group() for m in _NAMED.finditer(sentence))
        for bare in _BARE_NUMBER.finditer(sentence):
            if bare.group() not in named and not _quoted_as_basis(sentence, bare.start()):
                target = _normalise_number(bare.group())
                found.setdefault(target, {"target": target, "sentence": sentence.strip()})
    return list(found.values())


def _sentences(text: str) -> Iterator[str]:
    for match in _SENTENCE.finditer(text):
        if "《" in match.group() or _BARE_NUMBER.search(match.group()):
            yield match.group()


def _quoted_as_basis(sentence: str, start: int) -> bool:
    """《…》 cited as the legal basis (根据《…》、按照《…》), not as what is repealed or amended."""
    before = sentence[max(0, start - 6):start]
    return bool(re.search(r"(?:根据|依据|按照|依照|参照|贯彻|落实)$", before))


def _normalise_number(number: str) -> str:
    number = re.sub(r"\s+", "", number)
    number = re.sub(r"[\[【(（](\d{4})[\]】)）]", r"〔\1〕", number)
    return number
