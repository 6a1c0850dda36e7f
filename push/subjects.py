"""Who a policy can address and who a subscriber is: legal forms, groups of citizens, qualifications.

A subscriber holds some of these tokens (an enterprise its form and qualifications, a citizen `person` and
its groups); a policy's `who` condition names the tokens it admits. Policy wording maps to tokens through
`WHO_PHRASES` (longest first), and a profile's tags through `TAG_TOKENS`.
"""

from __future__ import annotations

FORMS = ("company", "partnership", "sole_proprietorship", "individual_business", "cooperative", "social_org",
         "public_body", "person")
GROUPS = ("graduate", "veteran", "disabled", "elderly", "farmer", "woman", "worker", "hard_to_employ",
          "entrepreneur", "student")
QUALS = ("高新技术企业", "专精特新", "科技型中小企业", "外贸企业", "电子商务经营者", "家庭农场", "规上企业")
TOKENS = FORMS + GROUPS + QUALS
TOKEN_INDEX = {t: i for i, t in enumerate(TOKENS)}

ENTERPRISE_FORMS = ("company", "partnership", "sole_proprietorship")
BUSINESS_FORMS = ENTERPRISE_FORMS + ("individual_business", "cooperative")
ORG_FORMS = BUSINESS_FORMS + ("social_org", "public_body")
LEGAL_PERSON_FORMS = ("company", "cooperative", "social_org", "public_body")
ORGANIZATION_FORMS = ("social_org", "public_body")

FORM_NAMES = {"company": "公司", "partnership": "合伙企业", "sole_proprietorship": "个人独资企业",
              "individual_business": "个体工商户", "cooperative": "农民专业合作社", "social_org": "社会组织",
              "public_body": "机关事业单位", "person": "个人"}
GROUP_NAMES = {"graduate": "高校毕业生", "veteran": "退役军人", "disabled": "残疾人", "elderly": "老年人（60周岁以上）",
               "farmer": "农民", "woman": "妇女", "worker": "在职劳动者", "hard_to_employ": "就业困难人员",
               "entrepreneur": "创业者", "student": "在校学生"}
TOKEN_NAMES = {**FORM_NAMES, **GROUP_NAMES, **{q: q for q in QUALS}}

# policy wording → tokens it admits
WHO_PHRASES: dict[str, tuple[str, ...]] = {
    "有限责任公司": ("company",), "股份有限公司": ("company",), "公司": ("company",), "企业法人": ("company",),
    "营利法人": ("company",), "非法人组织": ("partnership", "sole_proprietorship"),
    "个人独资企业": ("sole_proprietorship",), "合伙企业": ("partnership",),
    "企业": ENTERPRISE_FORMS,
    "个体工商户": ("individual_business",), "个体经济组织": ("individual_business",),
    "个体经营": ("individual_business",),
    "农民专业合作社": ("cooperative",), "专业合作社": ("cooperative",), "农村集体经济组织": ("cooperative",),
    "民办非企业单位": ("social_org",), "社会组织": ("social_org",), "社会团体": ("social_org",),
    "基金会": ("social_org",), "慈善组织": ("social_org",),
    "国家机关": ("public_body",), "事业单位": ("public_body",), "事业组织": ("public_body",),
    "国家机构": ("public_body",),
    "申报企业": (), "申请企业": (), "申报单位": (), "申请单位": (), "相关企业": (), "有关企业": (),
    "居民企业": ENTERPRISE_FORMS, "非居民企业": ENTERPRISE_FORMS, "居民个人": ("person",),
    "组织": ENTERPRISE_FORMS + ("cooperative", "social_org", "public_body"),
    "用人单位": ORG_FORMS, "经营者": BUSINESS_FORMS, "市场主体": BUSINESS_FORMS, "生产经营单位": BUSINESS_FORMS,
    "经营主体": BUSINESS_FORMS,
    "高校毕业生": ("graduate",), "毕业生": ("graduate",), "大学生": ("graduate",),
    "退役军人": ("veteran",), "退役士兵": ("veteran",), "残疾人": ("disabled",), "老年人": ("elderly",),
    "农民": ("farmer",), "农户": ("farmer",), "妇女": ("woman",), "劳动者": ("worker",), "职工": ("worker",),
    "就业困难人员": ("hard_to_employ",), "失业人员": ("hard_to_employ",), "创业者": ("entrepreneur",),
    "个人": ("person",), "公民": ("person",), "居民": ("person",),
}
QUAL_PHRASES: dict[str, str] = {
    "高新技术企业": "高新技术企业", "高企": "高新技术企业", "专精特新": "专精特新", "小巨人": "专精特新",
    "科技型中小企业": "科技型中小企业", "外贸企业": "外贸企业", "进出口经营": "外贸企业", "电子商务": "电子商务经营者",
    "家庭农场": "家庭农场", "规模以上": "规上企业", "规上": "规上企业",
}
# profile tags → tokens
TAG_TOKENS: dict[str, str] = {
    "个体工商户": "individual_business", "个体户": "individual_business", "农民专业合作社": "cooperative",
    "高校毕业生": "graduate", "大学毕业生": "graduate", "应届毕业生": "graduate", "退役军人": "veteran",
    "退役士兵": "veteran", "残疾人": "disabled", "老年人": "elderly", "农民": "farmer", "农户": "farmer",
    "就业困难人员": "hard_to_employ", "失业人员": "hard_to_employ", "创业者": "entrepreneur", "在校学生": "student",
    "高新技术企业": "高新技术企业", "高企": "高新技术企业", "专精特新": "专精特新", "小巨人": "专精特新",
    "科技型中小企业": "科技型中小企业", "外贸企业": "外贸企业", "电子商务经营者": "电子商务经营者",
    "电商": "电子商务经营者",
    "家庭农场": "家庭农场", "规上企业": "规上企业", "规模以上企业": "规上企业",
}
WHO_ORDER = sorted(WHO_PHRASES, key=len, reverse=True)
QUAL_ORDER = sorted(QUAL_PHRASES, key=len, reverse=True)


def consume(text: str, phrases: list[str]) -> tuple[list[str], str]:
    """The phrases found in `text`, longest first, each occurrence read once; and the text with them blanked."""
    found = []
    for phrase in phrases:
        if phrase in text:
            found.append(phrase)
            text = text.replace(phrase, "\0")
    return found, text
