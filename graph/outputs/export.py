"""Files other tools open: GraphML and GEXF (Gephi), Cytoscape JSON, node-link JSON, a Cypher script.

Plain functions over a :class:`~graph.core.protocol.Subgraph` (``store.all_graph()`` or a part of it), in
the NetworkX style: build a graph, then write it. The Cypher script is built from the documents
instead (``store_documents(store)``): it must recreate the store's per-document bookkeeping too, so
that the database it loads is a working Neo4j store. ``export_store(store, fmt)`` does either.

>>> from graph.core.model import Node, Relationship
>>> g = Subgraph(
...     nodes=[
...         Node("park:深圳(哈尔滨)产业园区", "Park", "深圳（哈尔滨）产业园区"),
...         Node("project:科创总部", "Project", "科创总部"),
...     ],
...     relationships=[Relationship("project:科创总部", "park:深圳(哈尔滨)产业园区", "BELONGS_TO")],
... )
>>> G = to_networkx(g)
>>> G.number_of_nodes(), G.number_of_edges(), G.nodes["project:科创总部"]["name"]
(2, 1, '科创总部')
>>> to_cytoscape(g)["elements"]["edges"][0]["data"]["type"]
'BELONGS_TO'
"""

from __future__ import annotations

import io
import json
import math
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import networkx as nx
from networkx.readwrite import json_graph

from graph.core import merge
from graph.core.model import LABELS, RELATIONSHIP_TYPES, GraphDocument, Node, Relationship, edge_id
from graph.core.protocol import GraphStore, Subgraph

FORMATS: tuple[str, ...] = ("graphml", "gexf", "cytoscape", "json", "cypher")
BATCH_SIZE = 200  # rows per UNWIND statement: small enough to paste, large enough to load fast

# Attributes NetworkX's GEXF writer takes for GEXF's own XML attributes (dynamics, hierarchy, viz):
# a property of ours with one of these names is renamed so it stays data.
_GEXF_RESERVED: frozenset[str] = frozenset(
    {"id", "label", "pid", "start", "end", "type", "weight", "viz", "spells"}
)


def _json(value: Any) -> str:
    """Compact JSON that keeps Chinese readable."""
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def _scalar(value: Any) -> bool:
    return isinstance(value, str | bool | int | float) and not (
        isinstance(value, float) and math.isnan(value)
    )


def _flat(value: Any) -> Any:
    """A value GraphML and GEXF can hold: scalars as they are, anything else as a JSON string."""
    return value if _scalar(value) else _json(value)


def _documents(provenance: Iterable[Any]) -> list[str]:
    return sorted({p.document for p in provenance})


def _provenance(provenance: Iterable[Any]) -> list[dict[str, Any]]:
    return [p.to_json() for p in provenance]


# Attribute names the exports use themselves; a property with one of these names is written as
# ``prop_<name>`` (as the Neo4j store does) rather than overwrite or be overwritten.
_NODE_OWN: frozenset[str] = frozenset({"id", "label", "name", "aliases", "documents", "provenance"})
_EDGE_OWN: frozenset[str] = frozenset({"id", "type", "source", "target", "documents", "provenance"})


def _properties(properties: dict[str, Any], own: frozenset[str]) -> dict[str, Any]:
    return {f"prop_{k}" if k in own else k: v for k, v in properties.items()}


def _node_attributes(node: Node) -> dict[str, Any]:
    """The contract's node as one level of attributes: ours, then the properties."""
    return {
        "label": node.label,
        "name": node.name,
        "aliases": list(node.aliases),
        "documents": _documents(node.provenance),
        "provenance": _provenance(node.provenance),
        **_properties(node.properties, _NODE_OWN),
    }


def _edge_attributes(rel: Relationship) -> dict[str, Any]:
    return {
        "id": edge_id(rel),
        "type": rel.type,
        "documents": _documents(rel.provenance),
        "provenance": _provenance(rel.provenance),
        **_properties(rel.properties, _EDGE_OWN),
    }


