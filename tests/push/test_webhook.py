"""Standard Webhooks signing, and how the webhook channel classifies each answer (httpx.MockTransport)."""

from __future__ import annotations

import asyncio

import httpx
import pytest

from push.channel import Message, Outcome, Target
from push.webhook import WebhookChannel, sign, verify
from tests.push.conftest import SECRET

# the published Standard Webhooks test vector
SPEC_SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
SPEC_ID, SPEC_TS, SPEC_BODY = "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330, b'{"test": 2432232314}'


def test_signature_matches_the_standard_webhooks_test_vector() -> None:
    assert sign(SPEC_SECRET, SPEC_ID, SPEC_TS, SPEC_BODY) == "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="


def test_verify_accepts_the_signature_and_refuses_tampering() -> None:
    headers = {"webhook-id": SPEC_ID, "webhook-timestamp": str(SPEC_TS),
               "webhook-signature": sign(SPEC_SECRET, SPEC_ID, SPEC_TS, SPEC_BODY)}
    assert verify(SPEC_SECRET, headers, SPEC_BODY, now=SPEC_TS + 10)
    assert not verify(SPEC_SECRET, headers, SPEC_BODY + b" ", now=SPEC_TS + 10)
    assert not verify(SECRET, headers, SPEC_BODY, now=SPEC_TS + 10)
    assert not verify(SPEC_SECRET, headers, SPEC_BODY, now=SPEC_TS + 3600)


def _send(handler) -> tuple[object, list[httpx.Request]]:  # type: ignore[no-untyped-def]
    seen: list[httpx.Request] = []

    def record(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return handler(request)

    async def go():  # type: ignore[no-untyped-def]
        channel = WebhookChannel(httpx.AsyncClient(transport=httpx.MockTransport(record)))
        try:
            target = Target("webhook", "https://hook.test/x", SECRET)
            return await channel.send(target, Message("msg_1", b"{}"), 1700000000)
        finally:
            await channel.aclose()

    return asyncio.run(go()), seen


def test_request_carries_the_standard_webhooks_headers() -> None:
    result, seen = _send(lambda r: httpx.Response(204))
    assert result.outcome is Outcome.DELIVERED  # type: ignore[attr-defined]
    headers = seen[0].headers
    assert headers["webhook-id"] == "msg_1" and headers["webhook-timestamp"] == "1700000000"
    assert verify(SECRET, dict(headers), seen[0].content, now=1700000000)


@pytest.mark.parametrize(("status", "outcome"), [
    (200, Outcome.DELIVERED), (202, Outcome.DELIVERED), (500, Outcome.RETRY), (503, Outcome.RETRY),
    (429, Outcome.RETRY), (408, Outcome.RETRY), (400, Outcome.REJECT), (401, Outcome.REJECT), (404, Outcome.REJECT),
    (410, Outcome.REJECT), (301, Outcome.REJECT),
])
def test_status_codes_are_classified(status: int, outcome: Outcome) -> None:
    result, _ = _send(lambda r: httpx.Response(status))
    assert result.outcome is outcome  # type: ignore[attr-defined]


def test_retry_after_is_read_from_a_429() -> None:
    result, _ = _send(lambda r: httpx.Response(429, headers={"retry-after": "120"}))
    assert result.retry_after == 120  # type: ignore[attr-defined]


@pytest.mark.parametrize("error", [
    httpx.ConnectError("refused"), httpx.ReadTimeout("slow"), httpx.RemoteProtocolError("cut"),
])
def test_transport_errors_are_retried(error: Exception) -> None:
    def fail(request: httpx.Request) -> httpx.Response:
        raise error

    result, _ = _send(fail)
    assert result.outcome is Outcome.RETRY  # type: ignore[attr-defined]
    assert "https://hook.test" not in result.error  # type: ignore[attr-defined]
