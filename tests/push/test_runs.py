"""Planning a run: which policies, which subscribers, staff decisions, and the guards against doubles."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from push.errors import RunInProgress
from push.runs import LEASE, SCHEDULED
from push.service import PushService
from service.container import Container
from tests.push.conftest import ShiftedClock, ingest_local, profile

SME = "synth-fenghua-sme-2024"


def _setup(container: Container, push: PushService) -> None:
    ingest_local(container, "fenghua-sme-support", "zhenhai-graduates")
    push.subscribers.put("fenghua-small", profile())
    push.subscribers.put("suzhou-small", profile(region="江苏省苏州市"))
    push.subscribers.put("zhenhai-grad", profile(kind="citizen", name="李同学", scale=None, industry=None,
                                                 region="镇海区", tags=["高校毕业生"], description="应届毕业生"))



def test_a_run_writes_one_digest_per_matched_subscriber(container: Container, push: PushService) -> None:
    _setup(container, push)
    summary = push.run_now()
    assert set(summary.policies) == {SME, "synth-zhenhai-graduates-2024"}
    assert summary.messages == 2 and summary.matched == 2
    claimed = {c.subscriber_id for c in push.outbox.claim_due(push.clock(), 100)}
    assert claimed == {"fenghua-small", "zhenhai-grad"}  # 苏州 is outside 奉化区, whatever its similarity


def test_a_second_run_without_changes_sends_nothing(container: Container, push: PushService,
                                                    clock: ShiftedClock) -> None:
    _setup(container, push)
    push.run_now()
    clock.advance(60)
    again = push.run_now()
    assert again.policies == [] and again.messages == 0


def test_rejected_candidates_are_not_sent(container: Container, push: PushService) -> None:
    _setup(container, push)
    push.decide(SME, "fenghua-small", "rejected")
    assert push.run_now().messages == 1


def test_with_required_approval_only_approved_candidates_are_sent(container: Container, push: PushService,
                                                                  clock: ShiftedClock) -> None:
    push.runner.config = type(push.runner.config)(**{**push.runner.config.__dict__, "require_approval": True})
    _setup(container, push)
    assert push.run_now().messages == 0
    clock.advance(60)
    push.decide(SME, "fenghua-small", "approved")  # the decision brings the policy into the next run
    clock.advance(60)
    later = push.run_now()
    assert later.policies == [SME] and later.messages == 1


def test_two_schedulers_firing_together_plan_the_run_once(container: Container, push: PushService) -> None:
    _setup(container, push)
    fire = datetime(2030, 5, 1, 1, 0, tzinfo=UTC)
    first = push.runner.run(SCHEDULED, scheduled_for=fire)
    second = push.runner.run(SCHEDULED, scheduled_for=fire)
    assert not first.skipped and first.messages == 2
    assert second.skipped and second.run_id == first.run_id and second.messages == 0
    assert sum(push.outbox.counts().values()) == 2


def test_a_held_lease_refuses_a_manual_run_and_skips_a_scheduled_one(container: Container, push: PushService) -> None:
    _setup(container, push)
    assert push.runner.leases.acquire(LEASE, "other-process", push.clock(), ttl=600)
    with pytest.raises(RunInProgress):
        push.run_now()
    assert push.runner.run(SCHEDULED, scheduled_for=datetime(2030, 5, 1, tzinfo=UTC)).skipped


def test_an_expired_lease_is_taken_over(container: Container, push: PushService, clock: ShiftedClock) -> None:
    _setup(container, push)
    push.runner.leases.acquire(LEASE, "crashed-process", push.clock(), ttl=600)
    clock.advance(601)
    assert push.run_now().messages == 2


def test_staff_add_a_recipient_the_selection_missed_and_remove_one_it_chose(container: Container,
                                                                           push: PushService) -> None:
    _setup(container, push)
    missed = [c for c in push.candidates(SME)[0] if c.subscriber_id == "suzhou-small"][0]
    assert not missed.selected
    assert push.decide(SME, "suzhou-small", "approved", decided_by="王科员") is False
    assert push.decide(SME, "fenghua-small", "rejected", decided_by="王科员") is True
    push.run_now()
    claimed = {c.subscriber_id for c in push.outbox.claim_due(push.clock(), 100)}
    assert claimed == {"suzhou-small", "zhenhai-grad"}
    labels = {(lab["subscriber_id"], lab["eligible"], lab["correction"]) for lab in push.decisions.labels()}
    assert labels == {("suzhou-small", True, True), ("fenghua-small", False, True)}
