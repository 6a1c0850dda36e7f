"""Liveness and readiness."""

from __future__ import annotations

from fastapi import APIRouter

from service.deps import ContainerDep

router = APIRouter(tags=["health"])


@router.get("/healthz")
def healthz(container: ContainerDep) -> dict:
    policies, chunks = container.store.count()
    index = container.index
    return {
        "status": "ok",
        "model": index.embedder.name,
        "embedding_backend": index.embedder.backend,
        "documents": policies,
        "chunks": chunks,
        "indexed_vectors": len(index.vectors) if index.vectors is not None else 0,
    }
