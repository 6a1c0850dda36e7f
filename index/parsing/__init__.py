"""Reading policy files into `Policy` objects.

`read_policy` picks a reader by suffix (`registry.READERS`), cleans the text, reads metadata from
the text (`index.metadata`) and from what the format states (a portal page's 信息公开 table), and
lets front matter fields override both. Every field it sets records where its value came from in
`Policy.provenance` (`FROM_TEXT` or `FROM_FRONT_MATTER`). The 版记 is cut from the stored body
(`colophon`). Without an `id` field the id is derived from the 文号, or else from the title and file
name, so re-reading a file gives the same id.

Errors: `UnsupportedFormat` for an unknown suffix, `CorruptDocument` for bytes that are not what the
suffix says or hold no readable text, `ArchiveTooLarge` for an archive that unpacks past
the `max_unpacked_bytes` setting, `DocumentError` for a missing file or invalid front matter.
"""

from __future__ import annotations

import hashlib
from dataclasses import asdict
from datetime import date
from pathlib import Path, PurePath

from index.errors import CorruptDocument, DocumentError
from index.metadata import extract_metadata
from index.models import FROM_FRONT_MATTER, FROM_TEXT, Policy
from index.parsing.cleaning import clean_text
from index.parsing.colophon import strip_colophon
from index.parsing.fields import split_fields
from index.parsing.limits import ARCHIVE_SUFFIXES, DEFAULT_MAX_UNPACKED_BYTES, check_archive
from index.parsing.registry import SUPPORTED_SUFFIXES, reader_for

__all__ = ["DEFAULT_MAX_UNPACKED_BYTES", "SUPPORTED_SUFFIXES", "derive_id", "read_policy"]


def read_policy(path: PurePath, data: bytes | None = None, *,
                max_unpacked_bytes: int = DEFAULT_MAX_UNPACKED_BYTES) -> Policy:
    """Read the policy at `path`; with `data`, read those bytes instead (an upload named `path`).

    An archive format (.docx, .ofd) that unpacks past `max_unpacked_bytes` is refused unopened.
    """
    source = str(path)
    read = reader_for(path.suffix, source)
    data = _read_bytes(path) if data is None else data
    if path.suffix.lower() in ARCHIVE_SUFFIXES:
        check_archive(data, source, max_unpacked_bytes)
    raw = read(data, source)
    text = clean_text(raw.text)
    if not text.strip():
        raise CorruptDocument(source, "文档没有可读的文字")
    known, extra = split_fields(raw.fields, source)
    stated, stated_extra = split_fields(raw.stated, source)
    issued = stated.get("issued") or known.get("issued")
    found = asdict(extract_metadata(text, issued=issued if isinstance(issued, date) else None))
    found = {name: value for name, value in found.items() if value is not None}
    fields = {**found, **stated, **known}
    provenance = {**dict.fromkeys({*found, *stated}, FROM_TEXT), **dict.fromkeys(known, FROM_FRONT_MATTER)}
    provenance.pop("id", None)
    fields.setdefault("title", path.stem)
    fields.setdefault("id", derive_id(fields.get("doc_number"), str(fields["title"]), path.name))
    return Policy(text=strip_colophon(text), source=source, extra={**stated_extra, **extra}, provenance=provenance,
                  **fields)


def derive_id(doc_number: object, title: str, file_name: str) -> str:
    """A stable id: from the 文号 when there is one, else from the title and file name."""
    key = str(doc_number) if doc_number else f"{title}\n{file_name}"
    return "doc-" + hashlib.sha1(key.encode("utf-8")).hexdigest()[:12]


def _read_bytes(path: PurePath) -> bytes:
    try:
        return Path(path).read_bytes()
    except OSError as exc:
        raise DocumentError(str(path), f"文件无法打开：{exc.strerror or exc}") from exc
