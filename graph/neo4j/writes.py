"""Writes of the Neo4j store: one document in ONE transaction, or in parts when it is too big.

Lock and read the stored contributions of the nodes and relationships the document names (by id,
through the indexes; a new document has nothing more to read, a document written before is looked
for by a scan), merge in Python (``graph.core.merge``, as the embedded store does), then ``UNWIND
$rows …`` in batches: one statement for the nodes and one per relationship type, finding the locked
nodes by element id, and setting on a stored node only the properties that changed
(``graph.neo4j.stored_nodes`` keeps a shared node's cost flat as documents naming it accumulate).
A document too big for one transaction (``MAX_TRANSACTION_ROWS``) is written in parts, undone on
failure (``_write_in_parts``). :class:`Neo4jWrites` is mixed into
:class:`~graph.neo4j.store.Neo4jStore`, which gives it ``_read``, ``_write`` and the settings.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from neo4j import ManagedTransaction

from graph.core import merge, search
from graph.core.model import ENTITY_LABELS, GraphDocument
from graph.core.pinyin import names_pinyin
from graph.core.protocol import WriteSummary
from graph.neo4j import stored_nodes
from graph.neo4j.mapping import (
    NODE_FIELDS,
    NODE_RESERVED,
    REL_FIELDS,
    checked_label,
    checked_type,
    flatten,
    ids_by_label,
    index_label,
    node_properties,
    node_state,
    pattern,
    relationship_properties,
    relationship_state,
    search_text,
)
from graph.neo4j.reads import relationship_rows

BatchHook = Callable[[int], None]


# A document with more nodes + relationships than this is written in parts (several transactions):
# a part of 50,000 rows of the benchmark graph took ~610 MiB of server heap, and Neo4j caps all
# transactions at 70% of the heap (700 MiB of the 1 GiB scripts/neo4j and docker-compose give it).
MAX_TRANSACTION_ROWS = 20_000
# Keys node_properties always writes (the node's own properties come beside them, flattened).
_NODE_FIXED = frozenset(
    {"id", "name", "label", "aliases", "pinyin", "search_keys", "search_text", "documents", "provenance",
     "contributions", "property_keys"}
)  # fmt: skip


def _typed(flat: dict[str, Any]) -> dict[str, tuple[type, Any]]:
    """Flat properties with their types, so that 1, 1.0 and True do not compare equal."""
    return {k: (type(v), v) for k, v in flat.items()}


def node_changes(
    old: merge.NodeState,
    new: merge.NodeState,
    stored_keys: list[str],
    remembered: stored_nodes.Remembered | None,
) -> tuple[dict[str, Any], stored_nodes.Remembered]:
    """What a write must SET on a stored node to turn ``old`` into ``new`` (None removes a key),
    and what to remember of ``new``.

    Only what changed: a node named again by one more document usually keeps its name, aliases
    and properties, so its indexed properties (full-text, TEXT, RANGE) are not rewritten and its
    pinyin is not recomputed; its contributions and provenance grow by appending (see
    ``graph.neo4j.stored_nodes``). The result is what ``node_properties(new)`` would leave stored.
    """
    before = remembered.visible if remembered and remembered.visible else stored_nodes.visible(old)
    after = stored_nodes.visible_after(before, old, new)
    contributions = stored_nodes.contributions_json(old, new, remembered.json if remembered else None)
    out: dict[str, Any] = {"contributions": contributions}
    if new.contributions.keys() != old.contributions.keys():
        out["documents"] = sorted(new.contributions)
    if after.provenance is not before.provenance and after.provenance != before.provenance:
        out["provenance"] = after.provenance_json
    if (after.name, after.aliases) != (before.name, before.aliases):
        pinyin = names_pinyin([after.name, *after.aliases])
        keys = search.search_keys(after.name, after.aliases, pinyin)
        out.update(
            name=after.name,
            aliases=after.aliases,
            pinyin=pinyin,
            search_keys=keys,
            search_text=search_text(keys),
        )
    flat = flatten(after.properties, NODE_RESERVED)
    if _typed(flat) != _typed(flatten(before.properties, NODE_RESERVED)):
        out.update(flat)
        out["property_keys"] = sorted(after.properties)
    for key in stored_keys:
        if key not in flat and key not in _NODE_FIXED:
            out[key] = None  # a property no contribution gives any more
    return out, stored_nodes.Remembered(contributions, new, after)


@dataclass
class Touched:
    """What a write read: stored states (locked), labels of every node involved, each node's
    property keys."""

    nodes: dict[str, merge.NodeState] = field(default_factory=dict)
    relationships: dict[merge.RelKey, merge.RelationshipState] = field(default_factory=dict)
    labels: dict[str, str] = field(default_factory=dict)
    property_keys: dict[str, list[str]] = field(default_factory=dict)
    # Element id of each node locked (own nodes and relationship ends): the write finds them by
    # it, cheaper than through an index. Only for a locked read: valid in that transaction alone.
    element_ids: dict[str, str] = field(default_factory=dict)
    # Each stored node as read (its JSON, parsed state): a document added after the others is
    # appended to it rather than every contribution parsed and encoded again (graph.neo4j.stored_nodes).
    remembered: dict[str, stored_nodes.Remembered] = field(default_factory=dict)


class Neo4jWrites:
    """Writing and deleting documents (mixed into ``Neo4jStore``)."""

    batch_size: int
    on_batch: BatchHook | None
    max_transaction_rows: int
    _stored_nodes: stored_nodes.StoredNodes

    def _lock_and_read(
        self,
        tx: ManagedTransaction,
        own: dict[str, str],
        others: set[str] | list[str],
        keys: dict[str, list[str]],
        lock: bool = True,
        element_ids: dict[str, str] | None = None,
        remembered: dict[str, stored_nodes.Remembered] | None = None,
    ) -> dict[str, merge.NodeState]:
        """Write-lock nodes, then read their stored states (placeholders left out).

        Reads are read-committed: without the locks, two documents naming the same node, written at
        once, would each merge from the same old state and one contribution would be lost. The
        document's own nodes (``own``: id → label) are MERGEd (an uncommitted placeholder when new,
        filled by the plan or rolled back), so a concurrent writer of the same id waits until this
        transaction ends; ``others`` (relationship ends, earlier contributions) exist or are absent.
        Lock and read are one statement per label: the read runs after the lock is held. ``keys``
        receives each node's property keys (a rewrite removes those it no longer sets), and
        ``element_ids`` each node's element id, ``remembered`` what was read of it. A new
        entity gets ``:Entity`` when MERGEd, so the write need not set it. Without ``lock`` (a
        write in parts, see :meth:`_write_in_parts`) nodes are only read.
        """
        out: dict[str, merge.NodeState] = {}
        by_label: dict[str, list[str]] = defaultdict(list)
        for id, label in sorted(own.items()):
            by_label[label].append(id)
        fields = f"RETURN {NODE_FIELDS}, keys(n) AS keys, elementId(n) AS element_id"

        def own_query(label: str) -> str:
            if not lock:
                return f"MATCH (n:{checked_label(label)}) WHERE n.id IN $ids {fields}"
            entity = "ON CREATE SET n:Entity " if label in ENTITY_LABELS else ""
            merged = f"MERGE (n:{checked_label(label)} {{id: id}}) {entity}"
            return f"UNWIND $ids AS id {merged}SET n.id = id {fields}"

        queries = [(own_query(label), group) for label, group in sorted(by_label.items())]
        queries += [
            (
                f"MATCH {pattern('n', label)} WHERE n.id IN $ids {'SET n.id = n.id' if lock else ''} "
                f"{fields}",
                group,
            )
            for label, group in ids_by_label(set(others) - set(own)).items()
        ]
        for query, group in queries:
            for row in tx.run(query, ids=group):
                keys[row["id"]] = row["keys"]
                if element_ids is not None:
                    element_ids[row["id"]] = row["element_id"]
                if row["contributions"] is not None:
                    entry = self._stored_nodes.read(row["id"], row["label"], row["contributions"])
                    out[row["id"]] = entry.state
                    if remembered is not None:
                        remembered[row["id"]] = entry
        return out

    @staticmethod
    def _written_before(tx: ManagedTransaction, document: str, lock: bool = True) -> bool:
        """Whether ``document`` holds anything: its Document node holds it (a write always adds the
        Document node's contribution, a delete removes all). Only Document nodes are scanned; they
        are locked, so a delete and a write of the same document wait for each other."""
        query = (
            f"MATCH (d:Document) WHERE $doc IN d.documents {'SET d.id = d.id' if lock else ''} "
            "RETURN count(d) AS n"
        )
        record = tx.run(query, doc=document).single()
        return bool(record and record["n"])

    def _touched(
        self,
        tx: ManagedTransaction,
        doc: GraphDocument | None,
        ids: set[str],
        keys: set[merge.RelKey],
        document: str,
        lock: bool = True,
    ) -> Touched:
        """The stored states a write of ``document`` reads (locked first), with what writing needs.

        A new document reads only what it names, by id: its writes do not slow down as the graph
        grows. A document written before (rewritten or deleted) also scans for what it said.
        """
        own = {n.id: n.label for n in ([doc.document, *doc.nodes] if doc else [])}
        touched = Touched()
        element_ids = touched.element_ids if lock else None
        nodes = self._lock_and_read(
            tx, own, ids, touched.property_keys, lock, element_ids, touched.remembered
        )
        rows: list[Any] = []
        if self._written_before(tx, document, lock):  # what it said before, anywhere
            query = (
                f"MATCH (n) WHERE $doc IN n.documents {'SET n.id = n.id' if lock else ''} "
                f"RETURN {NODE_FIELDS}, keys(n) AS keys, elementId(n) AS element_id"
            )
            for row in tx.run(query, doc=document):
                nodes[row["id"]] = node_state(row)
                touched.property_keys[row["id"]] = row["keys"]
                if element_ids is not None:
                    element_ids[row["id"]] = row["element_id"]
            rows.extend(
                tx.run(
                    f"MATCH (a)-[r]->(b) WHERE $doc IN r.documents "
                    f"RETURN {REL_FIELDS}, a.label AS source_label, b.label AS target_label",
                    doc=document,
                )
            )
        labels = {id: s.label for id, s in nodes.items()}
        # A relationship can be stored only if both its ends were: a new node has none yet.
        rows.extend(relationship_rows(tx, [k for k in keys if k[0] in nodes and k[2] in nodes], labels))
        rels: dict[merge.RelKey, merge.RelationshipState] = {}
        for row in rows:
            state = relationship_state(row)
            rels[state.key] = state
            labels[row["source"]] = row["source_label"]
            labels[row["target"]] = row["target_label"]
        labels.update(own)
        touched.nodes, touched.relationships, touched.labels = nodes, rels, labels
        return touched

    @staticmethod
    def _rel_groups(
        states: list[merge.RelationshipState], labels: dict[str, str]
    ) -> dict[tuple[str, str, str], list[merge.RelationshipState]]:
        """Relationships by (type, source index label, target index label): one statement each."""
        groups: dict[tuple[str, str, str], list[merge.RelationshipState]] = defaultdict(list)
        for s in states:
            key = (checked_type(s.type), index_label(labels[s.source]), index_label(labels[s.target]))
            groups[key].append(s)
        return groups

    def _statements(
        self, plan: merge.WritePlan, touched: Touched, locked: bool = True
    ) -> list[tuple[str, list[Any]]]:
        """The plan as (statement, rows) pairs.

        Every node of the plan exists by now when ``locked`` (stored, or MERGEd as a placeholder by
        the lock), so nodes are found by the element id the lock read (one statement for all
        labels; else MERGEd by label and id); relationships not stored before are CREATEd (no
        MERGE check needed), one statement per type (per type and end labels without element ids).
        A new node gets every property; a stored one only those that changed (``node_changes``),
        with ``+=`` (null for keys no longer set), so the indexes (the full-text one is costly)
        see only real changes.
        """
        out: list[tuple[str, list[Any]]] = []
        labels, stored = touched.labels, touched.relationships

        def rel_groups(states: list[merge.RelationshipState]) -> dict[tuple[str, str, str], list[Any]]:
            return self._rel_groups(states, labels)

        for (type_, a, b), states in sorted(rel_groups(plan.relationship_deletes).items()):
            query = (
                f"UNWIND $rows AS row MATCH {pattern('a', a)} WHERE a.id = row.source "
                f"MATCH (a)-[r:{type_}]->{pattern('b', b)} WHERE b.id = row.target DELETE r"
            )
            out.append((query, [{"source": s.source, "target": s.target} for s in states]))
        node_deletes: dict[str, list[str]] = defaultdict(list)
        for n in plan.node_deletes:
            node_deletes[n.label].append(n.id)
        for label, ids in sorted(node_deletes.items()):
            out.append(
                (f"UNWIND $rows AS id MATCH {pattern('n', label)} WHERE n.id = id DETACH DELETE n", ids)
            )
        eids = touched.element_ids if locked else {}
        by_eid: list[Any] = []
        upserts: dict[str, list[Any]] = defaultdict(list)
        for n in plan.nodes:
            stored_keys = touched.property_keys.get(n.id, [])
            if (old := touched.nodes.get(n.id)) is not None:
                props, entry = node_changes(old, n, stored_keys, touched.remembered.get(n.id))
                self._stored_nodes.remember(entry)  # matched only if this write commits
            else:  # new (or a placeholder of the lock): everything
                props = node_properties(n)
                for key in stored_keys:
                    props.setdefault(key, None)  # removes it
            if n.id in eids:
                by_eid.append({"eid": eids[n.id], "props": props})
            else:
                upserts[n.label].append({"id": n.id, "props": props})
        if by_eid:  # every label in one statement: MERGEd by the lock (with :Entity) or stored
            out.append(
                ("UNWIND $rows AS row MATCH (n) WHERE elementId(n) = row.eid SET n += row.props", by_eid)
            )
        for label, rows in sorted(upserts.items()):
            extra = "SET n:Entity" if label in ENTITY_LABELS else ""
            find = "MATCH" if locked else "MERGE"
            query = (
                f"UNWIND $rows AS row {find} (n:{checked_label(label)} {{id: row.id}}) "
                f"SET n += row.props {extra}"
            )
            out.append((query, rows))
        for create in (True, False):
            states = [s for s in plan.relationships if (s.key not in stored) == create]
            how = "CREATE (a)-[r:{type}]->(b)" if create else "MATCH (a)-[r:{type}]->(b)"
            # Ends by element id (locked by this transaction): one statement per type.
            known = [s for s in states if s.source in eids and s.target in eids]
            by_type: dict[str, list[Any]] = defaultdict(list)
            for s in known:
                by_type[checked_type(s.type)].append(
                    {"a": eids[s.source], "b": eids[s.target], "props": relationship_properties(s)}
                )
            for type_, rows in sorted(by_type.items()):
                query = (
                    "UNWIND $rows AS row MATCH (a) WHERE elementId(a) = row.a "
                    f"MATCH (b) WHERE elementId(b) = row.b {how.format(type=type_)} SET r = row.props"
                )
                out.append((query, rows))
            states = [s for s in states if not (s.source in eids and s.target in eids)]
            for (type_, a, b), group in sorted(rel_groups(states).items()):
                ends = (
                    f"{pattern('a', a)} WHERE a.id = row.source "
                    f"MATCH {pattern('b', b)} WHERE b.id = row.target"
                )
                query = f"UNWIND $rows AS row MATCH {ends} {how.format(type=type_)} SET r = row.props"
                rows = [
                    {"source": s.source, "target": s.target, "props": relationship_properties(s)}
                    for s in group
                ]
                out.append((query, rows))
        return out

    def _run_plan(self, tx: ManagedTransaction, plan: merge.WritePlan, touched: Touched) -> None:
        for n in plan.nodes:
            touched.labels[n.id] = n.label
        number = 0
        for query, rows in self._statements(plan, touched):
            for start in range(0, len(rows), self.batch_size):
                number += 1
                if self.on_batch is not None:
                    self.on_batch(number)
                tx.run(query, rows=rows[start : start + self.batch_size]).consume()

    def write_document(self, doc: GraphDocument) -> WriteSummary:
        document = merge.document_id(doc)
        ids, keys = merge.document_touches(doc)
        if len(doc.nodes) + len(doc.relationships) > self.max_transaction_rows:
            return self._write_in_parts(doc, document, ids, keys)

        def work(tx: ManagedTransaction) -> WriteSummary:
            touched = self._touched(tx, doc, ids, keys, document)
            plan = merge.plan_write(doc, document, touched.nodes, touched.relationships)
            self._run_plan(tx, plan, touched)
            return plan.summary

        return self._write(work)

    def _write_in_parts(
        self, doc: GraphDocument, document: str, ids: set[str], keys: set[merge.RelKey]
    ) -> WriteSummary:
        """Write a document too big for one transaction in parts of ``max_transaction_rows`` rows.

        Read (no locks), plan, then one transaction per part: node and relationship upserts first,
        deletions last. If a part fails, the parts already committed are undone
        from the states read before, so a failed write still leaves the store as it was. Weaker
        than one transaction: readers may see a half-written document meanwhile, a concurrent
        write of the same nodes can interleave, and if the server dies mid-write the parts
        committed stay until the document is written again.
        """
        touched = self._read(lambda tx: self._touched(tx, doc, ids, keys, document, lock=False))
        plan = merge.plan_write(doc, document, touched.nodes, touched.relationships)
        for n in plan.nodes:
            touched.labels[n.id] = n.label
        upserts = merge.WritePlan([], [], plan.nodes, plan.relationships, plan.summary)
        deletes = merge.WritePlan(plan.relationship_deletes, plan.node_deletes, [], [], plan.summary)
        parts = self._parts(self._statements(upserts, touched, locked=False))
        done: list[list[tuple[str, list[Any]]]] = []
        number = 0
        try:
            for part in parts:
                number = self._write(lambda tx, part=part, start=number: self._run_part(tx, part, start))
                done.append(part)

            self._write(lambda tx: self._run_part(tx, self._statements(deletes, touched), number))
        except BaseException:
            if done:
                self._undo(plan, touched)
            raise
        return plan.summary

    def _parts(self, statements: list[tuple[str, list[Any]]]) -> list[list[tuple[str, list[Any]]]]:
        """Statements cut into parts of at most ``max_transaction_rows`` rows, in order."""
        parts: list[list[tuple[str, list[Any]]]] = [[]]
        size = 0
        for query, rows in statements:
            for start in range(0, len(rows), self.batch_size):
                batch = rows[start : start + self.batch_size]
                if size and size + len(batch) > self.max_transaction_rows:
                    parts.append([])
                    size = 0
                parts[-1].append((query, batch))
                size += len(batch)
        return [p for p in parts if p]

    def _run_part(self, tx: ManagedTransaction, part: list[tuple[str, list[Any]]], number: int) -> int:
        for query, rows in part:
            for start in range(0, len(rows), self.batch_size):
                number += 1
                if self.on_batch is not None:
                    self.on_batch(number)
                tx.run(query, rows=rows[start : start + self.batch_size]).consume()
        return number

    def _undo(self, plan: merge.WritePlan, touched: Touched) -> None:
        """Put back what the upserts of ``plan`` changed: stored states as read, new ones removed."""
        statements: list[tuple[str, list[Any]]] = []
        for (type_, a, b), group in sorted(self._rel_groups(plan.relationships, touched.labels).items()):
            ends = f"{pattern('a', a)} WHERE a.id = row.source MATCH (a)-[r:{type_}]->{pattern('b', b)} "
            rows = [
                {
                    "source": s.source,
                    "target": s.target,
                    "props": relationship_properties(old)
                    if (old := touched.relationships.get(s.key))
                    else None,
                }
                for s in group
            ]
            statements.append(
                (
                    f"UNWIND $rows AS row MATCH {ends} WHERE b.id = row.target "
                    "FOREACH (_ IN CASE WHEN row.props IS NULL THEN [1] ELSE [] END | DELETE r) "
                    "FOREACH (_ IN CASE WHEN row.props IS NULL THEN [] ELSE [1] END | SET r = row.props)",
                    rows,
                )
            )
        by_label: dict[str, list[Any]] = defaultdict(list)
        for n in plan.nodes:
            old = touched.nodes.get(n.id)
            props: dict[str, Any] | None = None
            if old is not None:
                props = node_properties(old)
                for key in set(node_properties(n)) - set(props):
                    props[key] = None  # set by the write, not there before
            by_label[n.label].append({"id": n.id, "props": props})
        for label, rows in sorted(by_label.items()):
            statements.append(
                (
                    f"UNWIND $rows AS row MATCH (n:{checked_label(label)} {{id: row.id}}) "
                    "FOREACH (_ IN CASE WHEN row.props IS NULL THEN [1] ELSE [] END | DETACH DELETE n) "
                    "FOREACH (_ IN CASE WHEN row.props IS NULL THEN [] ELSE [1] END | SET n += row.props)",
                    rows,
                )
            )
        saved, self.on_batch = self.on_batch, None  # the hook that failed the write must not fail its undo
        try:
            for part in self._parts(statements):
                self._write(lambda tx, part=part: self._run_part(tx, part, 0))
        finally:
            self.on_batch = saved

    def delete_document(self, document: str) -> bool:
        def work(tx: ManagedTransaction) -> bool:
            touched = self._touched(tx, None, set(), set(), document)
            if not any(document in s.contributions for s in touched.nodes.values()):
                return False
            self._run_plan(
                tx, merge.plan_write(None, document, touched.nodes, touched.relationships), touched
            )
            return True

        return self._write(work)
