"""Errors of the index domain. Each builds its own message, in Chinese where a user reads it.

    IndexError_ (base)
    ├── DocumentError          a document cannot be read
    │   ├── UnsupportedFormat  the file type is not one we ingest
    │   ├── CorruptDocument    the file claims a type but its bytes are not that type
    │   ├── EmptyDocument      an upload without content
    │   ├── DocumentTooLarge   an upload over the configured size
    │   └── ArchiveTooLarge    an archive (.docx, .ofd) unpacks past the configured limit
    ├── DocumentNotFound       no document with that id
    ├── InvalidQuery           the query is empty or too long
    ├── InvalidMetadata        a metadata change names an unknown field or value
    ├── ModelError             the embedding model is missing or does not match its files
    ├── IndexMismatch          a saved index (or the database's) was built with another model / chunker
    │   └── BackendMismatch    ... or its vectors were computed by another embedding backend
    └── IndexNotReady          the index has not been opened yet
"""

from __future__ import annotations


class IndexError_(Exception):  # noqa: N801 - trailing underscore avoids the builtin IndexError
    """Base of every error raised by `index`."""


class DocumentError(IndexError_):
    def __init__(self, source: str, reason: str) -> None:
        self.source = source
        self.reason = reason
        super().__init__(f"无法读取文档 {source}：{reason}")


class UnsupportedFormat(DocumentError):
    def __init__(self, source: str, suffix: str, supported: tuple[str, ...]) -> None:
        self.suffix = suffix
        super().__init__(source, f"不支持的文件类型 '{suffix}'，支持：{'、'.join(supported)}")


class CorruptDocument(DocumentError):
    pass


class ArchiveTooLarge(DocumentError):
    def __init__(self, source: str, unpacked: int, limit: int) -> None:
        self.unpacked, self.limit = unpacked, limit
        mib = 1024 * 1024
        super().__init__(source, f"解压后大小 {unpacked / mib:.0f} MB 超过上限 {limit / mib:.0f} MB"
                                 "（设置项 max_unpacked_bytes），未保存")


class EmptyDocument(DocumentError):
    def __init__(self, source: str) -> None:
        super().__init__(source, "文件为空，请选择要上传的文件")


class DocumentTooLarge(DocumentError):
    def __init__(self, source: str, size: int, limit: int) -> None:
        self.size, self.limit = size, limit
        super().__init__(source, f"文件过大：{size / 1024 / 1024:.1f} MB，上限 {limit / 1024 / 1024:.0f} MB，"
                                 "未保存。请压缩或拆分后再上传")


class DocumentNotFound(IndexError_):
    def __init__(self, doc_id: str) -> None:
        self.doc_id = doc_id
        super().__init__(f"文档不存在：{doc_id}")


class InvalidQuery(IndexError_):
    pass


class InvalidMetadata(IndexError_):
    pass


class ModelError(IndexError_):
    pass


class IndexMismatch(IndexError_):
    def __init__(self, field: str, saved: object, expected: object, where: str = "索引目录") -> None:
        self.field = field
        super().__init__(
            f"{where}与当前配置不一致：{field} 保存为 {saved!r}，当前为 {expected!r}。"
            "请用当前配置重建索引（zhengce reindex），或换回原来的模型与切分版本。"
        )


class IndexNotReady(IndexError_):
    def __init__(self) -> None:
        super().__init__("索引尚未加载完成，请稍后再试")
class BackendMismatch(IndexMismatch):
    """Vectors of two backends (fp32 and int8) are not mixed: int8 queries lose recall on fp32 passages."""

    def __init__(self, saved: str, expected: str) -> None:
        IndexError_.__init__(
            self,
            f"索引的向量由嵌入后端 {saved!r} 计算，当前配置为 {expected!r}，不同后端的向量不能混用。"
            f"请把 embedding_backend 改回 {saved!r}，或运行 `zhengce reindex` 用 {expected!r} 重新嵌入全部文档。",
        )
        self.field, self.saved, self.expected = "backend", saved, expected
