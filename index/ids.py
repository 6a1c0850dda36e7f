"""Document ids are path segments of the API and the public pages, so they keep to a safe alphabet:
letters, digits, CJK characters and `_ . - ~ 〔 〕`, at most 200 characters, not `.` or `..`."""

from __future__ import annotations

import re

from index.errors import InvalidMetadata

SAFE_ID = re.compile(r"^[0-9A-Za-z_.\-~\u4e00-\u9fff〔〕（）]{1,200}$")


def check_doc_id(doc_id: str) -> str:
    if not SAFE_ID.match(doc_id) or doc_id in (".", ".."):
        raise InvalidMetadata(f"文档 id “{doc_id[:50]}” 不可用：只能包含字母、数字、汉字和 _ . - ~，最长 200 个字符")
    return doc_id
