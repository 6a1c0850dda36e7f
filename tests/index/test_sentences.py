"""Sentences of a passage, as answers quote them and as the model sees them (`index.sentences`)."""

from __future__ import annotations

import numpy as np

from index.embedders.hashing import HashingEmbedder
from index.models import Chunk, Policy
from index.passage_encoding import encode_items
from index.sentences import sentence_texts, split_sentences

LAW = "劳动合同法"


def test_a_passage_of_one_sentence_has_no_sentence_texts() -> None:
    assert sentence_texts("同一用人单位与同一劳动者只能约定一次试用期。") == []


def test_each_sentence_of_a_passage_of_several_is_embedded_bare() -> None:
    text = ("第十九条 劳动合同期限三个月以上不满一年的，试用期不得超过一个月；\n"
            "劳动合同期限一年以上不满三年的，试用期不得超过二个月。")
    assert sentence_texts(text) == ["第十九条 劳动合同期限三个月以上不满一年的，试用期不得超过一个月；",
                                    "劳动合同期限一年以上不满三年的，试用期不得超过二个月。"]


def test_lines_wrapped_by_pdf_extraction_are_one_sentence() -> None:
    assert split_sentences("用人单位应当按照国家规定\n为劳动者缴纳社会保险费。\n（一）未按时足额支付劳动报酬的；") == [
        "用人单位应当按照国家规定为劳动者缴纳社会保险费。", "（一）未按时足额支付劳动报酬的；"]


def test_passages_and_their_sentences_are_encoded_in_one_call_and_handed_back_per_passage() -> None:
    embedder = HashingEmbedder(dimension=32)
    calls: list[int] = []
    encode = embedder.encode_passages
    embedder.encode_passages = lambda texts: calls.append(len(texts)) or encode(texts)  # type: ignore[method-assign]
    policy = Policy(id="p", title=LAW, text="")
    chunks = [Chunk("p", 0, "第一句。第二句话。", embed_text="e0"), Chunk("p", 1, "只有一句。", embed_text="e1")]
    encoded = encode_items(embedder, [(policy, chunks)])
    assert calls == [4]
    assert encoded.vectors.shape == (2, 32) and encoded.sentences[1] is None
    wanted = encode(["第一句。", "第二句话。"])
    assert np.allclose(encoded.sentences[0], wanted)
    assert encode_items(embedder, [(policy, chunks)], sentences=False).sentences == [None, None]
