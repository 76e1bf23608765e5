"""Analysts' corrections: an ordered, append-only log of entries, applied to graph documents.

An :class:`Entry` says what a person decided (merge, rename, relabel, reject, alias, link, undo),
about which entities (each a :class:`Ref`: the id, label and name it had when the entry was made),
who, when and why. :func:`curate_document` applies the active entries, in order, to one document as
the loader extracted it, so that every document (loaded before or after the entry, in either store)
comes out the same way: a merged-away name resolves to the kept entity, a rejected name is dropped.
Entities are matched by id, and the names an entry names (a merged or rejected name, an alias) are
matched by their canonical form in any entity label, so that a new document's spelling of them is
caught too. Links a person adds live in their own document, :func:`curation_document`, whose text
is the notes, so each added relationship has a note as its provenance.

Every node an active entry changed carries ``properties["curated_by"]``: the entries' numbers, the
same list in every document (worked out from the log alone), so both stores and every merge agree.

>>> keep = Ref("park:深圳(哈尔滨)产业园区", "Park", "深圳（哈尔滨）产业园区")
>>> drop = Ref("park:深哈产业园", "Park", "深哈产业园")
>>> e = Entry(1, "merge", "analyst", "2026-12-04T16:00:00Z", "the same park", entity=keep, other=drop)
>>> final_ids([e])
{'park:深圳(哈尔滨)产业园区': [1]}
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from contextlib import AbstractContextManager
from dataclasses import asdict, dataclass, field, replace
from typing import Any, Protocol

from graph.core.merge import provenance_from_json, provenance_to_json
from graph.core.model import (
    ENTITY_LABELS,
    RELATIONSHIP_TYPES,
    GraphDocument,
    Node,
    Provenance,
    Relationship,
    canonical_key,
    node_id,
    relationship_key,
)

ACTIONS: tuple[str, ...] = ("merge", "rename", "relabel", "reject", "alias", "link", "undo")
# Relationships a person may add or reject: the document's structure is the loader's alone.
CURATED_TYPES: tuple[str, ...] = tuple(t for t in RELATIONSHIP_TYPES if t not in ("PART_OF", "MENTIONS"))
# The document holding the relationships people added; its text is their notes.
CURATION_DOCUMENT = "kg-curation"
CURATED_BY = "curated_by"


class CurationRefused(ValueError):
    """An entry that cannot be made (unknown entity or label, a cycle, a rejected target…): the log
    is left as it was."""


@dataclass(frozen=True)
class Ref:
    """An entity as it was when an entry named it."""

    id: str
    label: str
    name: str

    @classmethod
    def of(cls, node: Node) -> Ref:
        return cls(node.id, node.label, node.name)


@dataclass
class Entry:
    """One decision. ``entity`` is what it is about (for a merge: the entity kept; for a link or a
    rejected relationship: the source); ``other`` the second entity (merge: the one merged away;
    link, relationship: the target); ``value`` the new name, label, alias or relationship type;
    ``undoes`` the number of the entry an undo cancels."""

    seq: int
    action: str
    author: str
    time: str
    reason: str
    entity: Ref | None = None
    other: Ref | None = None
    value: str = ""
    note: str = ""
    undoes: int | None = None

    def to_json(self) -> dict[str, Any]:
        return {k: v for k, v in asdict(self).items() if v not in (None, "")}

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Entry:
        try:
            action = str(data["action"])
            if action not in ACTIONS:
                raise CurationRefused(f"unknown action {action!r} (one of {', '.join(ACTIONS)})")

            def ref(key: str) -> Ref | None:
                r = data.get(key)
                return Ref(str(r["id"]), str(r["label"]), str(r["name"])) if r else None

            undoes = data.get("undoes")
            return cls(
                seq=int(data["seq"]),
                action=action,
                author=str(data.get("author", "")),
                time=str(data.get("time", "")),
                reason=str(data.get("reason", "")),
                entity=ref("entity"),
                other=ref("other"),
                value=str(data.get("value", "")),
                note=str(data.get("note", "")),
                undoes=int(undoes) if undoes is not None else None,
            )
        except (KeyError, TypeError, ValueError) as exc:
            if isinstance(exc, CurationRefused):
                raise
            raise CurationRefused(f"malformed curation entry {dict(data)!r}: {exc}") from None

    def describe(self) -> str:
        """One line a person reads: ``3 merge 深哈产业园 into 深圳（哈尔滨）产业园区``."""
        e, o = self.entity, self.other
        what = {
            "merge": lambda: f"{o.name} ({o.id}) into {e.name} ({e.id})",
            "rename": lambda: f"{e.name} ({e.id}) → {self.value}",
            "relabel": lambda: f"{e.name} ({e.id}) → {self.value}",
            "reject": lambda: f"{e.name} -{self.value}-> {o.name}" if o else f"{e.name} ({e.id})",
            "alias": lambda: f"{e.name} ({e.id}) also named {self.value}",
            "link": lambda: f"{e.name} -{self.value}-> {o.name}: {self.note}",
            "undo": lambda: f"entry {self.undoes}",
        }[self.action]()
        return f"{self.seq} {self.action} {what}"


def active_entries(entries: Iterable[Entry]) -> list[Entry]:
    """The entries that apply: not undos, not undone; in log order."""
    entries = list(entries)
    undone = {e.undoes for e in entries if e.action == "undo"}
    return [e for e in entries if e.action != "undo" and e.seq not in undone]


# --- how an entry changes ids --------------------------------------------------------------


def _relabelled_id(id: str, label: str) -> str:
    return f"{label.lower()}:{id.partition(':')[2]}"


def _id_change(entry: Entry) -> tuple[str, str | None] | None:
    """``(old id, new id)`` an entry makes (new None: the entity is gone); None when ids stay."""
    e = entry.entity
    assert e is not None or entry.action == "undo"
    if entry.action == "merge":
        assert entry.other is not None
        return entry.other.id, e.id
    if entry.action == "rename":
        return e.id, node_id(e.label, entry.value)
    if entry.action == "relabel":
        return e.id, _relabelled_id(e.id, entry.value)
    if entry.action == "reject" and entry.other is None:
        return e.id, None
    return None


def _resulting_ids(entry: Entry) -> list[str]:
    """The ids of the entities an entry leaves changed."""
    if entry.action in ("merge", "rename", "relabel"):
        change = _id_change(entry)
        assert change is not None and change[1] is not None
        return [change[1]]
    if entry.action == "alias":
        return [entry.entity.id]  # type: ignore[union-attr]
    if entry.action == "link" or (entry.action == "reject" and entry.other is not None):
        return [entry.entity.id, entry.other.id]  # type: ignore[union-attr]
    return []


def final_ids(entries: Iterable[Entry]) -> dict[str, list[int]]:
    """For each entity id after all active entries, the entries that changed it (in log order).

    Worked out from the log alone (each entry's result followed through the later entries' id
    changes), so every document gives its copy of a node the same list.
    """
    active = active_entries(entries)
    out: dict[str, list[int]] = {}
    for i, entry in enumerate(active):
        for id in _resulting_ids(entry):
            current: str | None = id
            for later in active[i + 1 :]:
                change = _id_change(later)
                if change and change[0] == current:
                    current = change[1]
                if current is None:
                    break
            if current is not None and entry.seq not in out.setdefault(current, []):
                out[current].append(entry.seq)
    return out


def entry_reach(entry: Entry, entries: Iterable[Entry]) -> tuple[set[str], set[str]]:
    """Ids and canonical names a document must hold (as extracted, or curated without or with
    ``entry``) for ``entry`` to change it; ``entries``: the log holding ``entry``. An undo reaches
    what the entry it undoes reached."""
    entries = list(entries)
    if entry.action == "undo":
        undone = next(e for e in entries if e.seq == entry.undoes)
        return entry_reach(undone, [e for e in entries if e.seq != entry.seq])
    refs = [r for r in (entry.entity, entry.other) if r is not None]
    ids = {r.id for r in refs} | set(_resulting_ids(entry))
    ids.update(id for id, seqs in final_ids(entries).items() if entry.seq in seqs)
    names = {canonical_key(r.name) for r in refs}
    if entry.action in ("alias", "rename"):
        names.add(canonical_key(entry.value))
    return ids, names


def reaches(doc: GraphDocument, ids: set[str], names: set[str]) -> bool:
    """Whether an entity of ``doc`` has one of ``ids`` or ``names`` (see :func:`entry_reach`)."""
    return any(n.id in ids or canonical_key(n.name) in names for n in doc.nodes if n.label in ENTITY_LABELS)


# --- applying entries to a document ---------------------------------------------------------


def _is_entity(n: Node) -> bool:
    return n.label in ENTITY_LABELS


def _moved(n: Node, id: str, label: str, name: str) -> Node:
    """``n`` as the entity ``id``: its names become aliases of ``name``."""
    aliases = (set(n.aliases) | {n.name}) - {name}
    return replace(n, id=id, label=label, name=name, aliases=sorted(aliases))


def _apply(
    entry: Entry, nodes: list[Node], rels: list[Relationship]
) -> tuple[list[Node], list[Relationship]]:
    """One entry applied to a document's nodes and relationships (new lists; inputs untouched)."""
    e, o = entry.entity, entry.other
    assert e is not None
    remap: dict[str, str] = {}
    removed: set[str] = set()
    out: list[Node] = []

    def merge_into(keep: Ref, n: Node) -> Node:
        remap[n.id] = keep.id
        return _moved(n, keep.id, keep.label, keep.name)

    for n in nodes:
        if not _is_entity(n):
            out.append(n)
            continue
        key = canonical_key(n.name)
        if entry.action == "merge":
            assert o is not None
            if n.id != e.id and (n.id == o.id or key == canonical_key(o.name)):
                n = merge_into(e, n)
        elif entry.action == "alias":
            if n.id == e.id:
                n = replace(n, aliases=sorted(set(n.aliases) | {entry.value} - {n.name}))
            elif key == canonical_key(entry.value):
                n = merge_into(e, n)
        elif entry.action == "rename" and n.id == e.id:
            new = node_id(n.label, entry.value)
            remap[n.id] = new
            n = _moved(n, new, n.label, entry.value)
        elif entry.action == "relabel" and n.id == e.id:
            new = _relabelled_id(n.id, entry.value)
            remap[n.id] = new
            n = replace(n, id=new, label=entry.value)
        elif entry.action == "reject" and o is None and (n.id == e.id or key == canonical_key(e.name)):
            removed.add(n.id)
            continue
        out.append(n)

    rejected = relationship_key(e.id, entry.value, o.id) if entry.action == "reject" and o else None
    new_rels: list[Relationship] = []
    for r in rels:
        if r.source in removed or r.target in removed or r.key == rejected:
            continue
        if r.source in remap or r.target in remap:
            r = replace(r, source=remap.get(r.source, r.source), target=remap.get(r.target, r.target))
            if r.source == r.target:
                continue  # 科创总部 BELONGS_TO 深哈产业园, merged into 科创总部: says nothing
        new_rels.append(r)
    return out, new_rels


