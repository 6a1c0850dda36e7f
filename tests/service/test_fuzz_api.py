"""A seeded, bounded schemathesis run over every operation of the API: no 5xx, and every response (status,
content type, body) as the OpenAPI description says.

Derandomised hypothesis (the same cases every run), positive and negative data, `ZHENGCE_FUZZ_EXAMPLES`
examples per operation and mode (default 25: about two minutes on 2 cores). Every failure of every
operation is collected, so one run reports them all.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from service.app import create_app
from service.container import Container
from tests.conftest import ADMIN_TOKEN, SAMPLES, make_settings

EXAMPLES = int(os.environ.get("ZHENGCE_FUZZ_EXAMPLES", "25"))
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]
HEADERS = {"Authorization": f"Bearer {ADMIN_TOKEN}"}


@pytest.fixture(scope="module")
def fuzz_container(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Container]:
    tmp: Path = tmp_path_factory.mktemp("fuzz")
    settings = make_settings(tmp, rate_limit="", push={"request_timeout_seconds": 0.2, "max_attempts": 1})
    container = Container.build(settings)
    container.start()
    container.ingestor.ingest_paths([SAMPLES / "000_02ed88846ad4d84b.txt"])
    yield container
    container.close()


def _run(operation, mode: GenerationMode, failures: list[str], counts: dict[str, int]) -> None:  # type: ignore[no-untyped-def]
    @given(case=operation.as_strategy(generation_mode=mode))
    @settings(max_examples=EXAMPLES, derandomize=True, deadline=None, database=None,
              suppress_health_check=list(HealthCheck))
    def check(case: schemathesis.Case) -> None:
        counts["requests"] += 1
        try:
            case.call_and_validate(headers=HEADERS, checks=CHECKS)
        except (BaseExceptionGroup, Exception) as error:  # check failures (a group) and server errors raised
            counts["failures"] += 1
            first = str(error).strip().splitlines()
            failures.append(f"{operation.label} [{mode.value}]: {type(error).__name__}: {' | '.join(first[:8])[:700]}")

    try:
        check()
    except Unsatisfiable:  # nothing to make invalid (an operation without parameters or body)
        assert mode == GenerationMode.NEGATIVE


def test_api_never_fails_and_keeps_its_description(fuzz_container: Container) -> None:
    app = create_app(container=fuzz_container)
    app.state.container = fuzz_container  # calls go straight to the app, without its lifespan
    schema = schemathesis.openapi.from_asgi("/openapi.json", app)
    failures: list[str] = []
    counts = {"requests": 0, "failures": 0, "operations": 0}
    for result in schema.get_all_operations():
        operation = result.ok()
        counts["operations"] += 1
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
            _run(operation, mode, failures, counts)
    print(f"fuzz: {counts}")
    assert counts["operations"] >= 30
    assert not failures, f"{len(failures)} failures:\n" + "\n".join(failures[:80])
