"""Pattern recognizers for Chinese personal identifiers, shaped like presidio-analyzer's.

A `PatternRecognizer` is a regular expression (its `value` group is the finding), an optional validator
(check digit, Luhn) and optional context words that must stand shortly before the match. Each recognizer
answers on its own; `index.privacy.analyzer` runs them together and settles overlaps by score.

presidio-analyzer itself is not used: its `AnalyzerEngine` needs a spaCy pipeline, whose default
loads (and downloads at run time) an English model, and none of its recognizers covers the Chinese
identifiers this service must find; what it would add over this file is the engine around them.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from index.privacy.checksums import is_cn_id, luhn_ok
from index.privacy.findings import (
    ADDRESS,
    BANK_CARD,
    CN_ID,
    MOBILE,
    PASSPORT,
    PERSON_NAME,
    SOCIAL_SECURITY,
    Finding,
)


class Recognizer(Protocol):
    @property
    def kind(self) -> str: ...

    def analyze(self, text: str) -> list[Finding]:
        """Every finding of this recognizer's kind in `text`."""
        ...


@dataclass(frozen=True)
class PatternRecognizer:
    kind: str
    pattern: re.Pattern[str]
    validate: Callable[[str], bool] | None = None
    context: tuple[str, ...] = ()     # words that, shortly before the match, make it count
    context_rescues: bool = False     # a match failing `validate` still counts with context
    context_required: bool = False
    score: float = 1.0
    window: int = 16

    def analyze(self, text: str) -> list[Finding]:
        found = []
        for match in self.pattern.finditer(text):
            value = match.group("value")
            start, end = match.span("value")
            has_context = self._has_context(text, start)
            if self.context_required and not has_context:
                continue
            valid = self.validate is None or self.validate(value)
            if valid or (self.context_rescues and has_context):
                found.append(Finding(self.kind, start, end, value, self.score))
        return found

    def _has_context(self, text: str, start: int) -> bool:
        before = text[max(0, start - self.window):start]
        return any(word in before for word in self.context)


def _digits(value: str) -> str:
    return re.sub(r"\D", "", value)


def _bank_card(value: str) -> bool:
    digits = _digits(value)
    return 16 <= len(digits) <= 19 and luhn_ok(digits) and digits[0] in "3456"


_ID_BODY = r"[1-9]\d{5}(?:18|19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}[\dXx]"
_ID_WORDS = ("身份证", "公民身份号码", "证件号")
_CARD_WORDS = ("银行卡", "卡号", "账号", "帐号", "开户", "银行账户", "收款账户")

RECOGNIZERS: tuple[Recognizer, ...] = (
    PatternRecognizer(CN_ID, re.compile(rf"(?<![0-9A-Za-z])(?P<value>{_ID_BODY})(?![0-9A-Za-z])"),
                      validate=is_cn_id, context=_ID_WORDS, context_rescues=True),
    PatternRecognizer(MOBILE, re.compile(
        r"(?<![0-9])(?:(?:\+|00)?86[-\s]?)?(?P<value>1[3-9]\d[-\s]?\d{4}[-\s]?\d{4})(?![0-9])"), score=0.9),
    PatternRecognizer(BANK_CARD, re.compile(r"(?<![0-9])(?P<value>\d{4}(?:[ -]?\d){12,15})(?![0-9])"),
                      validate=_bank_card, context=_CARD_WORDS, score=0.8),
    PatternRecognizer(BANK_CARD, re.compile(r"(?<![0-9])(?P<value>\d(?:[ -]?\d){11,18})(?![0-9])"),
                      context=_CARD_WORDS, context_required=True, score=0.7),
    PatternRecognizer(SOCIAL_SECURITY, re.compile(
        r"(?:社会保障(?:卡)?号码?|社保(?:卡)?号码?|医保(?:卡)?号码?)\s*(?:为|是)?\s*[:：]?\s*"
        r"(?P<value>[A-Za-z0-9]{6,18})(?![A-Za-z0-9])"), score=1.0),
    PatternRecognizer(PASSPORT, re.compile(r"(?<![A-Za-z0-9])(?P<value>[EG]\d{8}|E[A-HJ-NP-Z]\d{7})(?![A-Za-z0-9])"),
                      score=0.8),
    PatternRecognizer(PASSPORT, re.compile(r"(?<![A-Za-z0-9])(?P<value>[A-Z]{1,2}\d{6,9})(?![A-Za-z0-9])"),
                      context=("护照",), context_required=True, score=0.8),
    PatternRecognizer(ADDRESS, re.compile(
        r"(?P<value>[\u4e00-\u9fff]{2,24}?(?:路|街|巷|弄|道|村|小区|花园|新村|苑)[\u4e00-\u9fff\d-]{0,12}?"
        r"\d+号(?:院)?(?:\d+(?:幢|栋|号楼|座))?(?:\d+单元)?(?:\d+层)?\d+室)"), score=0.7),
    PatternRecognizer(ADDRESS, re.compile(
        r"(?P<value>[\u4e00-\u9fff]{2,16}?村[\u4e00-\u9fff\d]{1,6}?(?:组|社|队)\d+号)"), score=0.7),
    PatternRecognizer(PERSON_NAME, re.compile(
        r"(?:姓名|户主(?:姓名)?|申请人(?:姓名)?|收款人|持卡人|监护人|当事人|救助对象)\s*[:：]\s*"
        r"(?P<value>[\u4e00-\u9fff]{2,4}(?:·[\u4e00-\u9fff]{1,8})?)(?![\u4e00-\u9fff])"), score=0.8),
)

STRONG_KINDS = frozenset({CN_ID, BANK_CARD, SOCIAL_SECURITY, PASSPORT})
