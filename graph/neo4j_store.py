"""The Neo4j store: the official driver, managed transactions, parameters only.

One document is written in ONE transaction: read the stored contributions of the nodes and
relationships it touches, merge in Python (``graph.merge``, as the embedded store does), then
``UNWIND $rows … MERGE`` one statement per label and per relationship type, in batches. Labels and
types come from the whitelists in ``graph.model``; user text only ever travels as a parameter.

Walks (neighbours, subgraphs) expand one level per query and rank in Python (``graph.traversal``);
shortest paths use ``allShortestPaths``. Both give the embedded store's answers, in the same order.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from neo4j import Driver, GraphDatabase, ManagedTransaction
from neo4j.exceptions import (
    AuthError,
    ClientError,
    ConfigurationError,
    DriverError,
    ServiceUnavailable,
    SessionExpired,
)

from graph import merge, read_query, search, traversal
from graph.errors import EntityNotFound, StoreUnavailable
from graph.model import ENTITY_LABELS, LABELS, GraphDocument, Node, Relationship
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

SCHEMA_FILE = Path(__file__).resolve().parent.parent / "cypher" / "schema.cypher"
BatchHook = Callable[[int], None]

_LABEL_BY_PREFIX = {label.lower(): label for label in LABELS}
_NODE_RESERVED = frozenset(
    {"id", "name", "label", "aliases", "pinyin", "search_keys", "documents", "provenance", "contributions",
     "property_keys"}
)  # fmt: skip
_REL_RESERVED = frozenset({"documents", "provenance", "contributions", "property_keys"})
_INT64 = (-(2**63), 2**63 - 1)


# --- the shape of the graph in Neo4j (public: the Cypher export writes the same) --------------


def node_labels(label: str) -> list[str]:
    """The Neo4j labels of a node: its label, plus ``Entity`` for entity labels."""
    return [label, "Entity"] if label in ENTITY_LABELS else [label]


def flat_value(value: Any) -> Any:
    """A property value Neo4j can hold: scalars and lists of one scalar type as they are, else JSON.

    None means "leave the property out" (Neo4j has no null properties).
    """
    if value is None:
        return None
    if isinstance(value, bool | str | float):
        return value
    if isinstance(value, int):
        return value if _INT64[0] <= value <= _INT64[1] else json.dumps(value)
    if isinstance(value, list):
        for kind in (bool, str):
            if all(isinstance(v, kind) for v in value):
                return value
        if all(isinstance(v, int | float) and not isinstance(v, bool) for v in value):
            return value
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def _flatten(properties: dict[str, Any], reserved: frozenset[str]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in properties.items():
        flat = flat_value(value)
        if flat is not None:
            # A property named like one of ours keeps a prefix rather than overwrite it.
            out[f"prop_{key}" if key in reserved else key] = flat
    return out


def node_properties(state: merge.NodeState) -> dict[str, Any]:
    """Every property of a node as written to Neo4j (flat: lists of scalars, JSON strings)."""
    node = merge.visible_node(state)
    pinyin = merge.node_pinyin(node)
    return {
        **_flatten(node.properties, _NODE_RESERVED),
        "id": node.id,
        "name": node.name,
        "label": node.label,
        "aliases": node.aliases,
        "pinyin": pinyin,
        "search_keys": search.search_keys(node.name, node.aliases, pinyin),
        "documents": sorted(state.contributions),
        "provenance": json.dumps([merge.provenance_to_json(p) for p in node.provenance], ensure_ascii=False),
        "contributions": merge.contributions_dumps(state.contributions),
        "property_keys": sorted(node.properties),
    }


def relationship_properties(state: merge.RelationshipState) -> dict[str, Any]:
    """Every property of a relationship as written to Neo4j."""
    rel = merge.visible_relationship(state)
    return {
        **_flatten(rel.properties, _REL_RESERVED),
        "documents": sorted(state.contributions),
        "provenance": json.dumps([merge.provenance_to_json(p) for p in rel.provenance], ensure_ascii=False),
        "contributions": merge.contributions_dumps(state.contributions),
        "property_keys": sorted(rel.properties),
    }


def schema_statements(path: Path = SCHEMA_FILE) -> list[str]:
    """The statements of ``cypher/schema.cypher``: split on ``;``, comment lines dropped."""
    lines = [
        line for line in path.read_text(encoding="utf-8").splitlines() if not line.strip().startswith("//")
    ]
    return [s.strip() for s in "\n".join(lines).split(";") if s.strip()]


# Security errors that mean "wrong or blocked credentials" (Neo4j sends some as plain ClientError).
_LOGIN_REFUSED = re.compile(
    r"Security\.(Unauthorized|AuthenticationRateLimit|CredentialsExpired|TokenExpired)"
)


def _one_line(exc: BaseException) -> str:
    """The driver's message on one line (it spreads some over several)."""
    return " ".join(str(exc).split())


