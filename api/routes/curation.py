"""/curation: the log of people's corrections (list), a new one (post), undo (delete).

Writes need ``X-API-Key``, like uploads. A refused correction (unknown entity or label, a merge
cycle, a rejected entity) answers 409 ``curation_refused`` and leaves the log as it was.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Path, Query
from fastapi.concurrency import run_in_threadpool

from api.dependencies import Store, answer, require_api_key
from api.errors import error_responses
from api.ids import find_entity
from api.schemas.curation import EntryAdded, EntryIn, EntryOut, entries_out
from graph.core.curation import Entry
from graph.core.protocol import GraphStore
from graph.curation import Curation

router = APIRouter(tags=["curation"])


def curation_of(store: GraphStore) -> Curation:
    """The store's curation, resolving references as every route does (id, exact name or alias)."""
    return Curation(store, lambda ref: find_entity(store, ref))


def _added(curation: Curation, entry: Entry) -> EntryAdded:
    cost = curation.last_reapply
    return EntryAdded(
        entry=EntryOut.from_entry(entry),
        documents_rewritten=cost.documents if cost else 0,
        seconds=round(cost.seconds, 4) if cost else 0.0,
    )


@router.get("/curation", response_model=list[EntryOut], responses=error_responses())
async def list_entries(store: Store) -> list[EntryOut]:
    """The log in order; undone entries name the undo that cancelled them."""
    return await answer(store, lambda: entries_out(curation_of(store).entries()))


@router.post(
    "/curation",
    status_code=201,
    response_model=EntryAdded,
    responses=error_responses(400, 401, 403, 409),
    dependencies=[Depends(require_api_key)],
)
async def post_entry(store: Store, body: EntryIn) -> EntryAdded:
    """Make a correction and apply it to every stored document (and to documents loaded later).
    Needs ``X-API-Key``."""

    def work() -> EntryAdded:
        curation = curation_of(store)
        entry = curation.add(
            body.action, body.targets, body.value, body.note, author=body.author, reason=body.reason
        )
        return _added(curation, entry)

    return await run_in_threadpool(work)


@router.delete(
    "/curation/{seq}",
    response_model=EntryAdded,
    responses=error_responses(400, 401, 403, 409),
    dependencies=[Depends(require_api_key)],
)
async def undo_entry(
    store: Store,
    seq: Annotated[int, Path(ge=1, description="The number of the entry to undo.")],
    author: Annotated[str, Query(max_length=100)] = "api",
    reason: Annotated[str, Query(max_length=2000)] = "",
) -> EntryAdded:
    """Undo entry ``seq``: the graph becomes what it would be without it; the log keeps both
    (the answer is the undo entry). Needs ``X-API-Key``."""

    def work() -> EntryAdded:
        curation = curation_of(store)
        return _added(curation, curation.undo(seq, author=author, reason=reason))

    return await run_in_threadpool(work)
