"""Tracking links: `/r/{token}` counts a click on one pushed policy and sends the reader to its page.

Each (subscriber, policy) item has its own random token, so a click is attributed without putting
any personal data in the link.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Engine, func, select, update

from index.db import make_sessionmaker
from push.errors import LinkNotFound
from push.tables import DeliveryItemRow


class Clicks:
    def __init__(self, engine: Engine) -> None:
        self._sessions = make_sessionmaker(engine)

    def follow(self, token: str, now: datetime) -> str:
        """Record a click and return the policy's id."""
        with self._sessions() as session, session.begin():
            doc_id = session.scalar(select(DeliveryItemRow.doc_id).where(DeliveryItemRow.token == token))
            if doc_id is None:
                raise LinkNotFound()
            session.execute(update(DeliveryItemRow).where(DeliveryItemRow.token == token).values(
                clicks=DeliveryItemRow.clicks + 1,
                first_clicked_at=func.coalesce(DeliveryItemRow.first_clicked_at, now)))
            return doc_id
