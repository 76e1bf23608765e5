"""Centrality of the entity graph, as functions over NetworkX graphs (NetworkX style), and the
best-connected part of a graph (the first view of the /viz page).

The document structure (Document and Section nodes, PART_OF and MENTIONS) is left out: it would
make every section central. What remains is the graph of projects, parks and actors, undirected
and simple (two relationships between the same pair count once).

>>> import networkx as nx
>>> G = nx.Graph()
>>> G.add_nodes_from(["park:a", "project:b", "project:c", "org:d"], label="Project")
>>> G.add_edges_from([("park:a", "project:b"), ("park:a", "project:c"), ("project:c", "org:d")])
>>> [(n, round(deg, 3), round(btw, 3)) for n, deg, btw in central_entities(G, limit=2)]
[('park:a', 0.667, 0.667), ('project:c', 0.667, 0.667)]
"""

from __future__ import annotations

from collections import Counter
from typing import Literal

import networkx as nx

from graph.core.model import ENTITY_LABELS
from graph.core.protocol import Subgraph

STRUCTURE_TYPES = frozenset({"PART_OF", "MENTIONS"})
# Betweenness is O(nodes × edges) (~3 s for 1000 nodes here); above this it is estimated.
EXACT_BETWEENNESS_MAX_NODES = 600
BETWEENNESS_SAMPLE = 200


def entity_graph(subgraph: Subgraph) -> nx.Graph:
    """An undirected simple graph of the entities; each node carries its ``Node`` and ``label``."""
    G = nx.Graph()
    for n in subgraph.nodes:
        if n.label in ENTITY_LABELS:  # not structure, not events
            G.add_node(n.id, node=n, label=n.label)
    for r in subgraph.relationships:
        if r.type not in STRUCTURE_TYPES and r.source in G and r.target in G and r.source != r.target:
            G.add_edge(r.source, r.target)
    return G


def centralities(G: nx.Graph) -> dict[str, tuple[float, float]]:
    """``node → (degree centrality, betweenness centrality)``, both normalised as NetworkX does.

    Betweenness is exact up to ``EXACT_BETWEENNESS_MAX_NODES`` nodes; above, it is estimated from
    ``BETWEENNESS_SAMPLE`` source nodes chosen with a fixed seed (same graph, same numbers).
    """
    if G.number_of_nodes() == 0:
        return {}
    degree = nx.degree_centrality(G)
    k = None if G.number_of_nodes() <= EXACT_BETWEENNESS_MAX_NODES else BETWEENNESS_SAMPLE
    betweenness = nx.betweenness_centrality(G, k=k, seed=0)
    return {n: (degree[n], betweenness[n]) for n in G}


def central_entities(
    G: nx.Graph,
    by: Literal["degree", "betweenness"] = "degree",
    label: str | None = None,
    limit: int = 20,
    scores: dict[str, tuple[float, float]] | None = None,
) -> list[tuple[str, float, float]]:
    """``(node, degree centrality, betweenness centrality)``, most central first, ties by node id.

    Centralities are computed over the whole graph (or taken from ``scores``, the result of
    :func:`centralities`); ``label`` only filters which nodes are ranked.
    """
    scores = centralities(G) if scores is None else scores
    ranked = [n for n in G if label is None or G.nodes[n].get("label") == label]
    first = 0 if by == "degree" else 1
    ranked.sort(key=lambda n: (-scores[n][first], -scores[n][1 - first], n))
    return [(n, *scores[n]) for n in ranked[:limit]]


def most_connected(graph: Subgraph, limit: int) -> Subgraph:
    """The ``limit`` nodes with most relationships (ties by id) and the relationships among them.

    >>> from graph.core.model import Node, Relationship
    >>> g = Subgraph([Node("a", "Park", "甲"), Node("b", "Park", "乙"), Node("c", "Park", "丙")],
    ...              [Relationship("a", "b", "BELONGS_TO")])
    >>> [n.id for n in most_connected(g, 2).nodes]
    ['a', 'b']
    """
    if len(graph.nodes) <= limit:
        return graph
    degree: Counter[str] = Counter()
    for rel in graph.relationships:
        degree[rel.source] += 1
        degree[rel.target] += 1
    kept = sorted(graph.nodes, key=lambda node: (-degree[node.id], node.id))[:limit]
    ids = {node.id for node in kept}
    return Subgraph(
        sorted(kept, key=lambda node: node.id),
        [rel for rel in graph.relationships if rel.source in ids and rel.target in ids],
    )


def without_structure(graph: Subgraph) -> Subgraph:
    """The entities and the relationships among them: no Document, Section or Event node.

    Sections are half of a report's graph and link to nearly everything, and events hang off their
    projects by the dozen; the entities' own network is what a first look at it is for.

    >>> from graph.core.model import Node, Relationship
    >>> g = Subgraph([Node("s", "Section", "一、"), Node("a", "Park", "甲"), Node("b", "Park", "乙")],
    ...              [Relationship("s", "a", "MENTIONS"), Relationship("a", "b", "BELONGS_TO")])
    >>> [r.type for r in without_structure(g).relationships]
    ['BELONGS_TO']
    """
    kept = [node for node in graph.nodes if node.label in ENTITY_LABELS]
    ids = {node.id for node in kept}
    return Subgraph(kept, [rel for rel in graph.relationships if rel.source in ids and rel.target in ids])
