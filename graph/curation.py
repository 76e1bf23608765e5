"""Curating a store: checking and logging people's corrections, and applying them to its documents.

Every write of a document goes through :meth:`Curation.write_document`: the document as extracted
is kept beside the graph (``graph.embedded.curation_files`` / ``graph.neo4j.curation_nodes``), and
the store receives it with the log applied (``graph.core.curation.curate_document``). A new entry
(or an undo) is checked against the graph as it is, appended to the log, and then every stored
document is written again from its kept extraction with the whole log applied (:meth:`reapply`),
so a correction reaches what is stored and what is loaded later in the same way, on both stores.
"""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from graph.core import curation as core
from graph.core.curation import (
    CURATED_TYPES,
    CURATION_DOCUMENT,
    CurationHistory,
    CurationKeeping,
    CurationRefused,
    Entry,
    Ref,
)
from graph.core.errors import EntityNotFound
from graph.core.model import ENTITY_LABELS, SYMMETRIC_TYPES, GraphDocument, Node, canonical_key, node_id
from graph.core.protocol import GraphStore, WriteSummary

Resolve = Callable[[str], Node]
# One writer at a time: a log read, then documents written with it, must not interleave with another
# entry's. In a process (the API runs writes in threads) this lock; across processes (API workers,
# `kg curate` beside `kg serve`) the store's own writer lock, taken once by the outermost holder.
_WRITING = threading.RLock()


def keeping_for(store: GraphStore) -> CurationKeeping:
    """Where ``store`` keeps its curation log and extracted documents."""
    if store.kind == "neo4j":
        from graph.neo4j.curation_nodes import CurationNodes

        return CurationNodes(store)  # type: ignore[arg-type]
    from graph.embedded.curation_files import CurationFiles

    return CurationFiles(store.path)  # type: ignore[attr-defined]


@dataclass
class Reapplied:
    """What applying the log to the stored documents again did, and what it cost."""

    documents: int  # written again: those the entry reaches (every one, for a full reapply)
    seconds: float


def _now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


