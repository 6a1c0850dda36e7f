"""Conversations: sessions that expire, and reading a follow-up against the earlier turns.

A follow-up such as "那需要什么材料？" or "它现在还有效吗" cannot be searched on its own. `rewrite_followup`
turns it into a standalone query: a pronoun that stands for a document is replaced by the title of
the document the previous answer cited; an elliptical question (starting with 那/还有, ending with 呢,
or too short to carry a topic) is prefixed with the previous standalone query.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Sequence
from datetime import timedelta

from sqlalchemy import Engine, delete, select
from sqlalchemy.orm import Session

from index.db import make_sessionmaker
from service.qa.errors import SessionNotFound
from service.qa.models import Clock, Turn, as_utc, utc_now
from service.qa.tables import AnswerRow, SessionRow, TurnRow
from service.qa.text import normalize_question

_DOCUMENT_PRONOUN = re.compile(
    r"它们?|该(?:政策|文件|办法|规定|法|条例|通知|意见)|这(?:个|项|份|部|条)?(?:政策|文件|办法|规定|法律?|条例|通知|意见)"
    r"|此(?:政策|文件|规定)|上述(?:政策|文件|规定)"
)
_ELLIPSIS_START = re.compile(r"^(?:那么?|那如果|还有|另外|如果|要是|假如|其中)")
_ELLIPSIS_END = re.compile(r"呢[？?。.!！]*$")
_TITLE = re.compile(r"《([^》]{2,80})》")
SHORT_QUESTION = 8


def rewrite_followup(question: str, history: Sequence[Turn]) -> str:
    """The standalone query for `question` given the earlier turns, oldest first."""
    if not history:
        return question
    previous = history[-1]
    if previous.topic_title and _DOCUMENT_PRONOUN.search(question):
        return _DOCUMENT_PRONOUN.sub(f"《{previous.topic_title}》", question, count=1)
    if _is_elliptical(question):
        rest = _ELLIPSIS_START.sub("", question.strip())
        return f"{previous.standalone} {rest}"
    return question


def _is_elliptical(question: str) -> bool:
    text = question.strip()
    return bool(_ELLIPSIS_START.match(text) or _ELLIPSIS_END.search(text)
                or _DOCUMENT_PRONOUN.search(text) or len(normalize_question(text)) <= SHORT_QUESTION)


def turns_from_messages(messages: Sequence[tuple[str, str]]) -> list[Turn]:
    """Earlier turns from chat messages `(role, content)`, as an OpenAI-style client sends its history."""
    turns: list[Turn] = []
    for role, content in messages:
        if role == "user":
            turns.append(Turn(content, rewrite_followup(content, turns)))
        elif role == "assistant" and turns and (title := _TITLE.search(content)):
            turns[-1].topic_title = title.group(1)
    return turns


class SessionStore:
    """Sessions in the database; one idle longer than `ttl` is gone."""

    def __init__(self, engine: Engine, ttl: timedelta, *, max_turns: int = 6, clock: Clock = utc_now) -> None:
        self._sessions = make_sessionmaker(engine)
        self.ttl = ttl
        self.max_turns = max_turns
        self.clock = clock

    @staticmethod
    def new_id() -> str:
        """An id for a session whose row `append(..., new=True)` writes with its first turn."""
        return uuid.uuid4().hex

    def _open(self, db: Session, session_id: str) -> None:
        now = self.clock()
        db.execute(delete(SessionRow).where(SessionRow.last_active_at < now - self.ttl))
        db.add(SessionRow(id=session_id, created_at=now, last_active_at=now))

    def history(self, session_id: str) -> list[Turn]:
        """The latest turns, oldest first; raises `SessionNotFound` for an unknown or expired id."""
        with self._sessions() as db:
            row = db.get(SessionRow, session_id)
            if row is None or as_utc(row.last_active_at) + self.ttl < self.clock():
                raise SessionNotFound(session_id)
            rows = db.scalars(select(TurnRow).where(TurnRow.session_id == session_id)
                              .order_by(TurnRow.id.desc()).limit(self.max_turns)).all()
        return [Turn(r.question, r.standalone, r.topic_title) for r in reversed(rows)]

    def append(self, session_id: str, turn: Turn, *, new: bool = False, record: AnswerRow | None = None) -> None:
        """Add a turn (to a session opened now, with `new`), and the answer's log row in the same transaction."""
        now = self.clock()
        with self._sessions() as db, db.begin():
            if new:
                self._open(db, session_id)
            elif (row := db.get(SessionRow, session_id)) is None:
                raise SessionNotFound(session_id)
            else:
                row.last_active_at = now
            db.add(TurnRow(session_id=session_id, question=turn.question, standalone=turn.standalone,
                           topic_title=turn.topic_title, created_at=now))
            if record is not None:
                db.add(record)
