"""Reading policy files into `Policy` objects.

`read_policy` picks a reader by suffix (`registry.READERS`), cleans the text, reads metadata from
the text (`index.metadata`) and lets front matter fields override it. Without an `id` field the id is
derived from the 文号, or else from the title and file name, so re-reading a file gives the same id.

Errors: `UnsupportedFormat` for an unknown suffix, `CorruptDocument` for bytes that are not what the
suffix says or hold no readable text, `DocumentError` for a missing file or invalid front matter.
"""

from __future__ import annotations

import hashlib
from dataclasses import asdict
from pathlib import Path, PurePath

from index.errors import CorruptDocument, DocumentError
from index.lifecycle_text import read_lifecycle
from index.metadata import extract_metadata
from index.models import Policy
from index.parsing.cleaning import clean_text
from index.parsing.fields import split_fields
from index.parsing.registry import SUPPORTED_SUFFIXES, reader_for

__all__ = ["SUPPORTED_SUFFIXES", "derive_id", "read_policy"]


def read_policy(path: PurePath, data: bytes | None = None) -> Policy:
    """Read the policy at `path`; with `data`, read those bytes instead (an upload named `path`)."""
    source = str(path)
    read = reader_for(path.suffix, source)
    raw = read(_read_bytes(path) if data is None else data, source)
    text = clean_text(raw.text)
    if not text.strip():
        raise CorruptDocument(source, "文档没有可读的文字")
    known, extra = split_fields(raw.fields, source)
    found = {name: value for name, value in asdict(extract_metadata(text)).items() if value is not None}
    fields = {**found, **known}
    fields = {**read_lifecycle(text, fields), **fields}
    fields.setdefault("title", path.stem)
    fields.setdefault("id", derive_id(fields.get("doc_number"), str(fields["title"]), path.name))
    return Policy(text=text, source=source, extra=extra, **fields)


def derive_id(doc_number: object, title: str, file_name: str) -> str:
    """A stable id: from the 文号 when there is one, else from the title and file name."""
    key = str(doc_number) if doc_number else f"{title}\n{file_name}"
    return "doc-" + hashlib.sha1(key.encode("utf-8")).hexdigest()[:12]


def _read_bytes(path: PurePath) -> bytes:
    try:
        return Path(path).read_bytes()
    except OSError as exc:
        raise DocumentError(str(path), f"文件无法打开：{exc.strerror or exc}") from exc
