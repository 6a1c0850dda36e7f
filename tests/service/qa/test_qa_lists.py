"""A passage's list structure: items, their lead-in, and the clauses a "；" joins."""

from __future__ import annotations

from service.qa.lists import as_quoted, lead_in, whole_sentence

SENTENCES = ["供应商有下列情形之一的，处以罚款；", "构成犯罪的，依法追究刑事责任：", "（一）提供虚假材料的；",
             "（二）恶意串通的。", "本条不适用于小额采购。"]


def test_an_item_reads_with_the_whole_sentence_that_introduces_its_list() -> None:
    assert list(lead_in(SENTENCES, 3)) == [0, 1]
    assert as_quoted(SENTENCES)[2] == SENTENCES[0] + SENTENCES[1] + SENTENCES[2]


def test_sentences_outside_a_list_read_alone() -> None:
    assert as_quoted(SENTENCES)[4] == SENTENCES[4] and list(lead_in(SENTENCES, 4)) == []
    assert list(whole_sentence(SENTENCES, 0)) == [0, 1]
