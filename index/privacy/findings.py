"""What a recognizer reports: a `Finding` of one kind of personal information at a place in a text.

Kinds are stable machine names (`cn_id`, `mobile`, ...); `KIND_LABELS` gives the Chinese word a staff
member reads. A finding knows its span in the text; `locate` turns the span into a line and column.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

CN_ID = "cn_id"
MOBILE = "mobile"
BANK_CARD = "bank_card"
SOCIAL_SECURITY = "social_security"
PASSPORT = "passport"
ADDRESS = "address"
PERSON_NAME = "person_name"

KIND_LABELS = {
    CN_ID: "居民身份证号", MOBILE: "手机号码", BANK_CARD: "银行卡号", SOCIAL_SECURITY: "社会保障号",
    PASSPORT: "护照号码", ADDRESS: "住址", PERSON_NAME: "姓名",
}


@dataclass(frozen=True)
class Finding:
    kind: str
    start: int
    end: int
    value: str
    score: float = 1.0

    @property
    def label(self) -> str:
        return KIND_LABELS.get(self.kind, self.kind)

    @property
    def fingerprint(self) -> str:
        """Identifies the value without storing it: staff decisions are remembered by this."""
        return hashlib.sha256(f"{self.kind}:{self.value}".encode()).hexdigest()[:32]

    def overlaps(self, other: Finding) -> bool:
        return self.start < other.end and other.start < self.end


def locate(text: str, offset: int) -> tuple[int, int]:
    """1-based line and column of `offset` in `text`."""
    line = text.count("\n", 0, offset) + 1
    column = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return line, column
