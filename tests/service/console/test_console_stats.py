"""The statistics page's numbers: answered and handed over per day, feedback, FAQ hits, label precision."""

from __future__ import annotations

from datetime import UTC, date, datetime

from service.console.stats import gather
from service.container import Container
from service.qa.models import Answer


def _record(container: Container, answer_id: str, at: datetime, *, handoff: bool = False,
            faq_id: int | None = None) -> None:
    answer = Answer(answer_id, "问题", "问题", "回答", [], [], 0.9, handoff, faq_id=faq_id)
    container.qa.answers.record(answer, channel="ask", at=at)


def test_questions_per_day_split_answered_and_handed_over(console_container: Container) -> None:
    _record(console_container, "a1", datetime(2024, 4, 29, 8, tzinfo=UTC))
    _record(console_container, "a2", datetime(2024, 4, 29, 9, tzinfo=UTC), handoff=True)
    _record(console_container, "a3", datetime(2024, 5, 1, 9, tzinfo=UTC))
    _record(console_container, "old", datetime(2024, 3, 1, 9, tzinfo=UTC))  # outside the 30 days
    console_container.qa.feedback.add("a1", "good")
    console_container.qa.feedback.add("a2", "bad")
    stats = gather(console_container.qa, console_container.push, console_container.console.labels, date(2024, 5, 1))
    assert len(stats.days) == 30 and stats.days[-1] == "2024-05-01"
    assert (stats.answered[-3:], stats.handed_over[-3:]) == ([1, 0, 1], [1, 0, 0])
    assert (stats.totals.total, stats.totals.handed_over) == (3, 1)
    assert stats.feedback == {"good": 1, "bad": 1}
    assert set(stats.charts) == {"questions", "feedback"}  # no labels and no pushes yet: no empty charts


def test_hit_test_preview_records_nothing(console_container: Container) -> None:
    qa = console_container.qa
    entry = qa.service.add_faq("政府信息公开年报在哪里看", "在区政府门户网站“政府信息公开”专栏。", [])
    preview = qa.service.preview("政府信息公开年报在哪里看")
    assert preview.faq_id == entry.id and preview.text.startswith("在区政府门户网站")
    assert qa.faq.get(entry.id).hits == 0 and qa.answers.recent() == [] and qa.tickets.list() == []
