"""Prometheus metrics at `/metrics` (prometheus-client), one registry per app.

Per process: request latency by method, route template and status (an ASGI middleware; the route
template, not the raw path, so ids do not explode the series). From the database at scrape time, so
every instance reports the same truth: questions answered, handed over and answered from the FAQ,
the push outbox by status (its depth is `pending`), and per process the index generation it serves,
the database's, and for how long it has been behind.
"""

from __future__ import annotations

import time
from collections.abc import Iterator

from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, Histogram, generate_latest
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector
from sqlalchemy import case, func, select
from starlette.requests import Request
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from service.container import Container
from service.qa.tables import AnswerRow

LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10)


class Metrics:
    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        self._watched: Collector | None = None
        self.requests = Histogram("zhengce_http_request_duration_seconds", "HTTP request latency",
                                  ["method", "route", "status"], buckets=LATENCY_BUCKETS, registry=self.registry)

    def watch(self, container: Container) -> None:
        """Report this container's database figures (replacing an earlier container's, on a restart)."""
        if self._watched is not None:
            self.registry.unregister(self._watched)
        self._watched = _DatabaseCollector(container)
        self.registry.register(self._watched)

    def render(self, _: Request) -> Response:
        return Response(generate_latest(self.registry), media_type=CONTENT_TYPE_LATEST)


class RequestTimer:
    """ASGI middleware observing each HTTP request's latency under its route template."""

    def __init__(self, app: ASGIApp, metrics: Metrics) -> None:
        self.app, self.metrics = app, metrics

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started, status = time.perf_counter(), 500

        async def sending(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, sending)
        finally:
            route = scope.get("route")
            template = getattr(route, "path", None) or "unmatched"
            self.metrics.requests.labels(scope["method"], template, str(status)).observe(
                time.perf_counter() - started)


class _DatabaseCollector(Collector):
    def __init__(self, container: Container) -> None:
        self.container = container

    def collect(self) -> Iterator[GaugeMetricFamily]:
        status = self.container.index.status()
        generation = GaugeMetricFamily("zhengce_index_generation", "index change-log generation", labels=["of"])
        generation.add_metric(["served"], status.served_generation)
        generation.add_metric(["database"], status.database_generation)
        yield generation
        yield GaugeMetricFamily("zhengce_index_behind_seconds", "how long a database generation has gone unserved",
                                value=status.behind_seconds)
        yield GaugeMetricFamily("zhengce_index_vectors", "vectors this process serves", value=status.vectors)
        outbox = GaugeMetricFamily("zhengce_push_deliveries", "push messages by status (pending = outbox depth)",
                                   labels=["status"])
        for name, count in sorted(self.container.push.outbox.counts().items()):
            outbox.add_metric([name], count)
        yield outbox
        answers = GaugeMetricFamily("zhengce_answers", "questions recorded, by outcome", labels=["outcome"])
        for outcome, count in self._answers().items():
            answers.add_metric([outcome], count)
        yield answers

    def _answers(self) -> dict[str, int]:
        outcome = case((AnswerRow.handoff.is_(True), "handed_over"), (AnswerRow.faq_id.is_not(None), "faq"),
                       else_="answered")
        counts = {"answered": 0, "faq": 0, "handed_over": 0}
        with self.container.engine.connect() as connection:
            for name, count in connection.execute(select(outcome, func.count()).group_by(outcome)):
                counts[name] = count
        return counts
