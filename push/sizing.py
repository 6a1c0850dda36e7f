"""The national 中小企业划型标准 (工信部联企业〔2011〕300号): micro / small / medium / large by industry.

Each industry group has lower bounds for 中型 and 小型 on its indicators (从业人员 X 人, 营业收入 Y 万元,
资产总额 Z 万元) that must all be met, and a 中小微 ceiling met when any indicator is under it. A figure the
profile does not give leaves a range: the scale is classified with the missing figures at 0 and at
infinity, and every scale between the two is possible (the classification is monotone in each figure).
规模以上 (规上 / 限上) is the 统计 threshold on 营业收入 by the same groups.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

SCALES = ("micro", "small", "medium", "large")
INF = math.inf


@dataclass(frozen=True)
class Standard:
    name: str
    ceiling: dict[str, float]      # 中小微: any indicator under its ceiling
    medium: dict[str, float]       # 中型: every indicator at least
    small: dict[str, float]        # 小型: every indicator at least
    above_scale: float | None = None  # 规模以上 / 限额以上 营业收入 (万元)


STANDARDS = {
    "agriculture": Standard("农、林、牧、渔业", {"revenue": 20000}, {"revenue": 500}, {"revenue": 50}),
    "industry": Standard("工业", {"employees": 1000, "revenue": 40000}, {"employees": 300, "revenue": 2000},
                         {"employees": 20, "revenue": 300}, 2000),
    "construction": Standard("建筑业", {"revenue": 80000, "assets": 80000}, {"revenue": 6000, "assets": 5000},
                             {"revenue": 300, "assets": 300}),
    "wholesale": Standard("批发业", {"employees": 200, "revenue": 40000}, {"employees": 20, "revenue": 5000},
                          {"employees": 5, "revenue": 1000}, 2000),
    "retail": Standard("零售业", {"employees": 300, "revenue": 20000}, {"employees": 50, "revenue": 500},
                       {"employees": 10, "revenue": 100}, 500),
    "transport": Standard("交通运输业", {"employees": 1000, "revenue": 30000}, {"employees": 300, "revenue": 3000},
                          {"employees": 20, "revenue": 200}, 2000),
    "storage": Standard("仓储业", {"employees": 200, "revenue": 30000}, {"employees": 100, "revenue": 1000},
                        {"employees": 20, "revenue": 100}, 2000),
    "postal": Standard("邮政业", {"employees": 1000, "revenue": 30000}, {"employees": 300, "revenue": 2000},
                       {"employees": 20, "revenue": 100}, 2000),
    "lodging": Standard("住宿业", {"employees": 300, "revenue": 10000}, {"employees": 100, "revenue": 2000},
                        {"employees": 10, "revenue": 100}, 200),
    "catering": Standard("餐饮业", {"employees": 300, "revenue": 10000}, {"employees": 100, "revenue": 2000},
                         {"employees": 10, "revenue": 100}, 200),
    "telecom": Standard("信息传输业", {"employees": 2000, "revenue": 100000}, {"employees": 100, "revenue": 1000},
                        {"employees": 10, "revenue": 100}, 2000),
    "software": Standard("软件和信息技术服务业", {"employees": 300, "revenue": 10000},
                         {"employees": 100, "revenue": 1000}, {"employees": 10, "revenue": 50}, 2000),
    "real_estate": Standard("房地产开发经营", {"revenue": 200000, "assets": 10000}, {"revenue": 1000, "assets": 5000},
                            {"revenue": 100, "assets": 2000}),
    "property": Standard("物业管理", {"employees": 1000, "revenue": 5000}, {"employees": 300, "revenue": 1000},
                         {"employees": 100, "revenue": 500}, 500),
    "leasing": Standard("租赁和商务服务业", {"employees": 300, "assets": 120000}, {"employees": 100, "assets": 8000},
                        {"employees": 10, "assets": 100}, 1000),
    "other": Standard("其他未列明行业", {"employees": 300}, {"employees": 100}, {"employees": 10}, 500),
}
_BY_DIVISION = {
    **dict.fromkeys(range(1, 6), "agriculture"), **dict.fromkeys(range(6, 47), "industry"),
    **dict.fromkeys(range(47, 51), "construction"), 51: "wholesale", 52: "retail",
    **dict.fromkeys((53, 54, 55, 56, 57, 58), "transport"), 59: "storage", 60: "postal", 61: "lodging",
    62: "catering", 63: "telecom", 64: "telecom", 65: "software", 70: "real_estate", 71: "leasing", 72: "leasing",
}
_SERVICE_ABOVE_SCALE = {"M": 1000, "P": 1000, "N": 2000, "O": 500, "Q": 500, "R": 500}


def standard_for(code: str | None) -> Standard:
    """The standard of a GB/T code (`C36`, `F5292`); 其他未列明行业 for what the file does not list."""
    division = int(code[1:3]) if code and code[1:3].isdigit() else -1
    if code and code.startswith("K702"):
        return STANDARDS["property"]
    if division < 0 and code:
        division = {"A": 1, "B": 6, "C": 13, "D": 44, "E": 47, "H": 62}.get(code[0], -1)
    return STANDARDS[_BY_DIVISION.get(division, "other")]


def classify(standard: Standard, figures: dict[str, float]) -> str:
    """The scale for complete figures (missing indicators of the standard count as given in `figures`)."""
    def value(indicator: str) -> float:
        return figures.get(indicator, 0.0)

    if not any(value(k) < v for k, v in standard.ceiling.items()):
        return "large"
    if all(value(k) >= v for k, v in standard.medium.items()):
        return "medium"
    if all(value(k) >= v for k, v in standard.small.items()):
        return "small"
    return "micro"


def possible_scales(code: str | None, employees: float | None, revenue: float | None,
                    assets: float | None) -> tuple[str, ...]:
    """Every scale the known figures allow under the industry's standard (all four when nothing is known)."""
    standard = standard_for(code)
    given = {"employees": employees, "revenue": revenue, "assets": assets}
    low = {k: (v if v is not None else 0.0) for k, v in given.items()}
    high = {k: (v if v is not None else INF) for k, v in given.items()}
    if code is None:
        return SCALES
    first, last = SCALES.index(classify(standard, low)), SCALES.index(classify(standard, high))
    return SCALES[first:last + 1]


def above_scale(code: str | None, revenue: float | None) -> bool | None:
    """规模以上 / 限额以上 by 营业收入; None when the revenue or the industry is unknown."""
    if code is None or revenue is None:
        return None
    threshold = standard_for(code).above_scale or _SERVICE_ABOVE_SCALE.get(code[0])
    return None if threshold is None else revenue >= threshold


def ceiling_text(code: str | None) -> str:
    standard = standard_for(code)
    names = {"employees": "从业人员 {:g} 人", "revenue": "营业收入 {:g} 万元", "assets": "资产总额 {:g} 万元"}
    return f"{standard.name}中小微企业须" + "或".join(names[k].format(v) + "以下" for k, v in standard.ceiling.items())
