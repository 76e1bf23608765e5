"""Reads of the Neo4j store: the protocol's queries, one auto-commit query each where it can.

An entity; its neighbours at depth 1 in one query (deeper walks expand one level per query, by key
only, and rank in Python with ``graph.core.traversal``); search candidates from a TEXT index on
``search_text``, ranked by ``graph.core.search``. Shortest paths use ``allShortestPaths``. Both
stores give the same answers, in the same order. The functions take a transaction (or a session);
:class:`Neo4jReads` is mixed into :class:`~graph.neo4j.store.Neo4jStore`, which gives it
``_read``, ``_auto``, ``_guard``, ``_driver`` and ``database``.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from neo4j import ManagedTransaction, Session

from graph.core import merge, search, timeline, traversal
from graph.core.errors import EntityNotFound
from graph.core.model import SYMMETRIC_TYPES, GraphDocument, Node, Relationship
from graph.core.protocol import (
    MAX_DEPTH,
    Counts,
    Direction,
    DocumentInfo,
    Neighbour,
    SearchHit,
    SearchResult,
    Subgraph,
)
from graph.core.protocol import (
    Path as GraphPath,
)
from graph.neo4j.mapping import (
    NODE_FIELDS,
    REL_FIELDS,
    id_label,
    ids_by_index_label,
    ids_by_label,
    index_label,
    node_of_row,
    node_state,
    pattern,
    relationship_of_row,
    relationship_state,
)

Runner = ManagedTransaction | Session  # what runs a statement: a transaction, or a session (auto-commit)


def node_states(tx: Runner, ids: set[str] | list[str]) -> dict[str, merge.NodeState]:
    out: dict[str, merge.NodeState] = {}
    for label, group in ids_by_label(ids).items():
        query = f"MATCH {pattern('n', label)} WHERE n.id IN $ids RETURN {NODE_FIELDS}"
        for row in tx.run(query, ids=group):
            if row["contributions"] is not None:  # not a placeholder of _lock_and_read
                out[row["id"]] = node_state(row)
    return out


def relationship_rows_among(tx: ManagedTransaction, ids: set[str] | list[str]) -> list[Any]:
    """Rows of the relationships whose both ends are in ``ids`` (with the ends' labels)."""
    rows = []
    for label, group in ids_by_label(ids).items():
        query = (
            f"MATCH {pattern('a', label)} WHERE a.id IN $ids "
            f"MATCH (a)-[r]->(b) WHERE b.id IN $all "
            f"RETURN {REL_FIELDS}, a.label AS source_label, b.label AS target_label"
        )
        rows.extend(tx.run(query, ids=group, all=sorted(ids)))
    return rows


def relationship_rows(tx: ManagedTransaction, keys: list[merge.RelKey], labels: dict[str, str]) -> list[Any]:
    """Rows of the stored relationships among ``keys`` (whose ends' labels are in ``labels``)."""
    by_label: dict[str, list[dict[str, str]]] = defaultdict(list)
    for source, type_, target in sorted(keys):
        by_label[index_label(labels[source])].append({"source": source, "type": type_, "target": target})
    rows = []
    for label, group in sorted(by_label.items()):
        query = (
            f"UNWIND $rows AS row MATCH {pattern('a', label)} WHERE a.id = row.source "
            "MATCH (a)-[r]->(b) WHERE type(r) = row.type AND b.id = row.target "
            f"RETURN {REL_FIELDS}, a.label AS source_label, b.label AS target_label"
        )
        rows.extend(tx.run(query, rows=group))
    return rows


def visible_nodes(tx: Runner, ids: set[str] | list[str]) -> dict[str, Node]:
    out: dict[str, Node] = {}
    for label, group in ids_by_index_label(ids).items():
        query = f"MATCH {pattern('n', label)} WHERE n.id IN $ids RETURN {NODE_FIELDS}"
        for row in tx.run(query, ids=group):
            if row["contributions"] is not None:  # not a placeholder of a write under way
                out[row["id"]] = node_of_row(row)
    return out


def light_adjacency(tx: ManagedTransaction, labels: dict[str, str]) -> traversal.Adjacency:
    """Relationships by key only (no properties): walks need ids and types, nothing else.

    Fills ``labels`` with the label of every end seen, for the label filter of neighbours.
    """

    def adjacency(ids: list[str], types: tuple[str, ...]) -> list[Relationship]:
        found: dict[merge.RelKey, Relationship] = {}
        for label, group in ids_by_label(ids).items():
            query = (
                f"MATCH {pattern('a', label)} WHERE a.id IN $ids "
                "MATCH (a)-[r]-() WHERE type(r) IN $types "
                "WITH DISTINCT r, startNode(r) AS s, endNode(r) AS e "
                "RETURN s.id AS source, type(r) AS type, e.id AS target, "
                "s.label AS source_label, e.label AS target_label"
            )
            for row in tx.run(query, ids=group, types=list(types)):
                key = (row["source"], row["type"], row["target"])
                labels[key[0]] = row["source_label"]
                labels[key[2]] = row["target_label"]
                if key not in found:
                    found[key] = Relationship(key[0], key[2], key[1])
        return list(found.values())

    return adjacency


def visible_relationships(
    tx: ManagedTransaction, keys: set[merge.RelKey], labels: dict[str, str]
) -> dict[merge.RelKey, Relationship]:
    rows = relationship_rows(tx, list(keys), labels)
    return {(r["source"], r["type"], r["target"]): relationship_of_row(r) for r in rows}


def next_to(
    tx: Runner,
    id: str,
    types: tuple[str, ...],
    direction: Direction,
    labels: frozenset[str] | None,
    limit: int,
) -> list[Neighbour]:
    """Neighbours at depth 1 in one query: the nodes next to ``id``, the first ``limit`` by id,
    each with the relationships that join it (the path takes the first by key, as the walk does)."""
    query = (
        f"MATCH {pattern('n', id_label(id))} WHERE n.id = $id "
        "CALL (n) { "
        "MATCH (n)-[r]-(b) WHERE type(r) IN $types AND b <> n "
        "AND ($direction = 'both' OR type(r) IN $symmetric "
        "OR ($direction = 'out' AND startNode(r) = n) OR ($direction = 'in' AND endNode(r) = n)) "
        "AND ($labels IS NULL OR b.label IN $labels) "
        "WITH b, collect({source: startNode(r).id, type: type(r), target: endNode(r).id, "
        "contributions: r.contributions}) AS rels "
        "ORDER BY b.id LIMIT $limit "
        "RETURN collect({id: b.id, label: b.label, contributions: b.contributions, rels: rels}) AS found "
        "} "
        f"RETURN {NODE_FIELDS}, found"
    )
    record = tx.run(
        query,
        id=id,
        types=list(types),
        direction=direction,
        symmetric=sorted(SYMMETRIC_TYPES),
        labels=sorted(labels) if labels is not None else None,
        limit=max(limit, 0),
    ).single()
    if record is None or record["contributions"] is None:
        raise EntityNotFound(id)
    start = node_of_row(record)
    out = []
    for row in sorted(record["found"], key=lambda f: f["id"]):
        first = min(row["rels"], key=lambda r: (r["source"], r["type"], r["target"]))  # by key
        node = node_of_row(row)
        out.append(Neighbour(node, 1, GraphPath([start, node], [relationship_of_row(first)])))
    return out


def induced(tx: ManagedTransaction, ids: set[str]) -> Subgraph:
    nodes = visible_nodes(tx, ids)
    rels = [relationship_of_row(row) for row in relationship_rows_among(tx, ids)]
    rels.sort(key=traversal.edge_of)
    return Subgraph(nodes=[nodes[i] for i in sorted(nodes)], relationships=rels)


class Neo4jReads:
    """The protocol's reads (mixed into ``Neo4jStore``)."""

    def get_entity(self, id: str) -> Node | None:
        return self._auto(lambda tx: visible_nodes(tx, [id])).get(id)

    def search(self, q: str, label: str | None = None, limit: int = 20, offset: int = 0) -> SearchResult:
        """Candidates from the TEXT index on ``search_text`` (names only), ranked by ``graph.core.search``;
        whole nodes are read for the page returned only."""
        search.check_label(label)
        needle = search.normalise(q)
        if not needle:
            return search.rank([], q, label=label, limit=limit, offset=offset)

        def candidates(tx: Runner) -> list[tuple[Node, list[str]]]:
            rows = tx.run(
                "MATCH (n:Entity) WHERE n.search_text CONTAINS $q AND ($label IS NULL OR n.label = $label) "
                "RETURN n.id AS id, n.label AS label, n.name AS name, n.aliases AS aliases, "
                "n.pinyin AS pinyin",
                q=needle,
                label=label,
            )
            return [
                (Node(r["id"], r["label"], r["name"], list(r["aliases"] or [])), list(r["pinyin"] or []))
                for r in rows
            ]

        with self._guard(), self._driver.session(database=self.database) as session:
            page = search.rank(candidates(session), q, label=label, limit=limit, offset=offset)
            if not page.hits:
                return page
            nodes = visible_nodes(session, [h.node.id for h in page.hits])
        # The ranking read name and aliases as stored with the node: the same as its visible node's.
        page.hits = [SearchHit(nodes[h.node.id], h.score, h.matched) for h in page.hits if h.node.id in nodes]
        return page

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
        hops = traversal.clamp_depth(depth)
        if hops == 1:
            return self._auto(lambda tx: next_to(tx, id, allowed_types, direction, allowed_labels, limit))

        def work(tx: ManagedTransaction) -> list[Neighbour]:
            start = node_states(tx, [id])
            if not start:
                raise EntityNotFound(id)
            label_of = {id: start[id].label}
            walks = traversal.neighbour_walks(
                id, light_adjacency(tx, label_of), allowed_types, direction, hops
            )
            chosen = traversal.nearest(walks, label_of.__getitem__, allowed_labels, limit)
            # Whole nodes and relationships only for the walks returned.
            nodes = visible_nodes(tx, {i for _, v in chosen for i in walks[v][0]})
            rels = visible_relationships(
                tx, {traversal.edge_of(r) for _, v in chosen for r in walks[v][1]}, label_of
            )
            return [
                Neighbour(
                    node=nodes[v],
                    depth=d,
                    path=GraphPath(
                        [nodes[i] for i in walks[v][0]], [rels[traversal.edge_of(r)] for r in walks[v][1]]
                    ),
                )
                for d, v in chosen
            ]

        return self._read(work)

    def shortest_paths(self, source: str, target: str, max_depth: int = MAX_DEPTH) -> list[GraphPath]:
        hops = traversal.clamp_depth(max_depth)

        def work(tx: ManagedTransaction) -> list[GraphPath]:
            ends = node_states(tx, [source, target])
            for id in (source, target):
                if id not in ends:
                    raise EntityNotFound(id)
            if source == target:
                return [GraphPath([merge.visible_node(ends[source])], [])]
            # ``hops`` is an int from clamp_depth, never user text.
            query = (
                f"MATCH {pattern('a', ends[source].label)} WHERE a.id = $source "
                f"MATCH {pattern('b', ends[target].label)} WHERE b.id = $target "
                f"MATCH p = allShortestPaths((a)-[*..{int(hops)}]-(b)) "
                f"RETURN [n IN nodes(p) | n.id] AS ids, "
                f"[r IN relationships(p) | {{source: startNode(r).id, type: type(r), "
                f"target: endNode(r).id, contributions: r.contributions}}] AS rels"
            )
            walks = [
                (
                    [str(i) for i in row["ids"]],
                    [relationship_of_row(r) for r in row["rels"]],
                )
                for row in tx.run(query, source=source, target=target)
            ]
            nodes = visible_nodes(tx, {i for ids, _ in walks for i in ids})
            walks.sort(key=lambda w: (len(w[1]), w[0], [traversal.edge_of(r) for r in w[1]]))
            return [GraphPath([nodes[i] for i in ids], rels) for ids, rels in walks]

        return self._read(work)

    def subgraph(self, ids: list[str], depth: int = 1) -> Subgraph:
        hops = traversal.clamp_depth(depth, low=0)

        def work(tx: ManagedTransaction) -> Subgraph:
            found = node_states(tx, set(ids))
            for id in sorted(set(ids)):
                if id not in found:
                    raise EntityNotFound(id)
            return induced(tx, traversal.reach(ids, light_adjacency(tx, {}), hops))

        return self._read(work)

    def counts(self) -> Counts:
        def work(tx: ManagedTransaction) -> Counts:
            nodes = {
                r["label"]: r["n"]
                for r in tx.run("MATCH (n) WHERE NOT n:Curation RETURN n.label AS label, count(*) AS n")
            }
            rels = {
                r["type"]: r["n"] for r in tx.run("MATCH ()-[r]->() RETURN type(r) AS type, count(*) AS n")
            }
            return Counts(nodes=dict(sorted(nodes.items())), relationships=dict(sorted(rels.items())))

        return self._read(work)

    def documents(self) -> list[DocumentInfo]:
        def work(tx: ManagedTransaction) -> list[DocumentInfo]:
            node_counts = {
                r["doc"]: r["n"]
                for r in tx.run("MATCH (n) UNWIND n.documents AS doc RETURN doc, count(*) AS n")
            }
            rel_counts = {
                r["doc"]: r["n"]
                for r in tx.run("MATCH ()-[r]->() UNWIND r.documents AS doc RETURN doc, count(*) AS n")
            }
            out = []
            for row in tx.run(f"MATCH (n:Document) RETURN {NODE_FIELDS}"):
                state = node_state(row)
                node = merge.visible_node(state)
                for document in state.contributions:
                    out.append(
                        DocumentInfo(
                            document, node, node_counts.get(document, 0), rel_counts.get(document, 0)
                        )
                    )
            return sorted(out, key=lambda d: d.id)

        return self._read(work)

    def document_graph(self, document: str) -> GraphDocument | None:
        def work(tx: ManagedTransaction) -> GraphDocument | None:
            nodes = [
                node_state(r)
                for r in tx.run(f"MATCH (n) WHERE $doc IN n.documents RETURN {NODE_FIELDS}", doc=document)
            ]
            rels = [
                relationship_state(r)
                for r in tx.run(
                    f"MATCH ()-[r]->() WHERE $doc IN r.documents RETURN {REL_FIELDS}", doc=document
                )
            ]
            return merge.document_graph(document, nodes, rels)

        return self._read(work)

    def events(self, entity: str | None = None, label: str | None = None) -> list[tuple[Node, Node]]:
        traversal.check_labels([label] if label else None)
        query = (
            "MATCH (x)-[:HAS_EVENT]->(e:Event) "
            "WHERE ($entity IS NULL OR x.id = $entity) AND ($label IS NULL OR x.label = $label) "
            "RETURN e.id AS e_id, e.label AS e_label, e.contributions AS e_contributions, "
            "x.id AS x_id, x.label AS x_label, x.contributions AS x_contributions"
        )

        def work(tx: ManagedTransaction) -> list[tuple[Node, Node]]:
            pairs = [
                tuple(
                    node_of_row(
                        {
                            "id": row[f"{v}_id"],
                            "label": row[f"{v}_label"],
                            "contributions": row[f"{v}_contributions"],
                        }
                    )
                    for v in ("e", "x")
                )
                for row in tx.run(query, entity=entity, label=label)
            ]
            return sorted(pairs, key=timeline.event_sort_key)

        return self._read(work)

    def all_graph(self) -> Subgraph:
        def work(tx: ManagedTransaction) -> Subgraph:
            nodes = [
                merge.visible_node(node_state(r))
                for r in tx.run(f"MATCH (n) WHERE NOT n:Curation RETURN {NODE_FIELDS}")
            ]
            rels = [
                merge.visible_relationship(relationship_state(r))
                for r in tx.run(f"MATCH ()-[r]->() RETURN {REL_FIELDS}")
            ]
            nodes.sort(key=lambda n: n.id)
            rels.sort(key=traversal.edge_of)
            return Subgraph(nodes=nodes, relationships=rels)

        return self._read(work)
