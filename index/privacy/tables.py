"""Tables of the pre-publication check.

`privacy_findings`: what the check found in a document, by kind, place and masked value, never the value
itself (a keyed hash, `fingerprint`, recognises it again), with the staff decision on it.
`privacy_originals`: the unmasked title and text of a document published masked, for admins only;
it goes with the document (ON DELETE CASCADE).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from index.db import Base


class PrivacyFindingRow(Base):
    __tablename__ = "privacy_findings"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    doc_id: Mapped[str] = mapped_column(String(200), index=True)
    field: Mapped[str] = mapped_column(String(20))        # title | text
    kind: Mapped[str] = mapped_column(String(32))
    fingerprint: Mapped[str] = mapped_column(String(64), index=True)
    masked: Mapped[str] = mapped_column(String(200))
    line: Mapped[int] = mapped_column(Integer)
    column: Mapped[int] = mapped_column(Integer)
    state: Mapped[str] = mapped_column(String(16))        # blocked | masked | allowed
    decision: Mapped[str | None] = mapped_column(String(16))  # mask | allow
    decided_by: Mapped[str | None] = mapped_column(String(64))
    decided_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    found_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class PrivacyOriginalRow(Base):
    __tablename__ = "privacy_originals"

    doc_id: Mapped[str] = mapped_column(ForeignKey("policies.id", ondelete="CASCADE"), primary_key=True)
    title: Mapped[str] = mapped_column(Text)
    text: Mapped[str] = mapped_column(Text)
    stored_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
