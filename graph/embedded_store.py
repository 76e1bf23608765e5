"""The default store: a NetworkX ``MultiDiGraph`` in memory, saved to one JSON file after each write.

Nodes carry plain dicts (the visible node, its pinyin and search keys, and each document's
contribution); edges are keyed by relationship type, so ``(source, type, target)`` is one edge.
A write applies its plan in place, keeping an undo log, then saves atomically (temporary file in
the same folder, fsync, ``os.replace``, fsync of the folder); if a step or the save fails, the undo
log puts the graph back: all or nothing. A file that is not ours is an error
(:class:`~graph.errors.StoreCorrupt`), never silently replaced.
"""

from __future__ import annotations

import contextlib
import fcntl
import functools
import json
import os
import tempfile
import threading
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any, TypeVar

import networkx as nx

from graph import merge, search, traversal
from graph.errors import EntityNotFound, StoreCorrupt
from graph.model import ENTITY_LABELS, GraphDocument, Node, Relationship
from graph.protocol import (
    MAX_DEPTH,
    Counts,
    Direction,
    DocumentInfo,
    Neighbour,
    SearchResult,
    Subgraph,
    WriteSummary,
)
from graph.protocol import (
    Path as GraphPath,
)

FORMAT = "harbin-kg"
VERSION = 1
# What each node and edge of the saved graph carries (see _node_attrs, _edge_attrs).
NODE_FIELDS = frozenset(
    {
        "label",
        "name",
        "aliases",
        "properties",
        "provenance",
        "pinyin",
        "search_keys",
        "documents",
        "contributions",
    }
)
EDGE_FIELDS = frozenset({"type", "properties", "provenance", "documents", "contributions"})

# A hook called with the number (from 1) of each batch of a write: tests inject failures with it.
BatchHook = Callable[[int], None]
T = TypeVar("T")


# In memory a node's attributes hold Provenance and Contribution objects (no parsing on reads or
# writes); the file holds their JSON form (graph_to_json / graph_from_json convert).


def _node_attrs(state: merge.NodeState) -> dict[str, Any]:
    node = merge.visible_node(state)
    pinyin = merge.node_pinyin(node)
    return {
        "label": node.label,
        "name": node.name,
        "aliases": node.aliases,
        "properties": node.properties,
        "provenance": node.provenance,
        "pinyin": pinyin,
        "search_keys": search.search_keys(node.name, node.aliases, pinyin),
        "documents": sorted(state.contributions),
        "contributions": dict(state.contributions),
    }


def _edge_attrs(state: merge.RelationshipState) -> dict[str, Any]:
    rel = merge.visible_relationship(state)
    return {
        "type": rel.type,
        "properties": rel.properties,
        "provenance": rel.provenance,
        "documents": sorted(state.contributions),
        "contributions": dict(state.contributions),
    }


def _node(id: str, attrs: dict[str, Any]) -> Node:
    return Node(
        id=id,
        label=attrs["label"],
        name=attrs["name"],
        aliases=list(attrs["aliases"]),
        properties=dict(attrs["properties"]),
        provenance=list(attrs["provenance"]),
    )


def _relationship(source: str, target: str, attrs: dict[str, Any]) -> Relationship:
    return Relationship(
        source=source,
        target=target,
        type=attrs["type"],
        properties=dict(attrs["properties"]),
        provenance=list(attrs["provenance"]),
    )


def _node_state(id: str, attrs: dict[str, Any]) -> merge.NodeState:
    return merge.NodeState(id, attrs["label"], dict(attrs["contributions"]))


def _rel_state(source: str, target: str, attrs: dict[str, Any]) -> merge.RelationshipState:
    return merge.RelationshipState(source, attrs["type"], target, dict(attrs["contributions"]))


def _to_json(attrs: dict[str, Any]) -> dict[str, Any]:
    return {
        **attrs,
        "provenance": [merge.provenance_to_json(p) for p in attrs["provenance"]],
        "contributions": merge.contributions_to_json(attrs["contributions"]),
    }


