"""Limits on what a reader unpacks, in one place: .docx and .ofd files are zip archives.

A small upload can unpack to gigabytes (a zip bomb). Before a reader opens an archive, the sizes
its directory declares are added up and the file is refused past the setting `max_unpacked_bytes`,
which callers pass down to `read_policy`. Declared sizes are what the zip library will inflate to: it stops
with an error at a member that inflates past its declared size. A member that inflates more than `MAX_RATIO`
times its compressed size, or a directory of more than `MAX_MEMBERS` files, is a bomb's mark whatever the total.
"""

from __future__ import annotations

import io
import zipfile

from index.errors import ArchiveTooLarge, CorruptDocument

ARCHIVE_SUFFIXES = (".docx", ".ofd")
DEFAULT_MAX_UNPACKED_BYTES = 200 * 1024 * 1024
MAX_RATIO = 200                    # uncompressed / compressed, for a member over RATIO_FROM_BYTES
RATIO_FROM_BYTES = 16 * 1024 * 1024
MAX_MEMBERS = 2000


def check_archive(data: bytes, source: str, max_unpacked_bytes: int) -> None:
    """Refuse an archive whose members unpack to more than the limit."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, ValueError) as exc:
        raise CorruptDocument(source, f"文件不是有效的压缩包（.docx/.ofd 应为 zip 格式）：{exc}") from exc
    if len(members) > MAX_MEMBERS:
        raise CorruptDocument(source, f"压缩包内文件过多（{len(members)} 个），疑似压缩炸弹")
    for member in members:
        if member.file_size > RATIO_FROM_BYTES and member.file_size > MAX_RATIO * max(member.compress_size, 1):
            raise CorruptDocument(source, f"压缩比异常（{member.filename}），疑似压缩炸弹")
    unpacked = sum(member.file_size for member in members)
    if unpacked > max_unpacked_bytes:
        raise ArchiveTooLarge(source, unpacked, max_unpacked_bytes)
