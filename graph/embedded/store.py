"""The default store: a NetworkX ``MultiDiGraph`` in memory, persisted as a snapshot plus a journal.

Nodes carry plain dicts (the visible node, its pinyin, and each document's contribution); edges
are keyed by relationship type, so ``(source, type, target)`` is one edge. A write applies its plan
in place, keeping an undo log, then appends what changed to the journal and fsyncs
(:mod:`graph.embedded.files`): O(the document), not O(the graph). If a step or the append fails, the
undo log puts the graph back and the journal is cut back: all or nothing. The journal is folded
into a new snapshot when it outgrows it (and past 256 MiB), or on ``compact()``. Another process's
writes are read from the journal's new tail. A file that is not ours is an error
(:class:`~graph.core.errors.StoreCorrupt`), never silently replaced.
"""

from __future__ import annotations

import contextlib
import fcntl
import functools
import gc
import threading
import uuid
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any, TypeVar, cast

import networkx as nx

from graph.core import merge, search, timeline, traversal
from graph.core.errors import EntityNotFound, StoreCorrupt
from graph.core.model import ENTITY_LABELS, SYMMETRIC_TYPES, GraphDocument, Node, Provenance, Relationship
from graph.core.pinyin import names_pinyin
from graph.core.protocol import (
    MAX_DEPTH,
    Counts,
    Direction,
    DocumentInfo,
    Neighbour,
    SearchResult,
    Subgraph,
    WriteSummary,
)
from graph.core.protocol import (
    Path as GraphPath,
)
from graph.embedded import files as embedded_file
from graph.embedded.files import StaleJournal
from graph.embedded.search_index import SubstringIndex

# A hook called with the number (from 1) of each batch of a write: tests inject failures with it.
BatchHook = Callable[[int], None]
T = TypeVar("T")
# The journal is folded into the snapshot once it is larger than both the snapshot and this: the
# snapshot at least doubles between compactions, so their total cost stays linear in the graph.
# Replaying the journal on open costs about what reading a snapshot does, so there is no hurry:
# the 100k-node benchmark graph loaded from empty (~110 MB of journal) is never compacted.
MIN_COMPACT_BYTES = 256 * 2**20
ENTITIES = frozenset(ENTITY_LABELS)
Stamp = tuple[int, int, int]


# A node's attributes: label, contributions, and what search needs (name, aliases, pinyin). Its
# merged properties and provenance are computed when first read, then kept under "visible": a write
# touching a node named by many documents (a hub) must not re-merge all of them.


def _names(c: merge.Contribution | None) -> set[str]:
    return {c.name, *c.aliases} if c is not None else set()


def _node_attrs(
    state: merge.NodeState,
    pinyin: list[str] | None = None,
    old: dict[str, Any] | None = None,
    document: str | None = None,
) -> dict[str, Any]:
    """What a node carries in memory; ``pinyin`` when known (read from the file), else reused
    from ``old`` (the node's attributes before) when its names did not change: pinyin is slow.

    With ``old`` and the ``document`` whose contribution changed, the names are updated from that
    one contribution when it adds no name and drops none (a hub named by hundreds of documents).
    """
    contributions = state.contributions
    if old is not None and document is not None:
        before, after = _names(old["contributions"].get(document)), _names(contributions.get(document))
        known = {old["name"], *old["aliases"]}
        if after <= known and before <= after:
            name = contributions[min(contributions)].name
            aliases = old["aliases"] if name == old["name"] else sorted(known - {name})
        else:
            name, aliases = merge.visible_names(contributions)
    else:
        name, aliases = merge.visible_names(contributions)
    if pinyin is None:
        if old is not None and old["name"] == name and old["aliases"] == aliases:
            pinyin = old["pinyin"]
        else:
            pinyin = names_pinyin([name, *aliases])
    return {
        "label": state.label,
        "name": name,
        "aliases": aliases,
        "pinyin": pinyin,
        "contributions": state.contributions,
    }


def _edge_attrs(state: merge.RelationshipState) -> dict[str, Any]:
    return {"type": state.type, "contributions": state.contributions}


def _visible(attrs: dict[str, Any]) -> tuple[dict[str, Any], list[Provenance]]:
    """Merged properties and provenance of a node or edge, computed once per change."""
    visible = attrs.get("visible")
    if visible is None:
        contributions = attrs["contributions"]
        if len(contributions) == 1:  # most nodes and edges: the one contribution's own (callers copy)
            (only,) = contributions.values()
            return only.properties, only.provenance
        visible = attrs["visible"] = (
            merge.merged_properties(contributions),
            merge.merged_provenance(contributions),
        )
    return visible


