"""文档: list and search, upload, edit metadata, repeal (已废止: gone from answers and pushes at once), delete."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, File, Request, Response, UploadFile
from starlette.concurrency import run_in_threadpool

from index.doc_types import DOC_TYPES
from index.lifecycle import date_warnings
from index.models import REPEALED, STATUSES
from index.upload import ingest_upload
from service.console.documents import (
    FIELD_NAMES,
    PROVENANCE_NAMES,
    audit_view,
    changed_only,
    find_documents,
    metadata_changes,
)
from service.console.sessions import StaffSession
from service.console.web import CheckedForm, ConsoleDep, ConsoleRoute, Permit, SessionDep, back_to, render
from service.deps import ContainerDep, IndexDep, SettingsDep

router = APIRouter(route_class=ConsoleRoute)
Uploader = Annotated[StaffSession, Depends(Permit("documents.upload"))]
Editor = Annotated[StaffSession, Depends(Permit("documents.edit"))]
Repealer = Annotated[StaffSession, Depends(Permit("documents.repeal"))]
Deleter = Annotated[StaffSession, Depends(Permit("documents.delete"))]


@router.get("/documents")
def documents_page(request: Request, session: SessionDep, index: IndexDep, settings: SettingsDep,
                   q: str = "", status: str = "", doc_type: str = "") -> Response:
    return render(request, "documents.html", session, documents=find_documents(index, q, status, doc_type=doc_type),
                  q=q, status=status, statuses=STATUSES, doc_type=doc_type, doc_types=DOC_TYPES,
                  max_bytes=settings.max_upload_bytes)


@router.post("/documents")
async def upload(session: Uploader, form: CheckedForm, container: ContainerDep, console: ConsoleDep,
                 file: Annotated[UploadFile, File()]) -> Response:
    limit = container.settings.max_upload_bytes
    data = await file.read(limit + 1)
    changes = metadata_changes(form, drop_empty=True)
    stored = await run_in_threadpool(ingest_upload, container.ingestor, file.filename, data, changes, limit)
    console.audit.record(session.staff.username, "documents.upload", stored.id,
                         after={**audit_view(stored), "file": file.filename})
    return back_to(f"/console/documents/{stored.id}", "uploaded")


@router.get("/documents/{doc_id}")
def document_page(request: Request, doc_id: str, session: SessionDep, index: IndexDep) -> Response:
    policy = index.get_policy(doc_id)
    relations = index.relations(targets=[doc_id]) + index.relations(sources=[doc_id])
    warnings = date_warnings(policy) + [r.warning for r in relations if r.warning]
    return render(request, "document.html", session, policy=policy, chunks=index.chunks_of(doc_id),
                  interpretations=index.interpretations_of(policy), statuses=STATUSES, field_names=FIELD_NAMES,
                  provenance_names=PROVENANCE_NAMES, doc_types=DOC_TYPES,
                  validity=index.validity([doc_id])[doc_id], relations=relations, warnings=warnings)


@router.post("/documents/{doc_id}")
def edit(doc_id: str, session: Editor, form: CheckedForm, container: ContainerDep, console: ConsoleDep) -> Response:
    current = container.index.get_policy(doc_id)
    changes = changed_only(current, metadata_changes(form))
    before = audit_view(current)
    after = audit_view(container.ingestor.update_metadata(doc_id, changes))
    console.audit.record(session.staff.username, "documents.edit", doc_id, before=before, after=after)
    return back_to(f"/console/documents/{doc_id}", "saved")


@router.post("/documents/{doc_id}/repeal")
def repeal(doc_id: str, session: Repealer, _: CheckedForm, container: ContainerDep, console: ConsoleDep) -> Response:
    before = container.index.get_policy(doc_id).status
    container.index.update_metadata(doc_id, {"status": REPEALED})
    console.audit.record(session.staff.username, "documents.repeal", doc_id, before={"status": before},
                         after={"status": REPEALED})
    return back_to(f"/console/documents/{doc_id}", "repealed")


@router.post("/documents/{doc_id}/delete")
def delete(doc_id: str, session: Deleter, _: CheckedForm, container: ContainerDep, console: ConsoleDep) -> Response:
    before = audit_view(container.index.get_policy(doc_id))
    container.index.delete(doc_id)
    container.privacy.store.forget(doc_id)
    console.audit.record(session.staff.username, "documents.delete", doc_id, before=before)
    return back_to("/console/documents", "deleted")
