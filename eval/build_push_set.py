# ruff: noqa: E501 - the profile tables are data, one profile a line
"""Write the push evaluation set: profiles (what a subscriber sends, and what is true of it) and labels.

    python eval/build_push_set.py     # rewrites eval/push_profiles.jsonl and eval/push_labels.jsonl

Each policy's criterion is written down in eval/push_criteria.jsonl: the policy's own scope or condition
sentence, quoted, and the same sentence as a rule over the profiles' true facts (`truth`). A label is that
rule applied to the truth, by the small evaluator below, which knows nothing of push/: it reads GB/T 4754 codes,
scales and forms that were assigned by hand in `truth`, not derived from the submitted free text. Pairs named
in a criterion's `borderline` list (the sentence does not settle them) are left out of the metrics.

The split was fixed here before any matching rule was written: policies by their `split` field, profiles by
theirs; dev pairs are dev policies x dev profiles, test pairs test policies x test profiles.
"""

from __future__ import annotations

import json
from pathlib import Path

HERE = Path(__file__).resolve().parent
YEAR = 2026  # the labels read ages and enterprise ages as of 2026

# id, split, name, region, industry as the subscriber writes it, org_form (None: not sent), employees, revenue
# (万元), assets (万元), ownership, tags, established; truth: form, GB/T 4754 code, scale, ownership, quals;
# withheld: fields the subscriber does not send (their true value stays in truth)
ORGS = [
    ("o01", "dev", "宁波奉化甬兴汽车零部件有限公司", "浙江省宁波市奉化区", "汽车零部件制造", None, 60, 5200, None, "private",
     [], "2016-05-10", "company", "C36", "small", [], {}),
    ("o02", "dev", "宁波奉化锦程五金加工厂", "浙江省宁波市奉化区", "五金冲压件加工", "sole_proprietorship", 12, 260, None,
     "private", [], "2021-03-01", "sole_proprietorship", "C33", "micro", [], {}),
    ("o03", "dev", "奉化区溪口水蜜桃专业合作社", "浙江省宁波市奉化区", "水果种植", "cooperative", 15, 600, None, None,
     ["农民专业合作社"], "2012-08-15", "cooperative", "A01", "medium", [], {}),
    ("o04", "dev", "奉化区阿香小吃店", "浙江省宁波市奉化区", "小吃", "individual_business", 3, 40, None, "private",
     [], "2019-11-20", "individual_business", "H62", "micro", [], {}),
    ("o05", "dev", "宁波镇海新材料科技股份有限公司", "浙江省宁波市镇海区", "高性能塑料新材料", None, 420, 68000, None, "private",
     ["专精特新", "高新技术企业"], "2010-02-01", "company", "C29", "medium", ["专精特新", "高新技术企业"], {}),
    ("o06", "dev", "宁波镇海炼化有限公司", "浙江省宁波市镇海区", "石油炼制", None, 5000, 8000000, None, "state",
     [], "1975-06-01", "company", "C25", "large", [], {}),
    ("o07", "dev", "宁波鄞州智云软件有限公司", "浙江省宁波市鄞州区", "软件开发", None, 45, 3000, None, "private",
     ["高新技术企业", "科技型中小企业"], "2017-09-12", "company", "I65", "small", ["高新技术企业", "科技型中小企业"], {}),
    ("o08", "dev", "宁波鄞州海联进出口有限公司", "浙江省宁波市鄞州区", "小家电出口贸易", None, 35, 18000, None, "private",
     ["外贸企业"], "2008-04-18", "company", "F51", "medium", ["外贸企业"], {}),
    ("o09", "dev", "宁波鄞州优品电子商务有限公司", "浙江省宁波市鄞州区", "网店零售", None, 8, 900, None, "private",
     [], "2020-06-30", "company", "5292", "micro", ["电子商务经营者"], {"employees": 8}),
    ("o10", "dev", "杭州拱墅数智科技有限公司", "浙江省杭州市拱墅区", "信息技术服务", None, 80, 6000, None, "private",
     ["高新技术企业", "专精特新"], "2015-07-07", "company", "I65", "small", ["高新技术企业", "专精特新"], {}),
    ("o11", "dev", "杭州拱墅云端网络有限公司", "浙江省杭州市拱墅区", "互联网平台", None, 3000, 500000, None, "private",
     ["高新技术企业"], "2005-03-03", "company", "I64", "large", ["高新技术企业", "电子商务经营者"], {}),
    ("o12", "dev", "苏州精工传动科技有限公司", "江苏省苏州市", "精密减速机制造", None, 150, 12000, None, "private",
     ["专精特新"], "2014-09-01", "company", "C34", "small", ["专精特新"], {}),
    ("o13", "dev", "北京朝阳优选电商平台有限公司", "北京市朝阳区", "电子商务平台", None, 600, 90000, None, "private",
     [], "2016-02-02", "company", "I64", "medium", ["电子商务经营者"], {}),
    ("o14", "dev", "宁波海曙建工有限公司", "浙江省宁波市海曙区", "房屋建筑施工", None, 260, 45000, 30000, "state",
     [], "2003-05-20", "company", "E47", "medium", [], {}),
    ("o15", "dev", "宁波海曙康宁大药房连锁有限公司", "浙江省宁波市海曙区", "药店", None, 120, 15000, None, "private",
     [], "2009-08-08", "company", "5251", "medium", [], {}),
    ("o16", "dev", "宁波北仑博瑞汽车部件有限公司", "浙江省宁波市北仑区", "汽车零部件制造", None, 1200, 600000, None, "foreign",
     ["高新技术企业"], "2006-10-10", "company", "C36", "large", ["高新技术企业"], {}),
    ("o17", "dev", "宁波江北甬上影视文化传媒有限公司", "浙江省宁波市江北区", "电影制作发行", None, 25, 800, None, "private",
     [], "2018-04-04", "company", "R87", "small", [], {"revenue": 800}),
    ("o18", "dev", "象山县海滨家庭农场", "浙江省宁波市象山县", "柑橘种植", "individual_business", 4, 80, None, "private",
     ["家庭农场"], "2018-03-15", "individual_business", "A01", "small", ["家庭农场"], {}),
    ("o19", "dev", "鄞州区阳光居家养老服务中心", "浙江省宁波市鄞州区", "养老服务", "social_org", 30, None, None, "private",
     [], "2016-01-01", "social_org", "Q85", None, [], {}),
    ("o21", "test", "宁波北仑恒力模具有限公司", "浙江省宁波市北仑区", "模具制造", None, 210, 16000, None, "private",
     [], "2012-05-05", "company", "C35", "small", [], {"revenue": 16000}),
    ("o22", "test", "奉化区小桥面馆", "浙江省宁波市奉化区", "面馆", "individual_business", 4, 60, None, "private",
     [], "2021-07-01", "individual_business", "H62", "micro", [], {}),
    ("o23", "test", "宁波鄞州瑞丰企业管理咨询合伙企业（有限合伙）", "浙江省宁波市鄞州区", "企业管理咨询", None, 6, 200, 150,
     "private", [], "2019-02-02", "partnership", "L72", "micro", [], {}),
    ("o24", "test", "慈溪市周记水产养殖场", "浙江省宁波市慈溪市", "水产养殖", "sole_proprietorship", 9, 350, None, "private",
     [], "2015-03-03", "sole_proprietorship", "A04", "small", [], {}),
    ("o25", "test", "宁波城建投资集团有限公司", "浙江省宁波市", "市政道路桥梁施工", None, 2500, 900000, 5000000, "state",
     [], "2001-01-01", "company", "E48", "large", [], {}),
    ("o26", "test", "杭州余杭良渚大酒店有限公司", "浙江省杭州市余杭区", "酒店", None, 150, 8000, None, "private",
     [], "2010-10-10", "company", "H61", "medium", [], {"employees": 150}),
    ("o27", "test", "余杭区小鲜奶茶店", "浙江省杭州市余杭区", "奶茶店", "individual_business", 3, 50, None, "private",
     [], "2022-05-20", "individual_business", "H62", "micro", [], {}),
    ("o28", "test", "宁波甬东农业开发有限公司", "浙江省宁波市奉化区", "生猪养殖", None, 40, 3000, None, "private",
     [], "2014-06-06", "company", "A03", "medium", [], {}),
    ("o29", "test", "宁波市鄞州区明德外国语学校", "浙江省宁波市鄞州区", "民办中小学", "social_org", 180, None, None, "private",
     [], "2005-09-01", "social_org", "P83", None, [], {}),
    ("o30", "test", "浙江甬江职业技术学院", "浙江省宁波市鄞州区", "高等职业教育", "public_body", 900, None, None, "state",
     [], "1999-09-01", "public_body", "8341", None, [], {}),
    ("o31", "test", "宁波鄞州农村商业银行股份有限公司", "浙江省宁波市鄞州区", "商业银行", None, 2000, 600000, 30000000, None,
     [], "2003-03-03", "company", "6621", "large", [], {}),
    ("o32", "test", "宁波镇海甬舟建筑装饰工程有限公司", "浙江省宁波市镇海区", "建筑装饰装修", None, 60, 4000, 2500, "private",
     [], "2017-07-07", "company", "E50", "small", [], {}),
    ("o33", "test", "杭州拱墅海纳进出口贸易有限公司", "浙江省杭州市拱墅区", "服装出口", None, 15, 3000, None, "private",
     ["外贸企业"], "2016-06-16", "company", "F51", "small", ["外贸企业"], {"revenue": 3000}),
    ("o34", "test", "宁波德力西电气有限公司", "浙江省宁波市鄞州区", "电气机械制造", None, 650, 85000, None, "foreign",
     ["高新技术企业"], "2004-04-04", "company", "C38", "medium", ["高新技术企业"], {}),
    ("o35", "test", "宁波鄞州天成科技有限公司", "浙江省宁波市鄞州区", "软件开发", None, 12, 400, None, "private",
     ["科技型中小企业"], "2022-02-22", "company", "I65", "small", ["科技型中小企业"], {"ownership": "private"}),
    ("o36", "test", "宁波市奉化区国有资产投资经营有限公司", "浙江省宁波市奉化区", "国有资产投资管理", None, 50, 20000, 3000000,
     "state", [], "2002-02-02", "company", "L72", "small", [], {}),
    ("o37", "test", "温州瓯海鞋业有限公司", "浙江省温州市瓯海区", "制鞋", None, 300, 30000, None, "private",
     [], "2008-08-08", "company", "C19", "medium", [], {}),
    ("o38", "test", "宁波鄞州慈航公益基金会", "浙江省宁波市鄞州区", "公益慈善", "social_org", 8, None, None, "private",
     [], "2019-09-09", "social_org", "S95", None, [], {}),
]