def _node(id: str, attrs: dict[str, Any]) -> Node:
    properties, provenance = _visible(attrs)
    return Node(
        id=id,
        label=attrs["label"],
        name=attrs["name"],
        aliases=list(attrs["aliases"]),
        properties=dict(properties),
        provenance=list(provenance),
    )


def _relationship(source: str, target: str, attrs: dict[str, Any]) -> Relationship:
    properties, provenance = _visible(attrs)
    return Relationship(
        source=source,
        target=target,
        type=attrs["type"],
        properties=dict(properties),
        provenance=list(provenance),
    )


def _node_state(id: str, attrs: dict[str, Any]) -> merge.NodeState:
    return merge.NodeState(id, attrs["label"], dict(attrs["contributions"]))


def _rel_state(source: str, target: str, attrs: dict[str, Any]) -> merge.RelationshipState:
    return merge.RelationshipState(source, attrs["type"], target, dict(attrs["contributions"]))


def _search_keys(attrs: dict[str, Any]) -> tuple[str, ...] | None:
    """A node's normalised search keys; None if it is not searchable (Document, Section)."""
    if attrs["label"] not in ENTITIES:
        return None
    return tuple(search.search_keys(attrs["name"], attrs["aliases"], attrs["pinyin"]))


def _link(graph: nx.MultiDiGraph, source: str, target: str, key: str, attrs: dict[str, Any]) -> None:
    """``graph.add_edge(source, target, key=key, **attrs)`` for two existing nodes, keeping ``attrs``
    itself as the edge's dict: the public call copies it and checks both ends, a third of a write."""
    succ = graph._succ[source]
    keys = succ.get(target)
    if keys is None:
        keys = succ[target] = graph._pred[target][source] = graph.edge_key_dict_factory()
    keys[key] = attrs


# From this many nodes on, the graph is moved out of the garbage collector's reach after a load or
# a write (see _collector_paused).
FREEZE_FROM_NODES = 20_000


@contextlib.contextmanager
def _collector_paused(graph: Callable[[], nx.MultiDiGraph]) -> Iterator[None]:
    """Pause Python's cyclic garbage collector while the store builds many objects, then, if the
    graph is large, move every object alive into the collector's permanent generation (gc.freeze).

    Each full collection walks every object of the process: with a 100k-node graph that is ~10^7
    objects, and it came every few writes (40% of a 500-document load, two thirds of an open) and
    paused reads for up to a second. The graph holds no reference cycles, so not scanning it loses
    nothing; young cyclic garbage is collected first (cheap) so that little else is frozen.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            if len(graph()) >= FREEZE_FROM_NODES:
                gc.collect(1)
                gc.freeze()
            gc.enable()


def _release(graph: nx.MultiDiGraph) -> None:
    """Let a graph we drop be freed even though frozen: NetworkX caches views (``graph.edges``…)
    that point back at the graph, a cycle only the collector could break."""
    graph.__dict__.clear()


def _file_stamp(path: Path) -> Stamp | None:
    try:
        st = path.stat()
    except FileNotFoundError:
        return None
    return (st.st_ino, st.st_mtime_ns, st.st_size)


def _locked(method: Callable[..., T]) -> Callable[..., T]:
    """Run a read holding the store's lock: writes change the graph in place."""

    @functools.wraps(method)
    def locked(self: EmbeddedStore, *args: Any, **kwargs: Any) -> T:
        with self._lock:
            return method(self, *args, **kwargs)

    return locked


def _replace(attrs: dict[str, Any], new: dict[str, Any]) -> None:
    attrs.clear()
    attrs.update(new)


