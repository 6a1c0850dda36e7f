"""Domain objects of question answering, independent of storage and HTTP."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime

Clock = Callable[[], datetime]

OPEN = "open"
ANSWERED = "answered"
CLOSED = "closed"
MERGED = "merged"
GOOD = "good"
BAD = "bad"


def utc_now() -> datetime:
    return datetime.now(UTC)


def as_utc(moment: datetime) -> datetime:
    """SQLite hands back naive datetimes; every one we store is UTC."""
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


@dataclass
class Citation:
    """A passage an answer quotes; `n` is its marker number ([1], [2], ...)."""

    n: int
    doc_id: str
    title: str
    doc_number: str | None
    issuer: str | None
    status: str
    section: str
    text: str
    url: str
    score: float = 0.0
    chunk_id: int | None = None

    def to_dict(self) -> dict:
        return dict(self.__dict__)

    @classmethod
    def from_dict(cls, data: dict) -> Citation:
        return cls(**{k: data.get(k) for k in cls.__dataclass_fields__})  # type: ignore[arg-type]


@dataclass
class Interpretation:
    """A 政策解读 linked to a cited policy."""

    doc_id: str
    title: str
    url: str
    interprets: str


@dataclass
class Answer:
    answer_id: str
    question: str
    standalone: str
    text: str
    citations: list[Citation]
    interpretations: list[Interpretation]
    confidence: float
    handoff: bool
    session_id: str | None = None
    ticket_id: int | None = None
    faq_id: int | None = None
    style: str = "default"
    created_at: datetime | None = None


@dataclass
class Turn:
    """One earlier question of a conversation: as asked, as rewritten, and the document it was about."""

    question: str
    standalone: str
    topic_title: str | None = None


@dataclass
class Ticket:
    id: int
    question: str
    status: str
    asks: int
    retrieved: list[dict]
    answer_ids: list[str]
    faq_id: int | None
    created_at: datetime
    updated_at: datetime
    merged_into: int | None = None


@dataclass
class FaqEntry:
    id: int
    question: str
    answer: str
    citations: list[Citation]
    ticket_id: int | None
    hits: int
    created_at: datetime


@dataclass
class Feedback:
    id: int
    answer_id: str
    rating: str
    comment: str | None
    created_at: datetime
    question: str = ""
    answer: str = ""


@dataclass(frozen=True)
class SourceRef:
    """What a staff answer cites: a document (id or 文号) and optionally a section label of it."""

    doc_id: str
    section: str | None = None


@dataclass
class AnswerStats:
    total: int
    handed_over: int
    faq_hits: int
    by_day: dict[str, int] = field(default_factory=dict)
    handed_over_by_day: dict[str, int] = field(default_factory=dict)