def _from_json(attrs: dict[str, Any]) -> dict[str, Any]:
    attrs["provenance"] = [merge.provenance_from_json(p) for p in attrs["provenance"]]
    attrs["contributions"] = merge.contributions_from_json(attrs["contributions"])
    return attrs


def graph_to_json(graph: nx.MultiDiGraph) -> dict[str, Any]:
    """The saved form: node-link-like, with a format marker, nodes by id, links by key."""
    return {
        "format": FORMAT,
        "version": VERSION,
        "directed": True,
        "multigraph": True,
        # In the graph's own order (insertion): sorting 300k links on every save costs more than it helps.
        "nodes": [{"id": id, **_to_json(attrs)} for id, attrs in graph.nodes(data=True)],
        "links": [
            {"source": s, "target": t, "key": k, **_to_json(d)}
            for s, t, k, d in graph.edges(keys=True, data=True)
        ],
    }


def graph_from_json(data: Any, path: Path) -> nx.MultiDiGraph:
    """Rebuild the graph from its saved form; anything else raises StoreCorrupt naming ``path``."""
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise StoreCorrupt(f"{path} is not a harbin-kg graph file (no format marker {FORMAT!r})")
    if data.get("version") != VERSION:
        raise StoreCorrupt(
            f"{path} has graph format version {data.get('version')!r}; this program reads {VERSION}"
        )
    graph = nx.MultiDiGraph()
    try:
        for item in data["nodes"]:
            attrs = dict(item)
            id = attrs.pop("id")
            missing = NODE_FIELDS - attrs.keys()
            if missing:
                raise ValueError(f"node {id!r} lacks {', '.join(sorted(missing))}")
            graph.add_node(id, **_from_json(attrs))
        for item in data["links"]:
            attrs = dict(item)
            source, target, key = attrs.pop("source"), attrs.pop("target"), attrs.pop("key")
            if source not in graph or target not in graph or key != attrs["type"]:
                raise ValueError(f"link {source} -{key}-> {target} does not fit the nodes")
            missing = EDGE_FIELDS - attrs.keys()
            if missing:
                raise ValueError(f"link {source} -{key}-> {target} lacks {', '.join(sorted(missing))}")
            graph.add_edge(source, target, key=key, **_from_json(attrs))
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise StoreCorrupt(
            f"{path} is a damaged harbin-kg graph file: {exc.__class__.__name__}: {exc}"
        ) from exc
    return graph