# id, split, name, region, birth_year, gender, employment, tags; truth groups; withheld
CITIZENS = [
    ("c01", "dev", "陈同学", "浙江省宁波市镇海区", 2002, "female", "employed", ["高校毕业生"], ["graduate"], {},
     "2024届全日制本科毕业生，在镇海一家企业就业", "就业补贴、租房补贴"),
    ("c02", "dev", "周同学", "浙江省宁波市奉化区", 2004, "female", "unemployed", ["高校毕业生"], ["graduate"], {},
     "2025届高职毕业生，正在找工作", "就业见习、求职补贴"),
    ("c03", "dev", "王先生", "浙江省宁波市鄞州区", 1998, "male", "unemployed", ["退役军人"], ["veteran"], {},
     "2022年自主就业退役士兵，想开一家汽修店", "退役军人创业扶持、技能培训"),
    ("c04", "dev", "孙奶奶", "浙江省宁波市奉化区", 1944, "female", "retired", [], [], {},
     "独居老人，行动不便", "居家养老、高龄津贴"),
    ("c05", "dev", "钱大爷", "浙江省宁波市镇海区", 1951, "male", "retired", [], [], {}, "退休职工", "养老服务、老年人优待"),
    ("c06", "dev", "吴女士", "浙江省宁波市奉化区", 1988, "female", "unemployed", ["残疾人"], ["disabled"], {},
     "持证肢体残疾人，想从事网店经营", "残疾人就业创业补贴、职业培训"),
    ("c07", "dev", "冯大叔", "浙江省宁波市鄞州区", 1971, "male", "self_employed", ["农民"], ["farmer"], {},
     "种植水稻和蔬菜的农户", "种粮补贴、农村建设"),
    ("c08", "dev", "刘同学", "江苏省苏州市", 2001, "male", "unemployed", ["高校毕业生"], ["graduate"], {},
     "2025届硕士毕业生，在苏州求职", "人才补贴、就业"),
    ("c09", "dev", "何女士", "浙江省杭州市拱墅区", 1981, "female", "unemployed", ["就业困难人员"], ["hard_to_employ"], {},
     "登记失业人员", "再就业援助、公益性岗位"),
    ("c10", "dev", "许先生", "浙江省宁波市奉化区", 1993, "male", "self_employed", ["创业者"], ["entrepreneur"], {},
     "准备自主创业开设一家咖啡店", "创业担保贷款、创业补贴"),
    ("c11", "dev", "李师傅", "浙江省宁波市北仑区", 1980, "male", "employed", [], [], {}, "汽车零部件厂的装配工",
     "工资、社保、技能提升"),
    ("c12", "dev", "林阿姨", "浙江省宁波市海曙区", 1962, "female", "retired", [], [], {"birth_year": 1962},
     "退休后在社区做志愿者", "社区活动、医保"),
    ("c21", "test", "张同学", "浙江省杭州市拱墅区", 2003, "female", "employed", ["高校毕业生"], ["graduate"], {},
     "2025届本科毕业生，在拱墅区一家软件公司工作", "租房补贴、人才政策"),
    ("c22", "test", "黄先生", "浙江省宁波市奉化区", 1995, "male", "employed", ["退役军人"], ["veteran"], {},
     "退役后在物流公司当司机", "退役军人优待、技能培训"),
    ("c23", "test", "朱奶奶", "浙江省杭州市余杭区", 1956, "female", "retired", [], [], {}, "退休教师", "老年大学、养老服务"),
    ("c24", "test", "徐大伯", "浙江省宁波市慈溪市", 1960, "male", "self_employed", ["农民"], ["farmer"], {},
     "承包20亩地种植西兰花", "农业补贴、农机"),
    ("c25", "test", "马女士", "浙江省宁波市鄞州区", 1997, "female", "employed", ["残疾人"], ["disabled"], {},
     "听力残疾人，在一家电商公司做客服", "残疾人就业补贴"),
    ("c26", "test", "高先生", "浙江省宁波市镇海区", 1976, "male", "unemployed", ["退役军人", "就业困难人员"],
     ["veteran", "hard_to_employ"], {}, "退役多年，工厂关停后失业", "再就业、退役军人帮扶"),
    ("c27", "test", "罗女士", "江苏省苏州市", 1991, "female", "employed", [], [], {}, "外企行政人员", "个税、社保"),
    ("c28", "test", "宋同学", "浙江省宁波市鄞州区", 2006, "male", "student", [], ["student"], {}, "大二在读学生",
     "奖学金、实习"),
    ("c29", "test", "邓先生", "浙江省杭州市拱墅区", 1986, "male", "self_employed", ["创业者"], ["entrepreneur"], {},
     "开了一家设计工作室", "创业扶持、贷款"),
    ("c30", "test", "韩阿婆", "浙江省宁波市奉化区", 1938, "female", "retired", ["残疾人"], ["disabled"], {},
     "高龄老人，肢体残疾", "高龄津贴、居家养老"),
    ("c31", "test", "曹女士", "浙江省宁波市奉化区", 1968, "female", "self_employed", ["农民"], ["farmer"],
     {"gender": "female"}, "在村里种茶", "农业补贴"),
    ("c32", "test", "谢先生", "浙江省宁波市海曙区", 1999, "male", "employed", [], [], {"birth_year": 1999},
     "在一家商场做销售", "社保、住房公积金"),
]

