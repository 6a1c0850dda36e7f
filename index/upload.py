"""One way in for an uploaded file, whether it comes through the API or the staff console."""

from __future__ import annotations

import dataclasses
from pathlib import PurePath

from index.errors import DocumentTooLarge, EmptyDocument
from index.ids import check_doc_id
from index.ingest import Ingestor
from index.models import FROM_STAFF, Policy
from index.parsing import read_policy


def ingest_upload(ingestor: Ingestor, filename: str | None, data: bytes, metadata: dict, max_bytes: int) -> Policy:
    """Read the file as a policy, lay `metadata` over what its text says, embed and store it; the stored policy.

    Each field set in `metadata` is marked as set by staff. Nothing is stored when the file is too large
    (or unpacks too large), empty or unreadable.
    """
    name = filename or "upload.txt"
    if len(data) > max_bytes:
        raise DocumentTooLarge(name, len(data), max_bytes)
    if not data:
        raise EmptyDocument(name)
    read = read_policy(PurePath(name), data=data, max_unpacked_bytes=ingestor.max_unpacked_bytes)
    set_by_staff = dict.fromkeys((field for field in metadata if field != "id"), FROM_STAFF)
    policy = dataclasses.replace(read, **metadata, provenance={**read.provenance, **set_by_staff})
    check_doc_id(policy.id)
    ingestor.ingest_policy(policy)
    return ingestor.index.get_policy(policy.id)
