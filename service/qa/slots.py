"""What a question asks for, and whether a passage holds it.

A *slot* is the kind of fact a question wants: an amount (多少钱, 标准), a count (多少件), a time limit
(多久, 期限), a rate (比例, 税率), some other figure (多少, 几), a place or channel (在哪, 怎么申请),
conditions or materials (条件, 材料), or a rule (能不能, 是否). A *filler* is text of that kind in
a passage: "二百元", "311件", "三十日内", "百分之二十", "向劳动行政部门", an enumerated list, "不得".
The question's *entities* are the places, years, document titles and channels (apps, platforms) it names; a passage that
names none of them does not answer a question about them ("宁波市失业保险金每月多少" is not
answered by a national law that leaves the figure to each province).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from index.search import SearchHit
from index.tokenize import tokenize

AMOUNT, COUNT, DURATION, RATE, FIGURE, PLACE, CONDITIONS, RULE, OTHER = (
    "amount", "count", "duration", "rate", "figure", "place", "conditions", "rule", "other")

_NUM = r"(?:\d+(?:\.\d+)?|[零一二两三四五六七八九十百千万]+)"
# most specific first: "补贴每月多少钱" is an amount, "几个工作日" a time limit
_ASKS: list[tuple[str, re.Pattern[str]]] = [
    (RATE, re.compile(r"比例|百分之几|百分比|税率|费率|利率|征收率|几成|扣除率|多少%")),
    (DURATION, re.compile(r"多久|多长时间|多少天|几天|几日|多少日|几年|多少年|几个月|多少个月|期限|时效|什么时候|"
                          r"何时|几个工作日|哪一天|多大.*必须|多少岁|几岁|有效期")),
    (COUNT, re.compile(r"多少件|几件|多少个(?!月)|几个(?!月|工作日)|几家|多少家|几次|多少次|几期|多少期|多少人|"
                       r"几人|几名|多少项|几项|多少条|几条")),
    (AMOUNT, re.compile(r"多少钱|多少元|多少万|金额|标准是多少|额度|补贴.*多少|奖励.*多少|罚.*多少|赔.*多少|"
                        r"收多少|交多少|发多少|领多少|拿多少|贷多少|扣多少|多少钱|起征点|工本费|上限|下限|"
                        r"最高.*多少|最多.*多少|最少.*多少|至少.*多少")),
    (FIGURE, re.compile(r"多少|几[个件次项期家人天年月条倍]?|多大|多高|多长|数量")),
    (PLACE, re.compile(r"在哪|哪里|去哪|哪个部门|什么部门|哪个机构|找谁|向谁|谁来|谁管|谁负责|归谁|哪个APP|"
                       r"APP|平台上|网上|窗口|怎么办理|如何办理|怎么申请|如何申请|怎么办|怎么处理|由谁")),
    (CONDITIONS, re.compile(r"条件|材料|资格|哪些情形|什么情况下|需要什么|要带什么|准备什么|哪些内容|要素|"
                            r"要求|哪些|什么程序|程序|怎么算")),
    (RULE, re.compile(r"能不能|可不可以|是否|可以吗|能吗|合法吗|违法吗|算不算|算吗|有效吗|要不要|需要.*吗|"
                      r"会不会|行吗|必须.*吗|吗$|吗？$|有没有")),
]
_FILLS: dict[str, re.Pattern[str]] = {
    AMOUNT: re.compile(_NUM + r"\s*(?:元|万元|亿元|块)|" + _NUM + r"倍|" + _NUM + r"个?月(?:的)?工资|百分之|%|％"),
    COUNT: re.compile(_NUM + r"\s*(?:件|个|家|次|期|人|名|项|条|份)"),
    DURATION: re.compile(_NUM + r"\s*个?(?:工作日|日|天|月|年|小时|周岁|周|岁)|立即|及时|之日起"),
    RATE: re.compile(r"百分之|%|％|‰|分之"),  # the word 比例 alone states no rate
    FIGURE: re.compile(r"\d|[零一二两三四五六七八九十百千万]+\s*(?:[个件次项期家人名日天年月倍元条]|分之|周岁)"),
    PLACE: re.compile(r"机构|部门|机关|窗口|平台|网站|媒体|法院|委员会|所在地|登记机关|人民政府"),
    CONDITIONS: re.compile(r"[（(][一二三四五六七八九十]+[)）]|条件|下列|应当具备|包括"),
    RULE: re.compile(r"不得|应当|可以|禁止|必须|有权|无效|不予|视为|负责|承担"),
}
_TIME_SPAN = re.compile(_NUM + r"\s*个?(?:工作日|日|天|月|年|小时|周岁|周|岁)")  # a time limit with its number
_PLACES = (
    "北京", "上海", "天津", "重庆", "深圳", "广州", "杭州", "宁波", "南京", "苏州", "成都", "武汉", "西安", "温州",
    "绍兴", "嘉兴", "湖州", "金华", "台州", "舟山", "丽水", "衢州", "浙江", "江苏", "广东", "山东", "福建", "安徽",
    "海曙", "江北", "镇海", "北仑", "鄞州", "奉化", "余姚", "慈溪", "宁海", "象山", "拱墅", "上城", "滨江", "萧山",
    "余杭", "临平", "钱塘", "富阳", "临安", "西湖区",
)
_PLACE = re.compile("|".join(_PLACES))
_YEAR = re.compile(r"(?<!\d)((?:19|20)\d\d)(?:年|年度)")
# a named channel: an app, a platform, a website, a mini-program (国家政务服务平台, 个人所得税APP, 12123);
# the four characters before the kind word name it well enough to look for in a passage
_CHANNEL = re.compile(r"[\u4e00-\u9fff]{0,4}(?:平台|服务网|APP|App|app|小程序|公众号)|(?<![\d.])\d{5,}(?![\d.])")
_TITLE = re.compile(r"《([^》]{2,60})》")


# "好几个" means "several", "我们几个" "the few of us", and "几个子女都…" "the several children all…" (都 sums up a
# set that is given, not asked for): each states a number vaguely, none asks for one
_SEVERAL = re.compile(r"好几[个件次项期家人名天日年月条倍]?|(?:我们|你们|他们|她们|咱们|俺们)几[个位]|"
                      r"几[个位家名][\u4e00-\u9fff]{0,4}?都")


def asked_slot(question: str) -> str:
    """The first slot whose wording the question uses, most specific first; OTHER when none."""
    question = _SEVERAL.sub("", question)
    return next((slot for slot, pattern in _ASKS if pattern.search(question)), OTHER)


def has_filler(slot: str, text: str) -> bool:
    pattern = _FILLS.get(slot)
    return bool(pattern.search(text)) if pattern else True


def filler(slot: str, text: str) -> str:
    """The first filler of `slot` in the text ("二百元", "三十日内"), or "": for a time limit, the first one that
    states a number ("自用工之日起一个月内" → 一个月)."""
    pattern = _FILLS.get(slot) if slot not in (OTHER, RULE) else None
    found = (_TIME_SPAN.search(text) if slot == DURATION else None) or (pattern.search(text) if pattern else None)
    return found.group(0) if found else ""


_UNIT_ASK = re.compile(r"(?:多少|几)个?(件|家|次|期|人|名|项|条|份|天|日|年|月|小时|周|倍|元|万元)")


def asked_unit(question: str) -> str:
    """The unit a "how many" question names (多少件 → 件), or "": 好几家 names none."""
    found = _UNIT_ASK.search(_SEVERAL.sub("", question))
    return found.group(1) if found else ""


_SAME_UNIT = {"天": "(?:天|日)", "日": "(?:天|日)"}  # 多少天 is answered by 三十日内: statutes count days in 日


def has_unit(unit: str, text: str) -> bool:
    return bool(unit) and re.search(_NUM + r"\s*个?" + _SAME_UNIT.get(unit, re.escape(unit)), text) is not None


def filler_spans(slot: str, text: str) -> int:
    """How many fillers of `slot` the text holds (used to prefer the sentence with the asked figure)."""
    pattern = _FILLS.get(slot)
    return len(pattern.findall(text)) if pattern else 0


def filler_weight(slot: str, text: str) -> float:
    """How fully the text fills `slot`: 1 for a filler, 0 for none; a time limit stated without a number ("立即",
    "及时", "自用工之日起") counts half beside one that states it ("一个月内")."""
    if slot in (OTHER, RULE) or not filler_spans(slot, text):
        return 0.0
    return 0.5 if slot == DURATION and not _TIME_SPAN.search(text) else 1.0


@dataclass(frozen=True)
class Entities:
    places: tuple[str, ...]
    years: tuple[str, ...]
    titles: tuple[str, ...]
    channels: tuple[str, ...] = ()


def entities(question: str) -> Entities:
    return Entities(tuple(dict.fromkeys(_PLACE.findall(question))), tuple(dict.fromkeys(_YEAR.findall(question))),
                    tuple(dict.fromkeys(_TITLE.findall(question))),
                    tuple(dict.fromkeys(c for c in _CHANNEL.findall(question) if len(c) >= 3)))


def full_text(hit: SearchHit) -> str:
    """A passage with its document's title and its headings: where the question's terms are looked for."""
    return hit.title + " ".join(hit.heading_path) + hit.text


def named_text(hit: SearchHit) -> str:
    """Where a passage's places, years, titles and channels are looked for: its full text, metadata and the year its
    document was issued."""
    extra = " ".join(str(v) for v in (hit.extra or {}).values())
    return full_text(hit) + extra + (str(hit.issued.year) if hit.issued else "")


def holds_names(named: Entities, text: str, title: str) -> bool:
    """Whether a passage (`named_text`) carries every place, year, document title and channel a question names."""
    return not (any(p not in text for p in named.places) or any(y not in text for y in named.years)
                or any(not title_in(n, title) for n in named.titles) or any(c not in text for c in named.channels))


def title_in(name: str, titles: str) -> bool:
    return name in titles or name.removeprefix("中华人民共和国") in titles


# how a question asks about its subject's value: "准确率有多高", "份额怎么分", "补偿金怎么算"
_VALUE_ASK = re.compile(r"多少|多高|多久|多长|多大|几[个件次项期家人天年月条倍]?|怎么算|怎么分|怎么计算|"
                        r"如何计算|怎么罚|是什么|有哪些|比例|期限")
_SUBJECT_SKIP = frozenset({"一般", "最多", "最少", "最长", "至少", "大概", "大约", "能够", "需要", "应该", "可以",
                           "现在", "国家", "规定", "法律", "请问", "我们", "他们", "公司", "单位"})


@lru_cache(maxsize=2048)
def asked_subject(question: str) -> str:
    """The word whose value the question asks for: the last content word before the asking phrase in its
    clause ("税小蜜回答准确率有多高" → 准确率, "没写份额怎么分" → 份额); "" when there is none."""
    for found in _VALUE_ASK.finditer(question):
        if question[max(found.start() - 1, 0):found.start()] == "好":  # 好几个 is "several", not a question
            continue
        clause = _COPULA.sub("", re.split(r"[，,。；;？?！!、\s]", question[:found.start()])[-1])
        words = _with_suffix(clause, tokenize(clause))
        words = [w for w in words if len(w) >= 2 and w not in _SUBJECT_SKIP and not re.search(r"\d", w)
                 and not _VALUE_ASK.search(w)]
        if words:
            return words[-1]
    return ""


# the verb or particle between a subject and its asking phrase: "公告期是几个工作日", "公示期为几天", "准确率有多高"
_COPULA = re.compile(r"(?:是|为|有|要|在|大概|大约|一般|应该|应当|最长|最多|最少|至少)+$")


def _with_suffix(clause: str, words: list[str]) -> list[str]:
    """A one-character last word joins the word before it when the clause writes them together: 公告 + 期 →
    公告期, 年 + 假 → 年假 (the tokenizer splits words its dictionary lacks)."""
    if len(words) >= 2 and len(words[-1]) == 1 and clause.endswith(words[-2] + words[-1]):
        return [*words[:-1], words[-2] + words[-1]]
    return words