FORM_KIND = {"public_body": "organization", "social_org": "organization"}


def org_rows() -> list[dict]:
    rows = []
    for (sid, split, name, region, industry, form, emp, rev, assets, own, tags, founded,
         t_form, t_code, t_scale, t_quals, withheld) in ORGS:
        profile = {"kind": FORM_KIND.get(t_form, "enterprise"), "name": name, "region": region, "industry": industry,
                   "org_form": form, "employees": emp, "revenue": rev, "assets": assets, "ownership": own,
                   "tags": tags, "established": founded}
        profile = {k: v for k, v in profile.items() if v is not None and v != [] and k not in withheld}
        truth = {"form": t_form, "industry": t_code, "scale": t_scale, "ownership": withheld.get("ownership", own),
                 "quals": t_quals, "employees": emp, "revenue": rev, "region": region, "founded": founded}
        rows.append({"id": sid, "split": split, "profile": profile, "truth": truth,
                     "withheld": sorted(withheld)})
    return rows


def citizen_rows() -> list[dict]:
    rows = []
    for sid, split, name, region, born, gender, employment, tags, groups, withheld, description, interests in CITIZENS:
        profile = {"kind": "citizen", "name": name, "region": region, "birth_year": born, "gender": gender,
                   "employment": employment, "tags": tags, "description": description, "interests": interests}
        profile = {k: v for k, v in profile.items() if v != [] and k not in withheld}
        truth = {"form": "person", "age": YEAR - born, "gender": gender, "employment": employment, "groups": groups,
                 "region": region}
        rows.append({"id": sid, "split": split, "profile": profile, "truth": truth, "withheld": sorted(withheld)})
    return rows


