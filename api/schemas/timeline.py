"""Models of the timeline routes: an entity's events, events in a period, promises and outcomes."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field

from api.schemas.common import NodeOut, ProvenanceOut
from graph.core.model import Node
from graph.core.timeline import PromiseOutcome

# What an Event node carries besides its figures.
_EVENT_KEYS = frozenset(
    {"stage", "stage_rank", "planned", "date", "year", "document", "entity", "entity_label"}
)

EVENT_EXAMPLE = {
    "id": "event:harbin-new-area-2021-report|project:龙江碳谷|开工|planned",
    "stage": "开工",
    "planned": True,
    "date": "2021",
    "year": 2021,
    "document": "harbin-new-area-2021-report",
    "quote": "重点推动龙江碳谷等14个项目开工",
    "figures": {},
    "entity": {
        "id": "project:龙江碳谷",
        "label": "Project",
        "name": "龙江碳谷",
        "aliases": [],
        "properties": {},
    },
    "provenance": [],
}


class EventOut(BaseModel):
    """One milestone as one document reports it: planned or done, with the document's date."""

    model_config = {"json_schema_extra": {"examples": [EVENT_EXAMPLE]}}

    id: str
    stage: str = Field(description="签约, 立项, 开工, 复工, 在建, 封顶, 竣工, 投产, 投用, 开园, 入驻.")
    planned: bool = Field(description="True: the report plans it (计划/力争/加快…); false: reports it done.")
    date: str | None = Field(None, description="The document's date (YYYY, YYYY-MM-DD); null if unknown.")
    year: int | None = None
    document: str = Field(description="Document id the event was read in.")
    quote: str = Field(description="The sentence that reports it (first mention).")
    figures: dict[str, Any] = Field(
        default_factory=dict, description="investment_yi (亿元), capacity (年产…), area, when stated."
    )
    entity: NodeOut
    provenance: list[ProvenanceOut]

    @classmethod
    def from_pair(cls, event: Node, entity: Node) -> EventOut:
        p = event.properties
        return cls(
            id=event.id,
            stage=str(p.get("stage", "")),
            planned=bool(p.get("planned")),
            date=p.get("date"),
            year=p.get("year"),
            document=str(p.get("document", "")),
            quote=event.provenance[0].quote if event.provenance else "",
            figures={k: v for k, v in p.items() if k not in _EVENT_KEYS},
            entity=NodeOut.from_node(entity),
            provenance=[ProvenanceOut.model_validate(x) for x in event.provenance],
        )


class EntityTimelineOut(BaseModel):
    """An entity's events in date order."""

    id: str
    name: str
    label: str
    items: list[EventOut]


class TimelinePage(BaseModel):
    """Events in a period, in date order."""

    total: int
    limit: int
    offset: int
    items: list[EventOut]


class PromiseOut(BaseModel):
    """A promise (a planned event of year N's report) and what later reports say of it."""

    entity: NodeOut
    year: int = Field(description="Year of the report that made the promise.")
    stage: str
    outcome: str = Field(description="done, mentioned, not mentioned again, or no later report.")
    years: int | None = Field(None, description="Years from promise to the report saying it was done.")
    promise: EventOut
    done: EventOut | None = Field(None, description="The first later report of the stage or a later one.")
    later_documents: list[str] = Field(default_factory=list, description="Later documents naming it.")

    @classmethod
    def from_outcome(cls, r: PromiseOutcome) -> PromiseOut:
        return cls(
            entity=NodeOut.from_node(r.entity),
            year=r.year,
            stage=str(r.promise.properties.get("stage", "")),
            outcome=r.outcome,
            years=r.years,
            promise=EventOut.from_pair(r.promise, r.entity),
            done=EventOut.from_pair(r.outcome_event, r.entity) if r.outcome_event is not None else None,
            later_documents=list(r.later_documents),
        )


class PromisePage(BaseModel):
    total: int
    limit: int
    offset: int
    items: list[PromiseOut]


class YearsOut(BaseModel):
    """The years of the loaded documents and, for each node, the years of the documents that read it."""

    years: list[int] = Field(description="Distinct years of the dated documents, ascending.")
    documents: dict[str, int] = Field(description="Each dated document's year.")
    nodes: dict[str, list[int]] = Field(description="Node id → years it was read in (dated nodes only).")
