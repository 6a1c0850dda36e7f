"""`Analyzer`: every recognizer over a text, overlaps settled, the official contact line let through.

The pattern recognizers answer first; then the context ones (table columns, list rows) see what they
found. Where two findings overlap, the higher score wins, then the longer one. A notice's own contact
line (联系人：王老师，联系电话：0574-…/138…) is how the office is reached, not a private person's data:
names and phone numbers on such a line are allowed unless the line also carries an identifier.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from index.privacy.context import list_findings, table_findings
from index.privacy.findings import MOBILE, PERSON_NAME, Finding
from index.privacy.recognizers import RECOGNIZERS, STRONG_KINDS, Recognizer

CONTACT_LINE = re.compile(r"联系人|联系电话|咨询电话|监督电话|举报电话|投诉电话|联系方式|办公电话|服务热线|值班电话")
_CONTACT_KINDS = frozenset({MOBILE, PERSON_NAME})


class Analyzer:
    def __init__(self, recognizers: Sequence[Recognizer] = RECOGNIZERS, *, allow_contact_lines: bool = True) -> None:
        self.recognizers = tuple(recognizers)
        self.allow_contact_lines = allow_contact_lines

    def analyze(self, text: str) -> list[Finding]:
        """Non-overlapping findings in text order."""
        found = [f for recognizer in self.recognizers for f in recognizer.analyze(text)]
        found += table_findings(text)
        found += list_findings(text, found)
        kept = _resolve(found)
        if self.allow_contact_lines:
            kept = [f for f in kept if not self._on_contact_line(text, f, kept)]
        return kept

    @staticmethod
    def _on_contact_line(text: str, finding: Finding, found: list[Finding]) -> bool:
        if finding.kind not in _CONTACT_KINDS:
            return False
        start = text.rfind("\n", 0, finding.start) + 1
        end = text.find("\n", finding.end)
        end = len(text) if end < 0 else end
        if not CONTACT_LINE.search(text[start:end]):
            return False
        return not any(f.kind in STRONG_KINDS and start <= f.start < end for f in found)


def _resolve(found: list[Finding]) -> list[Finding]:
    kept: list[Finding] = []
    for finding in sorted(found, key=lambda f: (-f.score, -(f.end - f.start), f.start)):
        if not any(finding.overlaps(k) for k in kept):
            kept.append(finding)
    return sorted(kept, key=lambda f: f.start)