def _sorted(subgraph: Subgraph) -> tuple[list[Node], list[Relationship]]:
    """Nodes by id, relationships by identity: exports are the same bytes for the same graph."""
    return sorted(subgraph.nodes, key=lambda n: n.id), sorted(subgraph.relationships, key=lambda r: r.key)


def to_networkx(subgraph: Subgraph, flat: bool = True) -> nx.MultiDiGraph:
    """A ``MultiDiGraph`` keyed by node id; edges keyed by relationship type.

    With ``flat`` (the default) every attribute is a string, number or bool, so GraphML and GEXF can
    hold it: lists and dicts (aliases, documents, provenance) become JSON strings, and a property
    whose values have mixed types across the graph becomes a string everywhere.
    """
    nodes, relationships = _sorted(subgraph)
    graph = nx.MultiDiGraph()
    for node in nodes:
        graph.add_node(node.id, **_node_attributes(node))
    for rel in relationships:
        source, type_, target = rel.key
        graph.add_edge(source, target, key=type_, **_edge_attributes(rel))
    if flat:
        _flatten(graph.nodes.values())
        _flatten(data for _, _, data in graph.edges(data=True))
    return graph


def _flatten(items: Iterable[dict[str, Any]]) -> None:
    """Make attribute values flat and of one type per key (GraphML declares one type per key)."""
    items = list(items)
    types: dict[str, set[type]] = {}
    for data in items:
        for key, value in list(data.items()):
            if value is None:
                del data[key]  # GraphML and GEXF have no null
                continue
            data[key] = _flat(value)
            types.setdefault(key, set()).add(type(data[key]))
    mixed = {key for key, kinds in types.items() if len(kinds) > 1}
    for data in items:
        for key in mixed & data.keys():
            value = data[key]
            data[key] = value if isinstance(value, str) else _json(value)


def write_graphml(subgraph: Subgraph, path: str | Path) -> None:
    """GraphML for Gephi, Cytoscape desktop, yEd and ``nx.read_graphml`` (node ids are ours)."""
    nx.write_graphml(to_networkx(subgraph), str(path), encoding="utf-8")


