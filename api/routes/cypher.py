"""Read-only Cypher on the Neo4j store: a READ transaction, a timeout and a row cap."""

from __future__ import annotations

from fastapi import APIRouter

from api.dependencies import AppSettings, Store
from api.errors import NotSupported, error_responses
from api.schemas.cypher import CypherIn, CypherOut

router = APIRouter(tags=["cypher"])


@router.post("/cypher", response_model=CypherOut, responses=error_responses(400, 501))
def cypher(body: CypherIn, store: Store, settings: AppSettings) -> CypherOut:
    """Run one read-only statement. Writes, LOAD CSV, admin procedures and several statements answer 400.

    The statement runs in a READ-mode transaction that is always rolled back, stopped after the
    timeout (KG_CYPHER_TIMEOUT, 5 s), and its rows are capped (KG_CYPHER_MAX_ROWS, 1000: then
    ``truncated`` is true). The embedded store has no Cypher engine: 501.
    """
    run = getattr(store, "run_read_query", None)
    if run is None:
        raise NotSupported(
            f"Cypher needs the Neo4j store; this API runs on the {store.kind} store (KG_STORE=neo4j)"
        )
    result = run(
        body.query, body.params, timeout=settings.kg_cypher_timeout, max_rows=settings.kg_cypher_max_rows
    )
    return CypherOut(columns=result.columns, rows=result.rows, truncated=result.truncated)
