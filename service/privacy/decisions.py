"""Staff decisions on the findings of the pre-publication check, and admin reveals — each one audited.

Deciding `allow` on a finding of a document published masked publishes that value again (the document
is re-screened from its original); deciding `mask` on a finding in a document published before the check
existed (`published`, from `zhengce privacy scan`) masks it now. A blocked upload passes on its next
upload once each of its findings is decided.
"""

from __future__ import annotations

from dataclasses import replace

from index.ingest import Ingestor
from index.models import Policy
from index.privacy import PrivacyScreen
from index.privacy.store import ALLOW, MASK, PUBLISHED, StoredFinding
from service.console.audit import AuditLog
from service.container import Container


def masking_ingestor(container: Container) -> Ingestor:
    """An ingestor whose check masks instead of blocking: staff have already looked at these documents."""
    privacy = container.privacy
    screen = PrivacyScreen(privacy.screen.analyzer, privacy.store, MASK)
    return Ingestor(container.index, container.ingestor.chunking, container.ingestor.max_unpacked_bytes, screen)


def _view(finding: StoredFinding) -> dict:
    return {"kind": finding.located.kind, "masked": finding.located.masked, "state": finding.state,
            "decision": finding.decision}


def decide(container: Container, audit: AuditLog, finding_id: int, decision: str, actor: str) -> StoredFinding:
    store = container.privacy.store
    before = store.get(finding_id)
    after = store.decide(finding_id, decision, actor)
    audit.record(actor, "privacy.decide", f"{after.doc_id}#{finding_id}", before=_view(before), after=_view(after))
    policy = container.index.find_policy(after.doc_id)
    if policy is None:
        return after
    if decision == ALLOW and store.has_original(policy.id):
        title, text = store.original(policy.id)
        masking_ingestor(container).ingest_policy(replace(policy, title=title, text=text))
    elif decision == MASK and before.state == PUBLISHED:
        masking_ingestor(container).ingest_policy(policy)
    return after


def reveal_original(container: Container, audit: AuditLog, doc_id: str, actor: str) -> Policy:
    """The document as uploaded, before masking (admins only)."""
    policy = container.index.get_policy(doc_id)
    title, text = container.privacy.store.original(doc_id)
    audit.record(actor, "privacy.reveal", doc_id, after={"what": "document original"})
    return replace(policy, title=title, text=text)


def reveal_question(container: Container, audit: AuditLog, answer_id: str, actor: str) -> str:
    raw = container.privacy.questions.raw(answer_id)
    audit.record(actor, "privacy.reveal", f"answer:{answer_id}", after={"what": "question text"})
    return raw
