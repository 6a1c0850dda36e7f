"""Export the built e5-small to ONNX, and quantise it to int8, for the `onnx` / `onnx-int8` backends.

The route avoids sentence-transformers' own ONNX backend, which needs `optimum-onnx`, whose releases
require transformers < 4.58 while this project runs transformers 5. Instead the `BertModel` that
`index.model_build` wrote is exported with `torch.onnx.export` (the TorchScript exporter, which needs
only the `onnx` package: the dynamo exporter would add `onnxscript`), then
`onnxruntime.quantization.quantize_dynamic` writes the int8 copy. Pooling and normalisation stay in
numpy (`index.embedders.onnx`), so the graph is the transformer alone: `input_ids`, `attention_mask`
-> `last_hidden_state`.

The quantisation follows the CPU it is built on: signed int8 weights per output channel (u8s8) in
both cases; without VNNI (AVX2, AVX512F) with `reduce_range` (7-bit weights), because AVX2's u8s8
instruction can saturate. Measured on AVX2 against the fp32 export, 8 fixed passages: per-tensor
u8u8 min cosine 0.974, per-channel u8s8 0.995, per-channel u8s8 with reduce_range 0.996.

Both files are written to a staging folder and renamed to `<model>/onnx/`; the model folder's
`zhengce-build.json` then gains an `onnx` entry with each file's sha256, replaced atomically. A folder
whose entry is present and whose files are there is complete, and the build is skipped.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
import warnings
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from index.errors import ModelError
from index.model_build import MARKER

ONNX_DIR = "onnx"
FILES = {"onnx": "model.onnx", "onnx-int8": "model-int8.onnx"}
EXPORTER_VERSION = 1
OPSET = 17
REBUILD_COMMAND = "zhengce model build"


@dataclass(frozen=True)
class QuantConfig:
    """The `quantize_dynamic` arguments, chosen from the CPU's flags."""

    weight_type: str  # "QInt8" | "QUInt8"
    per_channel: bool
    reduce_range: bool
    reason: str


def cpu_flags() -> set[str]:
    """The CPU feature flags Linux reports (empty elsewhere)."""
    try:
        text = Path("/proc/cpuinfo").read_text(encoding="ascii", errors="ignore")
    except OSError:
        return set()
    for line in text.splitlines():
        if line.startswith(("flags", "Features")):
            return set(line.split(":", 1)[1].split())
    return set()


def choose_quant_config(flags: set[str]) -> QuantConfig:
    if flags & {"avx512_vnni", "avx_vnni", "avx512vnni"}:
        return QuantConfig("QInt8", per_channel=True, reduce_range=False, reason="VNNI: u8s8 per channel")
    return QuantConfig("QInt8", per_channel=True, reduce_range=True,
                       reason="no VNNI: u8s8 per channel, 7-bit weights (no saturation in VPMADDUBSW)")


