"""Entities: search by name, alias or pinyin; one entity; entities related to it."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Path, Query

from api.dependencies import Store, answer
from api.errors import InvalidParameter, error_responses
from api.ids import find_entity, is_stored_form
from api.schemas.curation import CuratedEntityOut, curated_entity
from api.schemas.entities import RelatedOut, RelatedPage, SearchItem, SearchPage
from graph.core.errors import EntityNotFound
from graph.core.model import ENTITY_LABELS, LABELS, RELATIONSHIP_TYPES
from graph.core.protocol import MAX_DEPTH, Neighbour

router = APIRouter(tags=["entities"])

Label = Literal[LABELS]  # type: ignore[valid-type]
EntityId = Annotated[
    str,
    Path(
        description="Entity id (or an exact name or alias); percent-encode it in URLs.",
        examples=["project:龙江碳谷", "park:深圳(哈尔滨)产业园区"],
    ),
]


# Neo4j style (BELONGS_TO) or lower case (belongs_to): both spellings are in the schema's enum.
RelationshipType = Literal[RELATIONSHIP_TYPES + tuple(t.lower() for t in RELATIONSHIP_TYPES)]  # type: ignore[valid-type]


@router.get("/entities", response_model=SearchPage, responses=error_responses(422))
async def search_entities(
    store: Store,
    q: Annotated[
        str,
        Query(
            min_length=1,
            max_length=200,
            pattern=r"\S",  # in the schema too: a blank query is refused, so clients can know it
            description="Chinese name or alias (exact, prefix, substring) or pinyin with or without tones.",
            examples=["龙江碳谷", "longjiang", "深圳（哈尔滨）产业园区"],
        ),
    ],
    label: Annotated[Label | None, Query(description="Only entities with this label.")] = None,
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
    offset: Annotated[int, Query(ge=0, le=10_000)] = 0,
) -> SearchPage:
    """Search entities, best match first, with the total number of matches for paging."""
    if not q.strip():
        raise InvalidParameter("q is blank: give a name, alias or pinyin")

    def reply() -> SearchPage:
        result = store.search(q.strip(), label=label, limit=limit, offset=offset)
        items = [SearchItem.from_hit(h) for h in result.hits]
        return SearchPage(total=result.total, limit=limit, offset=offset, items=items)

    return await answer(store, reply)


# Declared before /entities/{id} because the id converter also matches '/related'.
@router.get("/entities/{id:path}/related", response_model=RelatedPage, responses=error_responses(404, 422))
async def related_entities(
    store: Store,
    id: EntityId,
    type: Annotated[
        list[RelationshipType] | None,
        Query(description="Relationship types to follow (repeat for several).", examples=[["BELONGS_TO"]]),
    ] = None,
    direction: Annotated[Literal["out", "in", "both"], Query()] = "both",
    label: Annotated[
        list[Label] | None,
        Query(description="Only related nodes with these labels (default: every entity label, no sections)."),
    ] = None,
    depth: Annotated[int, Query(ge=1, le=MAX_DEPTH)] = 1,
    limit: Annotated[int, Query(ge=1, le=100)] = 50,
) -> RelatedPage:
    """Entities within ``depth`` hops, each with the path of relationships that reaches it."""
    types = list(dict.fromkeys(t.upper() for t in type)) if type else None

    def neighbours(start: str) -> list[Neighbour]:
        return store.neighbours(
            start,
            types=types,
            direction=direction,
            labels=list(label) if label else list(ENTITY_LABELS),  # sections only when asked for
            depth=depth,
            limit=limit,
        )

    def start_and_neighbours() -> tuple[str, list[Neighbour]]:
        # Most requests name a stored id: ask for its neighbours at once (one Neo4j round trip, not
        # two); anything else is looked up by canonical form, name or alias first.
        if is_stored_form(id):
            try:
                return id, neighbours(id)
            except EntityNotFound:
                pass  # an id-shaped name or alias, or no such entity: find_entity says which
        start = find_entity(store, id).id
        return start, neighbours(start)

    def reply() -> RelatedPage:
        start, found = start_and_neighbours()
        return RelatedPage(id=start, items=[RelatedOut.from_neighbour(nb) for nb in found])

    return await answer(store, reply)


@router.get("/entities/{id:path}", response_model=CuratedEntityOut, responses=error_responses(404))
async def get_entity(store: Store, id: EntityId) -> CuratedEntityOut:
    """One entity with its aliases, properties and provenance (document, offsets, quote), and the
    corrections people made to it with what the texts said before them (``curation``)."""
    return await answer(store, lambda: curated_entity(store, find_entity(store, id)))
