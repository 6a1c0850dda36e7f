"""BM25 over jieba tokens, and weighted reciprocal rank fusion."""

from __future__ import annotations

import numpy as np

from index.fusion import weighted_rrf
from index.keyword_index import KeywordIndex
from index.tokenize import tokenize


def test_tokenize_keeps_words_and_numbers_and_drops_punctuation() -> None:
    tokens = tokenize("奉化区依申请公开办结了311件。")
    assert "奉化" in tokens and "311" in tokens and "申请" in tokens
    assert "。" not in tokens and "了" not in tokens


def test_keyword_search_ranks_the_matching_chunk_first(tmp_path) -> None:  # type: ignore[no-untyped-def]
    texts = ["鄞州区项目预算公开试点", "奉化区依申请公开办结311件", "政府网站管理"]
    index = KeywordIndex()
    index.rebuild(np.array([10, 20, 30]), [tokenize(t) for t in texts])
    assert index.search(tokenize("依申请公开办结多少件"), 3)[0][0] == 20
    assert [i for i, _ in index.search(tokenize("公开"), 3, allowed=np.array([10]))] == [10]
    assert index.search(tokenize("天气"), 3) == []
    index.save(tmp_path / "kw")
    assert KeywordIndex.load(tmp_path / "kw").search(tokenize("预算试点"), 1)[0][0] == 10


def test_changes_go_to_a_delta_and_compaction_gives_the_same_answers() -> None:
    texts = ["鄞州区项目预算公开试点", "奉化区依申请公开办结311件", "政府网站管理"]
    base = KeywordIndex()
    base.rebuild(np.array([10, 20, 30]), [tokenize(t) for t in texts])
    changed = base.changed(np.array([40]), [tokenize("奉化区惠企资金一键兑现")], np.array([20]))
    assert base.search(tokenize("依申请公开办结"), 3)[0][0] == 20  # the old one is untouched
    assert [i for i, _ in changed.search(tokenize("依申请公开办结"), 3)] != [20]
    assert changed.search(tokenize("惠企资金兑现"), 3)[0][0] == 40
    assert sorted(changed.ids().tolist()) == [10, 30, 40] and len(changed) == 3
    assert [i for i, _ in changed.search(tokenize("奉化区"), 3, allowed=np.array([10, 30]))] == []
    again = changed.changed(np.array([40, 10]), [["重复"], ["重复"]], np.array([]))  # present ids are not doubled
    assert len(again) == 3
    compact = changed.compacted()
    assert sorted(compact.ids().tolist()) == [10, 30, 40]
    assert compact.search(tokenize("惠企资金兑现"), 1)[0][0] == 40


def test_a_compaction_catches_up_with_what_changed_while_it_was_built() -> None:
    base = KeywordIndex()
    base.rebuild(np.array([10, 20, 30]), [tokenize("鄞州区项目预算公开试点"), tokenize("奉化区依申请公开办结311件"),
                                          tokenize("政府网站管理")])
    fresh = base.compacted()  # built from a snapshot, while the live index moves on:
    live = base.changed(np.array([40]), [tokenize("奉化区惠企资金一键兑现")], np.array([20]))
    merged = fresh.caught_up_with(live)
    assert sorted(merged.ids().tolist()) == [10, 30, 40]
    assert merged.search(tokenize("惠企资金兑现"), 1)[0][0] == 40
    assert all(i != 20 for i, _ in merged.search(tokenize("依申请公开办结"), 3))
    assert sorted(fresh.ids().tolist()) == [10, 20, 30]  # the compaction itself is left as it was


def test_empty_keyword_index_returns_nothing() -> None:
    assert KeywordIndex().search(["公开"], 5) == []


def test_weighted_rrf_lets_the_heavier_list_win_disagreements() -> None:
    fused = weighted_rrf([[1, 2, 3], [3, 2, 1]], [1.0, 0.3], k=60)
    assert [i for i, _ in fused] == [1, 2, 3]
    equal = weighted_rrf([[1, 2], [2, 1]], [1.0, 1.0], k=60)
    assert equal[0][1] == equal[1][1]


def test_weighted_rrf_rewards_agreement() -> None:
    fused = dict(weighted_rrf([[1, 2], [2, 9]], [1.0, 1.0], k=60))
    assert fused[2] > fused[1] > fused[9]