class EmbeddedStore:
    """A :class:`~graph.core.protocol.GraphStore` in memory, persisted to ``path`` (and its ``.journal``).

    Another process writing the same files (``kg load`` while ``kg serve`` runs) is noticed: reads
    replay the journal's new tail (or reload, after a compaction), and writes hold an exclusive
    lock on ``path`` + ``.lock``.
    """

    kind = "embedded"

    def __init__(self, path: Path, *, batch_size: int = 2000, on_batch: BatchHook | None = None) -> None:
        self.path = Path(path)
        self.journal = embedded_file.journal_path(self.path)
        self.batch_size = batch_size
        self.on_batch = on_batch
        # One lock for reads and writes: writes change the graph in place (an undo log makes them
        # all or nothing), so a reader must never see one half-applied.
        self._lock = threading.RLock()
        self._graph = nx.MultiDiGraph()
        # document → ids and relationship keys it may support: a superset, checked on use, so that a
        # write reads only what its document touches instead of scanning the whole graph.
        self._by_document: dict[str, tuple[set[str], set[merge.RelKey]]] = {}
        self._search = SubstringIndex()
        self._search_built = False
        # What we read of the files: the snapshot's stamp and token, the journal's stamp, the end of
        # its last committed transaction, and whether it continues our snapshot.
        self._loaded = False
        self._snapshot_stamp: Stamp | None = None
        self._token: str | None = None
        self._journal_stamp: Stamp | None = None
        self._journal_end = 0
        self._journal_ok = False
        self._journal_start = 0  # where the journal's first transaction starts
        self._refresh()

    # --- the files --------------------------------------------------------------------------

    def _refresh(self) -> nx.MultiDiGraph:
        """The current graph, first catching up with the files if another handle changed them."""
        with self._lock:
            if self._loaded and _file_stamp(self.path) == self._snapshot_stamp:
                journal = _file_stamp(self.journal)
                if journal == self._journal_stamp:
                    return self._graph  # nothing changed: two stat calls per read
                known = self._journal_stamp
                grown = self._journal_ok and journal and known and journal[0] == known[0]
            else:
                grown = False
            with _collector_paused(lambda: self._graph):
                try:
                    if grown:
                        self._replay(self._journal_end)  # the same journal, grown: read its new tail
                    else:
                        self._load()  # first read, a new snapshot, or a new journal
                except BaseException:
                    # Half read: read everything again next time (and fail again if the file is
                    # bad), never serve or overwrite a partial graph.
                    self._loaded = False
                    _release(self._graph)
                    self._graph = nx.MultiDiGraph()
                    raise
            return self._graph

    def _load(self) -> None:
        """Read the snapshot and replay the journal, from scratch."""
        for _attempt in range(3):
            stamp = _file_stamp(self.path)
            _release(self._graph)
            self._graph, self._by_document = nx.MultiDiGraph(), {}
            self._snapshot_stamp, self._token = stamp, None
            self._journal_stamp, self._journal_end, self._journal_ok = _file_stamp(self.journal), 0, False
            self._journal_start = 0
            self._search_built = False
            self._loaded = True
            if stamp is None:
                return
            snapshot = embedded_file.read_snapshot(self.path)
            self._fill(snapshot)
            self._token = snapshot.token
            del snapshot
            if self._token is None:
                return  # version 1: no journal; the first write saves a version 2 snapshot
            try:
                self._replay(0)
                return
            except StaleJournal:
                if _file_stamp(self.path) == stamp:
                    # Missing, or left by a crash between the two renames of a compaction: the
                    # snapshot holds everything; the next write starts a new journal.
                    return
                # Another process compacted between our reads of the two files: read again.

    def _fill(self, snapshot: embedded_file.Snapshot) -> None:
        graph = self._graph
        try:
            for id, label, pinyin, contributions in snapshot.nodes:
                attrs = _node_attrs(merge.NodeState(id, label, contributions), pinyin)
                graph.add_node(id)
                graph._node[id] = attrs
                for doc in contributions:
                    self._index(doc)[0].add(id)
            # (ids are one string object each: read_snapshot interns them)
            for source, type_, target, contributions in snapshot.links:
                if source not in graph or target not in graph:
                    raise ValueError(f"link {source} -{type_}-> {target} does not fit the nodes")
                state = merge.RelationshipState(source, type_, target, contributions)
                _link(graph, source, target, type_, _edge_attrs(state))
                for doc in contributions:
                    self._index(doc)[1].add((source, type_, target))
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            raise StoreCorrupt(
                f"{self.path} is a damaged harbin-kg graph file: {exc.__class__.__name__}: {exc}"
            ) from exc

    def _replay(self, offset: int) -> None:
        """Apply the journal's committed transactions from ``offset`` (raises StaleJournal)."""
        assert self._token is not None
        stamp = _file_stamp(self.journal)
        if stamp is None:
            raise StaleJournal(f"{self.journal} is missing")
        strings = embedded_file.Strings()  # one object per id across transactions
        try:
            if offset == 0:
                offset = self._journal_start = embedded_file.read_journal_header(self.journal, self._token)
                self._journal_end = offset
            for transaction in embedded_file.read_journal(self.journal, offset):
                plan, pinyin = self._replayed_plan(transaction, strings)
                self._apply(self._graph, plan, None, pinyin)
                self._journal_end = transaction.end
        except (KeyError, TypeError, ValueError, AttributeError, IndexError) as exc:
            raise StoreCorrupt(
                f"{self.journal} is a damaged harbin-kg journal: {exc.__class__.__name__}: {exc}"
            ) from exc
        self._journal_stamp, self._journal_ok = stamp, True

    def _replayed_plan(
        self, transaction: embedded_file.Transaction, strings: embedded_file.Strings
    ) -> tuple[merge.WritePlan, dict[str, list[str]]]:
        """The plan that had the effect ``transaction`` records (against the graph as it is now),
        and the pinyin of the nodes it puts."""
        graph, document = self._graph, strings(transaction.document)
        pinyin_of: dict[str, list[str]] = {}
        plan = merge.WritePlan([], [], [], [], WriteSummary(document=document))
        for change in transaction.changes:
            if change[0] == "n":
                _, id, label, pinyin, row = change
                id, label = strings(id), strings(label)
                old = graph.nodes[id]["contributions"] if id in graph else {}
                contributions = dict(old)
                contributions.pop(document, None)
                if row is not None:
                    contributions[document] = embedded_file.contribution_from_row(document, row, strings)
                if contributions:
                    plan.nodes.append(merge.NodeState(id, label, contributions))
                    pinyin_of[id] = [strings(str(p)) for p in pinyin]
                elif id in graph:
                    plan.node_deletes.append(merge.NodeState(id, label, dict(old)))
            else:
                _, source, type_, target, row = change
                source, type_, target = strings(source), strings(type_), strings(target)
                has = graph.has_edge(source, target, key=type_)
                old = graph.edges[source, target, type_]["contributions"] if has else {}
                contributions = dict(old)
                contributions.pop(document, None)
                if row is not None:
                    contributions[document] = embedded_file.contribution_from_row(document, row, strings)
                if contributions:
                    plan.relationships.append(merge.RelationshipState(source, type_, target, contributions))
                elif has:
                    plan.relationship_deletes.append(
                        merge.RelationshipState(source, type_, target, dict(old))
                    )
        return plan, pinyin_of

    def _reindex(self, id: str, attrs: dict[str, Any] | None) -> None:
        """Tell the search index that node ``id`` now has ``attrs`` (None: it is gone)."""
        if self._search_built:  # else it is built from the whole graph on the next search
            self._search.put(id, None if attrs is None else _search_keys(attrs))

    def _index(self, document: str) -> tuple[set[str], set[merge.RelKey]]:
        own = self._by_document.get(document)
        if own is None:
            own = self._by_document[document] = (set(), set())
        return own

    @contextlib.contextmanager
    def _writing(self) -> Iterator[nx.MultiDiGraph]:
        """Hold the thread lock and the file lock; yield the current graph."""
        with self._lock:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with (
                open(self.path.with_name(self.path.name + ".lock"), "w") as lock,
                _collector_paused(lambda: self._graph),
            ):
                fcntl.flock(lock, fcntl.LOCK_EX)
                try:
                    yield self._refresh()
                finally:
                    fcntl.flock(lock, fcntl.LOCK_UN)

    def _compact(self) -> None:
        """Save the graph as a new snapshot and start an empty journal continuing it (file lock held)."""
        token = uuid.uuid4().hex
        graph = self._graph
        embedded_file.write_snapshot(
            self.path,
            token,
            ((id, a["label"], a["pinyin"], a["contributions"]) for id, a in graph.nodes(data=True)),
            ((s, k, t, d["contributions"]) for s, t, k, d in graph.edges(keys=True, data=True)),
        )
        # A crash here leaves the old journal, whose token no longer matches: it is ignored.
        self._snapshot_stamp, self._token, self._journal_ok = _file_stamp(self.path), token, False
        self._journal_start = self._journal_end = embedded_file.start_journal(self.journal, token)
        self._journal_stamp, self._journal_ok = _file_stamp(self.journal), True

    def _append(self, plans: list[tuple[str, merge.WritePlan]]) -> None:
        """Record ``plans`` (already applied to the graph) in the journal, fsynced."""
        graph = self._graph

        def changes(document: str, plan: merge.WritePlan) -> Iterator[embedded_file.Change]:
            for r in plan.relationship_deletes:
                yield ["r", r.source, r.type, r.target, None]
            for n in plan.node_deletes:
                yield ["n", n.id, n.label, None, None]
            for n in plan.nodes:
                c = n.contributions.get(document)
                row = None if c is None else embedded_file.contribution_row(document, c)
                yield ["n", n.id, n.label, graph.nodes[n.id]["pinyin"], row]
            for r in plan.relationships:
                c = r.contributions.get(document)
                row = None if c is None else embedded_file.contribution_row(document, c)
                yield ["r", r.source, r.type, r.target, row]

        transactions = ((document, changes(document, plan)) for document, plan in plans)
        self._journal_end = embedded_file.append_transactions(self.journal, self._journal_end, transactions)
        self._journal_stamp = _file_stamp(self.journal)

    def _commit_or_undo(
        self, graph: nx.MultiDiGraph, plans: list[tuple[str, merge.WritePlan]], undo: list[Callable[[], None]]
    ) -> None:
        try:
            self._append(plans)
        except BaseException:
            for step in reversed(undo):
                step()
            raise
        journal = self._journal_stamp[2] if self._journal_stamp else 0
        snapshot = self._snapshot_stamp[2] if self._snapshot_stamp else 0
        if journal > max(snapshot, MIN_COMPACT_BYTES):
            # The write is on disk already: a failed compaction only leaves a longer journal.
            with contextlib.suppress(OSError):
                self._compact()

    # --- writes -----------------------------------------------------------------------------

    def _apply(
        self,
        graph: nx.MultiDiGraph,
        plan: merge.WritePlan,
        undo: list[Callable[[], None]] | None,
        pinyin: dict[str, list[str]] | None = None,
    ) -> None:
        """Apply ``plan`` to ``graph`` in place, in batches, pushing the inverse of each step on ``undo``.

        A replay of the journal passes ``undo`` None (nothing to undo: it only catches up with the
        files), and ``pinyin``, the nodes' pinyin read from the journal; it calls no ``on_batch``.
        """
        index = self._reindex
        document = plan.summary.document
        own_ids, own_keys = self._index(document)
        node_attrs = graph._node

        def delete_edge(r: merge.RelationshipState) -> None:
            attrs = graph.edges[r.source, r.target, r.type]
            graph.remove_edge(r.source, r.target, key=r.type)
            if undo is not None:
                undo.append(lambda: _link(graph, r.source, r.target, r.type, attrs))

        def delete_node(n: merge.NodeState) -> None:
            attrs = node_attrs[n.id]
            edges = [
                *graph.in_edges(n.id, keys=True, data=True),
                *graph.out_edges(n.id, keys=True, data=True),
            ]
            graph.remove_node(n.id)
            index(n.id, None)

            def restore() -> None:
                graph.add_node(n.id)
                node_attrs[n.id] = attrs
                for s, t, k, d in edges:
                    _link(graph, s, t, k, d)
                index(n.id, attrs)

            if undo is not None:
                undo.append(restore)

        def put_node(n: merge.NodeState) -> None:
            attrs = node_attrs.get(n.id)
            if attrs is not None:
                new = _node_attrs(n, pinyin.get(n.id) if pinyin else None, attrs, document)
                old = dict(attrs)
                attrs.clear()
                attrs.update(new)

                def restore() -> None:
                    # Looked up when undone: a later step may have removed and restored the node.
                    _replace(node_attrs[n.id], old)
                    index(n.id, old)

                if undo is not None:
                    undo.append(restore)
            else:
                new = _node_attrs(n, pinyin.get(n.id) if pinyin else None)
                graph.add_node(n.id)
                node_attrs[n.id] = new

                def remove() -> None:
                    graph.remove_node(n.id)
                    index(n.id, None)

                if undo is not None:
                    undo.append(remove)
            index(n.id, new)
            if document in n.contributions:  # the plan changes only this document's contributions
                own_ids.add(n.id)

        def put_edge(r: merge.RelationshipState) -> None:
            new = _edge_attrs(r)
            keys = graph._succ[r.source].get(r.target)
            attrs = keys.get(r.type) if keys else None
            if attrs is not None:
                old = dict(attrs)
                attrs.clear()
                attrs.update(new)
                if undo is not None:
                    undo.append(lambda: _replace(graph.edges[r.source, r.target, r.type], old))
            else:
                _link(graph, r.source, r.target, r.type, new)
                if undo is not None:
                    undo.append(lambda: graph.remove_edge(r.source, r.target, key=r.type))
            if document in r.contributions:
                own_keys.add(r.key)

        hook = self.on_batch if undo is not None else None
        done = 0
        for step, items in (
            (delete_edge, plan.relationship_deletes),
            (delete_node, plan.node_deletes),
            (put_node, plan.nodes),
            (put_edge, plan.relationships),
        ):
            for item in items:
                if hook is not None and done % self.batch_size == 0:
                    hook(done // self.batch_size + 1)
                step(item)  # type: ignore[operator]
                done += 1

    def _states(
        self, graph: nx.MultiDiGraph, ids: set[str], keys: set[merge.RelKey], document: str
    ) -> tuple[dict[str, merge.NodeState], dict[merge.RelKey, merge.RelationshipState]]:
        """What a write of ``document`` reads: the nodes and relationships it names or supports."""
        own_ids, own_keys = self._by_document.get(document, (set(), set()))
        nodes = {
            id: _node_state(id, graph.nodes[id])
            for id in ids | own_ids
            if id in graph and (id in ids or document in graph.nodes[id]["contributions"])
        }
        rels = {}
        for key in keys | own_keys:
            s, k, t = key
            if graph.has_edge(s, t, key=k):
                attrs = graph.edges[s, t, k]
                if key in keys or document in attrs["contributions"]:
                    rels[key] = _rel_state(s, t, attrs)
        return nodes, rels

    def _plan_and_apply(
        self, graph: nx.MultiDiGraph, doc: GraphDocument | None, document: str, undo: list[Callable[[], None]]
    ) -> merge.WritePlan | None:
        """Plan one document's write (``doc`` None: its deletion) and apply it; None if nothing to delete."""
        ids, keys = merge.document_touches(doc) if doc is not None else (set(), set())
        nodes, rels = self._states(graph, ids, keys, document)
        if doc is None and not nodes:
            return None
        plan = merge.plan_write(doc, document, nodes, rels)
        if self._token is None or not self._journal_ok:
            # Before the graph changes: no snapshot yet, a version 1 one, or a stale journal.
            self._compact()
        self._apply(graph, plan, undo)
        return plan

    def write_documents(self, docs: Iterable[GraphDocument]) -> list[WriteSummary]:
        """Write several documents, each all or nothing, with one journal append (and fsync) at the end.

        If a document fails, the ones before it are kept and saved, then the error is raised; if
        the append fails, none is kept.
        """
        summaries: list[WriteSummary] = []
        with self._writing() as graph:
            undo_all: list[Callable[[], None]] = []
            plans: list[tuple[str, merge.WritePlan]] = []
            failure: BaseException | None = None
            for doc in docs:
                undo: list[Callable[[], None]] = []
                try:
                    document = merge.document_id(doc)
                    plan = self._plan_and_apply(graph, doc, document, undo)
                except BaseException as exc:
                    for step in reversed(undo):
                        step()
                    failure = exc
                    break
                assert plan is not None
                undo_all.extend(undo)
                plans.append((document, plan))
                summaries.append(plan.summary)
            if plans:
                self._commit_or_undo(graph, plans, undo_all)
            if failure is not None:
                raise failure
        return summaries

    def write_document(self, doc: GraphDocument) -> WriteSummary:
        (summary,) = self.write_documents([doc])
        return summary

    def delete_document(self, document: str) -> bool:
        with self._writing() as graph:
            undo: list[Callable[[], None]] = []
            try:
                plan = self._plan_and_apply(graph, None, document, undo)
            except BaseException:
                for step in reversed(undo):
                    step()
                raise
            if plan is None:
                return False
            self._commit_or_undo(graph, [(document, plan)], undo)
            self._by_document.pop(document, None)
        return True

    # --- reads ------------------------------------------------------------------------------

    def _adjacency(self, graph: nx.MultiDiGraph) -> traversal.Adjacency:
        def adjacency(ids: list[str], types: tuple[str, ...]) -> list[Relationship]:
            wanted = set(types)
            seen: dict[merge.RelKey, Relationship] = {}
            for id in ids:
                for s, t, k, d in [
                    *graph.out_edges(id, keys=True, data=True),
                    *graph.in_edges(id, keys=True, data=True),
                ]:
                    if k in wanted and (s, k, t) not in seen:
                        seen[(s, k, t)] = _relationship(s, t, d)
            return list(seen.values())

        return adjacency

    def _require(self, graph: nx.MultiDiGraph, id: str) -> None:
        if id not in graph:
            raise EntityNotFound(id)

    def _path(self, graph: nx.MultiDiGraph, walk: traversal.Walk) -> GraphPath:
        ids, rels = walk
        return GraphPath(nodes=[_node(i, graph.nodes[i]) for i in ids], relationships=rels)

    @_locked
    def get_entity(self, id: str) -> Node | None:
        graph = self._refresh()
        return _node(id, graph.nodes[id]) if id in graph else None

    @_locked
    def search(self, q: str, label: str | None = None, limit: int = 20, offset: int = 0) -> SearchResult:
        graph = self._refresh()
        needle = search.normalise(q)
        ids: set[str] = set()
        if needle:
            if not self._search_built or self._search.needs_rebuild:
                # The index is ~10^6 objects that live as long as the graph: freeze them with it, or
                # every full collection walks them (a ~20 ms pause every few hundred requests).
                with _collector_paused(lambda: graph):
                    self._search.rebuild(
                        (id, keys) for id, attrs in graph.nodes(data=True) if (keys := _search_keys(attrs))
                    )
                self._search_built = True
            ids = self._search.find(needle)
        nodes = graph.nodes
        entries = (
            (id, a["label"], a["name"], a["aliases"], a["pinyin"])
            for id in ids
            if id in graph
            for a in (nodes[id],)
        )
        return search.rank_entries(
            entries, q, lambda id: _node(id, nodes[id]), label=label, limit=limit, offset=offset
        )

    @_locked
    def neighbours(
        self,
        id: str,
        types: list[str] | None = None,
        direction: Direction = "both",
        labels: list[str] | None = None,
        depth: int = 1,
        limit: int = 100,
    ) -> list[Neighbour]:
        allowed_types = traversal.check_types(types)
        allowed_labels = traversal.check_labels(labels)
        direction = traversal.check_direction(direction)
        graph = self._refresh()
        self._require(graph, id)
        walks = _neighbour_walks(
            graph, id, allowed_types, direction, traversal.clamp_depth(depth), allowed_labels, limit
        )
        # nearest() only counts a walk's steps: edge keys stand in for relationships here.
        chosen = traversal.nearest(
            cast(dict[str, traversal.Walk], walks), lambda v: graph.nodes[v]["label"], allowed_labels, limit
        )
        # One Node per id, shared by the neighbours and their paths (the start begins every path).
        made: dict[str, Node] = {}

        def node(i: str) -> Node:
            n = made.get(i)
            if n is None:
                n = made[i] = _node(i, graph.nodes[i])
            return n

        out = []
        for d, v in chosen:
            ids, edges = walks[v]
            rels = [_relationship(s, t, graph.edges[s, t, k]) for s, k, t in edges]
            path = GraphPath(nodes=[node(i) for i in ids], relationships=rels)
            out.append(Neighbour(node=node(v), depth=d, path=path))
        return out

    @_locked
    def shortest_paths(self, source: str, target: str, max_depth: int = MAX_DEPTH) -> list[GraphPath]:
        graph = self._refresh()
        self._require(graph, source)
        self._require(graph, target)
        walks = traversal.all_shortest_walks(
            source, target, self._adjacency(graph), traversal.clamp_depth(max_depth)
        )
        return [self._path(graph, w) for w in walks]

    @_locked
    def subgraph(self, ids: list[str], depth: int = 1) -> Subgraph:
        graph = self._refresh()
        for id in sorted(set(ids)):
            self._require(graph, id)
        reached = traversal.reach(ids, self._adjacency(graph), traversal.clamp_depth(depth, low=0))
        return self._induced(graph, reached)

    def _induced(self, graph: nx.MultiDiGraph, ids: set[str]) -> Subgraph:
        rels = [
            _relationship(s, t, d)
            for s, t, k, d in graph.edges(keys=True, data=True)
            if s in ids and t in ids
        ]
        rels.sort(key=traversal.edge_of)
        return Subgraph(nodes=[_node(i, graph.nodes[i]) for i in sorted(ids)], relationships=rels)

    @_locked
    def counts(self) -> Counts:
        graph = self._refresh()
        nodes: dict[str, int] = {}
        for _, label in graph.nodes(data="label"):
            nodes[label] = nodes.get(label, 0) + 1
        rels: dict[str, int] = {}
        for _, _, key in graph.edges(keys=True):
            rels[key] = rels.get(key, 0) + 1
        return Counts(nodes=dict(sorted(nodes.items())), relationships=dict(sorted(rels.items())))

    @_locked
    def documents(self) -> list[DocumentInfo]:
        graph = self._refresh()
        out = []
        for document in self._by_document:
            ids, keys = self._supported(graph, document)
            doc_nodes = [i for i in ids if graph.nodes[i]["label"] == "Document"]
            if doc_nodes:
                node = _node(doc_nodes[0], graph.nodes[doc_nodes[0]])
                out.append(DocumentInfo(id=document, node=node, nodes=len(ids), relationships=len(keys)))
        return sorted(out, key=lambda d: d.id)

    def _supported(self, graph: nx.MultiDiGraph, document: str) -> tuple[list[str], list[merge.RelKey]]:
        """The node ids and relationship keys holding a contribution of ``document`` (from the index)."""
        ids, keys = self._by_document.get(document, (set(), set()))
        return (
            [i for i in ids if i in graph and document in graph.nodes[i]["contributions"]],
            [
                (s, k, t)
                for s, k, t in keys
                if graph.has_edge(s, t, key=k) and document in graph.edges[s, t, k]["contributions"]
            ],
        )

    @_locked
    def document_graph(self, document: str) -> GraphDocument | None:
        graph = self._refresh()
        ids, keys = self._supported(graph, document)
        nodes = [_node_state(i, graph.nodes[i]) for i in ids]
        rels = [_rel_state(s, t, graph.edges[s, t, k]) for s, k, t in keys]
        return merge.document_graph(document, nodes, rels)

    @_locked
    def events(self, entity: str | None = None, label: str | None = None) -> list[tuple[Node, Node]]:
        traversal.check_labels([label] if label else None)
        graph = self._refresh()
        sources = [entity] if entity is not None else list(graph.nodes)
        pairs = [
            (_node(t, graph.nodes[t]), _node(s, graph.nodes[s]))
            for s in sources
            if s in graph and (label is None or graph.nodes[s]["label"] == label)
            for _, t, key in graph.out_edges(s, keys=True)
            if key == "HAS_EVENT"
        ]
        return sorted(pairs, key=timeline.event_sort_key)

    @_locked
    def all_graph(self) -> Subgraph:
        graph = self._refresh()
        return self._induced(graph, set(graph.nodes))

    @_locked
    def ping(self) -> bool:
        try:
            self._refresh()
        except (OSError, StoreCorrupt):
            return False
        return True

    def compact(self) -> None:
        """Fold the journal into a new snapshot now (writes do it when the journal outgrows it)."""
        with self._writing():
            if self._journal_end > self._journal_start:
                self._compact()

    def close(self) -> None:
        """Drop the graph from memory (every write is on disk already; a later call reads the files
        again). Closing does not compact: replaying the journal costs about what a snapshot does."""
        with self._lock:
            _release(self._graph)
            self._graph, self._by_document = nx.MultiDiGraph(), {}
            self._search, self._search_built = SubstringIndex(), False
            self._loaded = False


WalkKeys = tuple[list[str], list[traversal.Edge]]


def _neighbour_walks(
    graph: nx.MultiDiGraph,
    start: str,
    types: tuple[str, ...],
    direction: Direction,
    depth: int,
    labels: frozenset[str] | None,
    limit: int,
) -> dict[str, WalkKeys]:
    """traversal.neighbour_walks on the NetworkX graph, with edge keys instead of Relationships,
    stopping after the level at which ``limit`` nodes of ``labels`` are found: neighbours come by
    depth first, so deeper ones could not be returned (a hub's depth 2 is never walked)."""
    wanted = set(types)
    forward = direction != "in"
    backward = direction != "out"
    best: dict[str, WalkKeys] = {start: ([start], [])}
    frontier = [start]
    found_so_far = 0
    for _ in range(depth):
        if not frontier or found_so_far >= max(limit, 0):
            break
        # For each node reached: the smallest (walk to its predecessor, edge) — the walk order of
        # traversal.neighbour_walks, since every predecessor's walk has the same length.
        found: dict[str, tuple[list[str], traversal.Edge, str]] = {}
        for u in frontier:
            ids = best[u][0]
            steps = [
                *(
                    (t, (u, k, t))
                    for _, t, k in graph.out_edges(u, keys=True)
                    if forward or k in SYMMETRIC_TYPES
                ),
                *(
                    (s, (s, k, u))
                    for s, _, k in graph.in_edges(u, keys=True)
                    if backward or k in SYMMETRIC_TYPES
                ),
            ]
            for v, edge in steps:
                if edge[1] not in wanted or v in best or v == u:
                    continue
                old = found.get(v)
                if old is None or (ids, edge) < (old[0], old[1]):
                    found[v] = (ids, edge, u)
        for v, (ids, edge, u) in found.items():
            best[v] = ([*ids, v], [*best[u][1], edge])
        nodes = graph.nodes
        found_so_far += sum(1 for v in found if labels is None or nodes[v]["label"] in labels)
        frontier = sorted(found)
    del best[start]
    return best
