"""How what several documents say about one node or relationship becomes one visible node.

Pure functions used by both stores, so that they agree. A node (or relationship) keeps one
:class:`Contribution` per document; the visible node is computed from them:

- name: the name given by the first document (sorted ids); other documents' names become aliases;
- aliases: the sorted union; provenance: the sorted union;
- properties: merged in sorted document-id order (a later document id wins on a conflicting key).

Writing a document replaces that document's contributions (so loading twice changes nothing);
deleting it removes them, and a node or relationship with none left is removed.

>>> from graph.core.model import Provenance
>>> a = Contribution(name="深哈产业园", provenance=[Provenance("b", 0, 5, "深哈产业园")])
>>> b = Contribution(name="深圳（哈尔滨）产业园区", aliases=["深哈产业园"], properties={"year": 2019})
>>> visible_node(NodeState("park:x", "Park", {"b": a, "a": b})).aliases
['深哈产业园']
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from graph.core.model import LABELS, RELATIONSHIP_TYPES, GraphDocument, Node, Provenance, Relationship
from graph.core.pinyin import names_pinyin
from graph.core.protocol import WriteSummary

RelKey = tuple[str, str, str]


@dataclass
class Contribution:
    """What one document says about a node (``name`` empty for a relationship)."""

    name: str = ""
    aliases: list[str] = field(default_factory=list)
    properties: dict[str, Any] = field(default_factory=dict)
    provenance: list[Provenance] = field(default_factory=list)
    ordinal: int = 0  # position in the document, so that document_graph gives it back in order
    text: str = ""  # the document's text, on the Document node only

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "ordinal": self.ordinal,
            "aliases": self.aliases,
            "properties": self.properties,
            "provenance": [provenance_to_json(p) for p in self.provenance],
        }
        if self.name:
            out["name"] = self.name
        if self.text:
            out["text"] = self.text
        return out

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Contribution:
        return cls(
            name=str(data.get("name", "")),
            aliases=[str(a) for a in data["aliases"]],
            properties=dict(data["properties"]),
            provenance=[provenance_from_json(p) for p in data["provenance"]],
            ordinal=int(data["ordinal"]),
            text=str(data.get("text", "")),
        )


@dataclass
class NodeState:
    """A stored node: its identity and each document's contribution."""

    id: str
    label: str
    contributions: dict[str, Contribution]


@dataclass
class RelationshipState:
    """A stored relationship, keyed by ``(source, type, target)``, with each document's contribution."""

    source: str
    type: str
    target: str
    contributions: dict[str, Contribution]

    @property
    def key(self) -> RelKey:
        return (self.source, self.type, self.target)


@dataclass
class WritePlan:
    """What a store must do to write (or delete) one document, in this order.

    ``relationship_deletes`` first, then ``node_deletes`` (which also drops their remaining
    relationships), then ``nodes`` and ``relationships`` to create or replace.
    """

    relationship_deletes: list[RelationshipState]
    node_deletes: list[NodeState]
    nodes: list[NodeState]
    relationships: list[RelationshipState]
    summary: WriteSummary


class InvalidDocument(ValueError):
    """A graph document that breaks the contract (unknown label or type, dangling relationship)."""


def provenance_to_json(p: Provenance) -> dict[str, Any]:
    return p.to_json()


def provenance_from_json(data: Mapping[str, Any]) -> Provenance:
    return Provenance.from_json(data)


def contributions_to_json(contributions: Mapping[str, Contribution]) -> dict[str, Any]:
    return {doc: contributions[doc].to_json() for doc in sorted(contributions)}


def contributions_from_json(data: Mapping[str, Any]) -> dict[str, Contribution]:
    return {str(doc): Contribution.from_json(c) for doc, c in data.items()}


def contributions_dumps(contributions: Mapping[str, Contribution]) -> str:
    """The JSON string form stored in Neo4j (sorted keys so equal states give equal strings)."""
    return json.dumps(contributions_to_json(contributions), ensure_ascii=False, sort_keys=True)


def contributions_loads(text: str) -> dict[str, Contribution]:
    return contributions_from_json(json.loads(text))


# --- the visible node -------------------------------------------------------------------------


def merged_properties(contributions: Mapping[str, Contribution]) -> dict[str, Any]:
    """Properties merged in sorted document-id order (a later document id wins)."""
    if len(contributions) == 1:
        (only,) = contributions.values()
        return dict(only.properties)
    merged: dict[str, Any] = {}
    for doc in sorted(contributions):
        merged.update(contributions[doc].properties)
    return merged


def merged_provenance(contributions: Mapping[str, Contribution]) -> list[Provenance]:
    """The sorted union of the contributions' provenance."""
    if len(contributions) == 1:
        (only,) = contributions.values()
        return list(only.provenance)  # kept sorted and distinct by _document_nodes/_relationships
    return sorted({p for c in contributions.values() for p in c.provenance})