def holds(rule: dict, truth: dict) -> bool:
    """The criterion rule over one profile's true facts; every key of `rule` must hold."""
    return all(_clause(key, value, truth) for key, value in rule.items())


def _clause(key: str, value, truth: dict) -> bool:  # noqa: C901 - one branch per clause kind
    groups = set(truth.get("groups", []))
    age = truth.get("age")
    if key == "any":
        return any(holds(r, truth) for r in value)
    if key == "form":
        return truth["form"] in value
    if key == "not_form":
        return truth["form"] not in value
    if key == "group":
        return any(_group(g, truth, groups, age) for g in value)
    if key == "scale":
        return truth.get("scale") in value
    if key == "industry":
        return any(str(truth.get("industry") or "").startswith(v) for v in value)
    if key == "not_industry":
        return not any(str(truth.get("industry") or "").startswith(v) for v in value)
    if key == "region":
        return truth["region"].startswith(value)
    if key == "qual":
        return bool(set(value) & set(truth.get("quals", [])))
    if key == "ownership":
        return truth.get("ownership") in value
    if key == "not_ownership":
        return truth.get("ownership") not in value
    if key == "revenue_min":
        return (truth.get("revenue") or 0) >= value
    if key == "founded_years_min":
        return "founded" in truth and YEAR - int(truth["founded"][:4]) >= value
    raise ValueError(f"unknown clause {key}")


