"""GB/T 4754-2017 国民经济行业分类: sections and divisions, with the everyday words people and policies use.

A code is a section letter (`C`), a division (`C36`), a group (`C135`, `512`) or a class (`5292`): a profile's
industry is normalised to the most specific code its wording names, and a policy's industry condition is a set
of codes at any level. `covers(condition_code, profile_code)` is prefix containment once both are written
as section letter + digits (`5292` → `F5292`).
"""

from __future__ import annotations

import re
from functools import lru_cache

SECTIONS: dict[str, tuple[str, range]] = {
    "A": ("农、林、牧、渔业", range(1, 6)),
    "B": ("采矿业", range(6, 13)),
    "C": ("制造业", range(13, 44)),
    "D": ("电力、热力、燃气及水生产和供应业", range(44, 47)),
    "E": ("建筑业", range(47, 51)),
    "F": ("批发和零售业", range(51, 53)),
    "G": ("交通运输、仓储和邮政业", range(53, 61)),
    "H": ("住宿和餐饮业", range(61, 63)),
    "I": ("信息传输、软件和信息技术服务业", range(63, 66)),
    "J": ("金融业", range(66, 70)),
    "K": ("房地产业", range(70, 71)),
    "L": ("租赁和商务服务业", range(71, 73)),
    "M": ("科学研究和技术服务业", range(73, 76)),
    "N": ("水利、环境和公共设施管理业", range(76, 80)),
    "O": ("居民服务、修理和其他服务业", range(80, 83)),
    "P": ("教育", range(83, 84)),
    "Q": ("卫生和社会工作", range(84, 86)),
    "R": ("文化、体育和娱乐业", range(86, 91)),
    "S": ("公共管理、社会保障和社会组织", range(91, 97)),
    "T": ("国际组织", range(97, 98)),
}
SECTION_OF_DIVISION = {d: s for s, (_, divisions) in SECTIONS.items() for d in divisions}

# code → phrasings (profile wording and policy wording alike); longest phrasing wins when several match
SYNONYMS: dict[str, tuple[str, ...]] = {
    "A": ("农林牧渔", "农、林、牧、渔业", "农业生产经营", "农业企业", "农业生产"),
    "A01": ("种植业", "种植", "水果", "蔬菜", "粮食", "种粮", "茶叶", "柑橘", "水稻", "花卉", "苗木"),
    "A02": ("林业", "林草业", "造林", "育林"),
    "A03": ("畜牧业", "畜牧", "畜禽", "养殖场", "生猪", "养猪", "家禽", "奶牛", "养鸡"),
    "A04": ("渔业", "水产", "捕捞", "水生动物"),
    "B": ("采矿业", "采矿", "矿产资源开采", "矿山"),
    "B06": ("煤炭开采", "煤矿"),
    "C": ("制造业", "制造企业", "工业企业", "工业", "制造", "加工厂", "生产企业"),
    "C13": ("农副食品加工", "屠宰", "肉类加工"),
    "C135": ("屠宰",),
    "C14": ("食品制造", "食品生产", "食品加工", "食品和加工", "食品生产和加工"),
    "C15": ("饮料制造", "酒类", "精制茶", "酿酒"),
    "C17": ("纺织业", "纺织"),
    "C18": ("服装制造", "服饰制造"),
    "C19": ("制鞋", "鞋业", "皮革"),
    "C21": ("家具制造",),
    "C25": ("石油炼制", "炼油", "炼化", "石化"),
    "C26": ("化工", "化学原料"),
    "C27": ("医药制造", "药品生产", "制药", "药品研制", "药品"),
    "C29": ("塑料", "橡胶", "新材料"),
    "C33": ("五金", "金属制品", "冲压"),
    "C34": ("通用设备", "减速机", "机床", "轴承"),
    "C35": ("专用设备", "模具"),
    "C36": ("汽车制造", "汽车零部件", "汽车配件"),
    "C38": ("电气机械", "电器制造", "小家电制造", "电线电缆"),
    "C39": ("电子设备", "集成电路制造", "芯片制造", "通信设备"),
    "D": ("电力、热力、燃气", "电力生产", "燃气供应", "供水"),
    "E": ("建筑业", "建筑企业", "建筑施工", "建筑活动", "建设工程", "建筑"),
    "E47": ("房屋建筑", "房屋建造"),
    "E48": ("土木工程", "市政道路", "道路桥梁", "市政工程"),
    "E49": ("建筑安装", "设备安装"),
    "E50": ("建筑装饰", "装修", "装饰装修"),
    "F": ("批发和零售", "商贸", "商贸流通"),
    "F51": ("批发", "贸易公司", "出口贸易", "进出口贸易", "进出口", "出口"),
    "512": ("食品批发", "食品、饮料及烟草制品批发"),
    "515": ("医药批发", "药品批发", "药品"),
    "F52": ("零售", "商场", "超市", "便利店", "商店"),
    "522": ("食品零售", "食品销售", "食品经营"),
    "5211": ("百货零售", "超级市场", "超市零售"),
    "525": ("药店", "药房", "药品零售", "医药零售", "药品"),
    "5292": ("互联网零售", "网店零售", "网店", "网络销售", "电商零售", "直播带货", "网上销售", "电子商务"),
    "G": ("交通运输", "物流", "运输"),
    "G54": ("道路运输", "货运", "客运"),
    "G59": ("仓储",),
    "G60": ("邮政", "快递"),
    "H": ("住宿和餐饮", "住宿或餐饮", "餐饮住宿"),
    "H61": ("住宿", "酒店", "宾馆", "民宿"),
    "H62": ("餐饮", "饭店", "小吃", "面馆", "奶茶", "咖啡店", "餐馆", "餐厅", "快餐", "饮品店"),
    "I": ("信息传输、软件和信息技术服务", "数字经济", "信息技术服务"),
    "I63": ("电信", "广播电视传输"),
    "I64": ("互联网平台", "互联网和相关服务", "互联网信息服务", "电子商务平台", "电商平台", "互联网"),
    "I65": ("软件和信息技术服务", "软件开发", "软件", "信息技术", "集成电路设计", "数据处理"),
    "J": ("金融业", "金融类企业", "金融企业", "金融机构", "金融类"),
    "J66": ("货币金融服务", "银行业"),
    "662": ("商业银行", "银行"),
    "J67": ("证券", "资本市场", "股权投资基金"),
    "J68": ("保险业", "保险公司"),
    "K": ("房地产", "房地产开发", "房地产业", "物业管理"),
    "L": ("租赁和商务服务",),
    "L72": ("商务服务", "企业管理咨询", "管理咨询", "投资管理", "国有资产投资", "人力资源服务", "广告"),
    "M": ("科学研究和技术服务", "科技服务", "技术服务", "检测", "研发机构"),
    "N": ("水利", "环境治理", "公共设施管理"),
    "O": ("居民服务", "家政", "美容美发", "洗浴", "修理"),
    "P": ("教育", "教育机构", "学校", "培训学校", "培训机构", "民办教育"),
    "P83": ("中小学", "幼儿园", "职业技能培训"),
    "834": ("高等教育", "高等学校", "高校", "大学", "高等职业教育", "职业技术学院"),
    "Q": ("卫生和社会工作",),
    "Q84": ("医疗卫生", "医疗机构", "医院", "诊所", "卫生院", "药品"),
    "Q85": ("社会工作", "养老服务", "养老机构", "托育"),
    "R": ("文化、体育和娱乐", "文化产业", "文创", "文旅", "体育产业"),
    "R86": ("新闻出版", "出版"),
    "R87": ("电影", "影视", "广播电视节目制作", "电视剧"),
    "R88": ("文化艺术", "演艺", "艺术表演"),
    "R89": ("体育",),
    "R90": ("娱乐",),
    "S": ("公共管理", "社会组织"),
    "S95": ("公益", "慈善", "社会团体", "基金会"),
}
# longest phrasing first; on a tie the more specific code (C36 before C)
_PHRASES = sorted(((p, code) for code, phrases in SYNONYMS.items() for p in phrases),
                  key=lambda pc: (-len(pc[0]), -len(pc[1].lstrip("ABCDEFGHIJKLMNOPQRST"))))
