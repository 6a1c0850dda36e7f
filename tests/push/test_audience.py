"""A policy's audience: derived from its text and metadata, stored, corrected by staff (corrections win)."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from config.settings import PROJECT_ROOT
from index.models import Policy
from index.parsing import read_policy
from push.audience import derive_audience, find_thresholds
from push.audience_store import AudienceStore
from push.errors import InvalidAudience
from service.container import Container
from tests.push.conftest import LOCAL_POLICIES, ingest_local


def _local(name: str) -> Policy:
    return read_policy(LOCAL_POLICIES / f"{name}.md")


def test_local_sme_policy_is_for_small_enterprises_in_its_district() -> None:
    audience = derive_audience(_local("fenghua-sme-support"))
    assert audience.kinds == ["enterprise"]
    assert audience.subjects[0] == "小微企业"
    assert audience.scales == ["micro", "small"]
    assert audience.jurisdiction == "浙江省宁波市奉化区"
    assert {"kind": "established_years", "op": ">=", "value": 1, "text": "成立满1年"} in audience.thresholds


def test_graduate_policy_is_for_citizens() -> None:
    audience = derive_audience(_local("zhenhai-graduates"))
    assert audience.kinds == ["citizen"]
    assert audience.subjects == ["高校毕业生"]
    assert audience.jurisdiction == "浙江省宁波市镇海区"


@pytest.mark.parametrize("path", sorted((PROJECT_ROOT / "examples" / "policies").glob("*.txt")), ids=lambda p: p.stem)
def test_government_work_plans_and_reports_address_no_one_outside_government(path: Path) -> None:
    assert derive_audience(read_policy(path)).kinds == []


def test_a_national_law_applies_everywhere() -> None:
    law = Policy(id="law", title="中华人民共和国中小企业促进法", text="第一条 为了改善中小企业经营环境……中小企业" * 3,
                 issuer="全国人民代表大会常务委员会")
    audience = derive_audience(law)
    assert audience.jurisdiction == "全国"
    assert "中小企业" in audience.subjects


def test_a_passing_mention_does_not_make_an_audience() -> None:
    text = "小微企业" * 12 + "。对吸纳残疾人就业的，按规定给予补贴。"
    audience = derive_audience(Policy(id="p", title="关于支持小微企业的意见", text=text, region="宁波市"))
    assert audience.subjects == ["小微企业"]


def test_thresholds_are_read_with_their_direction() -> None:
    found = find_thresholds("年营业收入2000万元以下、从业人员300人以下的企业；"
                            "研发费用占营业收入比例达到5%以上；成立不满三年")
    assert {(t["kind"], t["op"], t["value"]) for t in found} == {
        ("revenue", "<=", 2000.0), ("employees", "<=", 300.0), ("rd_ratio", ">=", 5.0), ("established_years", "<", 3),
    }


def test_staff_correction_wins_until_reset(container: Container) -> None:
    [doc_id] = ingest_local(container, "fenghua-sme-support")
    audiences = AudienceStore(container.engine)
    policy = container.index.get_policy(doc_id)
    assert audiences.ensure(policy).corrected_by_staff is False
    corrected = audiences.correct(policy, {"subjects": ["小微", "个体户"], "jurisdiction": "宁波市"})
    assert corrected.subjects == ["小微企业", "个体工商户"] and corrected.jurisdiction == "浙江省宁波市"
    changed = dataclasses.replace(policy, text=policy.text + "\n补充说明：高校毕业生创办的小微企业同样适用。")
    container.ingestor.ingest_policy(changed)
    kept = audiences.ensure(container.index.get_policy(doc_id))
    assert kept.corrected_by_staff and kept.jurisdiction == "浙江省宁波市"
    assert audiences.reset(container.index.get_policy(doc_id)).jurisdiction == "浙江省宁波市奉化区"


def test_audience_is_derived_again_when_the_policy_changes(container: Container) -> None:
    [doc_id] = ingest_local(container, "fenghua-sme-support")
    audiences = AudienceStore(container.engine)
    assert audiences.ensure(container.index.get_policy(doc_id)).jurisdiction == "浙江省宁波市奉化区"
    container.index.update_metadata(doc_id, {"region": "浙江省宁波市"})
    assert audiences.ensure(container.index.get_policy(doc_id)).jurisdiction == "浙江省宁波市"


@pytest.mark.parametrize(("changes", "message"), [
    ({"kinds": ["robot"]}, "kinds"), ({"subjects": ["外星人"]}, "不认识的适用对象"),
    ({"jurisdiction": "火星"}, "无法识别的适用地区"), ({"title": "x"}, "不能修改的字段"),
])
def test_invalid_corrections_are_refused(container: Container, changes: dict, message: str) -> None:
    [doc_id] = ingest_local(container, "fenghua-sme-support")
    with pytest.raises(InvalidAudience, match=message):
        AudienceStore(container.engine).correct(container.index.get_policy(doc_id), changes)
