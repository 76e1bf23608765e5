"""Models of /curation (the log of corrections) and of an entity's curation history."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from api.schemas.common import EntityOut
from graph.core.curation import CURATED_BY, CurationHistory, Entry
from graph.core.model import Node
from graph.core.protocol import GraphStore

Action = Literal["merge", "rename", "relabel", "reject", "alias", "link"]


class RefOut(BaseModel):
    """An entity as it was when the entry named it."""

    model_config = ConfigDict(from_attributes=True)

    id: str = Field(examples=["park:深哈产业园"])
    label: str = Field(examples=["Park"])
    name: str = Field(examples=["深哈产业园"])


class EntryOut(BaseModel):
    """One entry of the log: who decided what, when and why."""

    model_config = ConfigDict(from_attributes=True)

    seq: int = Field(
        description="Its number: the order entries apply in; `DELETE /curation/{seq}` undoes it."
    )
    action: Literal["merge", "rename", "relabel", "reject", "alias", "link", "undo"]
    author: str
    time: str = Field(description="When, in UTC (ISO 8601).", examples=["2026-12-04T16:00:00Z"])
    reason: str
    entity: RefOut | None = Field(
        None, description="What it is about; merge: the entity kept; link/relationship: the source."
    )
    other: RefOut | None = Field(
        None, description="merge: the entity merged away; link/relationship: the target."
    )
    value: str = Field("", description="rename: new name; relabel: label; alias: the alias; link: the type.")
    note: str = ""
    undoes: int | None = None
    undone_by: int | None = Field(None, description="The undo entry that cancelled this one, if any.")
    summary: str = Field(
        description="The entry in one line.", examples=["1 merge 深哈产业园 (park:深哈产业园) into …"]
    )

    @classmethod
    def from_entry(cls, e: Entry, undone_by: int | None = None) -> EntryOut:
        return cls.model_validate({**e.__dict__, "undone_by": undone_by, "summary": e.describe()})


def entries_out(entries: list[Entry]) -> list[EntryOut]:
    undone = {e.undoes: e.seq for e in entries if e.action == "undo"}
    return [EntryOut.from_entry(e, undone.get(e.seq)) for e in entries]


class EntryIn(BaseModel):
    """A correction. ``targets``: entity ids or exact names/aliases — merge: [kept, duplicate];
    rename, relabel, alias, reject: [entity]; link and a rejected relationship: [source, target]."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "action": "merge",
                    "targets": ["深圳（哈尔滨）产业园区", "深哈产业园"],
                    "reason": "same park",
                },
                {"action": "relabel", "targets": ["project:华为"], "value": "Organization"},
                {
                    "action": "link",
                    "targets": ["华为", "哈工大"],
                    "value": "COOPERATES_WITH",
                    "note": "签约仪式",
                },
            ]
        }
    )

    action: Action
    targets: list[str] = Field(min_length=1, max_length=2)
    value: str = Field("", max_length=200, description="New name, label, alias, or relationship type.")
    note: str = Field("", max_length=2000, description="link: where it is known from (its provenance).")
    author: str = Field("api", max_length=100)
    reason: str = Field("", max_length=2000)


class EntryAdded(BaseModel):
    """The entry made, and what applying the log to every stored document cost."""

    entry: EntryOut
    documents_rewritten: int
    seconds: float


class ExtractedOut(BaseModel):
    document: str
    node: EntityOut = Field(description="The node as the loader read it from this document.")


class CurationOut(BaseModel):
    """Which corrections changed an entity, and what the documents' texts said before them."""

    entries: list[EntryOut] = Field(default_factory=list)
    extracted: list[ExtractedOut] = Field(default_factory=list)

    @classmethod
    def from_history(cls, h: CurationHistory) -> CurationOut:
        return cls(
            entries=[EntryOut.from_entry(e) for e in h.entries],
            extracted=[ExtractedOut(document=d, node=EntityOut.model_validate(n)) for d, n in h.extracted],
        )


class CuratedEntityOut(EntityOut):
    """An entity with its provenance and its curation: read from the text vs changed by people."""

    curation: CurationOut = Field(default_factory=CurationOut)


def curated_entity(store: GraphStore, node: Node) -> CuratedEntityOut:
    """``node`` with its curation; the log is read only for a node some entry changed."""
    out = CuratedEntityOut.model_validate(node)
    if node.properties.get(CURATED_BY):
        from graph.curation import Curation

        out.curation = CurationOut.from_history(Curation(store).history(node))
    return out
