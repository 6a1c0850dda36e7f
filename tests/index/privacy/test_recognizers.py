"""The recognizers find each kind of personal data in the forms offices publish it, and leave policy text alone."""

from __future__ import annotations

import pytest

from index.privacy import Analyzer, mask_text
from index.privacy.checksums import cn_id_check_digit, is_cn_id, luhn_ok
from tests.index.privacy.samples import ADDRESSES, GONGSHI, ID_NUMBERS, LIST_NOTICE, MOBILES, NAMES, NEAR_MISSES


def _kinds(text: str) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for f in Analyzer().analyze(text):
        found.setdefault(f.kind, []).append(f.value)
    return found


def test_check_digits() -> None:
    assert cn_id_check_digit("33028319650312041") == "4"
    assert is_cn_id("11010519491231002X") and not is_cn_id("330283196503120415")
    assert luhn_ok("6222020200112233446") and not luhn_ok("6222020200112233445")


def test_a_gongshi_table_yields_every_row() -> None:
    found = _kinds(GONGSHI)
    assert sorted(found["cn_id"]) == sorted(ID_NUMBERS)
    assert sorted(found["mobile"]) == sorted(MOBILES)
    assert sorted(found["person_name"]) == sorted(NAMES)
    assert all(any(a in v for v in found["address"]) for a in ADDRESSES)


def test_the_office_contact_line_is_allowed() -> None:
    found = Analyzer().analyze(GONGSHI)
    last_line = GONGSHI.rstrip().rsplit("\n", 1)[1]
    assert not [f for f in found if f.value in last_line]
    strict = Analyzer(allow_contact_lines=False).analyze("联系人：王老师，手机13905741111")
    assert [f.value for f in strict if f.kind == "mobile"] == ["13905741111"]


def test_a_contact_line_with_an_id_number_is_not_an_office_line() -> None:
    found = _kinds("联系人：李建华，身份证号330283199001011238，联系电话13857412345")
    assert found["cn_id"] and found["mobile"] == ["13857412345"]


def test_a_numbered_list() -> None:
    found = _kinds(LIST_NOTICE)
    assert found["cn_id"] == ["330283199001011238"]
    assert found["bank_card"] == ["6222020200112233446"]
    assert found["social_security"] == ["A12345678"] and found["passport"] == ["E12345678"]
    assert sorted(found["person_name"]) == ["周小红", "李建华"]


def test_near_misses_are_not_flagged() -> None:
    assert _kinds(NEAR_MISSES) == {}


@pytest.mark.parametrize("text", [
    "身份证号330283196503120415",   # wrong check digit, but said to be an ID number
    "| 身份证号 |\n|---|\n| 330283196503120415 |",  # under an ID column
])
def test_an_id_with_a_bad_check_digit_still_counts_in_context(text: str) -> None:
    assert _kinds(text)["cn_id"] == ["330283196503120415"]


def test_masks() -> None:
    text = "张秀英 330283196503120414 13857412345 岳林街道南山路88号3幢2单元501室"
    masked = mask_text(text, Analyzer().analyze(text))
    assert "330283********0414" in masked and "138****2345" in masked and "岳林街道****" in masked
    table = mask_text(GONGSHI, Analyzer().analyze(GONGSHI))
    assert "| 张** |" in table and "| 欧*** |" in table
    assert not any(value in table for value in (*ID_NUMBERS, *MOBILES, *NAMES, *ADDRESSES))
    assert "联系人：王老师，联系电话：0574-88581234" in table


def test_word_table_cells() -> None:
    docx_text = "\t序号\n\t姓名\n\t身份证号\n\n\t1\n\t张秀英\n\t330283196503120414\n\n"
    found = _kinds(docx_text)
    assert found["person_name"] == ["张秀英"] and found["cn_id"] == ["330283196503120414"]