def visible_names(contributions: Mapping[str, Contribution]) -> tuple[str, list[str]]:
    """The visible name (the first document's) and aliases (every other name, sorted)."""
    name = contributions[min(contributions)].name
    names = {a for c in contributions.values() for a in c.aliases}
    names.update(c.name for c in contributions.values())
    names.discard(name)
    return name, sorted(names)


def visible_node(state: NodeState) -> Node:
    """The node users see: one name, the union of aliases and provenance, merged properties."""
    name, aliases = visible_names(state.contributions)
    return Node(
        id=state.id,
        label=state.label,
        name=name,
        aliases=aliases,
        properties=merged_properties(state.contributions),
        provenance=merged_provenance(state.contributions),
    )


def visible_relationship(state: RelationshipState) -> Relationship:
    return Relationship(
        source=state.source,
        target=state.target,
        type=state.type,
        properties=merged_properties(state.contributions),
        provenance=merged_provenance(state.contributions),
    )


def node_pinyin(node: Node) -> list[str]:
    """The pinyin keys stored with a node (of its name and aliases)."""
    return names_pinyin([node.name, *node.aliases])


# --- planning a write -------------------------------------------------------------------------


def _document_nodes(doc: GraphDocument) -> dict[str, tuple[str, Contribution]]:
    """Each node id of the document with its label and contribution (repeats of an id merged)."""
    out: dict[str, tuple[str, Contribution]] = {}
    nodes = list(doc.nodes)
    if all(n.id != doc.document.id for n in nodes):
        nodes.insert(0, doc.document)
    for ordinal, n in enumerate(nodes):
        if n.label not in LABELS:
            raise InvalidDocument(f"node {n.id!r} has unknown label {n.label!r}")
        if n.id in out:
            label, c = out[n.id]
            if label != n.label:
                raise InvalidDocument(f"node {n.id!r} appears with labels {label} and {n.label}")
            c.aliases = sorted(set(c.aliases) | set(n.aliases) | ({n.name} - {c.name}))
            c.properties = {**c.properties, **n.properties}
            c.provenance = sorted(set(c.provenance) | set(n.provenance))
            continue
        out[n.id] = (
            n.label,
            Contribution(
                name=n.name,
                aliases=sorted(set(n.aliases) - {n.name}),
                properties=dict(n.properties),
                provenance=sorted(set(n.provenance)),
                ordinal=ordinal,
                text=doc.text if n.id == doc.document.id else "",
            ),
        )
    return out


def _document_relationships(doc: GraphDocument) -> dict[RelKey, Contribution]:
    out: dict[RelKey, Contribution] = {}
    for ordinal, r in enumerate(doc.relationships):
        if r.type not in RELATIONSHIP_TYPES:
            raise InvalidDocument(f"relationship {r.source} → {r.target} has unknown type {r.type!r}")
        key = r.key
        if key in out:
            c = out[key]
            c.properties = {**c.properties, **r.properties}
            c.provenance = sorted(set(c.provenance) | set(r.provenance))
            continue
        out[key] = Contribution(
            properties=dict(r.properties), provenance=sorted(set(r.provenance)), ordinal=ordinal
        )
    return out


def document_id(doc: GraphDocument) -> str:
    """The id a document's provenance uses (its Document node's ``document`` property), checked."""
    try:
        document = doc.id
    except KeyError:
        raise InvalidDocument(f"document node {doc.document.id!r} has no 'document' property") from None
    if not document:
        raise InvalidDocument(f"document node {doc.document.id!r} has an empty document id")
    if doc.document.label != "Document":
        raise InvalidDocument(f"document node {doc.document.id!r} has label {doc.document.label}")
    return document


def document_touches(doc: GraphDocument) -> tuple[set[str], set[RelKey]]:
    """Ids and relationship keys a write of ``doc`` reads besides what the document already supports."""
    ids = {n.id for n in doc.nodes} | {doc.document.id}
    ids.update(r.source for r in doc.relationships)
    ids.update(r.target for r in doc.relationships)
    return ids, {r.key for r in doc.relationships}


