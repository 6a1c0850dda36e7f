"""Domain objects of the policy index: a `Policy` document and the `Chunk`s cut from it.

These are plain dataclasses, independent of storage; `index.store` maps them to tables.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date

IN_FORCE = "现行有效"
REPEALED = "已废止"
AMENDED = "已修改"
HISTORICAL = "历史版本"
EXPIRED = "已失效"
NOT_YET_EFFECTIVE = "尚未生效"
STATUSES = (IN_FORCE, REPEALED, AMENDED, HISTORICAL, EXPIRED, NOT_YET_EFFECTIVE)

# Where a metadata value came from, kept per field in `Policy.provenance` so staff can see why it is what it is.
FROM_TEXT = "text"
FROM_FRONT_MATTER = "front_matter"
FROM_STAFF = "staff"

EDITABLE_FIELDS = (
    "title", "doc_number", "issuer", "issued", "effective", "status",
    "category", "region", "audience", "url", "interprets",
    "expires", "doc_type", "repeals", "amends",
)


@dataclass
class Policy:
    """A policy document (规范性文件, notice, work plan, law) or a 政策解读 of one.

    `interprets` is set on an interpretation: the id or 文号 of the policy it explains.
    `expires` is the last day of its term (有效期至); `doc_type` its kind (通知, 办法, 解读 ...).
    `repeals` and `amends` name other documents this one repeals or amends, each as
    `{"target": 文号 or title, "sentence": the sentence that says so}`.
    `provenance` maps a field name to where its value came from (FROM_TEXT, FROM_FRONT_MATTER, FROM_STAFF).
    `extra` keeps front-matter fields the schema does not know, never dropping them.
    """

    id: str
    title: str
    text: str
    doc_number: str | None = None
    issuer: str | None = None
    issued: date | None = None
    effective: date | None = None
    status: str = IN_FORCE
    category: str | None = None
    region: str | None = None
    audience: list[str] = field(default_factory=list)
    url: str | None = None
    interprets: str | None = None
    expires: date | None = None
    doc_type: str | None = None
    repeals: list[dict[str, str]] = field(default_factory=list)
    amends: list[dict[str, str]] = field(default_factory=list)
    provenance: dict[str, str] = field(default_factory=dict)
    source: str | None = None
    extra: dict[str, object] = field(default_factory=dict)

    @property
    def is_interpretation(self) -> bool:
        return bool(self.interprets)


@dataclass
class Chunk:
    """A retrievable passage of a policy.

    `section` is the label a citation quotes (`第三十八条`, `二、（三）`); `heading_path` the
    headings above it, outermost first. `embed_text` is what the model sees: title and
    heading path in front of the passage, so a bare clause still knows where it stands.
    """

    doc_id: str
    ordinal: int
    text: str
    section: str = ""
    heading_path: list[str] = field(default_factory=list)
    embed_text: str = ""

    @property
    def key(self) -> str:
        return f"{self.doc_id}#{self.ordinal}"


def content_hash(policy: Policy) -> str:
    """A hash of the text and editable metadata: what a stored copy is compared by (re-embed? re-derive?)."""
    meta = "|".join(str(getattr(policy, name)) for name in EDITABLE_FIELDS)
    return hashlib.sha256(f"{meta}\n{policy.text}".encode()).hexdigest()