def _label_of(id: str) -> str | None:
    """The label an id was made with (``node_id`` prefixes it), so look-ups can use its index."""
    prefix, sep, _ = id.partition(":")
    return _LABEL_BY_PREFIX.get(prefix) if sep else None


def _by_label(ids: list[str] | set[str]) -> dict[str | None, list[str]]:
    groups: dict[str | None, list[str]] = defaultdict(list)
    for id in sorted(ids):
        groups[_label_of(id)].append(id)
    return groups


def _match(var: str, label: str | None) -> str:
    """``(var:Label)`` for a whitelisted label, ``(var)`` when the id does not tell it."""
    if label is None:
        return f"({var})"
    if label not in LABELS and label != "Entity":  # never: labels come from the whitelist or the store
        raise ValueError(f"unknown label {label!r}")
    return f"({var}:{label})"


def _index_label(label: str) -> str:
    """The label to find a node by id with: ``Entity`` for every entity (one index, few statements)."""
    return "Entity" if label in ENTITY_LABELS else label


def _label(label: str) -> str:
    if label not in LABELS:
        raise ValueError(f"unknown label {label!r}")
    return label


def _type(type_: str) -> str:
    if type_ not in traversal.RELATIONSHIP_TYPES:
        raise ValueError(f"unknown relationship type {type_!r}")
    return type_


_NODE_FIELDS = "n.id AS id, n.label AS label, n.contributions AS contributions"
_REL_FIELDS = (
    "startNode(r).id AS source, type(r) AS type, endNode(r).id AS target, r.contributions AS contributions"
)


def _node_state(row: Any) -> merge.NodeState:
    return merge.NodeState(row["id"], row["label"], merge.contributions_loads(row["contributions"]))


def _rel_state(row: Any) -> merge.RelationshipState:
    return merge.RelationshipState(
        row["source"], row["type"], row["target"], merge.contributions_loads(row["contributions"])
    )


