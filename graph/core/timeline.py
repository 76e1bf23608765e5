"""Time: events in date order, what changed in a period, and what was promised against what was done.

Pure functions over (Event, entity) pairs that both stores give (``GraphStore.events``), so both
answer the same. An Event node (``loaders.events``) carries ``stage``, ``planned``, ``date``,
``year``, ``document`` and ``stage_rank``, which orders milestones (签约 1 … 入驻 8).

A promise is a planned event in the report of year N. Its outcome, from later reports (year > N):
``done`` when one reports the entity done at the promised stage or a later one (the first such,
with ``years`` = its year − N); else ``mentioned`` when a later document names the entity; else
``not mentioned again`` when later documents exist; else ``no later report``.

>>> from graph.core.model import Node
>>> p = Node("project:x", "Project", "x")
>>> e = Node("event:a", "Event", "x 开工", properties={"stage_rank": 3, "planned": True, "year": 2019})
>>> d = Node("event:b", "Event", "x 投产", properties={"stage_rank": 7, "planned": False, "year": 2021})
>>> [(r.outcome, r.years) for r in promises([(e, p), (d, p)], {"a": 2019, "b": 2021})]
[('done', 2)]
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from graph.core.model import Node

OUTCOMES = ("done", "mentioned", "not mentioned again", "no later report")
EventPair = tuple[Node, Node]  # (the Event, the entity it is a milestone of)


def event_sort_key(pair: EventPair) -> tuple[str, str, str, bool, str]:
    """Date order (undated last), then entity id, stage, done before planned, event id."""
    event, entity = pair
    date = str(event.properties.get("date", "9999"))
    return (
        date,
        entity.id,
        str(event.properties.get("stage", "")),
        bool(event.properties.get("planned")),
        event.id,
    )


def timeline(
    pairs: Iterable[EventPair],
    year_from: int | None = None,
    year_to: int | None = None,
    stage: str | None = None,
    planned: bool | None = None,
) -> list[EventPair]:
    """The events in ``[year_from, year_to]`` (an undated event only when no bound is given), of
    ``stage`` and planned-or-done as asked, in date order."""
    out = []
    for event, entity in pairs:
        p = event.properties
        year = p.get("year")
        if (year_from is not None or year_to is not None) and not isinstance(year, int):
            continue
        if year_from is not None and year < year_from:
            continue
        if year_to is not None and year > year_to:
            continue
        if stage is not None and p.get("stage") != stage:
            continue
        if planned is not None and bool(p.get("planned")) != planned:
            continue
        out.append((event, entity))
    return sorted(out, key=event_sort_key)


def _rank(event: Node) -> int:
    rank = event.properties.get("stage_rank")
    return rank if isinstance(rank, int) else 0


@dataclass
class PromiseOutcome:
    """One promise (a planned event) and what later reports say of it."""

    entity: Node
    promise: Node  # the planned Event
    year: int  # the promise's report year
    outcome: str  # one of OUTCOMES
    outcome_event: Node | None = None  # the first later done event of the stage or beyond
    years: int | None = None  # years from the promise to that event
    later_documents: tuple[str, ...] = ()  # later documents naming the entity


def promises(
    pairs: Iterable[EventPair],
    document_years: Mapping[str, int],
    year_from: int | None = None,
    year_to: int | None = None,
) -> list[PromiseOutcome]:
    """Each planned event of a dated report in ``[year_from, year_to]`` with its outcome, in date order.

    ``document_years``: every loaded document's year.
    """
    by_entity: dict[str, list[EventPair]] = defaultdict(list)
    for pair in pairs:
        by_entity[pair[1].id].append(pair)
    latest = max(document_years.values(), default=None)
    out: list[PromiseOutcome] = []
    for entity_id in sorted(by_entity):
        events = sorted(by_entity[entity_id], key=event_sort_key)
        entity = events[0][1]
        mentioned = {p.document: document_years.get(p.document) for p in entity.provenance}
        for event, _ in events:
            props = event.properties
            year = props.get("year")
            if not props.get("planned") or not isinstance(year, int):
                continue
            if (year_from is not None and year < year_from) or (year_to is not None and year > year_to):
                continue
            rank = _rank(event)
            kept = next(
                (
                    e
                    for e, _ in events
                    if not e.properties.get("planned")
                    and isinstance(e.properties.get("year"), int)
                    and e.properties["year"] > year
                    and _rank(e) >= rank
                ),
                None,
            )
            later = tuple(sorted(d for d, y in mentioned.items() if y is not None and y > year))
            if kept is not None:
                result = PromiseOutcome(
                    entity, event, year, "done", kept, kept.properties["year"] - year, later
                )
            elif later:
                result = PromiseOutcome(entity, event, year, "mentioned", later_documents=later)
            elif latest is not None and latest > year:
                result = PromiseOutcome(entity, event, year, "not mentioned again")
            else:
                result = PromiseOutcome(entity, event, year, "no later report")
            out.append(result)
    out.sort(key=lambda r: (r.year, r.entity.id, str(r.promise.properties.get("stage")), r.promise.id))
    return out
