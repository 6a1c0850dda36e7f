"""Jurisdictions: which places a policy covers, and whether a subscriber's place lies inside.

A `Region` is a path of administrative parts, outermost first: 全国 is the empty path, then
浙江省 ⊃ 浙江省宁波市 ⊃ 浙江省宁波市奉化区. Short names are completed upwards from the table in
`index.metadata` (奉化区 → 浙江省宁波市奉化区). National bodies (全国人大, 国务院, 部委) issue for 全国.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from index.metadata import region_of

NATIONAL_NAME = "全国"
LEVELS = 3  # 省 / 市 / 区县: deeper parts are not used for containment
_NATIONAL_WORDS = ("全国", "中华人民共和国", "国家", "中国")
_NATIONAL_ISSUERS = ("全国人民代表大会", "国务院", "中共中央", "最高人民法院", "最高人民检察院", "国家")
_MINISTRY = re.compile(r"^[\u4e00-\u9fff]{1,12}(?:部|总局|总署|委员会|银行|署)$")
_PART = re.compile(r"[\u4e00-\u9fff]{1,7}?(?:省|自治区|自治州|市|区|县)")


@dataclass(frozen=True)
class Region:
    parts: tuple[str, ...] = ()

    @property
    def name(self) -> str:
        return "".join(self.parts) or NATIONAL_NAME

    @property
    def is_national(self) -> bool:
        return not self.parts

    @property
    def short_name(self) -> str:
        """The innermost part (奉化区), as a reason quotes it."""
        return self.parts[-1] if self.parts else NATIONAL_NAME

    def contains(self, other: Region) -> bool:
        return other.parts[: len(self.parts)] == self.parts

    def prefixes(self) -> list[str]:
        """The joined path at each level: 浙江省, 浙江省宁波市, 浙江省宁波市奉化区 ('' past the end)."""
        return ["".join(self.parts[: level + 1]) if level < len(self.parts) else "" for level in range(LEVELS)]

    def __str__(self) -> str:
        return self.name


NATIONAL = Region(())


def parse_region(text: str | None) -> Region | None:
    """A region from a name (浙江省宁波市奉化区, 奉化区, 全国); None when no place can be read."""
    value = (text or "").strip()
    if not value:
        return None
    if value in _NATIONAL_WORDS:
        return NATIONAL
    full = region_of(value)
    if not full:
        return None
    return Region(tuple(_PART.findall(full))[:LEVELS])


def jurisdiction_of(region: str | None, issuer: str | None) -> Region | None:
    """Where a policy applies: its stated region, else its issuer's place; None when neither says."""
    stated = parse_region(region)
    if stated is not None:
        return stated
    name = (issuer or "").strip()
    if not name:
        return None
    from_issuer = parse_region(name)
    if from_issuer is not None:
        return from_issuer
    if name.startswith(_NATIONAL_ISSUERS) or _MINISTRY.match(name):
        return NATIONAL
    return None
