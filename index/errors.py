"""Errors of the index domain. Each builds its own message, in Chinese where a user reads it.

    IndexError_ (base)
    ├── DocumentError          a document cannot be read
    │   ├── UnsupportedFormat  the file type is not one we ingest
    │   └── CorruptDocument    the file claims a type but its bytes are not that type
    ├── DocumentNotFound       no document with that id
    ├── InvalidQuery           the query is empty or too long
    ├── InvalidMetadata        a metadata change names an unknown field or value
    ├── ModelError             the embedding model is missing or does not match its files
    └── IndexMismatch          a saved index was built with another model / chunker
        └── BackendMismatch    ... or its vectors were computed by another embedding backend
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
    def __init__(self, field: str, saved: object, expected: object) -> None:
        self.field = field
        super().__init__(
            f"索引目录与当前配置不一致：{field} 保存为 {saved!r}，当前为 {expected!r}。"
            "请删除索引目录后重建（zhengce reindex）。"
        )


class BackendMismatch(IndexMismatch):
    """Vectors of two backends (fp32 and int8) are not mixed: int8 queries lose recall on fp32 passages."""

    def __init__(self, saved: str, expected: str) -> None:
        IndexError_.__init__(
            self,
            f"索引的向量由嵌入后端 {saved!r} 计算，当前配置为 {expected!r}，不同后端的向量不能混用。"
            f"请把 embedding_backend 改回 {saved!r}，或运行 `zhengce reindex` 用 {expected!r} 重新嵌入全部文档。",
        )
        self.field, self.saved, self.expected = "backend", saved, expected
