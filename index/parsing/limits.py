"""Limits on what a reader unpacks, in one place: .docx and .ofd files are zip archives.

A small upload can unpack to gigabytes (a zip bomb). Before a reader opens an archive, the sizes
its directory declares are added up and the file is refused past the setting `max_unpacked_bytes`,
which callers pass down to `read_policy`. Declared sizes are what the zip library will inflate to: it stops
with an error at a member that inflates past its declared size.
"""

from __future__ import annotations

import io
import zipfile

from index.errors import ArchiveTooLarge, CorruptDocument

ARCHIVE_SUFFIXES = (".docx", ".ofd")
DEFAULT_MAX_UNPACKED_BYTES = 200 * 1024 * 1024


def check_archive(data: bytes, source: str, max_unpacked_bytes: int) -> None:
    """Refuse an archive whose members unpack to more than the limit."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(member.file_size for member in archive.infolist())
    except (zipfile.BadZipFile, ValueError) as exc:
        raise CorruptDocument(source, f"文件不是有效的压缩包（.docx/.ofd 应为 zip 格式）：{exc}") from exc
    if unpacked > max_unpacked_bytes:
        raise ArchiveTooLarge(source, unpacked, max_unpacked_bytes)