def onnx_entry(model_dir: Path) -> dict | None:
    """The `onnx` entry of the model folder's manifest, or None when there is none."""
    try:
        marker = json.loads((Path(model_dir) / MARKER).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    entry = marker.get("onnx")
    return entry if isinstance(entry, dict) and entry.get("exporter_version") == EXPORTER_VERSION else None


def onnx_is_built(model_dir: Path) -> bool:
    entry = onnx_entry(model_dir)
    if entry is None:
        return False
    return all((Path(model_dir) / ONNX_DIR / name).is_file() for name in entry["files"])


def onnx_file(model_dir: Path, backend: str) -> tuple[Path, str]:
    """The ONNX file of `backend` and its recorded sha256; ModelError naming the rebuild command if absent."""
    path = Path(model_dir) / ONNX_DIR / FILES[backend]
    entry = onnx_entry(model_dir)
    if entry is None or FILES[backend] not in entry["files"]:
        raise ModelError(f"ONNX 模型未构建：{path}（运行 `{REBUILD_COMMAND}` 构建）")
    if not path.is_file():
        raise ModelError(f"ONNX 模型文件缺失：{path}（运行 `{REBUILD_COMMAND}` 重新构建）")
    return path, str(entry["files"][FILES[backend]])


def verify_file(path: Path, sha256: str) -> None:
    with path.open("rb") as handle:
        digest = hashlib.file_digest(handle, "sha256").hexdigest()
    if digest != sha256:
        raise ModelError(f"ONNX 模型文件已损坏（sha256 不符）：{path}（运行 `{REBUILD_COMMAND} --force` 重新构建）")


def build_onnx(model_dir: Path, *, force: bool = False, flags: set[str] | None = None) -> Path:
    """Export and quantise the model in `model_dir` (a finished build) unless that is already done."""
    model_dir = Path(model_dir)
    if onnx_is_built(model_dir) and not force:
        return model_dir / ONNX_DIR
    if not (model_dir / MARKER).is_file():
        raise ModelError(f"模型目录不完整：{model_dir}（先运行 `zhengce model build`）")
    quant = choose_quant_config(cpu_flags() if flags is None else flags)
    staging = Path(tempfile.mkdtemp(prefix=".onnx.building-", dir=model_dir))
    try:
        export_fp32(model_dir, staging / FILES["onnx"])
        quantise(staging / FILES["onnx"], staging / FILES["onnx-int8"], quant)
        files = {name: _sha256(staging / name) for name in FILES.values()}
        _install(staging, model_dir / ONNX_DIR)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    _record(model_dir, {"exporter_version": EXPORTER_VERSION, "opset": OPSET, "files": files,
                        "quantisation": asdict(quant)})
    return model_dir / ONNX_DIR


def export_fp32(model_dir: Path, target: Path) -> None:
    import torch
    from transformers import BertModel

    model = BertModel.from_pretrained(str(model_dir), attn_implementation="eager").eval()
    # A padded example, so the traced graph keeps the attention-mask path (an all-ones mask may be dropped).
    input_ids = torch.tensor([[0, 5, 6, 7, 2], [0, 5, 2, 1, 1]], dtype=torch.long)
    attention_mask = torch.tensor([[1, 1, 1, 1, 1], [1, 1, 1, 0, 0]], dtype=torch.long)
    dynamic = {0: "batch", 1: "tokens"}
    # the TorchScript exporter is chosen on purpose (see the module docstring); it and the torch internals it
    # calls announce their deprecation and tracing caveats, which are expected here
    with torch.inference_mode(), warnings.catch_warnings():
        warnings.simplefilter("ignore")  # TracerWarnings too: the trace is checked against PyTorch in tests
        torch.onnx.export(
            _last_hidden_state(model), (input_ids, attention_mask), str(target),
            input_names=["input_ids", "attention_mask"], output_names=["last_hidden_state"],
            dynamic_axes={"input_ids": dynamic, "attention_mask": dynamic, "last_hidden_state": dynamic},
            opset_version=OPSET, dynamo=False,
        )


def quantise(source: Path, target: Path, config: QuantConfig) -> None:
    from onnxruntime.quantization import QuantType, quantize_dynamic

    quantize_dynamic(
        str(source), str(target), weight_type=getattr(QuantType, config.weight_type),
        per_channel=config.per_channel, reduce_range=config.reduce_range,
    )


def _sha256(path: Path) -> str:
    with path.open("rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()


def _install(staging: Path, target: Path) -> None:
    """Rename the staging folder into place; an older export is moved aside first, then removed."""
    staging.chmod(0o755)
    for path in staging.iterdir():
        path.chmod(0o644)
    if target.exists():
        attic = Path(tempfile.mkdtemp(prefix=".onnx.old-", dir=target.parent))
        target.rename(attic / target.name)
        staging.rename(target)
        shutil.rmtree(attic, ignore_errors=True)
    else:
        staging.rename(target)


def _record(model_dir: Path, entry: dict) -> None:
    """Add the `onnx` entry to the model folder's manifest with one atomic replace."""
    marker_path = model_dir / MARKER
    marker = json.loads(marker_path.read_text(encoding="utf-8"))
    marker["onnx"] = entry
    fd, temp = tempfile.mkstemp(prefix=".marker-", dir=model_dir)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(json.dumps(marker, indent=2) + "\n")
    os.chmod(temp, 0o644)
    os.replace(temp, marker_path)


def _last_hidden_state(model: Any) -> Any:
    """`model` wrapped to take (input_ids, attention_mask) and return the last hidden state, for tracing."""
    import torch

    class LastHiddenState(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.model = model

        def forward(self, input_ids: torch.Tensor, attention_mask: torch.Tensor) -> torch.Tensor:
            return self.model(input_ids=input_ids, attention_mask=attention_mask).last_hidden_state

    return LastHiddenState()
