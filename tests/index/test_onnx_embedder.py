"""The ONNX backends agree with the PyTorch model; missing or corrupt files are refused by name.

The agreement tests run the real exports `zhengce model build` writes next to the real model (built
once per session if the folder lacks them); the file-checking tests need no model. The int8 vectors
depend a little on what shares their batch (activation scales are computed per batch), so the
embedder runs in batches of 3 here, padding short sentences next to long ones.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from index.embedders import OnnxEmbedder, SentenceTransformerEmbedder
from index.errors import ModelError
from index.model_build import MARKER
from index.model_onnx import FILES, build_onnx, choose_quant_config, onnx_is_built
from service.container import Container
from tests.conftest import make_settings

SENTENCES = [
    "公司一直不给我交社保，我能直接辞职吗",
    "试用期最长能约定多久",
    "奉化区2020年通过一键通平台兑现了多少惠企资金",
    "第三十八条 用人单位有下列情形之一的，劳动者可以解除劳动合同：（三）未依法为劳动者缴纳社会保险费的；",
    "政府采购促进中小企业发展管理办法 第九条 采购人应当在采购文件中明确采购标的对应的中小企业划分标准所属行业。",
    "杭州明天天气如何",
    "Enterprises registered in the high-tech zone may apply for the R&D subsidy.",
    # longer than the 512-token limit: both truncate
    "第四十七条 经济补偿按劳动者在本单位工作的年限，每满一年支付一个月工资的标准向劳动者支付。"
    + "".join(f"（{n}）用人单位第{n}次未按照劳动合同约定提供劳动保护或者劳动条件的，劳动者可以解除劳动合同；"
              for n in range(1, 30)),
]


@pytest.fixture(scope="session")
def onnx_model_path(real_model_path: Path) -> Path:
    build_onnx(real_model_path)
    return real_model_path


@pytest.fixture(scope="session", params=["onnx", "onnx-int8"])
def onnx_embedder(request: pytest.FixtureRequest, onnx_model_path: Path) -> OnnxEmbedder:
    embedder = OnnxEmbedder(onnx_model_path, backend=request.param, batch_size=3)
    embedder.load()
    return embedder


@pytest.mark.parametrize("kind", ["queries", "passages"])
def test_onnx_vectors_agree_with_the_pytorch_model(
    onnx_embedder: OnnxEmbedder, real_embedder: SentenceTransformerEmbedder, kind: str
) -> None:
    expected = getattr(real_embedder, f"encode_{kind}")(SENTENCES)
    got = getattr(onnx_embedder, f"encode_{kind}")(SENTENCES)
    assert got.shape == expected.shape == (len(SENTENCES), 384) and got.dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(got, axis=1), 1.0, atol=1e-5)
    cosine = (got * expected).sum(axis=1)
    floor = 0.9999 if onnx_embedder.backend == "onnx" else 0.99
    assert cosine.min() >= floor, cosine


def test_a_query_ranks_its_own_passage_first_with_int8(onnx_model_path: Path) -> None:
    embedder = OnnxEmbedder(onnx_model_path, backend="onnx-int8")
    passages = embedder.encode_passages(SENTENCES[3:6])
    query = embedder.encode_queries(["没给我交社保可以解除劳动合同吗"])[0]
    assert int(np.argmax(passages @ query)) == 0


def test_a_complete_export_is_not_built_again(onnx_model_path: Path) -> None:
    int8 = onnx_model_path / "onnx" / FILES["onnx-int8"]
    before = int8.stat().st_mtime_ns
    build_onnx(onnx_model_path)
    assert onnx_is_built(onnx_model_path) and int8.stat().st_mtime_ns == before


def test_the_quantisation_follows_the_cpu() -> None:
    vnni = choose_quant_config({"avx2", "avx512f", "avx512_vnni"})
    avx2 = choose_quant_config({"avx2", "fma"})
    assert (vnni.weight_type, vnni.per_channel, vnni.reduce_range) == ("QInt8", True, False)
    assert (avx2.weight_type, avx2.per_channel, avx2.reduce_range) == ("QInt8", True, True)


# -- bad files, without the model --------------------------------------------------------------------------


def _fake_model_dir(tmp_path: Path, content: bytes, recorded: bytes) -> Path:
    """A model folder whose manifest records the sha256 of `recorded` for a file holding `content`."""
    import hashlib

    folder = tmp_path / "e5-small"
    (folder / "onnx").mkdir(parents=True)
    for name in FILES.values():
        (folder / "onnx" / name).write_bytes(content)
    files = {name: hashlib.sha256(recorded).hexdigest() for name in FILES.values()}
    marker = {"builder_version": 1, "onnx": {"exporter_version": 1, "files": files}}
    (folder / MARKER).write_text(json.dumps(marker), encoding="utf-8")
    return folder


def test_a_missing_onnx_file_is_named_with_the_rebuild_command(tmp_path: Path) -> None:
    folder = _fake_model_dir(tmp_path, b"x", b"x")
    (folder / "onnx" / FILES["onnx-int8"]).unlink()
    with pytest.raises(ModelError) as caught:
        OnnxEmbedder(folder, backend="onnx-int8").load()
    assert str(folder / "onnx" / "model-int8.onnx") in str(caught.value)
    assert "zhengce model build" in str(caught.value)


def test_a_corrupt_onnx_file_is_named_with_the_rebuild_command(tmp_path: Path) -> None:
    folder = _fake_model_dir(tmp_path, b"truncated", b"the file as it was built")
    with pytest.raises(ModelError, match="已损坏") as caught:
        OnnxEmbedder(folder, backend="onnx").load()
    assert str(folder / "onnx" / "model.onnx") in str(caught.value)
    assert "zhengce model build --force" in str(caught.value)


def test_an_unreadable_graph_with_a_matching_checksum_is_refused(tmp_path: Path) -> None:
    folder = _fake_model_dir(tmp_path, b"not an onnx graph", b"not an onnx graph")
    with pytest.raises(ModelError, match="无法加载") as caught:
        OnnxEmbedder(folder, backend="onnx").load()
    assert "zhengce model build --force" in str(caught.value)


def test_the_service_does_not_start_without_its_onnx_file(tmp_path: Path) -> None:
    folder = _fake_model_dir(tmp_path, b"x", b"x")
    (folder / "onnx" / FILES["onnx-int8"]).unlink()
    settings = make_settings(tmp_path, embedder="sentence-transformers", embedding_backend="onnx-int8",
                             model_path=folder, model_name="own model")
    container = Container.build(settings)
    with pytest.raises(ModelError, match="model-int8.onnx"):
        container.start()
    assert len(container.index) == 0  # nothing opened


def test_questions_and_passages_run_in_sessions_of_their_own(onnx_model_path: Path) -> None:
    """Questions: a session without a spinning pool (one thread for int8); passages: one on every core, opened
    at the first batch. Both give the same vectors for the same text."""
    embedder = OnnxEmbedder(onnx_model_path, backend="onnx-int8", threads=2)
    query = embedder.encode_queries([SENTENCES[0]])
    assert embedder.query_threads == 1 and embedder._bulk_session is None
    assert embedder._session.get_session_options().intra_op_num_threads == 1
    passage = embedder.encode_passages([SENTENCES[0]])
    assert embedder._bulk_session is not None
    assert embedder._bulk_session.get_session_options().intra_op_num_threads == 2
    assert float(query[0] @ passage[0]) < 0.999  # the prompts differ ("query: " / "passage: ")
    assert OnnxEmbedder(onnx_model_path, backend="onnx", threads=2).query_threads == 2
