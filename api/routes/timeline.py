"""Time: an entity's events, what changed in a period, and promises against outcomes."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Path, Query

from api.dependencies import Store, answer
from api.errors import error_responses
from api.ids import find_entity
from api.schemas.timeline import EntityTimelineOut, EventOut, PromiseOut, PromisePage, TimelinePage, YearsOut
from graph.core import timeline
from graph.core.model import ENTITY_LABELS
from loaders.events import stage_ranks

router = APIRouter(tags=["timeline"])

EntityLabel = Literal[ENTITY_LABELS]  # type: ignore[valid-type]
Outcome = Literal[timeline.OUTCOMES]  # type: ignore[valid-type]
Year = Annotated[int | None, Query(ge=1900, le=2100)]
Stage = Literal[tuple(stage_ranks())]  # type: ignore[valid-type]


# Declared before /entities/{id} (the id converter also matches '/timeline'): app.py includes
# this router before the entities one.
@router.get("/entities/{id:path}/timeline", response_model=EntityTimelineOut, responses=error_responses(404))
async def entity_timeline(
    store: Store,
    id: Annotated[
        str, Path(description="Entity id, or an exact name or alias.", examples=["project:龙江碳谷"])
    ],
) -> EntityTimelineOut:
    """The entity's events (planned and done milestones) in date order, each with its quote and document."""

    def reply() -> EntityTimelineOut:
        entity = find_entity(store, id)
        items = [EventOut.from_pair(e, x) for e, x in store.events(entity=entity.id)]
        return EntityTimelineOut(id=entity.id, name=entity.name, label=entity.label, items=items)

    return await answer(store, reply)


@router.get("/timeline/promises", response_model=PromisePage, responses=error_responses(422))
async def promises(
    store: Store,
    label: Annotated[EntityLabel | None, Query(description="Only entities with this label.")] = None,
    year_from: Annotated[Year, Query(alias="from", description="Promises made from this year.")] = None,
    year_to: Annotated[Year, Query(alias="to", description="Promises made up to this year.")] = None,
    outcome: Annotated[Outcome | None, Query(description="Only promises with this outcome.")] = None,
    limit: Annotated[int, Query(ge=1, le=100)] = 100,
    offset: Annotated[int, Query(ge=0, le=10_000)] = 0,
) -> PromisePage:
    """Milestones planned in one year's report and, from later reports, whether they were reported
    done (and how many years later), mentioned again, or never mentioned again."""

    def reply() -> PromisePage:
        years = {d.id: y for d in store.documents() if isinstance(y := d.node.properties.get("year"), int)}
        found = timeline.promises(store.events(label=label), years, year_from, year_to)
        if outcome is not None:
            found = [r for r in found if r.outcome == outcome]
        page = [PromiseOut.from_outcome(r) for r in found[offset : offset + limit]]
        return PromisePage(total=len(found), limit=limit, offset=offset, items=page)

    return await answer(store, reply)


@router.get("/timeline/years", response_model=YearsOut, responses=error_responses())
async def years(store: Store) -> YearsOut:
    """The years the loaded documents speak for and, for every node, the years of the documents that
    read it (the network page's year filter)."""

    def reply() -> YearsOut:
        documents = {
            d.id: y for d in store.documents() if isinstance(y := d.node.properties.get("year"), int)
        }
        nodes: dict[str, list[int]] = {}
        for n in store.all_graph().nodes:
            found = {documents[p.document] for p in n.provenance if p.document in documents}
            own = n.properties.get("year") if n.label in ("Document", "Event") else None
            if isinstance(own, int):
                found.add(own)
            if found:
                nodes[n.id] = sorted(found)
        return YearsOut(years=sorted(set(documents.values())), documents=documents, nodes=nodes)

    return await answer(store, reply)


@router.get("/timeline", response_model=TimelinePage, responses=error_responses(422))
async def events_in_period(
    store: Store,
    label: Annotated[
        EntityLabel | None, Query(description="Only events of entities with this label.")
    ] = None,
    year_from: Annotated[Year, Query(alias="from", description="From this year (inclusive).")] = None,
    year_to: Annotated[Year, Query(alias="to", description="Up to this year (inclusive).")] = None,
    stage: Annotated[Stage | None, Query(description="Only this stage.", examples=["投产"])] = None,
    planned: Annotated[bool | None, Query(description="true: plans only; false: reported done only.")] = None,
    limit: Annotated[int, Query(ge=1, le=100)] = 100,
    offset: Annotated[int, Query(ge=0, le=10_000)] = 0,
) -> TimelinePage:
    """What changed in a period: the events of every entity, in date order (from after to: none)."""

    def reply() -> TimelinePage:
        found = timeline.timeline(store.events(label=label), year_from, year_to, stage, planned)
        page = [EventOut.from_pair(e, x) for e, x in found[offset : offset + limit]]
        return TimelinePage(total=len(found), limit=limit, offset=offset, items=page)

    return await answer(store, reply)
