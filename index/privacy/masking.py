"""How each kind of finding is masked: enough left to recognise a row, not enough to identify a person.

330203199001011234 → 330203********1234, 13812345678 → 138****5678, 张三丰 → 张**.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

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

_ADMIN_END = re.compile(r".*?(?:省|自治区|市|区|县|镇|乡|街道)")


def _keep(value: str, head: int, tail: int) -> str:
    if len(value) <= head + tail:
        return "*" * len(value)
    return value[:head] + "*" * (len(value) - head - tail) + value[len(value) - tail:]


def _digits(value: str) -> str:
    return re.sub(r"[^0-9Xx]", "", value)


def _address(value: str) -> str:
    """The administrative area stays (it is what a 公示 is about); street, number and room do not."""
    head = ""
    for match in _ADMIN_END.finditer(value):
        if len(head) + len(match.group()) > len(value) - 2:
            break
        head += match.group()
    return (head or value[:2]) + "****"


MASKS: dict[str, Callable[[str], str]] = {
    CN_ID: lambda v: _keep(_digits(v), 6, 4),
    MOBILE: lambda v: _keep(_digits(v), 3, 4),
    BANK_CARD: lambda v: _keep(_digits(v), 4, 4),
    SOCIAL_SECURITY: lambda v: _keep(v, 2, 4) if len(v) < 18 else _keep(v, 6, 4),
    PASSPORT: lambda v: _keep(v, 1, 2),
    ADDRESS: _address,
    PERSON_NAME: lambda v: v[0] + "*" * (len(v) - 1),
}


def mask_value(finding: Finding) -> str:
    return MASKS.get(finding.kind, lambda v: "*" * len(v))(finding.value)


def mask_text(text: str, findings: Iterable[Finding]) -> str:
    """`text` with each (non-overlapping) finding replaced by its mask."""
    parts, position = [], 0
    for finding in sorted(findings, key=lambda f: f.start):
        if finding.start < position:
            continue
        parts += [text[position:finding.start], mask_value(finding)]
        position = finding.end
    parts.append(text[position:])
    return "".join(parts)