def _deduplicated(nodes: list[Node], rels: list[Relationship]) -> tuple[list[Node], list[Relationship]]:
    """One node per id and one relationship per key (a merge can bring two together), first place kept."""
    by_id: dict[str, Node] = {}
    for n in nodes:
        seen = by_id.get(n.id)
        if seen is None:
            by_id[n.id] = n
            continue
        seen.aliases = sorted((set(seen.aliases) | set(n.aliases) | {n.name}) - {seen.name})
        seen.properties = {**n.properties, **seen.properties}
        seen.provenance = sorted(set(seen.provenance) | set(n.provenance))
    by_key: dict[tuple[str, str, str], Relationship] = {}
    for r in rels:
        seen_r = by_key.get(r.key)
        if seen_r is None:
            by_key[r.key] = r
            continue
        seen_r.properties = {**r.properties, **seen_r.properties}
        seen_r.provenance = sorted(set(seen_r.provenance) | set(r.provenance))
    return list(by_id.values()), list(by_key.values())


def _marked(nodes: list[Node], entries: list[Entry]) -> None:
    """Give every node an active entry changed its ``curated_by`` list (in place)."""
    by_id = final_ids(entries)
    for n in nodes:
        n.properties.pop(CURATED_BY, None)
        if n.id in by_id:  # keys sorted, as Neo4j gives them back
            n.properties = dict(sorted({**n.properties, CURATED_BY: list(by_id[n.id])}.items()))


