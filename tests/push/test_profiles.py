"""Profile validation: every bad field gets a message saying what to change; secrets never show."""

from __future__ import annotations

import pytest

from push.errors import InvalidProfile
from push.profiles import profile_text, validate_profile
from tests.push.conftest import SECRET, profile


def _with(**fields: object) -> dict:
    data = profile().model_dump(mode="python")
    data["channel"]["secret"] = SECRET
    data.update(fields)
    return data


@pytest.mark.parametrize(("fields", "message"), [
    ({"scale": "huge"}, "scale"),
    ({"kind": "citizen"}, "个人订阅者不填企业字段（scale"),
    ({"scale": "micro", "industry": "汽车零部件制造", "employees": 5000},
     "scale 为微型，与 employees/revenue/assets 不符"),
    ({"scale": "large", "industry": "软件开发", "employees": 30, "revenue": 800}, "只能是 小型"),
    ({"industry": "宇宙飞船维修"}, "无法识别的行业：宇宙飞船维修"),
    ({"employees": -3}, "employees"),
    ({"revenue": -1.5}, "revenue"),
    ({"org_form": "social_org"}, "org_form social_org 与 kind enterprise 不符"),
    ({"birth_year": 1990}, "企业或机构不填个人字段"),
    ({"region": "火星基地"}, "无法识别的地区"),
    ({"channel": {"type": "webhook", "url": "ftp://example.com/x", "secret": SECRET}}, "http:// 或 https://"),
    ({"channel": {"type": "webhook", "url": "not a url", "secret": SECRET}}, "channel.url"),
    ({"channel": {"type": "webhook", "url": "https://example.com/hook"}}, "channel.secret"),
    ({"channel": {"type": "webhook", "url": "https://example.com/hook", "secret": "short"}}, "secret 太短"),
    ({"channel": {"type": "email", "url": "https://example.com/hook", "secret": SECRET}}, "channel.type"),
    ({"tags": ["x" * 31]}, "标签"),
    ({"colour": "blue"}, "colour"),
])
def test_invalid_profiles_are_refused_with_a_message(fields: dict, message: str) -> None:
    with pytest.raises(InvalidProfile) as caught:
        validate_profile(_with(**fields))
    assert message in str(caught.value)
    assert SECRET not in str(caught.value)


def test_tags_industry_and_region_are_normalised() -> None:
    checked = validate_profile(_with(tags=["高企", "小微", "本地老字号"], industry="机械制造", region="奉化区"))
    assert checked.tags == ["高新技术企业", "小微企业", "本地老字号"]
    assert checked.qualifications == ["高新技术企业", "小微企业"]
    assert checked.industry == "机械制造" and checked.industry_code == "C"
    assert checked.region == "浙江省宁波市奉化区"


def test_secret_is_hidden_in_repr_and_dumps() -> None:
    checked = validate_profile(_with())
    assert SECRET not in repr(checked)
    assert SECRET not in str(checked.public_dict())
    assert "url" not in str(checked.public_dict())


def test_a_citizen_name_is_not_embedded() -> None:
    citizen = profile(kind="citizen", name="王小明", scale=None, tags=["高校毕业生"], industry=None)
    assert "王小明" not in profile_text(citizen)
    assert "高校毕业生" in profile_text(citizen)


def test_figures_give_the_scale_by_the_national_standard() -> None:
    checked = validate_profile(_with(scale=None, industry="软件开发", employees=45, revenue=3000))
    assert checked.industry_code == "I65"
    assert checked.scales == ("small",)
    only_staff = validate_profile(_with(scale=None, industry="汽车零部件制造", employees=60))
    assert only_staff.scales == ("micro", "small")
