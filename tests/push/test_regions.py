"""Jurisdiction containment: 全国 ⊃ 浙江省 ⊃ 宁波市 ⊃ 奉化区, and where a policy applies."""

from __future__ import annotations

import pytest

from push.regions import NATIONAL, jurisdiction_of, parse_region


@pytest.mark.parametrize(("outer", "inner"), [
    ("全国", "浙江省宁波市奉化区"), ("浙江省", "浙江省宁波市奉化区"), ("宁波市", "奉化区"), ("奉化区", "宁波市奉化区"),
])
def test_outer_region_contains_inner(outer: str, inner: str) -> None:
    assert parse_region(outer).contains(parse_region(inner))  # type: ignore[union-attr]


@pytest.mark.parametrize(("outer", "inner"), [
    ("奉化区", "宁波市"), ("奉化区", "镇海区"), ("宁波市", "杭州市拱墅区"), ("浙江省", "江苏省苏州市"),
    ("奉化区", "全国"),
])
def test_region_does_not_contain_sibling_or_parent(outer: str, inner: str) -> None:
    assert not parse_region(outer).contains(parse_region(inner))  # type: ignore[union-attr]


def test_short_names_are_completed_upwards() -> None:
    assert parse_region("奉化区").name == "浙江省宁波市奉化区"  # type: ignore[union-attr]
    assert parse_region("拱墅区").prefixes() == ["浙江省", "浙江省杭州市", "浙江省杭州市拱墅区"]  # type: ignore[union-attr]
    assert parse_region("火星基地") is None


@pytest.mark.parametrize(("region", "issuer", "expected"), [
    (None, "全国人民代表大会常务委员会", "全国"),
    (None, "国务院", "全国"),
    (None, "财政部", "全国"),
    (None, "宁波市奉化区人民政府办公室", "浙江省宁波市奉化区"),
    ("全国", "某协会", "全国"),
    ("浙江省宁波市镇海区", "宁波市人民政府", "浙江省宁波市镇海区"),
])
def test_jurisdiction_from_region_then_issuer(region: str | None, issuer: str, expected: str) -> None:
    assert jurisdiction_of(region, issuer).name == expected  # type: ignore[union-attr]


def test_unknown_jurisdiction_is_none_not_national() -> None:
    assert jurisdiction_of(None, "某某科技有限公司") is None
    assert jurisdiction_of(None, None) is None
    assert NATIONAL.is_national
