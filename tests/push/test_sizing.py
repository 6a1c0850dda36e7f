"""The 中小企业划型标准 (工信部联企业〔2011〕300号) and GB/T 4754 industry codes with everyday words."""

from __future__ import annotations

import pytest

from push.industries import covers, industry_code
from push.sizing import above_scale, possible_scales


@pytest.mark.parametrize(("code", "employees", "revenue", "assets", "scale"), [
    ("C36", 60, 5200, None, "small"),        # 工业: 20 ≤ X, 300 ≤ Y, but X < 300
    ("C36", 400, 5200, None, "medium"),
    ("C36", 1200, 60000, None, "large"),
    ("C36", 1200, 30000, None, "medium"),    # under the 40,000 万元 ceiling: still 中小微
    ("C36", 12, 260, None, "micro"),
    ("F52", 8, 900, None, "micro"),          # 零售: fewer than 10 people
    ("I65", 45, 3000, None, "small"),
    ("E47", 260, 45000, 30000, "medium"),    # 建筑业 by revenue and assets
    ("A01", None, 600, None, "medium"),      # 农业 by revenue alone
    ("H62", 3, 40, None, "micro"),
])
def test_complete_figures_give_one_scale(code: str, employees: int | None, revenue: float | None,
                                         assets: float | None, scale: str) -> None:
    assert possible_scales(code, employees, revenue, assets) == (scale,)


def test_a_missing_figure_leaves_a_range() -> None:
    assert possible_scales("C36", 60, None, None) == ("micro", "small")
    assert possible_scales("C36", None, None, None) == ("micro", "small", "medium", "large")


def test_above_scale_follows_the_statistics_threshold() -> None:
    assert above_scale("C35", 2000) is True and above_scale("C35", 1999) is False
    assert above_scale("F52", 600) is True and above_scale("H62", 150) is False
    assert above_scale("C35", None) is None


@pytest.mark.parametrize(("words", "code"), [
    ("汽车零部件制造", "C36"), ("网店零售", "F5292"), ("药店", "F525"), ("奶茶店", "H62"), ("软件开发", "I65"),
    ("制造业", "C"), ("C36", "C36"), ("5292", "F5292"), ("高等职业教育", "P834"), ("生猪养殖", "A03"),
])
def test_everyday_words_and_codes_name_an_industry(words: str, code: str) -> None:
    assert industry_code(words) == code


def test_a_section_covers_its_divisions_and_classes() -> None:
    assert covers("F", "F5292") and covers("5292", "F5292") and not covers("C", "F5292")
    assert industry_code("星际贸易代理") is None
