"""Health for people and for load balancers: `/healthz` (details), `/readyz` (serve traffic?), `/livez`.

`/healthz` reports the index generation this process serves beside the database's. It says `stale`
when a database generation has gone unserved for longer than `index_stale_seconds`, `mismatch` when
the database was re-indexed with another model; `/readyz` answers 503 in both cases, so a balancer
sends traffic to instances that are caught up.
"""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import JSONResponse

from service.deps import ContainerDep

router = APIRouter(tags=["health"])


def _health(container: ContainerDep) -> dict:
    index = container.index
    status = index.status()
    policies, chunks = index.counts()
    state = "ok"
    if status.mismatch:
        state = "mismatch"
    elif status.behind_seconds > container.settings.index_stale_seconds:
        state = "stale"
    return {
        "status": state,
        "model": index.model_name,
        "embedding_backend": index.embedding_backend,
        "documents": policies,
        "chunks": chunks,
        "indexed_vectors": status.vectors,
        "generation": {"served": status.served_generation, "database": status.database_generation,
                       "behind_seconds": round(status.behind_seconds, 3)},
        **({"detail": status.mismatch} if status.mismatch else {}),
    }


@router.get("/healthz")
def healthz(container: ContainerDep) -> dict:
    return _health(container)


@router.get("/readyz")
def readyz(container: ContainerDep) -> JSONResponse:
    """200 once the index is loaded and caught up with the database; 503 otherwise."""
    health = _health(container)
    ready = health["status"] == "ok"
    return JSONResponse({"ready": ready, "status": health["status"], "generation": health["generation"]},
                        status_code=200 if ready else 503)


@router.get("/livez")
def livez() -> dict:
    """The process answers; nothing else is checked (a restart would not fix a stale index)."""
    return {"status": "alive"}