class Neo4jStore:
    """A :class:`~graph.protocol.GraphStore` in a Neo4j database (5.26 Community or later)."""

    kind = "neo4j"

    def __init__(
        self,
        uri: str,
        auth: tuple[str, str] | None = None,
        database: str = "neo4j",
        *,
        batch_size: int = 2000,
        on_batch: BatchHook | None = None,
        apply_schema: bool = True,
    ) -> None:
        self.uri = uri
        self.database = database
        self.batch_size = batch_size
        self.on_batch = on_batch
        with self._guard():
            # Short timeouts: a user waits for an answer, not for a retry loop against a dead server.
            self._driver: Driver = GraphDatabase.driver(
                uri,
                auth=auth,
                connection_timeout=5,
                max_transaction_retry_time=5,
                # Unknown-property warnings on an empty database are noise, not news.
                notifications_min_severity="OFF",
            )
        try:
            with self._guard():
                self._driver.verify_connectivity()
                if apply_schema:
                    self.apply_schema()
        except BaseException:
            self._driver.close()
            raise

    @classmethod
    def from_settings(cls, settings: Any, **options: Any) -> Neo4jStore:
        password = settings.neo4j_password.get_secret_value() if settings.neo4j_password else None
        auth = (settings.neo4j_user, password) if password else None
        return cls(settings.neo4j_uri, auth, settings.neo4j_database, **options)

    @contextmanager
    def _guard(self) -> Iterator[None]:
        """Turn the driver's connection errors into StoreUnavailable naming the URI."""
        try:
            yield
        except AuthError as exc:
            raise StoreUnavailable(f"Neo4j at {self.uri} refused the credentials: {exc.message}") from exc
        except ClientError as exc:
            if exc.code and "DatabaseNotFound" in exc.code:
                raise StoreUnavailable(f"Neo4j at {self.uri} has no database {self.database!r}") from exc
            if exc.code and _LOGIN_REFUSED.search(exc.code):  # e.g. AuthenticationRateLimit: not an AuthError
                raise StoreUnavailable(f"Neo4j at {self.uri} refused the login: {exc.message}") from exc
            raise
        except (ServiceUnavailable, SessionExpired, ConfigurationError, OSError) as exc:
            raise StoreUnavailable(f"Neo4j is not reachable at {self.uri}: {_one_line(exc)}") from exc
        except DriverError as exc:
            raise StoreUnavailable(f"Neo4j at {self.uri} failed: {_one_line(exc)}") from exc

    def _read(self, work: Callable[[ManagedTransaction], Any]) -> Any:
        with self._guard(), self._driver.session(database=self.database) as session:
            return session.execute_read(work)

    def _write(self, work: Callable[[ManagedTransaction], Any]) -> Any:
        with self._guard(), self._driver.session(database=self.database) as session:
            return session.execute_write(work)

    def apply_schema(self, path: Path = SCHEMA_FILE) -> None:
        """Create the constraints and indexes of ``cypher/schema.cypher`` that do not exist yet."""
        for statement in schema_statements(path):
            self._driver.execute_query(statement, database_=self.database)

    # --- reading states ---------------------------------------------------------------------

    @staticmethod
    def _nodes(tx: ManagedTransaction, ids: set[str] | list[str]) -> dict[str, merge.NodeState]:
        out: dict[str, merge.NodeState] = {}
        for label, group in _by_label(ids).items():
            query = f"MATCH {_match('n', label)} WHERE n.id IN $ids RETURN {_NODE_FIELDS}"
            for row in tx.run(query, ids=group):
                if row["contributions"] is not None:  # not a placeholder of _lock
                    out[row["id"]] = _node_state(row)
        return out

    @staticmethod
    def _rels_among(tx: ManagedTransaction, ids: set[str] | list[str]) -> list[Any]:
        """Rows of the relationships whose both ends are in ``ids`` (with the ends' labels)."""
        rows = []
        for label, group in _by_label(ids).items():
            query = (
                f"MATCH {_match('a', label)} WHERE a.id IN $ids "
                f"MATCH (a)-[r]->(b) WHERE b.id IN $all "
                f"RETURN {_REL_FIELDS}, a.label AS source_label, b.label AS target_label"
            )
            rows.extend(tx.run(query, ids=group, all=sorted(ids)))
        return rows

    @staticmethod
    def _lock(tx: ManagedTransaction, own: dict[str, str], others: set[str], document: str) -> None:
        """Write-lock every node a write of ``document`` reads, before reading it.

        Reads are read-committed: without the locks, two documents naming the same node, written at
        once, would each merge from the same old state and one contribution would be lost. The
        document's own nodes are MERGEd (an uncommitted placeholder when new, filled by the plan or
        rolled back), so a concurrent writer of the same id waits until this transaction ends.
        """
        by_label: dict[str, list[str]] = defaultdict(list)
        for id, label in sorted(own.items()):
            by_label[label].append(id)
        for label, group in sorted(by_label.items()):
            query = f"UNWIND $ids AS id MERGE (n:{_label(label)} {{id: id}}) SET n.id = id"
            tx.run(query, ids=group).consume()
        for label, group in _by_label(others - set(own)).items():
            tx.run(f"MATCH {_match('n', label)} WHERE n.id IN $ids SET n.id = n.id", ids=group).consume()
        tx.run("MATCH (n) WHERE $doc IN n.documents SET n.id = n.id", doc=document).consume()

    def _touched(
        self,
        tx: ManagedTransaction,
        doc: GraphDocument | None,
        ids: set[str],
        keys: set[merge.RelKey],
        document: str,
    ) -> tuple[dict[str, merge.NodeState], dict[merge.RelKey, merge.RelationshipState], dict[str, str]]:
        """The stored states a write of ``document`` reads (locked first), and the label of every node."""
        own = {n.id: n.label for n in ([doc.document, *doc.nodes] if doc else [])}
        self._lock(tx, own, ids, document)
        nodes = self._nodes(tx, ids)
        for row in tx.run(f"MATCH (n) WHERE $doc IN n.documents RETURN {_NODE_FIELDS}", doc=document):
            nodes[row["id"]] = _node_state(row)
        rows = [
            row for row in self._rels_among(tx, ids) if (row["source"], row["type"], row["target"]) in keys
        ]
        rows.extend(
            tx.run(
                f"MATCH (a)-[r]->(b) WHERE $doc IN r.documents "
                f"RETURN {_REL_FIELDS}, a.label AS source_label, b.label AS target_label",
                doc=document,
            )
        )
        labels = {id: s.label for id, s in nodes.items()}
        rels: dict[merge.RelKey, merge.RelationshipState] = {}
        for row in rows:
            state = _rel_state(row)
            rels[state.key] = state
            labels[row["source"]] = row["source_label"]
            labels[row["target"]] = row["target_label"]
        return nodes, rels, labels

    # --- writes -----------------------------------------------------------------------------

    def _statements(self, plan: merge.WritePlan, labels: dict[str, str]) -> list[tuple[str, list[Any]]]:
        """The plan as (statement, rows) pairs: one statement per label / type (and end labels)."""
        out: list[tuple[str, list[Any]]] = []

        def rel_groups(states: list[merge.RelationshipState]) -> dict[tuple[str, str, str], list[Any]]:
            groups: dict[tuple[str, str, str], list[Any]] = defaultdict(list)
            for s in states:
                key = (_type(s.type), _index_label(labels[s.source]), _index_label(labels[s.target]))
                groups[key].append(s)
            return groups

        for (type_, a, b), states in sorted(rel_groups(plan.relationship_deletes).items()):
            query = (
                f"UNWIND $rows AS row MATCH {_match('a', a)} WHERE a.id = row.source "
                f"MATCH (a)-[r:{type_}]->{_match('b', b)} WHERE b.id = row.target DELETE r"
            )
            out.append((query, [{"source": s.source, "target": s.target} for s in states]))
        node_deletes: dict[str, list[str]] = defaultdict(list)
        for n in plan.node_deletes:
            node_deletes[n.label].append(n.id)
        for label, ids in sorted(node_deletes.items()):
            out.append(
                (f"UNWIND $rows AS id MATCH {_match('n', label)} WHERE n.id = id DETACH DELETE n", ids)
            )
        upserts: dict[str, list[Any]] = defaultdict(list)
        for n in plan.nodes:
            upserts[n.label].append({"id": n.id, "props": node_properties(n)})
        for label, rows in sorted(upserts.items()):
            extra = "SET n:Entity" if label in ENTITY_LABELS else ""
            query = f"UNWIND $rows AS row MERGE (n:{_label(label)} {{id: row.id}}) SET n = row.props {extra}"
            out.append((query, rows))
        for (type_, a, b), states in sorted(rel_groups(plan.relationships).items()):
            query = (
                f"UNWIND $rows AS row MATCH {_match('a', a)} WHERE a.id = row.source "
                f"MATCH {_match('b', b)} WHERE b.id = row.target "
                f"MERGE (a)-[r:{type_}]->(b) SET r = row.props"
            )
            rows = [
                {"source": s.source, "target": s.target, "props": relationship_properties(s)} for s in states
            ]
            out.append((query, rows))
        return out

    def _run_plan(self, tx: ManagedTransaction, plan: merge.WritePlan, labels: dict[str, str]) -> None:
        for n in plan.nodes:
            labels[n.id] = n.label
        number = 0
        for query, rows in self._statements(plan, labels):
            for start in range(0, len(rows), self.batch_size):
                number += 1
                if self.on_batch is not None:
                    self.on_batch(number)
                tx.run(query, rows=rows[start : start + self.batch_size]).consume()

    def write_document(self, doc: GraphDocument) -> WriteSummary:
        document = merge.document_id(doc)
        ids, keys = merge.document_touches(doc)

        def work(tx: ManagedTransaction) -> WriteSummary:
            nodes, rels, labels = self._touched(tx, doc, ids, keys, document)
            plan = merge.plan_write(doc, document, nodes, rels)
            self._run_plan(tx, plan, labels)
            return plan.summary

        return self._write(work)

    def delete_document(self, document: str) -> bool:
        def work(tx: ManagedTransaction) -> bool:
            nodes, rels, labels = self._touched(tx, None, set(), set(), document)
            if not nodes:
                return False
            self._run_plan(tx, merge.plan_write(None, document, nodes, rels), labels)
            return True

        return self._write(work)

    # --- reads ------------------------------------------------------------------------------

    def _visible(self, tx: ManagedTransaction, ids: set[str] | list[str]) -> dict[str, Node]:
        return {id: merge.visible_node(s) for id, s in self._nodes(tx, ids).items()}

    def _adjacency(self, tx: ManagedTransaction) -> traversal.Adjacency:
        def adjacency(ids: list[str], types: tuple[str, ...]) -> list[Relationship]:
            seen: dict[merge.RelKey, Relationship] = {}
            for label, group in _by_label(ids).items():
                query = (
                    f"MATCH {_match('a', label)} WHERE a.id IN $ids "
                    f"MATCH (a)-[r]-() WHERE type(r) IN $types RETURN DISTINCT {_REL_FIELDS}"
                )
                for row in tx.run(query, ids=group, types=list(types)):
                    state = _rel_state(row)
                    if state.key not in seen:
                        seen[state.key] = merge.visible_relationship(state)
            return list(seen.values())

        return adjacency

    def get_entity(self, id: str) -> Node | None:
        return self._read(lambda tx: self._visible(tx, [id])).get(id)

    def search(self, q: str, label: str | None = None, limit: int = 20, offset: int = 0) -> SearchResult:
        search.check_label(label)
        needle = search.normalise(q)
        if not needle:
            return search.rank([], q, label=label, limit=limit, offset=offset)

        def work(tx: ManagedTransaction) -> list[tuple[Node, list[str]]]:
            rows = tx.run(
                "MATCH (n:Entity) WHERE any(k IN n.search_keys WHERE k CONTAINS $q) "
                f"AND ($label IS NULL OR n.label = $label) RETURN {_NODE_FIELDS}, n.pinyin AS pinyin",
                q=needle,
                label=label,
            )
            return [(merge.visible_node(_node_state(row)), list(row["pinyin"])) for row in rows]

        return search.rank(self._read(work), q, label=label, limit=limit, offset=offset)

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

        def work(tx: ManagedTransaction) -> list[Neighbour]:
            if not self._nodes(tx, [id]):
                raise EntityNotFound(id)
            walks = traversal.neighbour_walks(
                id, self._adjacency(tx), allowed_types, direction, traversal.clamp_depth(depth)
            )
            nodes = self._visible(tx, {v for w in walks.values() for v in w[0]})
            chosen = traversal.nearest(walks, lambda v: nodes[v].label, allowed_labels, limit)
            return [
                Neighbour(
                    node=nodes[v],
                    depth=d,
                    path=GraphPath([nodes[i] for i in walks[v][0]], walks[v][1]),
                )
                for d, v in chosen
            ]

        return self._read(work)

    def shortest_paths(self, source: str, target: str, max_depth: int = MAX_DEPTH) -> list[GraphPath]:
        hops = traversal.clamp_depth(max_depth)

        def work(tx: ManagedTransaction) -> list[GraphPath]:
            ends = self._nodes(tx, [source, target])
            for id in (source, target):
                if id not in ends:
                    raise EntityNotFound(id)
            if source == target:
                return [GraphPath([merge.visible_node(ends[source])], [])]
            # ``hops`` is an int from clamp_depth, never user text.
            query = (
                f"MATCH {_match('a', ends[source].label)} WHERE a.id = $source "
                f"MATCH {_match('b', ends[target].label)} WHERE b.id = $target "
                f"MATCH p = allShortestPaths((a)-[*..{int(hops)}]-(b)) "
                f"RETURN [n IN nodes(p) | n.id] AS ids, "
                f"[r IN relationships(p) | {{source: startNode(r).id, type: type(r), "
                f"target: endNode(r).id, contributions: r.contributions}}] AS rels"
            )
            walks = [
                (
                    [str(i) for i in row["ids"]],
                    [merge.visible_relationship(_rel_state(r)) for r in row["rels"]],
                )
                for row in tx.run(query, source=source, target=target)
            ]
            nodes = self._visible(tx, {i for ids, _ in walks for i in ids})
            walks.sort(key=lambda w: (len(w[1]), w[0], [traversal.edge_of(r) for r in w[1]]))
            return [GraphPath([nodes[i] for i in ids], rels) for ids, rels in walks]

        return self._read(work)

    def _induced(self, tx: ManagedTransaction, ids: set[str]) -> Subgraph:
        nodes = self._visible(tx, ids)
        rels = [merge.visible_relationship(_rel_state(row)) for row in self._rels_among(tx, ids)]
        rels.sort(key=traversal.edge_of)
        return Subgraph(nodes=[nodes[i] for i in sorted(nodes)], relationships=rels)

    def subgraph(self, ids: list[str], depth: int = 1) -> Subgraph:
        hops = traversal.clamp_depth(depth, low=0)

        def work(tx: ManagedTransaction) -> Subgraph:
            found = self._nodes(tx, set(ids))
            for id in sorted(set(ids)):
                if id not in found:
                    raise EntityNotFound(id)
            return self._induced(tx, traversal.reach(ids, self._adjacency(tx), hops))

        return self._read(work)

    def counts(self) -> Counts:
        def work(tx: ManagedTransaction) -> Counts:
            nodes = {r["label"]: r["n"] for r in tx.run("MATCH (n) RETURN n.label AS label, count(*) AS n")}
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
            for row in tx.run(f"MATCH (n:Document) RETURN {_NODE_FIELDS}"):
                state = _node_state(row)
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
                _node_state(r)
                for r in tx.run(f"MATCH (n) WHERE $doc IN n.documents RETURN {_NODE_FIELDS}", doc=document)
            ]
            rels = [
                _rel_state(r)
                for r in tx.run(
                    f"MATCH ()-[r]->() WHERE $doc IN r.documents RETURN {_REL_FIELDS}", doc=document
                )
            ]
            return merge.document_graph(document, nodes, rels)

        return self._read(work)

    def all_graph(self) -> Subgraph:
        def work(tx: ManagedTransaction) -> Subgraph:
            nodes = [merge.visible_node(_node_state(r)) for r in tx.run(f"MATCH (n) RETURN {_NODE_FIELDS}")]
            rels = [
                merge.visible_relationship(_rel_state(r))
                for r in tx.run(f"MATCH ()-[r]->() RETURN {_REL_FIELDS}")
            ]
            nodes.sort(key=lambda n: n.id)
            rels.sort(key=traversal.edge_of)
            return Subgraph(nodes=nodes, relationships=rels)

        return self._read(work)

    def ping(self) -> bool:
        try:
            with self._guard():
                self._driver.verify_connectivity()
        except StoreUnavailable:
            return False
        return True

    def close(self) -> None:
        self._driver.close()

    def run_read_query(
        self, query: str, params: dict[str, Any] | None = None, timeout: float = 5.0, max_rows: int = 1000
    ) -> read_query.ReadQueryResult:
        """One read-only Cypher statement (POST /cypher): READ transaction, timeout, row cap.

        Not part of the protocol: only Neo4j speaks Cypher. The checks live in ``graph.read_query``.
        """
        return read_query.run_read_query(self._driver, self.database, query, params, timeout, max_rows)
