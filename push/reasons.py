"""Why a pair matched or not, in words staff and the subscriber read ("适用对象：小微企业 ✓")."""

from __future__ import annotations

import numpy as np

from push.conditions import Condition
from push.features import SubscriberMatrix
from push.industries import name_of
from push.matching import Scores
from push.subjects import TOKEN_NAMES
from push.vocabulary import INDUSTRIES, KIND_NAMES, KINDS, QUALIFICATIONS, SCALE_NAMES

PASSAGE_CHARS = 80
OK, NO = "✓", "✗"


def explain(matrix: SubscriberMatrix, row: int, scores: Scores) -> list[str]:
    """The reasons for one subscriber (`row` of `matrix`), gates first, the matched passage last."""
    return [r for r in (
        _region(matrix, row, scores), _kind(matrix, row, scores), *condition_reasons(row, scores),
        *_subjects(matrix, row, scores), _industry(matrix, row, scores), _passage(matrix, row, scores),
    ) if r]


def _region(matrix: SubscriberMatrix, row: int, scores: Scores) -> str:
    region = scores.features.jurisdiction
    if region is None:
        return f"地区：{matrix.regions[row]} {NO}（政策适用地区未能确定）"
    if scores.region_ok[row]:
        return f"地区：{matrix.regions[row]} {OK}（适用范围：{region.name}）"
    return f"地区：{matrix.regions[row]} {NO}（仅适用于{region.name}）"


def _kind(matrix: SubscriberMatrix, row: int, scores: Scores) -> str:
    kind = KIND_NAMES[KINDS[matrix.kind[row]]]
    if scores.kind_ok[row]:
        return f"对象类型：{kind} {OK}"
    wanted = "、".join(KIND_NAMES[k] for k in scores.features.audience.kinds) or "政府机关（内部工作文件）"
    return f"对象类型：{kind} {NO}（政策面向{wanted}）"


def _subjects(matrix: SubscriberMatrix, row: int, scores: Scores) -> list[str]:
    names = list(QUALIFICATIONS)
    wanted = np.flatnonzero(scores.features.subjects)
    held = [names[i] for i in wanted if matrix.quals[row, i]]
    if held:
        return [f"适用对象：{name} {OK}" for name in held]
    if len(wanted):
        return [f"适用对象：{'、'.join(names[i] for i in wanted[:4])}（未在资料中体现）"]
    return []


def condition_reasons(row: int, scores: Scores) -> list[str]:
    """One line per condition the policy states: met ✓, not met ✗, or unknown (the profile lacks the field)."""
    lines = []
    for result in scores.conditions:
        condition = result.condition
        state = OK if result.met[row] else (f"？资料未填{MISSING[condition.kind]}" if result.unknown[row] else NO)
        role = "" if condition.required else "（优先，不作排除）"
        lines.append(f"{LABELS[condition.kind]}{role}：{describe(condition)} {state}")
    return lines


LABELS = {"who": "适用对象", "size": "企业规模", "industry": "行业", "qualification": "资质", "ownership": "所有制",
          "age": "年龄", "enterprise_age": "成立年限", "revenue": "营业收入", "employees": "从业人员",
          "not_who": "排除对象", "not_industry": "排除行业", "not_ownership": "排除所有制", "not_size": "排除规模"}
MISSING = {"who": "主体类型或身份", "size": "规模或从业人员、营业收入", "industry": "行业",
           "qualification": "营业收入或行业",
           "ownership": "所有制", "age": "出生年份", "enterprise_age": "成立日期", "revenue": "营业收入",
           "employees": "从业人员", "not_who": "主体类型", "not_industry": "行业", "not_ownership": "所有制",
           "not_size": "规模"}
OWNERSHIP_NAMES = {"state": "国有", "private": "民营", "foreign": "外资", "collective": "集体"}


def describe(condition: Condition) -> str:
    if condition.kind in ("who", "not_who", "qualification"):
        return "、".join(TOKEN_NAMES.get(v, v) for v in condition.values[:6])
    if condition.kind in ("size", "not_size"):
        return "、".join(SCALE_NAMES[v] for v in condition.values)
    if condition.kind in ("industry", "not_industry"):
        return "、".join(f"{name_of(v)}（{v}）" for v in condition.values[:5])
    if condition.kind in ("ownership", "not_ownership"):
        return "、".join(OWNERSHIP_NAMES.get(v, v) for v in condition.values)
    unit = {"age": "周岁", "enterprise_age": "年", "revenue": "万元", "employees": "人"}[condition.kind]
    low = f"{condition.low:g}{unit}以上" if condition.low is not None else ""
    high = f"不足{condition.high:g}{unit}" if condition.high is not None else ""
    return "、".join(p for p in (low, high) if p)


def _industry(matrix: SubscriberMatrix, row: int, scores: Scores) -> str:
    code = matrix.industry[row]
    if code < 0 or code not in scores.features.industries:
        return ""
    return f"行业：{list(INDUSTRIES)[code]} {OK}"


def _passage(matrix: SubscriberMatrix, row: int, scores: Scores) -> str:
    passages = scores.features.passages
    if not passages:
        return ""
    passage = passages[scores.best_passage(matrix, row)]
    text = passage.text.replace("\n", " ").strip()
    excerpt = text[:PASSAGE_CHARS] + ("……" if len(text) > PASSAGE_CHARS else "")
    label = f"{passage.section} " if passage.section and not text.startswith(passage.section) else ""
    return f"相关条文：{label}{excerpt}（相似度 {float(scores.similarity[row]):.2f}）"
