"""Errors of the pre-publication check.

    DocumentError (index.errors)
    └── PersonalDataFound   a document holds personal information and the policy is to block it
    PrivacyError (base of the rest)
    ├── FindingNotFound     no finding with that id
    └── OriginalNotFound    the document was not published masked, so there is no original
"""

from __future__ import annotations

from dataclasses import dataclass

from index.errors import DocumentError, IndexError_

_SHOWN = 20


@dataclass(frozen=True)
class LocatedFinding:
    field: str
    kind: str
    label: str
    line: int
    column: int
    masked: str

    def describe(self) -> str:
        where = "标题" if self.field == "title" else f"第{self.line}行第{self.column}列"
        return f"{where} {self.label} {self.masked}"


class PersonalDataFound(DocumentError):
    def __init__(self, source: str, findings: list[LocatedFinding]) -> None:
        self.findings = findings
        listed = "；".join(f.describe() for f in findings[:_SHOWN])
        more = f"等（共 {len(findings)} 处）" if len(findings) > _SHOWN else f"（共 {len(findings)} 处）"
        super().__init__(source, f"含有个人信息，未发布：{listed}{more}。请删除或遮盖后重新上传，"
                                 "或由管理员在控制台“敏感信息”页逐项决定遮盖发布或允许公开")

    @property
    def details(self) -> list[dict]:
        return [f.__dict__ for f in self.findings]


class PrivacyError(IndexError_):
    pass


class FindingNotFound(PrivacyError):
    def __init__(self, finding_id: int) -> None:
        super().__init__(f"敏感信息检测结果不存在：{finding_id}")


class OriginalNotFound(PrivacyError):
    def __init__(self, doc_id: str) -> None:
        super().__init__(f"文档 {doc_id} 没有遮盖前的原文（未经遮盖发布）")
