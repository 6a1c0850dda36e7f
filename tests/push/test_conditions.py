"""Conditions read from a policy's own wording: scope articles, definitions, 申报条件, exclusions, preferences."""

from __future__ import annotations

from index.models import Policy
from push.audience import derive_audience
from push.conditions import read_conditions


def _conditions(text: str, title: str = "关于支持企业发展的若干措施") -> dict[str, list]:
    found: dict[str, list] = {}
    for c in read_conditions(Policy(id="p", title=title, text=text)):
        key = c.kind if c.required else f"{c.kind}?"
        found[key] = c.values or [c.low, c.high]
    return found


def test_a_law_scope_article_with_an_exclusion() -> None:
    text = ("第一章 总则\n第一条 在中华人民共和国境内，企业和其他取得收入的组织（以下统称企业）为企业所得税的纳税人，"
            "依照本法的规定缴纳企业所得税。\n个人独资企业、合伙企业不适用本法。\n第二条 企业分为居民企业和非居民企业。")
    found = _conditions(text, "中华人民共和国企业所得税法")
    assert "company" in found["who"] and "individual_business" not in found["who"]
    assert sorted(found["not_who"]) == ["partnership", "sole_proprietorship"]


def test_a_definition_names_who_and_its_size() -> None:
    text = ("第一条 为了改善中小企业经营环境，制定本法。\n第二条 本法所称中小企业，是指在中华人民共和国境内依法设立的，"
            "人员规模、经营规模相对较小的企业，包括中型企业、小型企业和微型企业。\n"
            "第三条 国家将促进中小企业发展作为长期发展战略。")
    found = _conditions(text, "中华人民共和国中小企业促进法")
    assert found["who"] == ["company", "partnership", "sole_proprietorship"]
    assert found["size"] == ["micro", "small", "medium"]


def test_an_age_definition_of_a_group_of_citizens() -> None:
    found = _conditions("第一条 为了保障老年人合法权益，制定本法。\n第二条 本法所称老年人是指六十周岁以上的公民。",
                        "中华人民共和国老年人权益保障法")
    assert "elderly" in found["who"] and found["age"] == [60.0, None]


def test_later_articles_do_not_widen_the_scope() -> None:
    text = ("第一条 为了规范公司的组织和行为，制定本法。\n"
            "第二条 本法所称公司，是指依照本法在中华人民共和国境内设立的有限责任公司和股份有限公司。\n"
            "第三条 公司是企业法人。\n第一百六十八条 国家出资公司的组织机构，适用本章规定。"
            "本法所称国家出资公司，是指国家出资的国有独资公司。")
    assert _conditions(text, "中华人民共和国公司法") == {"who": ["company"]}


def test_notice_conditions_legal_person_region_age_and_preference() -> None:
    text = ("一、适用对象\n本意见适用于在奉化区辖区内依法登记注册、具有独立法人资格的小微企业（含小型、微型企业），"
            "以及在本区登记的个体工商户。\n"
            "二、申报条件\n申报企业须成立满1年，近三年无严重失信记录；重点支持已认定为高新技术企业的专精特新企业。\n"
            "三、支持措施\n对高新技术企业给予奖励。")
    found = _conditions(text)
    # no 合伙企业 or 个人独资企业: they are not legal persons
    assert sorted(found["who"]) == ["company", "individual_business"]
    assert found["size"] == ["micro", "small"]
    assert found["enterprise_age"] == [1.0, None]
    assert sorted(found["qualification?"]) == ["专精特新", "高新技术企业"]  # preferred, never excluding


def test_exclusions_of_ownership_and_industry_do_not_exclude_enterprises() -> None:
    text = ("一、适用范围\n本措施适用于在宁波市依法登记注册的民营企业和个体工商户，"
            "不含国有及国有控股企业、外商投资企业。\n"
            "二、申报条件\n（一）房地产开发企业、金融类企业不在本次补助范围。")
    found = _conditions(text)
    assert found["ownership"] == ["private"]
    assert sorted(found["not_ownership"]) == ["foreign", "state"]
    assert "not_who" not in found
    assert {"K", "J"} <= set(found["not_industry"])


def test_a_revenue_threshold_and_an_industry() -> None:
    text = ("二、申报主体\n宁波市行政区域内依法登记注册的规模以上工业企业（年主营业务收入2000万元及以上）。\n"
            "三、项目条件\n项目已竣工。")
    found = _conditions(text)
    assert found["revenue"] == [2000.0, None] and "C" in found["industry"]
    assert found["qualification"] == ["规上企业"]


def test_a_notice_with_a_work_plan_title_but_an_applicant_section_is_pushed() -> None:
    policy = Policy(id="p", title="奉化区2025年惠企政策兑现工作要点",
                    text="一、补助对象\n在奉化区登记注册的小微企业。\n二、补助标准\n每户1万元。")
    assert derive_audience(policy).kinds == ["enterprise"]


def test_a_work_report_names_no_one() -> None:
    policy = Policy(id="p", title="奉化区人民政府2020年政府信息公开工作年度报告",
                    text="一、总体情况\n依托纳税人学堂，及时掌握企业的问题建议。")
    assert derive_audience(policy).kinds == []
