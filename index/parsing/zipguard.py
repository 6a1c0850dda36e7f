"""Limits on zip-based formats (.docx), checked from the archive's directory before anything is inflated:
a 240 KB file that expands to hundreds of MB of XML (a zip bomb) is refused as corrupt."""

from __future__ import annotations

import io
import zipfile

from index.errors import CorruptDocument

MAX_EXPANDED = 64 * 1024 * 1024   # all members together, uncompressed
MAX_RATIO = 200                    # uncompressed / compressed, per member over 1 MB
MAX_MEMBERS = 2000


def check_archive(data: bytes, source: str, *, max_expanded: int = MAX_EXPANDED) -> None:
    try:
        members = zipfile.ZipFile(io.BytesIO(data)).infolist()
    except (zipfile.BadZipFile, ValueError):
        return  # not a zip at all: the reader says so in its own words
    if len(members) > MAX_MEMBERS:
        raise CorruptDocument(source, f"压缩包内文件过多（{len(members)} 个）")
    expanded = sum(m.file_size for m in members)
    if expanded > max_expanded:
        mb = 1024 * 1024
        raise CorruptDocument(source, f"解压后过大（{expanded // mb} MB，上限 {max_expanded // mb} MB）")
    for member in members:
        if member.file_size > 1024 * 1024 and member.file_size > MAX_RATIO * max(member.compress_size, 1):
            raise CorruptDocument(source, f"压缩比异常（{member.filename}），疑似压缩炸弹")
