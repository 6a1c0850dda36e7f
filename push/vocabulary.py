"""The words push matches on: qualifications (适用对象), industries, and the two kinds of subscriber.

Each canonical term lists the phrasings that mean it in a policy or a profile. A profile tag or an
industry given in other words is normalised to the canonical term, so "高企" and "高新技术企业" meet.
Order matters where one phrase contains another: the longest phrasing is tried first.
"""

from __future__ import annotations

ENTERPRISE, CITIZEN, ORGANIZATION = "enterprise", "citizen", "organization"
KINDS = (ENTERPRISE, CITIZEN, ORGANIZATION)
KIND_NAMES = {ENTERPRISE: "企业", CITIZEN: "个人", ORGANIZATION: "社会组织或机关事业单位"}

SCALES = ("micro", "small", "medium", "large")
SCALE_NAMES = {"micro": "微型", "small": "小型", "medium": "中型", "large": "大型"}

# qualification → phrasings; the first group concerns enterprises, the second people
QUALIFICATIONS: dict[str, tuple[str, ...]] = {
    "小微企业": ("小微企业", "小型微型企业", "小型、微型企业", "小微"),
    "中小企业": ("中小企业", "中小微企业", "中小微"),
    "高新技术企业": ("高新技术企业", "高企"),
    "科技型中小企业": ("科技型中小企业", "科技型企业"),
    "专精特新": ("专精特新", "小巨人"),
    "个体工商户": ("个体工商户", "个体户"),
    "农民专业合作社": ("农民专业合作社", "专业合作社"),
    "家庭农场": ("家庭农场",),
    "外贸企业": ("外贸企业", "对外贸易经营者", "进出口企业", "外贸"),
    "电子商务经营者": ("电子商务经营者", "电子商务平台经营者", "电商企业", "电商"),
    "政府采购供应商": ("供应商",),
    "规上企业": ("规模以上", "规上企业", "规上"),
    "高校毕业生": ("高校毕业生", "大学毕业生", "应届毕业生", "毕业生"),
    "退役军人": ("退役军人", "复员军人", "转业军人"),
    "残疾人": ("残疾人",),
    "老年人": ("老年人", "老人", "高龄"),
    "农民": ("农民", "农户", "农村居民"),
    "就业困难人员": ("就业困难人员", "失业人员", "登记失业"),
    "创业者": ("创业者", "自主创业", "创业人员"),
}
PERSONAL_QUALIFICATIONS = frozenset({"高校毕业生", "退役军人", "残疾人", "老年人", "农民", "就业困难人员", "创业者"})

# what a scale implies, so a small enterprise without tags still meets 小微企业 policies
SCALE_QUALIFICATIONS = {
    "micro": ("小微企业", "中小企业"),
    "small": ("小微企业", "中小企业"),
    "medium": ("中小企业",),
    "large": (),
}
# which scales a qualification admits, when a policy names it
QUALIFICATION_SCALES = {
    "小微企业": ("micro", "small"),
    "中小企业": ("micro", "small", "medium"),
    "科技型中小企业": ("micro", "small", "medium"),
}

INDUSTRIES: dict[str, tuple[str, ...]] = {
    "农业": ("农业", "农林牧渔", "种植业", "养殖业", "林业", "渔业", "畜牧"),
    "制造业": ("制造业", "制造企业", "工业企业", "先进制造", "智能制造", "制造", "加工"),
    "建筑业": ("建筑业", "建筑施工", "建筑企业"),
    "批发和零售业": ("批发和零售", "批发", "零售", "商贸"),
    "交通运输和物流": ("交通运输", "物流", "仓储", "货运"),
    "住宿和餐饮业": ("住宿和餐饮", "餐饮", "住宿", "酒店"),
    "软件和信息技术服务业": ("软件和信息技术", "软件", "信息技术", "数字经济", "互联网", "集成电路"),
    "金融业": ("金融业", "金融企业", "银行业", "保险业", "证券业"),
    "科学研究和技术服务业": ("科学研究和技术服务", "科技服务", "技术服务", "研发机构", "科技成果"),
    "教育": ("教育机构", "民办学校", "培训机构", "教育培训", "职业学校", "民办教育"),
    "卫生和社会工作": ("医疗机构", "医疗卫生", "养老机构", "养老服务", "社会工作"),
    "文化体育和娱乐业": ("文化产业", "文创", "旅游业", "文旅", "体育产业", "影视", "演艺"),
    "电子商务": ("电子商务", "电商", "网络销售", "直播"),
    "对外贸易": ("对外贸易", "外贸", "进出口", "跨境电商"),
}

ENTERPRISE_WORDS = (
    "企业", "公司", "经营者", "市场主体", "用人单位", "供应商", "合作社", "个体工商户", "法人", "投标人",
    "生产经营单位", "经营组织", "生产者", "销售者",
)
CITIZEN_WORDS = (
    "居民", "公民", "个人", "群众", "劳动者", "职工", "家庭", "毕业生", "退役军人", "残疾人", "老年人", "农民",
)
# titles of documents addressed to government bodies themselves, not to enterprises or citizens
INTERNAL_TITLE_WORDS = ("政务公开", "信息公开工作年度报告", "工作要点", "任务分解", "责任分工", "工作总结")


def normalise(value: str, vocabulary: dict[str, tuple[str, ...]]) -> str | None:
    """The canonical term a free-text value names, or None."""
    text = value.strip()
    if text in vocabulary:
        return text
    for term, phrasings in vocabulary.items():
        if any(p == text or (len(p) > 1 and p in text) for p in phrasings):
            return term
    return None


def mentions(text: str, vocabulary: dict[str, tuple[str, ...]]) -> dict[str, int]:
    """How often each term's phrasings occur in `text` (longer phrasings counted once, not per part)."""
    counts: dict[str, int] = {}
    for term, phrasings in vocabulary.items():
        hits = _count_longest_first(text, phrasings)
        if hits:
            counts[term] = hits
    return counts


def _count_longest_first(text: str, phrasings: tuple[str, ...]) -> int:
    total = 0
    for phrase in sorted(phrasings, key=len, reverse=True):
        total += text.count(phrase)
        text = text.replace(phrase, "\0")
    return total
