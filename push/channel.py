"""The `Channel` contract: deliver one signed message to one address, and say how it went.

A channel never raises for a delivery problem; it returns a `SendResult` whose `outcome` tells the
dispatcher what to do: `DELIVERED`, `RETRY` (timeouts, refused connections, 5xx, 429) or `REJECT`
(any other 4xx: the receiver refuses this message, retrying would not help). Each implementation
lives in its own module (`push.webhook`); `make_channels` is the one factory.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from typing import Protocol, runtime_checkable


class Outcome(Enum):
    DELIVERED = "delivered"
    RETRY = "retry"
    REJECT = "reject"


@dataclass(frozen=True)
class Target:
    """Where to send: the subscriber's channel (the secret never leaves the process but in an HMAC)."""

    type: str
    url: str
    secret: str

    def __repr__(self) -> str:
        return f"Target(type={self.type!r})"


@dataclass(frozen=True)
class Message:
    """One outbox message: `id` is the stable webhook-id receivers de-duplicate by."""

    id: str
    body: bytes


@dataclass(frozen=True)
class SendResult:
    outcome: Outcome
    status: int | None = None
    error: str = ""
    retry_after: float | None = None


@runtime_checkable
class Channel(Protocol):
    async def send(self, target: Target, message: Message, timestamp: int) -> SendResult:
        """Deliver `message` signed at `timestamp` (unix seconds)."""
        ...

    async def aclose(self) -> None:
        """Release connections."""
        ...