def curate_document(doc: GraphDocument, entries: Iterable[Entry]) -> GraphDocument:
    """``doc`` (as extracted) with the active ``entries`` applied in order; ``doc`` is not changed.

    The same document and log always give the same result, whichever store it is written to.
    """
    active = active_entries(entries)
    if not active:
        return doc  # nothing to change: no copy (a write with an empty log costs what it did before)
    # Copies one level deep: entries replace nodes and lists, never change a nested value in place.
    nodes = [replace(n, aliases=list(n.aliases), properties=dict(n.properties)) for n in doc.nodes]
    rels = [replace(r, properties=dict(r.properties)) for r in doc.relationships]
    for entry in active:
        if entry.action != "link":
            nodes, rels = _apply(entry, nodes, rels)
    nodes, rels = _deduplicated(nodes, rels)
    _marked(nodes, active)
    document = next((n for n in nodes if n.id == doc.document.id), replace(doc.document))
    return GraphDocument(document=document, nodes=nodes, relationships=rels, text=doc.text)


def curation_document(entries: Iterable[Entry]) -> GraphDocument | None:
    """The relationships people added (``link``), with their endpoints, as one document whose text
    is the notes (each link's provenance quotes its note); None when there is no active link.

    Each link is added at its place in the log, so later entries (a rename of an endpoint) apply.
    """
    active = active_entries(entries)
    if not any(e.action == "link" for e in active):
        return None
    text = ""
    nodes: list[Node] = []
    rels: list[Relationship] = []
    for entry in active:
        if entry.action != "link":
            nodes, rels = _apply(entry, nodes, rels)
            continue
        e, o = entry.entity, entry.other
        assert e is not None and o is not None
        note = f"[{entry.seq}] {entry.note}"
        start = len(text)
        text += note + "\n"
        prov = Provenance(CURATION_DOCUMENT, start, start + len(note), note)
        for ref in (e, o):
            nodes.append(Node(ref.id, ref.label, ref.name, provenance=[prov]))
        rels.append(Relationship(e.id, o.id, entry.value, {"note": entry.note}, [prov]))
        nodes, rels = _deduplicated(nodes, rels)
    document = Node(
        id=node_id("Document", CURATION_DOCUMENT),
        label="Document",
        name="Curation log: relationships added by people",
        properties={"document": CURATION_DOCUMENT, "title": "Curation log"},
    )
    nodes, rels = _deduplicated([document, *nodes], rels)
    _marked(nodes, active)
    return GraphDocument(document=document, nodes=nodes, relationships=rels, text=text)


