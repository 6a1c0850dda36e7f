"""Re-embedding the stored FAQ and ticket questions with the current model (`zhengce reindex`).

Their vectors are only ever compared with vectors of the same model (the `model` column), so after a
model change an FAQ would stop matching until this runs; it never breaks `/v1/ask`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np
from sqlalchemy import Engine, or_, select

from index.db import make_sessionmaker
from index.vector_codec import to_blob
from service.qa.tables import FaqRow, TicketRow

Encode = Callable[[Sequence[str]], np.ndarray]


def reembed_questions(engine: Engine, encode: Encode, model: str, batch: int = 256) -> dict[str, int]:
    """Embed again every FAQ and ticket question not made by `model`; the number done per table."""
    sessions = make_sessionmaker(engine)
    done = {}
    for table in (FaqRow, TicketRow):
        count = 0
        with sessions() as session, session.begin():
            rows = session.scalars(select(table).where(or_(table.model.is_(None), table.model != model))).all()
            for start in range(0, len(rows), batch):
                part = rows[start:start + batch]
                for row, vector in zip(part, encode([r.question for r in part]), strict=True):
                    row.vector, row.model = to_blob(vector), model
                count += len(part)
        done[table.__tablename__] = count
    return done