def plan_write(
    doc: GraphDocument | None,
    document: str,
    nodes: Mapping[str, NodeState],
    relationships: Mapping[RelKey, RelationshipState],
) -> WritePlan:
    """Replace ``document``'s contributions by ``doc``'s (``doc`` None: delete the document).

    ``nodes`` and ``relationships`` must hold at least every stored node and relationship the
    document supports, and those ``document_touches(doc)`` names (absent ones are new).
    """
    new_nodes = _document_nodes(doc) if doc is not None else {}
    new_rels = _document_relationships(doc) if doc is not None else {}
    summary = WriteSummary(document=document)

    node_ids = set(new_nodes) | {i for i, s in nodes.items() if document in s.contributions}
    upserts: list[NodeState] = []
    deletes: list[NodeState] = []
    for id in sorted(node_ids):
        old = nodes.get(id)
        contributions = dict(old.contributions) if old else {}
        contributions.pop(document, None)
        if id in new_nodes:
            label, contribution = new_nodes[id]
            if old is not None and old.label != label:
                raise InvalidDocument(f"node {id!r} is stored as {old.label}, the document says {label}")
            contributions[document] = contribution
            counter = summary.nodes_existing if old is not None else summary.nodes_new
            counter[label] = counter.get(label, 0) + 1
        if not contributions:
            assert old is not None  # a node with no contribution left was stored before
            deletes.append(old)
        elif old is None or contributions != old.contributions:
            upserts.append(NodeState(id, old.label if old else new_nodes[id][0], contributions))

    deleted = {s.id for s in deletes}
    rel_keys = set(new_rels) | {k for k, s in relationships.items() if document in s.contributions}
    rel_upserts: list[RelationshipState] = []
    rel_deletes: list[RelationshipState] = []
    for key in sorted(rel_keys):
        old_rel = relationships.get(key)
        source, type_, target = key
        if key not in new_rels and (source in deleted or target in deleted):
            continue  # goes with its endpoint (the store drops it with the node)
        contributions = dict(old_rel.contributions) if old_rel else {}
        contributions.pop(document, None)
        if key in new_rels:
            for end in (source, target):
                if end in deleted or (end not in new_nodes and end not in nodes):
                    raise InvalidDocument(f"relationship {source} -{type_}-> {target}: no node {end!r}")
            contributions[document] = new_rels[key]
            counter = summary.relationships_existing if old_rel else summary.relationships_new
            counter[type_] = counter.get(type_, 0) + 1
        if not contributions:
            assert old_rel is not None
            rel_deletes.append(old_rel)
        elif old_rel is None or contributions != old_rel.contributions:
            rel_upserts.append(RelationshipState(source, type_, target, contributions))

    for counter in (
        summary.nodes_new,
        summary.nodes_existing,
        summary.relationships_new,
        summary.relationships_existing,
    ):
        ordered = dict(sorted(counter.items()))
        counter.clear()
        counter.update(ordered)
    return WritePlan(rel_deletes, deletes, upserts, rel_upserts, summary)


# --- one document back out --------------------------------------------------------------------


def document_graph(
    document: str, nodes: list[NodeState], relationships: list[RelationshipState]
) -> GraphDocument | None:
    """What ``document`` contributed, rebuilt from the states that hold its contributions."""
    own = sorted(
        (s for s in nodes if document in s.contributions), key=lambda s: s.contributions[document].ordinal
    )
    doc_node = next((s for s in own if s.label == "Document"), None)
    if doc_node is None:
        return None

    def as_node(s: NodeState) -> Node:
        c = s.contributions[document]
        return Node(s.id, s.label, c.name, list(c.aliases), dict(c.properties), list(c.provenance))

    rels = sorted(
        (s for s in relationships if document in s.contributions),
        key=lambda s: s.contributions[document].ordinal,
    )
    return GraphDocument(
        document=as_node(doc_node),
        nodes=[as_node(s) for s in own],
        relationships=[
            Relationship(
                s.source,
                s.target,
                s.type,
                dict(s.contributions[document].properties),
                list(s.contributions[document].provenance),
            )
            for s in rels
        ],
        text=doc_node.contributions[document].text,
    )


def apply_plan(
    plan: WritePlan, nodes: dict[str, NodeState], relationships: dict[RelKey, RelationshipState]
) -> None:
    """Apply ``plan`` to plain dicts of states, in place (what a store does in its own storage)."""
    for r in plan.relationship_deletes:
        relationships.pop(r.key, None)
    gone = {n.id for n in plan.node_deletes}
    for id in gone:
        nodes.pop(id, None)
    for key in [k for k in relationships if k[0] in gone or k[2] in gone]:
        del relationships[key]
    nodes.update((n.id, n) for n in plan.nodes)
    relationships.update((r.key, r) for r in plan.relationships)


def replay(
    docs: list[GraphDocument],
) -> tuple[dict[str, NodeState], dict[RelKey, RelationshipState]]:
    """The stored states after writing ``docs`` in order: e.g. from ``store.document_graph`` of each
    document, to rebuild exactly what a store holds (the Cypher export does this)."""
    nodes: dict[str, NodeState] = {}
    relationships: dict[RelKey, RelationshipState] = {}
    for doc in docs:
        apply_plan(plan_write(doc, document_id(doc), nodes, relationships), nodes, relationships)
    return nodes, relationships