def _group(name: str, truth: dict, groups: set, age: int | None) -> bool:
    if name == "elderly":
        return age is not None and age >= 60
    if name == "elderly80":
        return age is not None and age >= 80
    if name == "woman":
        return truth.get("gender") == "female"
    if name == "worker":
        return truth.get("employment") == "employed"
    if name == "working_age":
        return age is not None and 16 <= age < 60
    return name in groups


def main() -> None:
    profiles = org_rows() + citizen_rows()
    criteria = [json.loads(line) for line in (HERE / "push_criteria.jsonl").read_text(encoding="utf-8").splitlines()
                if line.strip()]
    with (HERE / "push_profiles.jsonl").open("w", encoding="utf-8") as out:
        for row in profiles:
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
    with (HERE / "push_labels.jsonl").open("w", encoding="utf-8") as out:
        for c in criteria:
            pool = [p for p in profiles if p["split"] == c["split"] or c["split"] == "not_in_force"]
            border = set(c.get("borderline", []))
            label = {"doc_id": c["doc_id"], "split": c["split"], "source": c["source"], "kinds": c["kinds"],
                     "positives": [p["id"] for p in pool if p["id"] not in border and holds(c["rule"], p["truth"])],
                     "negatives": [p["id"] for p in pool if p["id"] not in border and not holds(c["rule"], p["truth"])],
                     "borderline": sorted(border)}
            out.write(json.dumps(label, ensure_ascii=False) + "\n")
    print(f"{len(profiles)} profiles, {len(criteria)} policies")


if __name__ == "__main__":
    main()
