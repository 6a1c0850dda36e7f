"""At send time, hold back a message naming a policy that is no longer in force.

A run checks validity when it plans, but a message can wait for retries past a policy's last day, or a
repeal can arrive meanwhile. Just before each send, the dispatcher asks this guard; a message naming a
policy out of force today is cancelled with the reason (never sent, never retried). Its body is not
rewritten, since every attempt must send the same signed bytes under the same webhook-id; any policies
of that digest still in force are listed in the reason for staff, not re-sent automatically.
"""

from __future__ import annotations

import json
from collections.abc import Sequence

from index.lifecycle import IN_FORCE_STATUSES
from index.policy_index import PolicyIndex
from push.outbox import Claimed


class OutOfForceGuard:
    """Validity is the index's for its day (`PolicyIndex.today`): the service's clock, in its time zone."""

    def __init__(self, index: PolicyIndex) -> None:
        self.index = index

    def __call__(self, claimed: Sequence[Claimed]) -> dict[str, str]:
        """message id → why it must not be sent, for the messages naming a policy out of force today."""
        named = {item.message.id: _doc_ids(item.message.body) for item in claimed}
        validity = self.index.validity({d for ids in named.values() for d in ids})
        held: dict[str, str] = {}
        for message_id, doc_ids in named.items():
            out = [d for d in doc_ids if d not in validity or validity[d].status not in IN_FORCE_STATUSES]
            if out:
                reasons = "；".join(f"{d}：{validity[d].status}（{validity[d].reason}）" if d in validity
                                   else f"{d}：已删除" for d in out)
                held[message_id] = f"发送时政策已不在有效期内，未发送：{reasons}"
        return held


def _doc_ids(body: bytes) -> list[str]:
    payload = json.loads(body)
    return [entry["doc_id"] for key in ("policies", "reminders") for entry in payload.get(key, [])]