def save_atomically(data: dict[str, Any], path: Path) -> None:
    """Write ``data`` as JSON to ``path`` so that a reader sees the old file or the new one, never half."""
    folder = path.parent
    folder.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            # dumps, not dump: dump streams through the pure-Python encoder, ten times slower.
            f.write(json.dumps(data, ensure_ascii=False, separators=(",", ":")))
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise
    # The rename itself must reach the disk too.
    dir_fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(dir_fd)
    finally:
        os.close(dir_fd)


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
    """A :class:`~graph.protocol.GraphStore` in memory, persisted to ``path``.

    Another process writing the same file (``kg load`` while ``kg serve`` runs) is noticed: reads
    reload the file when it changed, and writes hold an exclusive lock on ``path`` + ``.lock``.
    """

    kind = "embedded"

    def __init__(self, path: Path, *, batch_size: int = 2000, on_batch: BatchHook | None = None) -> None:
        self.path = Path(path)
        self.batch_size = batch_size
        self.on_batch = on_batch
        # One lock for reads and writes: writes change the graph in place (an undo log makes them
        # all or nothing), so a reader must never see one half-applied.
        self._lock = threading.RLock()
        self._stamp: tuple[int, int, int] | None = None
        self._graph = nx.MultiDiGraph()
        # document → ids and relationship keys it may support: a superset, checked on use, so that a
        # write reads only what its document touches instead of scanning the whole graph.
        self._by_document: dict[str, tuple[set[str], set[merge.RelKey]]] = {}
        self._refresh()

    # --- the file ---------------------------------------------------------------------------

    def _file_stamp(self) -> tuple[int, int, int] | None:
        try:
            st = self.path.stat()
        except FileNotFoundError:
            return None
        return (st.st_ino, st.st_mtime_ns, st.st_size)

    def _refresh(self) -> nx.MultiDiGraph:
        """The current graph, reloaded first if the file changed since we read or wrote it."""
        with self._lock:
            stamp = self._file_stamp()
            if stamp != self._stamp:
                if stamp is None:
                    graph = nx.MultiDiGraph()
                else:
                    try:
                        data = json.loads(self.path.read_text(encoding="utf-8"))
                    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
                        raise StoreCorrupt(f"{self.path} is not a harbin-kg graph file: {exc}") from exc
                    graph = graph_from_json(data, self.path)
                self._graph, self._stamp = graph, stamp
                self._by_document = {}
                for id, docs in graph.nodes(data="documents"):
                    for doc in docs:
                        self._index(doc)[0].add(id)
                for s, t, k, docs in graph.edges(keys=True, data="documents"):
                    for doc in docs:
                        self._index(doc)[1].add((s, k, t))
            return self._graph

    def _index(self, document: str) -> tuple[set[str], set[merge.RelKey]]:
        return self._by_document.setdefault(document, (set(), set()))

    @contextlib.contextmanager
    def _writing(self) -> Iterator[nx.MultiDiGraph]:
        """Hold the thread lock and the file lock; yield the current graph."""
        with self._lock:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with open(self.path.with_name(self.path.name + ".lock"), "w") as lock:
                fcntl.flock(lock, fcntl.LOCK_EX)
                try:
                    yield self._refresh()
                finally:
                    fcntl.flock(lock, fcntl.LOCK_UN)

    # --- writes -----------------------------------------------------------------------------

    def _apply(self, graph: nx.MultiDiGraph, plan: merge.WritePlan, undo: list[Callable[[], None]]) -> None:
        """Apply ``plan`` to ``graph`` in place, in batches, pushing the inverse of each step on ``undo``."""

        def delete_edge(r: merge.RelationshipState) -> None:
            attrs = graph.edges[r.source, r.target, r.type]
            graph.remove_edge(r.source, r.target, key=r.type)
            undo.append(lambda: graph.add_edge(r.source, r.target, key=r.type, **attrs))

        def delete_node(n: merge.NodeState) -> None:
            attrs = graph.nodes[n.id]
            edges = [
                *graph.in_edges(n.id, keys=True, data=True),
                *graph.out_edges(n.id, keys=True, data=True),
            ]
            graph.remove_node(n.id)

            def restore() -> None:
                graph.add_node(n.id, **attrs)
                for s, t, k, d in edges:
                    graph.add_edge(s, t, key=k, **d)

            undo.append(restore)

        def put_node(n: merge.NodeState) -> None:
            new = _node_attrs(n)
            if n.id in graph:
                attrs = graph.nodes[n.id]
                old = dict(attrs)
                attrs.clear()
                attrs.update(new)
                # Looked up when undone: a later step may have removed and restored the node.
                undo.append(lambda: _replace(graph.nodes[n.id], old))
            else:
                graph.add_node(n.id, **new)
                undo.append(lambda: graph.remove_node(n.id))
            for doc in n.contributions:
                self._index(doc)[0].add(n.id)

        def put_edge(r: merge.RelationshipState) -> None:
            new = _edge_attrs(r)
            if graph.has_edge(r.source, r.target, key=r.type):
                attrs = graph.edges[r.source, r.target, r.type]
                old = dict(attrs)
                attrs.clear()
                attrs.update(new)
                undo.append(lambda: _replace(graph.edges[r.source, r.target, r.type], old))
            else:
                graph.add_edge(r.source, r.target, key=r.type, **new)
                undo.append(lambda: graph.remove_edge(r.source, r.target, key=r.type))
            for doc in r.contributions:
                self._index(doc)[1].add(r.key)

        steps: list[Callable[[], None]] = [
            *(lambda r=r: delete_edge(r) for r in plan.relationship_deletes),
            *(lambda n=n: delete_node(n) for n in plan.node_deletes),
            *(lambda n=n: put_node(n) for n in plan.nodes),
            *(lambda r=r: put_edge(r) for r in plan.relationships),
        ]
        for number, start in enumerate(range(0, len(steps), self.batch_size), start=1):
            if self.on_batch is not None:
                self.on_batch(number)
            for step in steps[start : start + self.batch_size]:
                step()

    def _states(
        self, graph: nx.MultiDiGraph, ids: set[str], keys: set[merge.RelKey], document: str
    ) -> tuple[dict[str, merge.NodeState], dict[merge.RelKey, merge.RelationshipState]]:
        """What a write of ``document`` reads: the nodes and relationships it names or supports."""
        own_ids, own_keys = self._by_document.get(document, (set(), set()))
        nodes = {
            id: _node_state(id, graph.nodes[id])
            for id in ids | own_ids
            if id in graph and (id in ids or document in graph.nodes[id]["documents"])
        }
        rels = {}
        for key in keys | own_keys:
            s, k, t = key
            if graph.has_edge(s, t, key=k):
                attrs = graph.edges[s, t, k]
                if key in keys or document in attrs["documents"]:
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
        self._apply(graph, plan, undo)
        return plan

    def _save_or_undo(self, graph: nx.MultiDiGraph, undo: list[Callable[[], None]]) -> None:
        try:
            save_atomically(graph_to_json(graph), self.path)
        except BaseException:
            for step in reversed(undo):
                step()
            raise
        self._stamp = self._file_stamp()

    def write_documents(self, docs: Iterable[GraphDocument]) -> list[WriteSummary]:
        """Write several documents, each all or nothing, and save the file once at the end.

        Much faster than one ``write_document`` per document on a large graph (one save, not one
        per document). If a document fails, the ones before it are kept and saved, then the error is
        raised; if the save fails, none is kept.
        """
        summaries: list[WriteSummary] = []
        with self._writing() as graph:
            undo_all: list[Callable[[], None]] = []
            failure: BaseException | None = None
            for doc in docs:
                undo: list[Callable[[], None]] = []
                try:
                    plan = self._plan_and_apply(graph, doc, merge.document_id(doc), undo)
                except BaseException as exc:
                    for step in reversed(undo):
                        step()
                    failure = exc
                    break
                assert plan is not None
                undo_all.extend(undo)
                summaries.append(plan.summary)
            if summaries:
                self._save_or_undo(graph, undo_all)
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
            self._save_or_undo(graph, undo)
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
        candidates = [
            (_node(id, attrs), attrs["pinyin"])
            for id, attrs in graph.nodes(data=True)
            if needle
            and attrs["label"] in ENTITY_LABELS
            and any(needle in key for key in attrs["search_keys"])
        ]
        return search.rank(candidates, q, label=label, limit=limit, offset=offset)

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
        walks = traversal.neighbour_walks(
            id, self._adjacency(graph), allowed_types, direction, traversal.clamp_depth(depth)
        )
        chosen = traversal.nearest(walks, lambda v: graph.nodes[v]["label"], allowed_labels, limit)
        return [
            Neighbour(node=_node(v, graph.nodes[v]), depth=d, path=self._path(graph, walks[v]))
            for d, v in chosen
        ]

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
            [i for i in ids if i in graph and document in graph.nodes[i]["documents"]],
            [
                (s, k, t)
                for s, k, t in keys
                if graph.has_edge(s, t, key=k) and document in graph.edges[s, t, k]["documents"]
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

    def close(self) -> None:
        """Nothing to release: every write is already on disk."""
