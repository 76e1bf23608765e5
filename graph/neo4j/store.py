"""The Neo4j store: the official driver, managed transactions, parameters only.

One document is written in ONE transaction: lock and read the stored contributions of the nodes
and relationships it names (by id, through the indexes; a new document has nothing more to read,
a document written before is looked for by a scan), merge in Python (``graph.core.merge``, as the
embedded store does), then ``UNWIND $rows …`` in batches: one statement for the nodes and one per
relationship type, finding the locked nodes by element id, and setting on a stored node only the
properties that changed (``graph.neo4j.stored_nodes`` keeps a shared node's cost flat as documents
naming it accumulate). A document too big for one transaction (``MAX_TRANSACTION_ROWS``) is written in parts,
undone on failure (``_write_in_parts``). Labels and types come from the whitelists in
``graph.core.model``; user text only ever travels as a parameter.

Reads the API makes often are one auto-commit query each: an entity; its neighbours at depth 1
(deeper walks expand one level per query, by key only, and rank in Python with
``graph.core.traversal``); search candidates from a TEXT index on ``search_text``, ranked by
``graph.core.search``. Shortest paths use ``allShortestPaths``. Both stores give the same answers,
in the same order.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from neo4j import Driver, GraphDatabase, ManagedTransaction, Session
from neo4j.exceptions import (
    AuthError,
    ClientError,
    ConfigurationError,
    DriverError,
    ServiceUnavailable,
    SessionExpired,
)

from graph.core import merge, search, traversal
from graph.core.errors import EntityNotFound, StoreUnavailable
from graph.core.model import (
    ENTITY_LABELS,
    LABELS,
    SYMMETRIC_TYPES,
    GraphDocument,
    Node,
    Provenance,
    Relationship,
)
from graph.core.pinyin import names_pinyin
from graph.core.protocol import (
    MAX_DEPTH,
    Counts,
    Direction,
    DocumentInfo,
    Neighbour,
    SearchHit,
    SearchResult,
    Subgraph,
    WriteSummary,
)
from graph.core.protocol import (
    Path as GraphPath,
)
from graph.neo4j import read_query, stored_nodes

SCHEMA_FILE = Path(__file__).resolve().parents[2] / "cypher" / "schema.cypher"
BatchHook = Callable[[int], None]
Runner = ManagedTransaction | Session  # what runs a statement: a transaction, or a session (auto-commit)
# A document with more nodes + relationships than this is written in parts (several transactions):
# a part of 50,000 rows of the benchmark graph took ~610 MiB of server heap, and Neo4j caps all
# transactions at 70% of the heap (700 MiB of the 1 GiB scripts/neo4j and docker-compose give it).
MAX_TRANSACTION_ROWS = 20_000

_LABEL_BY_PREFIX = {label.lower(): label for label in LABELS}
_NODE_RESERVED = frozenset(
    {"id", "name", "label", "aliases", "pinyin", "search_keys", "documents", "provenance", "contributions",
     "property_keys", "search_text"}
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
    keys = search.search_keys(node.name, node.aliases, pinyin)
    return {
        **_flatten(node.properties, _NODE_RESERVED),
        "id": node.id,
        "name": node.name,
        "label": node.label,
        "aliases": node.aliases,
        "pinyin": pinyin,
        "search_keys": keys,
        "search_text": search_text(keys),
        "documents": sorted(state.contributions),
        "provenance": json.dumps([merge.provenance_to_json(p) for p in node.provenance], ensure_ascii=False),
        "contributions": merge.contributions_dumps(state.contributions),
        "property_keys": sorted(node.properties),
    }


# Keys node_properties always writes (the node's own properties come beside them, flattened).
_NODE_FIXED = frozenset(
    {"id", "name", "label", "aliases", "pinyin", "search_keys", "search_text", "documents", "provenance",
     "contributions", "property_keys"}
)  # fmt: skip


def _typed(flat: dict[str, Any]) -> dict[str, tuple[type, Any]]:
    """Flat properties with their types, so that 1, 1.0 and True do not compare equal."""
    return {k: (type(v), v) for k, v in flat.items()}


def _node_changes(
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
    flat = _flatten(after.properties, _NODE_RESERVED)
    if _typed(flat) != _typed(_flatten(before.properties, _NODE_RESERVED)):
        out.update(flat)
        out["property_keys"] = sorted(after.properties)
    for key in stored_keys:
        if key not in flat and key not in _NODE_FIXED:
            out[key] = None  # a property no contribution gives any more
    return out, stored_nodes.Remembered(contributions, new, after)


# Joins a node's search keys into one string: a TEXT index on it serves ``CONTAINS`` (a list
# property cannot be indexed). A query matching across two keys only adds a candidate that
# ``search.rank`` then drops: the candidates are a superset of the keys' matches, never fewer.
SEARCH_TEXT_SEPARATOR = "\u001f"


def search_text(keys: list[str]) -> str:
    """The indexed search string of a node: its search keys joined by SEARCH_TEXT_SEPARATOR."""
    return SEARCH_TEXT_SEPARATOR.join(keys)


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


def _by_index_label(ids: list[str] | set[str]) -> dict[str | None, list[str]]:
    """Ids by the label whose index finds them: every entity under ``Entity``, so a read of ids of
    several labels (a search page, a path) is one statement, not one per label."""
    groups: dict[str | None, list[str]] = defaultdict(list)
    for id in sorted(ids):
        label = _label_of(id)
        groups[_index_label(label) if label else None].append(id)
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


# Reads parse and merge a stored row's contributions (JSON) once per distinct text: the same hot
# nodes are read again and again (half the API process's CPU of a related request went to it).
# The text is the key, so a write that changes them is seen at once; callers get copies.
_Visible = tuple[str, tuple[str, ...], dict[str, Any], tuple[Provenance, ...]]


@lru_cache(maxsize=20_000)
def _visible_parts(contributions: str) -> _Visible:
    parsed = merge.contributions_loads(contributions)
    name, aliases = merge.visible_names(parsed)
    return name, tuple(aliases), merge.merged_properties(parsed), tuple(merge.merged_provenance(parsed))


def _visible_node(row: Any) -> Node:
    """The node users see, of a row with ``_NODE_FIELDS``."""
    name, aliases, properties, provenance = _visible_parts(row["contributions"])
    return Node(row["id"], row["label"], name, list(aliases), dict(properties), list(provenance))


def _visible_relationship(row: Any) -> Relationship:
    """The relationship users see, of a row with ``_REL_FIELDS``."""
    _, _, properties, provenance = _visible_parts(row["contributions"])
    return Relationship(row["source"], row["target"], row["type"], dict(properties), list(provenance))


@dataclass
class _Touched:
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


class Neo4jStore:
    """A :class:`~graph.core.protocol.GraphStore` in a Neo4j database (5.26 Community or later)."""

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
        max_transaction_rows: int = MAX_TRANSACTION_ROWS,
    ) -> None:
        self.uri = uri
        self.max_transaction_rows = max_transaction_rows
        self.database = database
        self.batch_size = batch_size
        self.on_batch = on_batch
        self._stored_nodes = stored_nodes.StoredNodes()  # what writes read of shared nodes, parsed
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

    def _auto(self, work: Callable[[Session], Any]) -> Any:
        """A read in an auto-commit transaction: half the round trips and client CPU of a managed one.

        For reads of one statement (or a few independent ones): ``work`` gets the session, whose
        ``run`` is used like a transaction's. No retries: an error reaches the caller at once.
        """
        with self._guard(), self._driver.session(database=self.database) as session:
            return work(session)

    def _write(self, work: Callable[[ManagedTransaction], Any]) -> Any:
        with self._guard(), self._driver.session(database=self.database) as session:
            return session.execute_write(work)

    def apply_schema(self, path: Path = SCHEMA_FILE) -> None:
        """Create the constraints and indexes of ``cypher/schema.cypher`` that do not exist yet."""
        records, _, _ = self._driver.execute_query(
            "SHOW INDEXES YIELD name WHERE name = 'entity_search_text' RETURN name", database_=self.database
        )
        for statement in schema_statements(path):
            self._driver.execute_query(statement, database_=self.database)
        if not records:
            self._fill_search_text()

    def _fill_search_text(self) -> None:
        """Give ``search_text`` to entities written before it existed (once: when its index is new).

        Auto-commit with ``IN TRANSACTIONS``, so a large graph does not need one huge transaction.
        """
        with self._driver.session(database=self.database) as session:
            session.run(
                "MATCH (n:Entity) WHERE n.search_text IS NULL AND n.search_keys IS NOT NULL "
                "CALL (n) { SET n.search_text = coalesce("
                "reduce(s = head(n.search_keys), k IN tail(n.search_keys) | s + $separator + k), '') "
                "} IN TRANSACTIONS OF 10000 ROWS",
                separator=SEARCH_TEXT_SEPARATOR,
            ).consume()

    # --- reading states ---------------------------------------------------------------------

    @staticmethod
    def _nodes(tx: Runner, ids: set[str] | list[str]) -> dict[str, merge.NodeState]:
        out: dict[str, merge.NodeState] = {}
        for label, group in _by_label(ids).items():
            query = f"MATCH {_match('n', label)} WHERE n.id IN $ids RETURN {_NODE_FIELDS}"
            for row in tx.run(query, ids=group):
                if row["contributions"] is not None:  # not a placeholder of _lock_and_read
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
        fields = f"RETURN {_NODE_FIELDS}, keys(n) AS keys, elementId(n) AS element_id"

        def own_query(label: str) -> str:
            if not lock:
                return f"MATCH (n:{_label(label)}) WHERE n.id IN $ids {fields}"
            entity = "ON CREATE SET n:Entity " if label in ENTITY_LABELS else ""
            return f"UNWIND $ids AS id MERGE (n:{_label(label)} {{id: id}}) {entity}SET n.id = id {fields}"

        queries = [(own_query(label), group) for label, group in sorted(by_label.items())]
        queries += [
            (
                f"MATCH {_match('n', label)} WHERE n.id IN $ids {'SET n.id = n.id' if lock else ''} {fields}",
                group,
            )
            for label, group in _by_label(set(others) - set(own)).items()
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
    def _rels_by_key(tx: ManagedTransaction, keys: list[merge.RelKey], labels: dict[str, str]) -> list[Any]:
        """Rows of the stored relationships among ``keys`` (whose ends' labels are in ``labels``)."""
        by_label: dict[str, list[dict[str, str]]] = defaultdict(list)
        for source, type_, target in sorted(keys):
            by_label[_index_label(labels[source])].append({"source": source, "type": type_, "target": target})
        rows = []
        for label, group in sorted(by_label.items()):
            query = (
                f"UNWIND $rows AS row MATCH {_match('a', label)} WHERE a.id = row.source "
                "MATCH (a)-[r]->(b) WHERE type(r) = row.type AND b.id = row.target "
                f"RETURN {_REL_FIELDS}, a.label AS source_label, b.label AS target_label"
            )
            rows.extend(tx.run(query, rows=group))
        return rows

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
    ) -> _Touched:
        """The stored states a write of ``document`` reads (locked first), with what writing needs.

        A new document reads only what it names, by id: its writes do not slow down as the graph
        grows. A document written before (rewritten or deleted) also scans for what it said.
        """
        own = {n.id: n.label for n in ([doc.document, *doc.nodes] if doc else [])}
        touched = _Touched()
        element_ids = touched.element_ids if lock else None
        nodes = self._lock_and_read(
            tx, own, ids, touched.property_keys, lock, element_ids, touched.remembered
        )
        rows: list[Any] = []
        if self._written_before(tx, document, lock):  # what it said before, anywhere
            query = (
                f"MATCH (n) WHERE $doc IN n.documents {'SET n.id = n.id' if lock else ''} "
                f"RETURN {_NODE_FIELDS}, keys(n) AS keys, elementId(n) AS element_id"
            )
            for row in tx.run(query, doc=document):
                nodes[row["id"]] = _node_state(row)
                touched.property_keys[row["id"]] = row["keys"]
                if element_ids is not None:
                    element_ids[row["id"]] = row["element_id"]
            rows.extend(
                tx.run(
                    f"MATCH (a)-[r]->(b) WHERE $doc IN r.documents "
                    f"RETURN {_REL_FIELDS}, a.label AS source_label, b.label AS target_label",
                    doc=document,
                )
            )
        labels = {id: s.label for id, s in nodes.items()}
        # A relationship can be stored only if both its ends were: a new node has none yet.
        rows.extend(self._rels_by_key(tx, [k for k in keys if k[0] in nodes and k[2] in nodes], labels))
        rels: dict[merge.RelKey, merge.RelationshipState] = {}
        for row in rows:
            state = _rel_state(row)
            rels[state.key] = state
            labels[row["source"]] = row["source_label"]
            labels[row["target"]] = row["target_label"]
        labels.update(own)
        touched.nodes, touched.relationships, touched.labels = nodes, rels, labels
        return touched

    # --- writes -----------------------------------------------------------------------------

    @staticmethod
    def _rel_groups(
        states: list[merge.RelationshipState], labels: dict[str, str]
    ) -> dict[tuple[str, str, str], list[merge.RelationshipState]]:
        """Relationships by (type, source index label, target index label): one statement each."""
        groups: dict[tuple[str, str, str], list[merge.RelationshipState]] = defaultdict(list)
        for s in states:
            key = (_type(s.type), _index_label(labels[s.source]), _index_label(labels[s.target]))
            groups[key].append(s)
        return groups

    def _statements(
        self, plan: merge.WritePlan, touched: _Touched, locked: bool = True
    ) -> list[tuple[str, list[Any]]]:
        """The plan as (statement, rows) pairs.

        Every node of the plan exists by now when ``locked`` (stored, or MERGEd as a placeholder by
        the lock), so nodes are found by the element id the lock read (one statement for all
        labels; else MERGEd by label and id); relationships not stored before are CREATEd (no
        MERGE check needed), one statement per type (per type and end labels without element ids).
        A new node gets every property; a stored one only those that changed (``_node_changes``),
        with ``+=`` (null for keys no longer set), so the indexes (the full-text one is costly)
        see only real changes.
        """
        out: list[tuple[str, list[Any]]] = []
        labels, stored = touched.labels, touched.relationships

        def rel_groups(states: list[merge.RelationshipState]) -> dict[tuple[str, str, str], list[Any]]:
            return self._rel_groups(states, labels)

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
        eids = touched.element_ids if locked else {}
        by_eid: list[Any] = []
        upserts: dict[str, list[Any]] = defaultdict(list)
        for n in plan.nodes:
            stored_keys = touched.property_keys.get(n.id, [])
            if (old := touched.nodes.get(n.id)) is not None:
                props, entry = _node_changes(old, n, stored_keys, touched.remembered.get(n.id))
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
                f"UNWIND $rows AS row {find} (n:{_label(label)} {{id: row.id}}) SET n += row.props {extra}"
            )
            out.append((query, rows))
        for create in (True, False):
            states = [s for s in plan.relationships if (s.key not in stored) == create]
            how = "CREATE (a)-[r:{type}]->(b)" if create else "MATCH (a)-[r:{type}]->(b)"
            # Ends by element id (locked by this transaction): one statement per type.
            known = [s for s in states if s.source in eids and s.target in eids]
            by_type: dict[str, list[Any]] = defaultdict(list)
            for s in known:
                by_type[_type(s.type)].append(
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
                    f"{_match('a', a)} WHERE a.id = row.source MATCH {_match('b', b)} WHERE b.id = row.target"
                )
                query = f"UNWIND $rows AS row MATCH {ends} {how.format(type=type_)} SET r = row.props"
                rows = [
                    {"source": s.source, "target": s.target, "props": relationship_properties(s)}
                    for s in group
                ]
                out.append((query, rows))
        return out

    def _run_plan(self, tx: ManagedTransaction, plan: merge.WritePlan, touched: _Touched) -> None:
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

    def _undo(self, plan: merge.WritePlan, touched: _Touched) -> None:
        """Put back what the upserts of ``plan`` changed: stored states as read, new ones removed."""
        statements: list[tuple[str, list[Any]]] = []
        for (type_, a, b), group in sorted(self._rel_groups(plan.relationships, touched.labels).items()):
            ends = f"{_match('a', a)} WHERE a.id = row.source MATCH (a)-[r:{type_}]->{_match('b', b)} "
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
                    f"UNWIND $rows AS row MATCH (n:{_label(label)} {{id: row.id}}) "
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

    # --- reads ------------------------------------------------------------------------------

    def _visible(self, tx: Runner, ids: set[str] | list[str]) -> dict[str, Node]:
        out: dict[str, Node] = {}
        for label, group in _by_index_label(ids).items():
            query = f"MATCH {_match('n', label)} WHERE n.id IN $ids RETURN {_NODE_FIELDS}"
            for row in tx.run(query, ids=group):
                if row["contributions"] is not None:  # not a placeholder of a write under way
                    out[row["id"]] = _visible_node(row)
        return out

    def _light_adjacency(self, tx: ManagedTransaction, labels: dict[str, str]) -> traversal.Adjacency:
        """Relationships by key only (no properties): walks need ids and types, nothing else.

        Fills ``labels`` with the label of every end seen, for the label filter of neighbours.
        """

        def adjacency(ids: list[str], types: tuple[str, ...]) -> list[Relationship]:
            found: dict[merge.RelKey, Relationship] = {}
            for label, group in _by_label(ids).items():
                query = (
                    f"MATCH {_match('a', label)} WHERE a.id IN $ids "
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

    def _visible_rels(
        self, tx: ManagedTransaction, keys: set[merge.RelKey], labels: dict[str, str]
    ) -> dict[merge.RelKey, Relationship]:
        rows = self._rels_by_key(tx, list(keys), labels)
        return {(r["source"], r["type"], r["target"]): _visible_relationship(r) for r in rows}

    def get_entity(self, id: str) -> Node | None:
        return self._auto(lambda tx: self._visible(tx, [id])).get(id)

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
            nodes = self._visible(session, [h.node.id for h in page.hits])
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
            return self._auto(
                lambda tx: self._next_to(tx, id, allowed_types, direction, allowed_labels, limit)
            )

        def work(tx: ManagedTransaction) -> list[Neighbour]:
            start = self._nodes(tx, [id])
            if not start:
                raise EntityNotFound(id)
            label_of = {id: start[id].label}
            walks = traversal.neighbour_walks(
                id, self._light_adjacency(tx, label_of), allowed_types, direction, hops
            )
            chosen = traversal.nearest(walks, label_of.__getitem__, allowed_labels, limit)
            # Whole nodes and relationships only for the walks returned.
            nodes = self._visible(tx, {i for _, v in chosen for i in walks[v][0]})
            rels = self._visible_rels(
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

    def _next_to(
        self,
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
            f"MATCH {_match('n', _label_of(id))} WHERE n.id = $id "
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
            f"RETURN {_NODE_FIELDS}, found"
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
        start = _visible_node(record)
        out = []
        for row in sorted(record["found"], key=lambda f: f["id"]):
            first = min(row["rels"], key=lambda r: (r["source"], r["type"], r["target"]))  # by key
            node = _visible_node(row)
            out.append(Neighbour(node, 1, GraphPath([start, node], [_visible_relationship(first)])))
        return out

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
                    [_visible_relationship(r) for r in row["rels"]],
                )
                for row in tx.run(query, source=source, target=target)
            ]
            nodes = self._visible(tx, {i for ids, _ in walks for i in ids})
            walks.sort(key=lambda w: (len(w[1]), w[0], [traversal.edge_of(r) for r in w[1]]))
            return [GraphPath([nodes[i] for i in ids], rels) for ids, rels in walks]

        return self._read(work)

    def _induced(self, tx: ManagedTransaction, ids: set[str]) -> Subgraph:
        nodes = self._visible(tx, ids)
        rels = [_visible_relationship(row) for row in self._rels_among(tx, ids)]
        rels.sort(key=traversal.edge_of)
        return Subgraph(nodes=[nodes[i] for i in sorted(nodes)], relationships=rels)

    def subgraph(self, ids: list[str], depth: int = 1) -> Subgraph:
        hops = traversal.clamp_depth(depth, low=0)

        def work(tx: ManagedTransaction) -> Subgraph:
            found = self._nodes(tx, set(ids))
            for id in sorted(set(ids)):
                if id not in found:
                    raise EntityNotFound(id)
            return self._induced(tx, traversal.reach(ids, self._light_adjacency(tx, {}), hops))

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

        Not part of the protocol: only Neo4j speaks Cypher. The checks live in ``graph.neo4j.read_query``.
        """
        return read_query.run_read_query(self._driver, self.database, query, params, timeout, max_rows)
