"""Why a pair matched or not, in words staff and the subscriber read ("适用对象：小微企业 ✓")."""

from __future__ import annotations

import numpy as np

from push.features import SubscriberMatrix
from push.matching import Scores
from push.vocabulary import INDUSTRIES, KIND_NAMES, KINDS, QUALIFICATIONS, SCALE_NAMES, SCALES

PASSAGE_CHARS = 80
OK, NO = "✓", "✗"


def explain(matrix: SubscriberMatrix, row: int, scores: Scores) -> list[str]:
    """The reasons for one subscriber (`row` of `matrix`), gates first, the matched passage last."""
    return [r for r in (
        _region(matrix, row, scores), _kind(matrix, row, scores), *_subjects(matrix, row, scores),
        _scale(matrix, row, scores), _industry(matrix, row, scores), *_thresholds(matrix, row, scores),
        _passage(matrix, row, scores),
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


def _scale(matrix: SubscriberMatrix, row: int, scores: Scores) -> str:
    if scores.features.scales is None or matrix.scale[row] < 0:
        return ""
    name = SCALE_NAMES[SCALES[matrix.scale[row]]]
    return f"规模：{name} {OK}" if scores.scale_ok[row] else f"规模：{name} {NO}（政策限{_scales(scores)}）"


def _scales(scores: Scores) -> str:
    return "、".join(SCALE_NAMES[s] for s in scores.features.audience.scales)


def _industry(matrix: SubscriberMatrix, row: int, scores: Scores) -> str:
    code = matrix.industry[row]
    if code < 0 or code not in scores.features.industries:
        return ""
    return f"行业：{list(INDUSTRIES)[code]} {OK}"


def _thresholds(matrix: SubscriberMatrix, row: int, scores: Scores) -> list[str]:
    reasons = []
    for threshold in scores.features.audience.thresholds[:3]:
        years = matrix.established[row]
        if threshold["kind"] == "established_years" and not np.isnan(years):
            passed = years >= threshold["value"] if threshold["op"] == ">=" else years < threshold["value"]
            reasons.append(f"门槛：{threshold['text']} {OK if passed else NO}")
        else:
            reasons.append(f"门槛：{threshold['text']}（请自行核对）")
    return reasons


def _passage(matrix: SubscriberMatrix, row: int, scores: Scores) -> str:
    passages = scores.features.passages
    if not passages:
        return ""
    passage = passages[scores.best_passage(matrix, row)]
    text = passage.text.replace("\n", " ").strip()
    excerpt = text[:PASSAGE_CHARS] + ("……" if len(text) > PASSAGE_CHARS else "")
    label = f"{passage.section} " if passage.section and not text.startswith(passage.section) else ""
    return f"相关条文：{label}{excerpt}（相似度 {float(scores.similarity[row]):.2f}）"
