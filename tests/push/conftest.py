"""Push fixtures: a fixed clock, a push service wired to it, profiles and local policies, a receiver."""

from __future__ import annotations

import base64
import random
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from config.settings import PROJECT_ROOT
from index.parsing import read_policy
from push.dispatch import Backoff
from push.profiles import SubscriberProfile
from push.service import PushService
from service.container import Container
from tests.push.receiver import Receiver

SECRET = "whsec_" + base64.b64encode(b"0123456789abcdef0123456789abcdef").decode()
LOCAL_POLICIES = PROJECT_ROOT / "eval" / "push_policies"


def profile(**fields: object) -> SubscriberProfile:
    """An enterprise in 奉化区 by default; any field may be overridden."""
    values: dict[str, object] = {
        "kind": "enterprise", "name": "宁波奉化甬兴机械有限公司", "region": "浙江省宁波市奉化区",
        "industry": "制造业", "scale": "small", "tags": ["小微企业"], "description": "生产汽车零部件的小型制造企业",
        "interests": "贷款贴息、技术改造补助", "channel": {"type": "webhook", "url": "http://127.0.0.1:9/hook",
                                                    "secret": SECRET},
    }
    values.update(fields)
    return SubscriberProfile.model_validate(values)


def ingest_local(container: Container, *names: str) -> list[str]:
    """Ingest synthetic local policies from eval/push_policies by file stem; returns their ids."""
    ids = []
    for name in names:
        policy = read_policy(Path(LOCAL_POLICIES / f"{name}.md"))
        container.ingestor.ingest_policy(policy)
        ids.append(policy.id)
    return ids


class ShiftedClock:
    """Real time plus an offset that tests move forward: policies the index stamps with the real time
    stay in step with the push windows, while `advance` skips hours of back-off at once."""

    def __init__(self) -> None:
        self.offset = timedelta(0)

    def __call__(self) -> datetime:
        return datetime.now(UTC) + self.offset

    def advance(self, seconds: float) -> None:
        self.offset += timedelta(seconds=seconds)


@pytest.fixture
def clock() -> ShiftedClock:
    return ShiftedClock()


@pytest.fixture
def push(container: Container, clock: ShiftedClock) -> PushService:
    """The container's push domain, rebuilt on a movable clock with a seeded, 60 s back-off."""
    settings = container.settings.push.model_copy(update={"request_timeout_seconds": 0.5, "min_score": 0.3})
    return PushService(settings, container.engine, container.index,
                       public_url="http://zhengce.test", clock=clock,
                       backoff=Backoff(base=60, cap=3600, rng=random.Random(7)))


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    started = Receiver(SECRET).start()
    yield started
    started.stop()
