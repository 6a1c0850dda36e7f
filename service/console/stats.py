"""The statistics page's numbers: questions per day (answered / handed over), feedback, FAQ hits,
push effect per policy, and precision@5 from staff labels. Each comes from its own domain's store.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta

from markupsafe import Markup

from push.service import PushService
from service.console import charts
from service.console.labels import LabelStore, PrecisionPoint
from service.qa.models import AnswerStats, FaqEntry
from service.qa.wiring import QA

DAYS = 30


@dataclass
class Statistics:
    days: list[str]
    answered: list[int]
    handed_over: list[int]
    totals: AnswerStats
    feedback: dict[str, int]
    faq_top: list[FaqEntry]
    faq_hits: int
    push_policies: list[dict]
    outbox: dict[str, int]
    precision: list[PrecisionPoint]
    charts: dict[str, Markup] = field(default_factory=dict)


def gather(qa: QA, push: PushService, labels: LabelStore, today: date, days: int = DAYS) -> Statistics:
    since = datetime.combine(today - timedelta(days=days - 1), time(), tzinfo=UTC)
    totals = qa.answers.stats(since)
    day_keys = [(today - timedelta(days=n)).isoformat() for n in range(days - 1, -1, -1)]
    handed = [totals.handed_over_by_day.get(d, 0) for d in day_keys]
    answered = [totals.by_day.get(d, 0) - h for d, h in zip(day_keys, handed, strict=True)]
    faq, _ = qa.faq.list(0, 10_000)
    stats = Statistics(day_keys, answered, handed, totals, qa.feedback.counts(),
                       sorted(faq, key=lambda e: e.hits, reverse=True)[:10], sum(e.hits for e in faq),
                       sorted(push.stats.per_policy(), key=lambda p: p["sent"], reverse=True), push.outbox.counts(),
                       labels.precision_at_5())
    stats.charts = draw(stats)
    return stats


def draw(stats: Statistics) -> dict[str, Markup]:
    labels = [d[5:] for d in stats.days]  # MM-DD
    drawn = {"questions": charts.stacked_bars(labels, [
        charts.Series("已回答", stats.answered, "answered"), charts.Series("转人工", stats.handed_over, "handed-over"),
    ], "每日提问量")}
    if stats.precision:
        drawn["precision"] = charts.line_chart([p.day[5:] for p in stats.precision],
                                               [p.precision for p in stats.precision], "标注 precision@5")
    pushed = [p for p in stats.push_policies if p["delivered"]][:12]
    if pushed:
        drawn["ctr"] = charts.horizontal_bars([p["title"] or p["doc_id"] for p in pushed],
                                              [p["click_through_rate"] for p in pushed], "各政策推送点击率",
                                              percent=True, width=1000)
    good, bad = stats.feedback.get("good", 0), stats.feedback.get("bad", 0)
    if good or bad:
        drawn["feedback"] = charts.horizontal_bars(["好评", "差评"], [good, bad], "好差评")
    return drawn
