"""What operators rely on: /metrics, /docs without internet, log lines with timestamps (text or JSON)."""

from __future__ import annotations

import json
import logging

import pytest
from fastapi.testclient import TestClient

from service.logging_setup import configure_logging


def test_metrics_report_latency_per_route_the_index_and_the_outbox(client: TestClient) -> None:
    assert client.post("/v1/search", json={"query": "社会保险"}).status_code == 200
    assert client.get("/v1/documents/missing").status_code == 404
    text = client.get("/metrics").text
    assert 'zhengce_http_request_duration_seconds_count{method="POST",route="/v1/search",status="200"} 1.0' in text
    assert 'route="/v1/documents/{doc_id}",status="404"' in text  # the template, not the raw path
    assert 'zhengce_index_generation{of="database"}' in text and "zhengce_index_behind_seconds 0.0" in text
    assert 'zhengce_answers{outcome="handed_over"} 0.0' in text and "zhengce_push_deliveries" in text


def test_docs_are_served_without_a_cdn(client: TestClient) -> None:
    page = client.get("/docs").text
    assert "cdn.jsdelivr.net" not in page and "/static-offline-docs/swagger-ui-bundle.js" in page
    assert client.get("/static-offline-docs/swagger-ui-bundle.js").status_code == 200
    assert "cdn.jsdelivr.net" not in client.get("/redoc").text


@pytest.mark.parametrize("log_format", ["text", "json"])
def test_log_lines_carry_a_timestamp(log_format: str, capsys: pytest.CaptureFixture[str]) -> None:
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    try:
        configure_logging(log_format=log_format)
        logging.getLogger("zhengce.test").info("索引已加载")
        line = capsys.readouterr().err.strip().splitlines()[-1]
    finally:
        root.handlers[:] = handlers
        root.setLevel(level)
    if log_format == "json":
        record = json.loads(line)
        assert record["message"] == "索引已加载" and record["level"] == "INFO" and record["time"][:2] == "20"
    else:
        assert line[:2] == "20" and line.endswith("zhengce.test: 索引已加载")
