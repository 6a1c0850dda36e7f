"""The lifecycle fixture set (tests/fixtures/lifecycle, 21 documents): every status right on fixed days.

Statuses are computed at read time from what the documents say (dates, 同时废止, 关于修改《…》) with the
day passed in, never the wall clock. Expected values were written from the documents by hand.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from config import Settings
from index.filters import SearchFilters
from index.lifecycle import APPLIED, PENDING, REVIEW, date_warnings
from index.models import AMENDED, EXPIRED, HISTORICAL, IN_FORCE, NOT_YET_EFFECTIVE, REPEALED
from index.parsing import read_policy
from service.container import Container

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "lifecycle"
DAYS = (date(2021, 1, 15), date(2022, 6, 1), date(2024, 6, 1), date(2025, 9, 1), date(2026, 6, 15),
        date(2027, 1, 15))
F, N, X, R, M, H = IN_FORCE, NOT_YET_EFFECTIVE, EXPIRED, REPEALED, AMENDED, HISTORICAL
# file → status on each of DAYS
EXPECTED = {
    "a01_expired.txt":          (N, F, X, X, X, X),
    "a02_term_years.txt":       (N, N, F, X, X, X),
    "a03_future.txt":           (N, N, N, N, N, F),
    "a04_old_housing.txt":      (F, F, R, R, R, R),
    "a05_new_housing.txt":      (N, N, F, F, F, F),
    "a06_job_subsidy.txt":      (F, F, M, M, M, M),
    "a07_amendment.txt":        (N, N, F, F, F, F),
    "a08_rural_housing.txt":    (F, F, F, R, R, R),
    "a09_rural_repealer.txt":   (N, N, N, F, F, F),
    "a10_yearly_window.txt":    (N, N, F, F, F, F),
    "a11_one_off_window.txt":   (N, N, N, N, F, X),
    "a12_until.txt":            (N, N, N, N, F, F),
    "a13_marked_expired.html":  (X, X, X, X, X, X),
    "a14_marked_repealed.txt":  (R, R, R, R, R, R),
    "a15_pending.txt":          (N, N, F, F, F, F),
    "a16_contradictory.md":     (N, F, F, F, F, F),
    "a17_self_repeal.md":       (N, N, F, F, F, F),
    "a18_same_number_1.md":     (F, F, F, F, F, F),
    "a19_same_number_2.md":     (F, F, F, F, F, F),
    "a20_ambiguous_repeal.txt": (N, N, N, F, F, F),
    "a21_historical.md":        (H, H, H, H, H, H),
}


def ids() -> dict[str, str]:
    return {name: read_policy(FIXTURES / name).id for name in EXPECTED}


@pytest.fixture
def lifecycle(settings: Settings) -> Iterator[Container]:
    built = Container.build(settings)
    built.start()
    report = built.ingestor.ingest_paths([FIXTURES])
    assert not report.failed and len(report.added) == len(EXPECTED)
    yield built
    built.close()


def statuses_on(container: Container, day: date) -> dict[str, str]:
    by_id = ids()
    found = container.index.validity(by_id.values(), day)
    return {name: found[doc_id].status for name, doc_id in by_id.items()}


def test_the_set_covers_the_cases_the_issue_names() -> None:
    assert len(EXPECTED) >= 15
    for status in (F, N, X, R, M, H):
        assert any(status in row for row in EXPECTED.values())


@pytest.mark.parametrize("at", range(len(DAYS)))
def test_every_status_is_right_on_each_day(lifecycle: Container, at: int) -> None:
    got = statuses_on(lifecycle, DAYS[at])
    wrong = {name: (got[name], want[at]) for name, want in EXPECTED.items() if got[name] != want[at]}
    assert wrong == {}, f"accuracy {1 - len(wrong) / len(EXPECTED):.0%} on {DAYS[at]}"


def test_reasons_name_the_date_and_the_repealing_document(lifecycle: Container) -> None:
    by_id = ids()
    found = lifecycle.index.validity(by_id.values(), date(2025, 9, 1))
    assert found[by_id["a01_expired.txt"]].reason == "有效期至2023年12月31日，已于2024年1月1日失效"
    assert found[by_id["a04_old_housing.txt"]].reason == (
        "已被《奉化区人才安居实施办法（修订）》（奉政办发〔2024〕7号）废止，自2024年5月1日起")
    assert "《奉化区人民政府关于修改《奉化区稳岗就业补贴办法》的决定》" in found[by_id["a06_job_subsidy.txt"]].reason
    assert found[by_id["a13_marked_expired.html"]].reason == "文件标注为“已失效”"


def test_relations_are_linked_both_ways(lifecycle: Container) -> None:
    by_id = ids()
    old, new = by_id["a04_old_housing.txt"], by_id["a05_new_housing.txt"]
    incoming = lifecycle.index.relations(targets=[old])
    outgoing = lifecycle.index.relations(sources=[new])
    assert [(r.source_id, r.target_id, r.state) for r in incoming] == [(new, old, APPLIED)]
    assert incoming == outgoing and incoming[0].target_title == "奉化区人才安居实施办法"


def test_removing_the_repealer_undoes_the_repeal(lifecycle: Container) -> None:
    by_id = ids()
    day = date(2026, 6, 15)
    assert lifecycle.index.validity([by_id["a08_rural_housing.txt"]], day)[by_id["a08_rural_housing.txt"]].status == R
    lifecycle.index.delete(by_id["a09_rural_repealer.txt"])
    assert lifecycle.index.validity([by_id["a08_rural_housing.txt"]], day)[by_id["a08_rural_housing.txt"]].status == F
    assert lifecycle.index.relations(targets=[by_id["a08_rural_housing.txt"]]) == []


def test_a_relation_to_a_missing_document_waits_and_applies_on_arrival(lifecycle: Container, tmp_path: Path) -> None:
    by_id = ids()
    [pending] = lifecycle.index.relations(sources=[by_id["a15_pending.txt"]])
    assert (pending.state, pending.target_id, pending.target_ref) == (PENDING, None, "奉政办发〔2017〕99号")
    late = tmp_path / "late.txt"
    late.write_text("奉政办发〔2017〕99号\n\n奉化区公共租赁住房管理暂行办法\n\n"
                    "第一条 中低收入住房困难家庭可申请公共租赁住房。\n第二条 本办法自2017年10月1日起施行。\n\n"
                    "宁波市奉化区人民政府办公室\n2017年9月1日\n", encoding="utf-8")
    lifecycle.ingestor.ingest_paths([late])
    arrived = read_policy(late).id
    assert lifecycle.index.validity([arrived], date(2024, 2, 20))[arrived].status == F  # before the repealer starts
    validity = lifecycle.index.validity([arrived], date(2024, 6, 1))[arrived]
    assert validity.status == R and "奉政办发〔2024〕15号" in validity.reason


def test_bad_input_is_kept_with_a_warning_and_not_applied(lifecycle: Container) -> None:
    by_id = ids()
    contradictory = lifecycle.index.get_policy(by_id["a16_contradictory.md"])
    assert contradictory.expires == date(2021, 12, 31)  # nothing lost
    assert "日期矛盾" in date_warnings(contradictory)[0]
    [itself] = lifecycle.index.relations(sources=[by_id["a17_self_repeal.md"]])
    assert itself.state == REVIEW and "是它自己" in itself.warning
    [ambiguous] = lifecycle.index.relations(sources=[by_id["a20_ambiguous_repeal.txt"]])
    assert ambiguous.state == REVIEW and ambiguous.target_id is None
    assert "fh-2016-4-edu" in ambiguous.warning and "fh-2016-4-water" in ambiguous.warning


def test_search_admits_what_is_in_force_on_the_day_asked(lifecycle: Container) -> None:
    by_id = ids()

    def found(day: date) -> set[str]:
        hits = lifecycle.searcher.search("购房补贴 人才安居", 10, SearchFilters(as_of=day))
        return {h.doc_id for h in hits}

    old, new = by_id["a04_old_housing.txt"], by_id["a05_new_housing.txt"]
    assert old in found(date(2022, 6, 1)) and new not in found(date(2022, 6, 1))
    assert new in found(date(2024, 6, 1)) and old not in found(date(2024, 6, 1))
    hits = lifecycle.searcher.search("购房补贴", 10, SearchFilters(statuses=None, as_of=date(2024, 6, 1)))
    assert {h.doc_id: h.status for h in hits}[old] == R


def test_a_staff_override_wins_over_dates_and_relations(lifecycle: Container) -> None:
    by_id = ids()
    doc = by_id["a04_old_housing.txt"]
    lifecycle.index.update_metadata(doc, {"status": IN_FORCE})
    validity = lifecycle.index.validity([doc], date(2026, 6, 15))[doc]
    assert validity == (IN_FORCE, "工作人员标注为“现行有效”")


def test_saving_a_form_with_the_stored_status_is_not_an_override(lifecycle: Container) -> None:
    doc = ids()["a10_yearly_window.txt"]  # in force on the fixture's day (settings.validity_as_of, 2026-06-01)
    lifecycle.index.update_metadata(doc, {"status": IN_FORCE, "category": "规范性文件"})  # a console save
    assert lifecycle.index.validity([doc], date(2028, 1, 1))[doc].status == X
    provenance = lifecycle.index.get_policy(doc).provenance
    assert provenance["category"] == "staff" and provenance.get("status") != "staff"