_CODE = re.compile(r"^([A-T])?(\d{2,4})?$")


def full_code(code: str) -> str:
    """`5292` → `F5292`, `C36` stays: a section letter in front of every code, for prefix containment."""
    if code[:1].isalpha():
        return code
    return SECTION_OF_DIVISION.get(int(code[:2]), "") + code


def covers(condition_code: str, profile_code: str) -> bool:
    return full_code(profile_code).startswith(full_code(condition_code))


def is_code(value: str) -> bool:
    match = _CODE.match(value.strip().upper())
    if not match or not any(match.groups()):
        return False
    letter, digits = match.groups()
    if digits:
        division = int(digits[:2])
        return division in SECTION_OF_DIVISION and (letter is None or SECTION_OF_DIVISION[division] == letter)
    return letter in SECTIONS


@lru_cache(maxsize=4096)
def industry_code(text: str | None) -> str | None:
    """The GB/T 4754 code a profile's industry names: a code as given, a section or division name, or a
    synonym (the longest one found in the text); None when nothing is recognised."""
    value = (text or "").strip()
    if not value:
        return None
    if is_code(value):
        return full_code(value.upper())
    for letter, (name, _) in SECTIONS.items():
        if value == name or value.rstrip("业") == name.rstrip("业"):
            return letter
    for phrase, code in _PHRASES:
        if phrase in value:
            return full_code(code)
    return None


def codes_in(text: str) -> list[str]:
    """Every code whose phrasings occur in a policy sentence, longest phrasing first, each place read once."""
    found: list[str] = []
    for phrase, code in _PHRASES:
        if phrase in text:
            found.append(full_code(code))
    kept = []
    for phrase, code in _PHRASES:
        if phrase in text:
            kept.append(full_code(code))
            text = text.replace(phrase, "\0")
    return list(dict.fromkeys(c for c in found if c in kept or _same_phrase(c, kept)))


def _same_phrase(code: str, kept: list[str]) -> bool:
    """A code reached by the same phrasing as a kept one (药品 names C27, 515, 525 and Q84 alike)."""
    phrases = {p for raw, ps in SYNONYMS.items() if full_code(raw) == code for p in ps}
    return any(phrases & {p for raw, ps in SYNONYMS.items() if full_code(raw) == k for p in ps} for k in kept)


def name_of(code: str) -> str:
    """A readable name for a code: its first phrasing, or its section's name."""
    for raw, phrases in SYNONYMS.items():
        if full_code(raw) == code:
            return phrases[0]
    return SECTIONS.get(code[:1], (code, range(0)))[0]


def division_of(code: str | None) -> int:
    digits = (code or "")[1:3]
    return int(digits) if digits.isdigit() else -1