def _gexf_ready(graph: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """Rename attributes GEXF reserves: Gephi shows ``label``, so the name goes there.

    Node ``label`` (our label) becomes ``kg_label``; edge ``type`` (GEXF's directed/undirected)
    becomes ``kg_type`` and the edge's GEXF label is the relationship type.
    """
    ready = nx.MultiDiGraph()
    for node, data in graph.nodes(data=True):
        attrs = {_gexf_name(k): v for k, v in data.items()}
        attrs["label"] = data["name"]
        ready.add_node(node, **attrs)
    for source, target, key, data in graph.edges(keys=True, data=True):
        attrs = {_gexf_name(k): v for k, v in data.items() if k != "id"}
        attrs.update(id=data["id"], label=data["type"])
        ready.add_edge(source, target, key=key, **attrs)
    return ready


def _gexf_name(key: str) -> str:
    return f"kg_{key}" if key in _GEXF_RESERVED else key


def write_gexf(subgraph: Subgraph, path: str | Path) -> None:
    """GEXF 1.2 for Gephi: the node's label is its name, ``kg_label`` its kind (colour by it)."""
    nx.write_gexf(_gexf_ready(to_networkx(subgraph)), str(path), encoding="utf-8")


def cytoscape_elements(subgraph: Subgraph, *, properties: bool = True) -> dict[str, list[dict[str, Any]]]:
    """Cytoscape.js elements of ``subgraph``: ``{"nodes": [{"data": …}], "edges": [{"data": …}]}``.

    With ``properties`` (the export, :func:`to_cytoscape`) each element's ``data`` holds ``id``,
    ``label``, ``name`` (nodes) or ``id``, ``source``, ``target``, ``type`` (edges) and every
    attribute; aliases and documents stay lists of strings, provenance is a JSON string (Cytoscape
    desktop has no column type for a list of records); elements are sorted and a relationship's
    ends are those of its identity, so a file is the same bytes for the same graph. Without (the
    API's ``format=cytoscape`` and the /viz page) only what a drawing needs, in the subgraph's
    order, each relationship's ends as stored.

    >>> from graph.core.model import Node, Relationship
    >>> parks = [Node("a", "Park", "甲"), Node("b", "Park", "乙")]
    >>> g = Subgraph(parks, [Relationship("b", "a", "BELONGS_TO")])
    >>> cytoscape_elements(g, properties=False)["edges"]
    [{'data': {'id': 'b|BELONGS_TO|a', 'source': 'b', 'target': 'a', 'type': 'BELONGS_TO'}}]
    """
    if not properties:
        return {
            "nodes": [{"data": {"id": n.id, "label": n.label, "name": n.name}} for n in subgraph.nodes],
            "edges": [
                {"data": {"id": edge_id(r), "source": r.source, "target": r.target, "type": r.type}}
                for r in subgraph.relationships
            ],
        }
    nodes, relationships = _sorted(subgraph)
    cy_nodes = []
    for node in nodes:
        data = {k: v for k, v in _node_attributes(node).items() if v is not None}
        data["provenance"] = _json(data["provenance"])
        cy_nodes.append({"data": {"id": node.id, **data}})
    cy_edges = []
    for rel in relationships:
        source, _, target = rel.key
        data = {k: v for k, v in _edge_attributes(rel).items() if v is not None}
        data["provenance"] = _json(data["provenance"])
        cy_edges.append({"data": {**data, "source": source, "target": target}})
    return {"nodes": cy_nodes, "edges": cy_edges}


def to_cytoscape(subgraph: Subgraph) -> dict[str, Any]:
    """Cytoscape.js / Cytoscape desktop JSON: ``{"elements": {"nodes": [...], "edges": [...]}}``
    with every attribute (see :func:`cytoscape_elements`)."""
    return {"data": {"name": "harbin-kg"}, "directed": True, "elements": cytoscape_elements(subgraph)}


def to_json(subgraph: Subgraph) -> dict[str, Any]:
    """Node-link JSON (lists and provenance records kept as JSON) for ``json_graph.node_link_graph``.

    Edges are under ``"edges"``: read back with ``node_link_graph(data, edges="edges")``.
    """
    return json_graph.node_link_data(to_networkx(subgraph, flat=False), edges="edges")


# --- Cypher script ---------------------------------------------------------------------------


def cypher_literal(value: Any) -> str:
    """A Cypher literal for a JSON-like value: strings single-quoted with every escape Cypher needs.

    >>> cypher_literal("it's \\\\ 深圳")
    "'it\\\\'s \\\\\\\\ 深圳'"
    >>> cypher_literal({"a b": [1, None, True]})
    '{`a b`: [1, null, true]}'
    """
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ValueError(f"no Cypher literal for {value!r}")
        return repr(value)
    if isinstance(value, str):
        return _cypher_string(value)
    if isinstance(value, dict):
        # Keys sorted: the same map gives the same text whichever store it came from.
        items = sorted(value.items(), key=lambda kv: str(kv[0]))
        return "{" + ", ".join(f"{_cypher_name(str(k))}: {cypher_literal(v)}" for k, v in items) + "}"
    if isinstance(value, list | tuple):
        return "[" + ", ".join(cypher_literal(v) for v in value) + "]"
    raise TypeError(f"no Cypher literal for {type(value).__name__}")


_STRING_ESCAPES = {"\\": "\\\\", "'": "\\'", "\n": "\\n", "\r": "\\r", "\t": "\\t", "\b": "\\b", "\f": "\\f"}


def _cypher_string(text: str) -> str:
    out = []
    for ch in text:
        if ch in _STRING_ESCAPES:
            out.append(_STRING_ESCAPES[ch])
        elif ord(ch) < 0x20 or 0x7F <= ord(ch) < 0xA0 or ch in "\u2028\u2029":
            # Control characters and line separators: escaped so every statement stays on its lines.
            out.append(f"\\u{ord(ch):04x}")
        else:
            out.append(ch)
    return "'" + "".join(out) + "'"


def _cypher_name(name: str) -> str:
    """A map key or identifier: bare when simple, else backquoted (a backquote doubled)."""
    if name.isascii() and name.replace("_", "a").isalnum() and not name[0].isdigit():
        return name
    return "`" + name.replace("`", "``") + "`"


def split_statements(script: str) -> list[str]:
    """Statements of a script: separated by ``;`` at the end of a line; ``//`` comment lines dropped.

    Scripts written by :func:`cypher_script` escape newlines inside strings, so a ``;`` that ends a
    line always ends a statement there.
    """
    statements: list[str] = []
    current: list[str] = []
    for line in script.splitlines():
        stripped = line.strip()
        if not stripped or stripped.startswith("//"):
            continue
        current.append(line)
        if stripped.endswith(";"):
            statements.append("\n".join(current).strip()[:-1].rstrip())
            current = []
    if current:
        statements.append("\n".join(current).strip())
    return [s for s in statements if s]


def _batches(rows: list[dict[str, Any]], size: int) -> Iterator[list[dict[str, Any]]]:
    for i in range(0, len(rows), size):
        yield rows[i : i + size]


def _rows_literal(rows: list[dict[str, Any]]) -> str:
    return "[\n" + ",\n".join("  " + cypher_literal(row) for row in rows) + "\n]"


def graph_states(
    documents: Iterable[GraphDocument],
) -> tuple[list[merge.NodeState], list[merge.RelationshipState]]:
    """The stored state (each document's contribution) of every node and relationship.

    Documents are merged exactly as a store merges them when they are written in this order
    (``merge.replay``), so the properties derived from the states are the ones the store writes.
    """
    nodes, rels = merge.replay(list(documents))
    return [nodes[i] for i in sorted(nodes)], [rels[k] for k in sorted(rels)]


def store_documents(store: GraphStore) -> list[GraphDocument]:
    """Every document of a store, as the store gives it back, in document-id order."""
    out = []
    for info in store.documents():
        doc = store.document_graph(info.id)
        if doc is not None:
            out.append(doc)
    return out


def _check_label(label: str) -> str:
    if label not in LABELS:  # labels and types are spliced into the script: whitelist only
        raise ValueError(f"unknown label {label!r}")
    return label


def _check_extra_label(label: str) -> str:
    if label != "Entity":
        raise ValueError(f"unknown extra label {label!r}")
    return label


def _check_type(type_: str) -> str:
    if type_ not in RELATIONSHIP_TYPES:
        raise ValueError(f"unknown relationship type {type_!r}")
    return type_


def cypher_script(documents: Iterable[GraphDocument], batch_size: int = BATCH_SIZE) -> str:
    """One Cypher script that recreates the documents' graph in an empty Neo4j: schema, then data.

    The nodes, labels, relationships and properties are exactly those ``Neo4jStore`` writes for the
    same documents (the store's own ``node_properties``/``relationship_properties``), so the loaded
    database is a working Neo4j store: ``kg`` can query, add to and delete from it. Each statement
    ends with ``;`` at the end of a line and values are Cypher literals with newlines escaped, so
    cypher-shell runs the file (``cypher-shell -f graph.cypher``), Browser runs it pasted, and
    :func:`split_statements` splits it. Nodes and relationships are ``MERGE``d by identity and their
    properties replaced, so running the script twice changes nothing.
    """
    return _script(*graph_states(documents), batch_size=batch_size)


def _script(
    node_states: list[merge.NodeState], rel_states: list[merge.RelationshipState], batch_size: int
) -> str:
    from graph.neo4j.mapping import node_labels, node_properties, relationship_properties, schema_statements

    parts = [
        "// Harbin New Area knowledge graph: generated by `kg export --format cypher`.",
        f"// {len(node_states)} nodes, {len(rel_states)} relationships. Load into an empty database with",
        "//   cypher-shell -a bolt://localhost:7687 -f graph.cypher     (or paste it into Neo4j Browser)",
        "",
        "// Schema (from cypher/schema.cypher)",
    ]
    parts += [statement + ";" for statement in schema_statements()]

    by_label: dict[str, list[dict[str, Any]]] = {}
    for node in node_states:
        row = {"id": node.id, "props": node_properties(node)}
        by_label.setdefault(_check_label(node.label), []).append(row)
    for label, rows in sorted(by_label.items()):
        # Entities also carry :Entity, as the store writes them, so the full-text index covers them.
        extra = "".join(f", n:{_check_extra_label(x)}" for x in node_labels(label)[1:])
        parts += ["", f"// {label} nodes: {len(rows)}"]
        for batch in _batches(rows, batch_size):
            parts.append(
                f"UNWIND {_rows_literal(batch)} AS row\n"
                f"MERGE (n:{label} {{id: row.id}})\nSET n = row.props{extra};"
            )

    labels_of = {node.id: node.label for node in node_states}
    by_type: dict[tuple[str, str, str], list[dict[str, Any]]] = {}
    for rel in rel_states:
        key = (
            _check_type(rel.type),
            _check_label(labels_of[rel.source]),
            _check_label(labels_of[rel.target]),
        )
        row = {"source": rel.source, "target": rel.target, "props": relationship_properties(rel)}
        by_type.setdefault(key, []).append(row)
    for (type_, source_label, target_label), rows in sorted(by_type.items()):
        parts += ["", f"// {type_} relationships ({source_label} → {target_label}): {len(rows)}"]
        for batch in _batches(rows, batch_size):
            parts.append(
                f"UNWIND {_rows_literal(batch)} AS row\n"
                f"MATCH (a:{source_label} {{id: row.source}})\n"
                f"MATCH (b:{target_label} {{id: row.target}})\n"
                f"MERGE (a)-[r:{type_}]->(b)\nSET r = row.props;"
            )
    return "\n".join(parts) + "\n"


def export_store(store: GraphStore, fmt: str) -> tuple[str, int, int]:
    """The whole store in format ``fmt``, with its node and relationship counts."""
    if fmt == "cypher":
        node_states, rel_states = graph_states(store_documents(store))
        return _script(node_states, rel_states, BATCH_SIZE), len(node_states), len(rel_states)
    graph = store.all_graph()
    return render(graph, fmt), len(graph.nodes), len(graph.relationships)


def write(subgraph: Subgraph, fmt: str, path: str | Path) -> None:
    """Write ``subgraph`` to ``path`` in one of :data:`FORMATS`."""
    Path(path).write_text(render(subgraph, fmt), encoding="utf-8")


def render(subgraph: Subgraph, fmt: str) -> str:
    """The export as text (what ``kg export`` prints or writes)."""
    if fmt in ("graphml", "gexf"):
        buffer = io.BytesIO()
        graph = to_networkx(subgraph)
        if fmt == "graphml":
            nx.write_graphml(graph, buffer, encoding="utf-8")
        else:
            nx.write_gexf(_gexf_ready(graph), buffer, encoding="utf-8")
        return buffer.getvalue().decode("utf-8")
    if fmt == "cytoscape":
        return json.dumps(to_cytoscape(subgraph), ensure_ascii=False, indent=1) + "\n"
    if fmt == "json":
        return json.dumps(to_json(subgraph), ensure_ascii=False, indent=1) + "\n"
    if fmt == "cypher":
        raise ValueError("the Cypher script is built from documents: use cypher_script or export_store")
    raise ValueError(f"unknown export format {fmt!r}; expected one of {', '.join(FORMATS)}")
