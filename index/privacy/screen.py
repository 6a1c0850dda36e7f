"""`PrivacyScreen`: the pre-publication check every ingested or uploaded document passes (发布前敏感信息检测).

    policy ─ analyze title and text ─ drop findings staff allowed
        ├─ nothing left                            → published as it is
        ├─ publish = "block" and not all marked "mask" by staff → PersonalDataFound (nothing stored)
        └─ otherwise                               → published masked; the original kept for admins

The original is written once the masked document is stored (`stored`), so it goes with the document.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable
from dataclasses import replace

from index.models import Policy
from index.privacy.analyzer import Analyzer
from index.privacy.errors import LocatedFinding, PersonalDataFound
from index.privacy.findings import Finding, locate
from index.privacy.masking import mask_text, mask_value
from index.privacy.store import ALLOW, ALLOWED, BLOCKED, MASK, MASKED, PUBLISHED, PrivacyStore

BLOCK = "block"
PUBLISH_MODES = (BLOCK, MASK)


def located(field: str, text: str, finding: Finding) -> LocatedFinding:
    line, column = locate(text, finding.start)
    return LocatedFinding(field, finding.kind, finding.label, line, column, mask_value(finding))


class PrivacyScreen:
    def __init__(self, analyzer: Analyzer, store: PrivacyStore, publish: str = BLOCK) -> None:
        if publish not in PUBLISH_MODES:
            raise ValueError(f"privacy.publish must be one of {PUBLISH_MODES}, not {publish!r}")
        self.analyzer = analyzer
        self.store = store
        self.publish = publish
        self._originals: dict[str, tuple[str, str]] = {}
        self._lock = threading.Lock()

    def analyze(self, policy: Policy) -> list[tuple[str, Finding]]:
        return [(field, f) for field, text in (("title", policy.title), ("text", policy.text))
                for f in self.analyzer.analyze(text)]

    def screen(self, policy: Policy) -> Policy:
        """The policy to publish: unchanged, or masked; raises `PersonalDataFound` when blocked."""
        return self._screen(policy, record_blocked=True)

    def retitle(self, policy: Policy, title: str) -> str:
        """The title to publish when staff rename a stored document: checked as an upload is.

        The document is screened again as it was received (its kept original text) under the new title, so
        the findings and the kept original describe what is published. A blocked title raises
        `PersonalDataFound` and changes nothing stored: staff retype the title.
        """
        received = self.store.original(policy.id)[1] if self.store.has_original(policy.id) else policy.text
        screened = self._screen(replace(policy, title=title, text=received), record_blocked=False)
        if received != policy.text:  # the published text stays masked as it was: keep its original
            with self._lock:
                self._originals[policy.id] = (title, received)
        return screened.title

    def _screen(self, policy: Policy, *, record_blocked: bool) -> Policy:
        found = self.analyze(policy)
        decisions = self.store.decisions(policy.id) if found else {}
        rows, pending = [], []
        for field, finding in found:
            fingerprint = self.store.fingerprint(finding)
            decision = decisions.get(fingerprint)
            rows.append((field, finding, fingerprint, decision))
            if decision != ALLOW:
                pending.append((field, finding, decision))
        blocked = self.publish == BLOCK and any(decision != MASK for _, _, decision in pending)
        texts = {"title": policy.title, "text": policy.text}
        if record_blocked or not blocked:
            self.store.record(policy.id, [
                (located(field, texts[field], f), fp, ALLOWED if d == ALLOW else BLOCKED if blocked else MASKED)
                for field, f, fp, d in rows])
        if blocked:
            raise PersonalDataFound(policy.source or policy.id,
                                    [located(field, texts[field], f) for field, f, _ in pending])
        if not pending:
            with self._lock:
                self._originals[policy.id] = ("", "")  # nothing masked: drop any earlier original
            return policy
        with self._lock:
            self._originals[policy.id] = (policy.title, policy.text)
        return replace(policy,
                       title=mask_text(policy.title, [f for field, f, _ in pending if field == "title"]),
                       text=mask_text(policy.text, [f for field, f, _ in pending if field == "text"]))

    def stored(self, doc_ids: Iterable[str]) -> None:
        """The screened documents are in the store now: keep (or drop) their originals."""
        for doc_id in doc_ids:
            with self._lock:
                original = self._originals.pop(doc_id, None)
            if original is None:
                continue
            if original == ("", ""):
                self.store.drop_original(doc_id)
            else:
                self.store.keep_original(doc_id, *original)

    def scan_stored(self, policy: Policy) -> list[LocatedFinding]:
        """Findings in an already published document, recorded for staff as `published`; nothing changes."""
        texts = {"title": policy.title, "text": policy.text}
        found = self.analyze(policy)
        decisions = self.store.decisions(policy.id) if found else {}
        rows = []
        for field, finding in found:
            fingerprint = self.store.fingerprint(finding)
            state = ALLOWED if decisions.get(fingerprint) == ALLOW else PUBLISHED
            rows.append((located(field, texts[field], finding), fingerprint, state))
        if rows:
            self.store.record(policy.id, rows)
        return [r[0] for r in rows if r[2] == PUBLISHED]