# --- graph documents kept as extracted --------------------------------------------------------


def _node_json(n: Node) -> dict[str, Any]:
    return {
        "id": n.id,
        "label": n.label,
        "name": n.name,
        "aliases": n.aliases,
        "properties": n.properties,
        "provenance": [provenance_to_json(p) for p in n.provenance],
    }


def document_to_json(doc: GraphDocument) -> dict[str, Any]:
    """The contract's shape (as ``GraphDocument.to_dict``, without its slow deep copy) plus the text:
    everything needed to curate it again."""
    return {
        "document": _node_json(doc.document),
        "nodes": [_node_json(n) for n in doc.nodes],
        "relationships": [
            {
                "source": r.source,
                "target": r.target,
                "type": r.type,
                "properties": r.properties,
                "provenance": [provenance_to_json(p) for p in r.provenance],
            }
            for r in doc.relationships
        ],
        "text": doc.text,
    }


def document_from_json(data: Mapping[str, Any]) -> GraphDocument:
    def node(d: Mapping[str, Any]) -> Node:
        return Node(
            id=d["id"],
            label=d["label"],
            name=d["name"],
            aliases=list(d["aliases"]),
            properties=dict(d["properties"]),
            provenance=[provenance_from_json(p) for p in d["provenance"]],
        )

    return GraphDocument(
        document=node(data["document"]),
        nodes=[node(n) for n in data["nodes"]],
        relationships=[
            Relationship(
                r["source"],
                r["target"],
                r["type"],
                dict(r["properties"]),
                [provenance_from_json(p) for p in r["provenance"]],
            )
            for r in data["relationships"]
        ],
        text=str(data.get("text", "")),
    )


class CurationKeeping(Protocol):
    """What a store keeps beside its graph for curation: the log, and each document as extracted."""

    def entries(self) -> list[Entry]:
        """The log, in order."""
        ...

    def append(self, entries: list[Entry]) -> None:
        """Add entries at the end; their ``seq`` continue the log's (else CurationRefused)."""
        ...

    def extracted(self, document: str) -> GraphDocument | None:
        """The document as its loader extracted it, if kept."""
        ...

    def keep_extracted(self, doc: GraphDocument) -> None: ...

    def forget_extracted(self, document: str) -> None: ...

    def writer(self) -> AbstractContextManager[None]:
        """Held while a correction or a document is applied: another process's writer waits for it
        (API workers, `kg curate` beside `kg serve`). Not re-entrant: hold it once."""
        ...


@dataclass
class CurationHistory:
    """What the text said and what people changed, for one entity."""

    entries: list[Entry] = field(default_factory=list)
    extracted: list[tuple[str, Node]] = field(default_factory=list)  # (document, node as extracted)
