"""Webhook delivery following Standard Webhooks (https://www.standardwebhooks.com).

Each request carries `webhook-id` (stable across retries, so receivers de-duplicate),
`webhook-timestamp` (unix seconds of this attempt) and `webhook-signature`:
`v1,` + base64(HMAC-SHA256(key, f"{id}.{timestamp}.{body}")), where the key is the base64-decoded
part of a `whsec_…` secret (or the secret's UTF-8 bytes). `verify` is the receiver's side of it.
"""

from __future__ import annotations

import base64
import hashlib
import hmac

import httpx

from push.channel import Message, Outcome, SendResult, Target
from push.profiles import signing_key

RETRYABLE_STATUS = frozenset({408, 425, 429})
USER_AGENT = "zhengce-push/1 (Standard Webhooks)"


def sign(secret: str, message_id: str, timestamp: int, body: bytes) -> str:
    content = f"{message_id}.{timestamp}.".encode() + body
    digest = hmac.new(signing_key(secret), content, hashlib.sha256).digest()
    return "v1," + base64.b64encode(digest).decode()


def verify(secret: str, headers: dict[str, str], body: bytes, now: int, tolerance: int = 300) -> bool:
    """Whether a received request is signed with `secret` and recent (a receiver's check)."""
    message_id, timestamp = headers.get("webhook-id", ""), headers.get("webhook-timestamp", "")
    if not message_id or not timestamp.isdigit() or abs(now - int(timestamp)) > tolerance:
        return False
    expected = sign(secret, message_id, int(timestamp), body).encode()
    offered = headers.get("webhook-signature", "").split()
    return any(hmac.compare_digest(expected, candidate.encode()) for candidate in offered)


def classify(response: httpx.Response) -> SendResult:
    status = response.status_code
    if 200 <= status < 300:
        return SendResult(Outcome.DELIVERED, status)
    error = f"HTTP {status}"
    if status >= 500 or status in RETRYABLE_STATUS:
        return SendResult(Outcome.RETRY, status, error, _retry_after(response))
    return SendResult(Outcome.REJECT, status, error)


def _retry_after(response: httpx.Response) -> float | None:
    value = response.headers.get("retry-after", "")
    return float(value) if value.isdigit() else None


class WebhookChannel:
    """Sends with one shared `httpx.AsyncClient` (connection pooling, no redirects followed)."""

    def __init__(self, client: httpx.AsyncClient | None = None, timeout: float = 10.0) -> None:
        self.client = client or httpx.AsyncClient(timeout=timeout, follow_redirects=False)

    async def send(self, target: Target, message: Message, timestamp: int) -> SendResult:
        headers = {
            "content-type": "application/json",
            "user-agent": USER_AGENT,
            "webhook-id": message.id,
            "webhook-timestamp": str(timestamp),
            "webhook-signature": sign(target.secret, message.id, timestamp, message.body),
        }
        try:
            response = await self.client.post(target.url, content=message.body, headers=headers)
        except httpx.TimeoutException:
            return SendResult(Outcome.RETRY, error="timeout")
        except httpx.TransportError as error:
            return SendResult(Outcome.RETRY, error=f"connection failed: {type(error).__name__}")
        return classify(response)

    async def aclose(self) -> None:
        await self.client.aclose()
