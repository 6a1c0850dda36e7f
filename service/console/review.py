"""差评复核 as the console shows it: each bad rating with the answer it rates, the staff labels of the
cited passages, and whether a correction was already filed (an audited `faq.add` for that rating).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from service.console.audit import AuditLog
from service.console.labels import LabelStore, Passage
from service.qa.errors import AnswerNotFound
from service.qa.models import Answer, Feedback
from service.qa.wiring import QA


@dataclass
class BadAnswer:
    feedback: Feedback
    answer: Answer | None
    judged: dict[int, bool] = field(default_factory=dict)  # cited chunk id → relevant
    corrected: bool = False


def target_of(feedback_id: int) -> str:
    """How the audit log names a rating a correction was filed for."""
    return f"feedback:{feedback_id}"


def bad_answers(qa: QA, labels: LabelStore, audit: AuditLog, limit: int = 200) -> list[BadAnswer]:
    corrected = {entry.target for entry in audit.list(0, 100_000, action="faq.add")[0]}
    return [_bad_answer(qa, labels, feedback, target_of(feedback.id) in corrected)
            for feedback in qa.feedback.list_bad(0, limit)]


def _bad_answer(qa: QA, labels: LabelStore, feedback: Feedback, corrected: bool) -> BadAnswer:
    try:
        answer = qa.answers.get(feedback.answer_id)
    except AnswerNotFound:
        return BadAnswer(feedback, None, corrected=corrected)
    judged = labels.of_query(feedback.question)
    marks = {c.chunk_id: judged[key] for c in answer.citations
             if c.chunk_id is not None and (key := Passage(c.doc_id, c.section, c.text).key) in judged}
    return BadAnswer(feedback, answer, marks, corrected)
