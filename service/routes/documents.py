"""Documents: list and read (public), upload, edit metadata and delete (admin token)."""

from __future__ import annotations

import dataclasses
import json
from datetime import date
from typing import Annotated, Any, Literal

from fastapi import APIRouter, File, Form, UploadFile
from pydantic import BaseModel, ConfigDict, ValidationError, field_validator, model_validator
from starlette.concurrency import run_in_threadpool

from index.errors import InvalidMetadata
from index.filters import SearchFilters
from index.ids import check_doc_id
from index.lifecycle import Relation as LifecycleRelation
from index.lifecycle import date_warnings
from index.models import Policy
from index.upload import ingest_upload
from index.urls import is_web_url
from service.deps import AdminDep, ContainerDep, IndexDep, SettingsDep
from service.paging import Page
from service.ratelimit import RateLimited

router = APIRouter(prefix="/v1/documents", tags=["documents"])

Status = Literal["现行有效", "已废止", "已修改", "历史版本", "已失效", "尚未生效"]


class Relation(BaseModel):
    """Another document this one repeals or amends, with the sentence that says so."""

    model_config = ConfigDict(extra="forbid")

    target: str
    sentence: str = ""


class PolicyMeta(BaseModel):
    """Metadata a staff member may set or correct. Omitted fields keep their value."""

    model_config = ConfigDict(extra="forbid")

    id: str | None = None
    title: str | None = None
    doc_number: str | None = None
    issuer: str | None = None
    issued: date | None = None
    effective: date | None = None
    status: Status | None = None
    category: str | None = None
    region: str | None = None
    audience: list[str] | None = None
    url: str | None = None
    interprets: str | None = None
    expires: date | None = None
    doc_type: str | None = None
    repeals: list[Relation] | None = None
    amends: list[Relation] | None = None

    @field_validator("url")
    @classmethod
    def _web_url(cls, value: str | None) -> str | None:
        if value and not is_web_url(value):
            raise ValueError("url 只能是 http:// 或 https:// 开头的网址")
        return value

    @field_validator("id")
    @classmethod
    def _safe_id(cls, value: str | None) -> str | None:
        return check_doc_id(value) if value is not None else None

    @model_validator(mode="after")
    def _required_stay_set(self) -> PolicyMeta:
        nulled = [name for name in ("title", "status", "audience") if name in self.model_fields_set
                  and getattr(self, name) is None]
        if nulled:
            raise ValueError(f"{'、'.join(nulled)} 不能设为空（null）")
        return self

    def changes(self) -> dict:
        return self.model_dump(exclude_unset=True, exclude={"id"})


class PolicyOut(BaseModel):
    id: str
    title: str
    doc_number: str | None
    issuer: str | None
    issued: date | None
    effective: date | None
    status: str
    category: str | None
    region: str | None
    audience: list[str]
    url: str | None
    interprets: str | None
    expires: date | None
    doc_type: str | None
    repeals: list[dict]
    amends: list[dict]
    provenance: dict
    extra: dict
    status_reason: str = ""
    relations: list[dict] | None = None
    warnings: list[str] | None = None
    text: str | None = None
    chunks: list[dict] | None = None
    interpretations: list[dict] | None = None

    @classmethod
    def of(cls, policy: Policy, **more: object) -> PolicyOut:
        fields = {f.name: getattr(policy, f.name) for f in dataclasses.fields(policy) if f.name in cls.model_fields}
        fields["text"] = None
        return cls(**{**fields, **more})


class PolicyList(BaseModel):
    total: int
    items: list[PolicyOut]


@router.get("", response_model=PolicyList, dependencies=[RateLimited])
def list_documents(index: IndexDep, page: Page, status: Status | None = None, issuer: str | None = None,
                   doc_type: str | None = None, as_of: date | None = None) -> PolicyList:
    filters = SearchFilters(statuses=(status,) if status else None, issuer=issuer, doc_type=doc_type or None,
                            as_of=as_of)
    items, total = index.list_policies(filters, offset=page.offset, limit=page.limit)
    return PolicyList(total=total, items=[PolicyOut.of(p) for p in items])


@router.get("/{doc_id}", response_model=PolicyOut, dependencies=[RateLimited])
def get_document(doc_id: str, index: IndexDep, as_of: date | None = None) -> PolicyOut:
    """The document with its status on `as_of` (today by default) and why, and its relations both ways."""
    policy = index.get_policy(doc_id)
    chunks = [{"ordinal": c.ordinal, "section": c.section, "text": c.text} for c in index.chunks_of(doc_id)]
    interpretations = [{"doc_id": p.id, "title": p.title} for p in index.interpretations_of(policy)]
    status, reason = index.validity([doc_id], as_of)[doc_id]
    relations = [relation_view(r) for r in index.relations(targets=[doc_id]) + index.relations(sources=[doc_id])]
    warnings = date_warnings(policy) + [r["warning"] for r in relations if r["warning"]]
    return PolicyOut.of(dataclasses.replace(policy, status=status), text=policy.text, chunks=chunks,
                        interpretations=interpretations, status_reason=reason, relations=relations,
                        warnings=warnings)


def relation_view(relation: LifecycleRelation) -> dict:
    return {"id": relation.id, "kind": relation.kind, "source_id": relation.source_id,
            "source_title": relation.source_title, "source_number": relation.source_number,
            "target_ref": relation.target_ref, "target_id": relation.target_id, "target_title": relation.target_title,
            "state": relation.state, "sentence": relation.sentence, "warning": relation.warning}


@router.post("", response_model=PolicyOut, status_code=201, dependencies=[AdminDep])
async def upload_document(
    container: ContainerDep, settings: SettingsDep,
    file: Annotated[UploadFile, File(description=".md .txt .docx .pdf .html")],
    metadata: Annotated[str | None, Form(description="可选，JSON 对象：title、doc_number、status 等")] = None,
) -> PolicyOut:
    data = await file.read(settings.max_upload_bytes + 1)
    meta = _parse_meta(metadata)
    changes: dict[str, Any] = {**meta.changes(), **({"id": meta.id} if meta.id else {})}
    # embedding and storing block: off the event loop, so searches keep being answered meanwhile
    stored = await run_in_threadpool(ingest_upload, container.ingestor, file.filename, data, changes,
                                     settings.max_upload_bytes)
    return PolicyOut.of(stored)


@router.patch("/{doc_id}", response_model=PolicyOut, dependencies=[AdminDep])
def update_document(doc_id: str, meta: PolicyMeta, container: ContainerDep) -> PolicyOut:
    if meta.id not in (None, doc_id):
        raise InvalidMetadata("不能修改文档 id")
    return PolicyOut.of(container.ingestor.update_metadata(doc_id, meta.changes()))


@router.delete("/{doc_id}", status_code=204, dependencies=[AdminDep])
def delete_document(doc_id: str, container: ContainerDep) -> None:
    container.index.delete(doc_id)
    container.privacy.store.forget(doc_id)



def _parse_meta(raw: str | None) -> PolicyMeta:
    if not raw:
        return PolicyMeta()
    try:
        return PolicyMeta.model_validate(json.loads(raw))
    except (json.JSONDecodeError, ValidationError) as error:
        raise InvalidMetadata(f"metadata 须为 JSON 对象，字段见接口文档：{error}") from error
