"""Everyday words for the terms policy text uses (社保 → 社会保险), so a quote can be found for a question
asked in one's own words. Used only to choose which sentence of a retrieved passage to quote.
"""

from __future__ import annotations

# the term in policy text: the words people use for it
TERMS: dict[str, tuple[str, ...]] = {
    "社会保险": ("社保", "五险"),
    "医疗保险": ("医保",),
    "养老保险": ("养老金", "退休金"),
    "住房公积金": ("公积金",),
    "劳动报酬": ("工资", "薪水", "薪资", "工钱", "报酬"),
    "解除劳动合同": ("辞职", "离职", "走人", "不干了", "辞退", "开除", "炒鱿鱼"),
    "经济补偿": ("赔偿", "补偿金", "n+1", "遣散费"),
    "用人单位": ("公司", "老板", "单位", "企业", "厂里"),
    "劳动者": ("员工", "职工", "工人", "打工"),
    "未及时足额支付": ("拖欠", "不给", "不发", "克扣", "少发"),
    "未依法缴纳": ("不给交", "不交", "没交", "不缴"),
    "试用期": ("实习期", "考察期"),
    "加班": ("延长工作时间", "加点"),
    "休息休假": ("放假", "休假", "年假"),
    "补贴": ("补助", "津贴", "奖励"),
    "高校毕业生": ("大学生", "应届生", "毕业生"),
    "小型微型企业": ("小微企业", "小企业"),
    "政府采购": ("采购",),
    "政府信息公开": ("信息公开", "政务公开"),
    "依申请公开": ("申请公开",),
}

_EXPANSIONS = [(variant, term) for term, variants in TERMS.items() for variant in variants]


def expand(question: str) -> str:
    """The question followed by the policy terms for the everyday words it uses. The longest everyday word wins:
    "不给交" (社保) is 未依法缴纳, not also "不给" (工资) 未及时足额支付."""
    lowered = question.lower()
    found: dict[str, None] = {}
    for variant, term in _BY_LENGTH:
        if variant in lowered:
            lowered = lowered.replace(variant, "\0")
            if term not in question.lower():
                found[term] = None
    return " ".join([question, *found])


def canonical(question: str) -> str:
    """The question with its everyday words replaced by the policy terms (公积金怎么取 → 住房公积金怎么取)."""
    for variant, term in _BY_LENGTH:
        if variant in question and term not in question:
            question = question.replace(variant, term)
    return question


_BY_LENGTH = sorted(_EXPANSIONS, key=lambda pair: -len(pair[0]))