class Curation:
    """The curation of one store. ``resolve`` turns what a person typed (an id, an exact name or
    alias) into the entity, raising ``EntityNotFound`` (the API's ``find_entity``; default: ids only).
    """

    def __init__(self, store: GraphStore, resolve: Resolve | None = None) -> None:
        self.store = store
        self.resolve = resolve or self._by_id
        self.keeping = keeping_for(store)
        self.last_reapply: Reapplied | None = None
        self._depth = 0  # nested writes of this thread (only the thread holding _WRITING changes it)

    @contextlib.contextmanager
    def writing(self) -> Iterator[None]:
        """Be the store's only curation writer for the block: other threads and processes wait."""
        with _WRITING, self.keeping.writer() if not self._depth else contextlib.nullcontext():
            self._depth += 1  # the store's lock is not re-entrant: only the outermost block takes it
            try:
                yield
            finally:
                self._depth -= 1

    def _by_id(self, ref: str) -> Node:
        node = self.store.get_entity(ref)
        if node is None:
            raise EntityNotFound(ref)
        return node

    # --- writing documents ------------------------------------------------------------------

    def entries(self) -> list[Entry]:
        return self.keeping.entries()

    def write_document(self, doc: GraphDocument) -> WriteSummary:
        """Keep ``doc`` as extracted, then write it with the log applied (all or nothing)."""
        with self.writing():
            return self._write_document(doc)

    def _write_document(self, doc: GraphDocument) -> WriteSummary:
        previous = self.keeping.extracted(doc.id)
        self.keeping.keep_extracted(doc)
        try:
            return self.store.write_document(core.curate_document(doc, self.keeping.entries()))
        except BaseException:
            if previous is not None:
                self.keeping.keep_extracted(previous)
            else:
                self.keeping.forget_extracted(doc.id)
            raise

    def delete_document(self, document: str) -> bool:
        with self.writing():
            return self._delete_document(document)

    def _delete_document(self, document: str) -> bool:
        deleted = self.store.delete_document(document)
        self.keeping.forget_extracted(document)
        return deleted

    def reapply(self, changed: Entry | None = None) -> Reapplied:
        """Write every stored document again from its kept extraction with the whole log applied.

        A document stored before curation existed is kept as it is stored now. Writing a document
        that did not change changes nothing, so this is safe to run at any time.
        """
        with self.writing():
            return self._reapply(changed)

    def _reapply(self, changed: Entry | None) -> Reapplied:
        started = time.perf_counter()
        entries = self.keeping.entries()
        documents = [d.id for d in self.store.documents() if d.id != CURATION_DOCUMENT]
        written = 0
        if changed is not None:  # only the documents the new entry can change are written again
            before = [e for e in entries if e.seq != changed.seq]
            ids, names = core.entry_reach(changed, entries)
        for document in documents:
            original = self.keeping.extracted(document)
            if original is None:
                original = self.store.document_graph(document)
                if original is None:
                    continue
                self.keeping.keep_extracted(original)
            if changed is not None and not any(
                core.reaches(d, ids, names) for d in (original, core.curate_document(original, before))
            ):
                continue
            self.store.write_document(core.curate_document(original, entries))
            written += 1
        links = core.curation_document(entries)
        if links is not None:
            self.store.write_document(links)
        else:
            self.store.delete_document(CURATION_DOCUMENT)
        self.last_reapply = Reapplied(written, time.perf_counter() - started)
        return self.last_reapply

    # --- entries ------------------------------------------------------------------------------

    def _rejected_by(self, ref: str, active: list[Entry]) -> Entry | None:
        key = canonical_key(ref.partition(":")[2] if ":" in ref else ref)
        for e in active:
            rejects = e.action == "reject" and e.other is None and e.entity is not None
            if rejects and (ref == e.entity.id or key == canonical_key(e.entity.name)):  # type: ignore[union-attr]
                return e
        return None

    def _entity(self, ref: str, active: list[Entry]) -> Node:
        rejected = self._rejected_by(ref, active)
        if rejected is not None:
            raise CurationRefused(f"{ref!r} was rejected by entry {rejected.seq}; undo that entry first")
        try:
            node = self.resolve(ref)
        except EntityNotFound:
            raise CurationRefused(
                f"no entity {ref!r}: give its id, or a name or alias that only one entity has"
            ) from None
        if node.label not in ENTITY_LABELS:
            raise CurationRefused(f"{node.id!r} is a {node.label}, not an entity: only entities are curated")
        return node

    def _merged_into(self, ref: str, node: Node, active: list[Entry]) -> Entry | None:
        key = canonical_key(ref)
        for e in reversed(active):
            if e.action != "merge" or e.other is None or e.entity is None or e.entity.id != node.id:
                continue
            if ref == e.other.id or key in (canonical_key(e.other.name), canonical_key(e.other.id)):
                return e
        return None

    def _append(self, action: str, author: str, reason: str, **fields: Any) -> Entry:
        with self.writing():
            return self._append_and_apply(action, author, reason, **fields)

    def _append_and_apply(self, action: str, author: str, reason: str, **fields: Any) -> Entry:
        log = self.keeping.entries()
        entry = Entry(
            seq=(log[-1].seq if log else 0) + 1,
            action=action,
            author=author.strip() or "anonymous",
            time=_now(),
            reason=reason.strip(),
            **fields,
        )
        self.keeping.append([entry])
        self.reapply(entry)
        return entry

    def add(
        self,
        action: str,
        targets: list[str],
        value: str = "",
        note: str = "",
        *,
        author: str,
        reason: str = "",
    ) -> Entry:
        """Check, log and apply one entry. ``targets``: the entity references the action takes
        (merge: kept, merged away; link and a rejected relationship: source, target)."""
        active = core.active_entries(self.keeping.entries())
        value = value.strip()
        expected = {"merge": 2, "rename": 1, "relabel": 1, "alias": 1, "link": 2}.get(action)
        if action == "reject":
            expected = 2 if value else 1
        if expected is None:
            raise CurationRefused(f"unknown action {action!r} (one of {', '.join(core.ACTIONS)})")
        if len(targets) != expected:
            raise CurationRefused(
                f"{action} takes {expected} entit{'y' if expected == 1 else 'ies'}, not {len(targets)}"
            )
        if action == "merge":
            keep = self._entity(targets[0], active)
            drop_ref = targets[1]
            drop = self._entity(drop_ref, active)
            if keep.id == drop.id:
                cycle = self._merged_into(targets[0], keep, active)
                if cycle is not None:
                    raise CurationRefused(
                        f"{targets[0]!r} was merged into {drop_ref!r} by entry {cycle.seq}: merging "
                        f"{drop_ref!r} into it would make a cycle (undo entry {cycle.seq} instead)"
                    )
                again = self._merged_into(drop_ref, keep, active)
                if again is not None:
                    raise CurationRefused(
                        f"{drop_ref!r} is merged into {keep.name} already (entry {again.seq})"
                    )
                raise CurationRefused(f"{targets[0]!r} and {drop_ref!r} are the same entity ({keep.id})")
            return self._append("merge", author, reason, entity=Ref.of(keep), other=Ref.of(drop))
        entity = self._entity(targets[0], active)
        if action == "rename":
            if not value:
                raise CurationRefused("rename needs a new name")
            if value == entity.name:
                raise CurationRefused(f"{entity.id!r} is already named {value!r}")
            self._free(node_id(entity.label, value), entity)
            return self._append("rename", author, reason, entity=Ref.of(entity), value=value)
        if action == "relabel":
            if value not in ENTITY_LABELS:
                raise CurationRefused(f"unknown label {value!r}: one of {', '.join(ENTITY_LABELS)}")
            if value == entity.label:
                raise CurationRefused(f"{entity.id!r} is already a {value}")
            self._free(core._relabelled_id(entity.id, value), entity)
            return self._append("relabel", author, reason, entity=Ref.of(entity), value=value)
        if action == "alias":
            if not value:
                raise CurationRefused("alias needs the other name")
            if canonical_key(value) in {canonical_key(n) for n in (entity.name, *entity.aliases)}:
                raise CurationRefused(f"{value!r} already names {entity.id!r}")
            try:
                other = self.resolve(value)
            except EntityNotFound:
                other = None
            if other is not None and other.id != entity.id:
                raise CurationRefused(f"{value!r} names another entity ({other.id}): merge them instead")
            return self._append("alias", author, reason, entity=Ref.of(entity), value=value)
        if action == "reject" and not value:
            return self._append("reject", author, reason, entity=Ref.of(entity))
        # a relationship: link, or reject one
        type_ = value.upper()
        if type_ not in CURATED_TYPES:
            raise CurationRefused(f"unknown relationship type {value!r}: one of {', '.join(CURATED_TYPES)}")
        target = self._entity(targets[1], active)
        if target.id == entity.id:
            raise CurationRefused("a relationship needs two different entities")
        if action == "reject":
            direction = "both" if type_ in SYMMETRIC_TYPES else "out"  # stored once, either way round
            found = self.store.neighbours(entity.id, types=[type_], direction=direction, depth=1)
            if all(n.node.id != target.id for n in found):
                raise CurationRefused(f"no relationship {entity.id} -{type_}-> {target.id}")
            return self._append(
                "reject", author, reason, entity=Ref.of(entity), other=Ref.of(target), value=type_
            )
        if not note.strip():
            raise CurationRefused("link needs a note: where the relationship is known from")
        return self._append(
            "link",
            author,
            reason,
            entity=Ref.of(entity),
            other=Ref.of(target),
            value=type_,
            note=note.strip(),
        )

    def _free(self, id: str, entity: Node) -> None:
        if id != entity.id and self.store.get_entity(id) is not None:
            raise CurationRefused(f"an entity {id!r} exists already: merge {entity.id!r} into it instead")

    def undo(self, seq: int, *, author: str, reason: str = "") -> Entry:
        """Cancel entry ``seq``: the graph becomes what it would be had it never been made."""
        log = self.keeping.entries()
        by_seq = {e.seq: e for e in log}
        target = by_seq.get(seq)
        if target is None:
            raise CurationRefused(f"no curation entry {seq} (the log has {len(log)})")
        if target.action == "undo":
            raise CurationRefused(f"entry {seq} is an undo; make the correction again instead")
        done = next((e for e in log if e.action == "undo" and e.undoes == seq), None)
        if done is not None:
            raise CurationRefused(f"entry {seq} was undone already by entry {done.seq}")
        if target.action in ("rename", "relabel"):  # later entries may name the id it made
            made = core.final_ids([target]).keys()
            for later in core.active_entries(log):
                named = {r.id for r in (later.entity, later.other) if r is not None}
                if later.seq > seq and named & made:
                    raise CurationRefused(
                        f"entry {later.seq} names {sorted(named & made)[0]!r}, which entry {seq} made: "
                        f"undo entry {later.seq} first"
                    )
        return self._append("undo", author, reason, undoes=seq)

    # --- sharing --------------------------------------------------------------------------------

    def export(self) -> list[dict[str, Any]]:
        return [e.to_json() for e in self.keeping.entries()]

    def import_entries(self, data: Any) -> list[Entry]:
        """Append another log's entries (renumbered after this one's), then apply them."""
        if not isinstance(data, list):
            raise CurationRefused("a curation file is a JSON list of entries (as `kg curate export` writes)")
        log = self.keeping.entries()
        incoming = [Entry.from_json(d) if isinstance(d, Mapping) else _bad(d) for d in data]
        start = (log[-1].seq if log else 0) + 1
        renumber = {e.seq: start + i for i, e in enumerate(incoming)}
        entries = []
        for e in incoming:
            if e.action == "undo":
                if e.undoes not in renumber:
                    raise CurationRefused(f"entry {e.seq} undoes {e.undoes}, which the file does not hold")
                e.undoes = renumber[e.undoes]
            elif e.entity is None or (e.action in ("merge", "link") and e.other is None):
                raise CurationRefused(f"entry {e.seq} ({e.action}) names no entity")
            if e.action == "relabel" and e.value not in ENTITY_LABELS:
                raise CurationRefused(f"entry {e.seq}: unknown label {e.value!r}")
            e.seq = renumber[e.seq]
            entries.append(e)
        if entries:
            with self.writing():
                self.keeping.append(entries)
                self.reapply()
        return entries

    # --- what changed an entity -----------------------------------------------------------------

    def history(self, node: Node) -> CurationHistory:
        """The active entries that changed ``node``, and what each document's text said of it."""
        log = self.keeping.entries()
        seqs = core.final_ids(log).get(node.id, [])
        if not seqs:
            return CurationHistory()
        by_seq = {e.seq: e for e in log}
        extracted: list[tuple[str, Node]] = []
        for document in sorted({p.document for p in node.provenance} - {CURATION_DOCUMENT}):
            original = self.keeping.extracted(document)
            if original is None:
                continue
            for n in original.nodes:
                if n.label not in ENTITY_LABELS:
                    continue
                alone = GraphDocument(original.document, [n], [])
                if any(c.id == node.id for c in core.curate_document(alone, log).nodes):
                    extracted.append((document, n))
        return CurationHistory(entries=[by_seq[s] for s in seqs], extracted=extracted)


def _bad(item: Any) -> Entry:
    raise CurationRefused(f"not a curation entry: {item!r}")
