"""The Neo4j write path writes only what changed; what it leaves stored must be what a whole write gives."""

from __future__ import annotations

import dataclasses
from typing import Any

import graphs
import pytest

from graph.core import merge
from graph.core.model import GraphDocument, Node, Provenance
from graph.neo4j import stored_nodes
from graph.neo4j.mapping import node_properties
from graph.neo4j.store import Neo4jStore


def _contribution(document: str, name: str, start: int, **properties: Any) -> merge.Contribution:
    quote = f"推进{name}建设"
    return merge.Contribution(
        name=name, properties=properties, provenance=[Provenance(document, start, start + len(quote), quote)]
    )


@pytest.mark.parametrize(
    ("added", "start"),
    [("doc-z", 0), ("doc-0", 0), ("doc-m", 5), ("doc-z", 99)],
)
def test_a_document_added_to_a_stored_node_gives_what_a_whole_merge_gives(added: str, start: int) -> None:
    old = merge.NodeState(
        "park:哈尔滨新区",
        "Park",
        {
            "doc-b": _contribution("doc-b", "哈尔滨新区", 10, level="国家级"),
            "doc-k": _contribution("doc-k", "新区", 20, level="省级", year=2021),
        },
    )
    # Its provenance may point into another document (sorting first or last among the rest).
    c = _contribution("doc-a" if start == 99 else added, "松北", start, level="新区")
    new = merge.NodeState(old.id, old.label, {**old.contributions, added: c})
    stored = merge.contributions_dumps(old.contributions)
    assert stored_nodes.contributions_json(old, new, stored) == merge.contributions_dumps(new.contributions)
    after = stored_nodes.visible_after(stored_nodes.visible(old), old, new)
    assert after == stored_nodes.visible(new)
    node = merge.visible_node(new)
    assert (after.name, after.aliases, after.properties, after.provenance) == (
        node.name,
        node.aliases,
        node.properties,
        node.provenance,
    )


def _stored_nodes_are_as_written_whole(store: Neo4jStore) -> int:
    """Every stored node's properties equal ``node_properties`` of its contributions; how many nodes."""
    records = store._driver.execute_query("MATCH (n) RETURN properties(n) AS props").records
    for record in records:
        props = record["props"]
        state = merge.NodeState(
            props["id"], props["label"], merge.contributions_loads(props["contributions"])
        )
        assert props == node_properties(state), props["id"]
    return len(records)


def _without(doc: GraphDocument, name: str, key: str) -> GraphDocument:
    """``doc`` with the node named ``name`` losing property ``key`` and gaining ``renamed``."""

    def change(n: Node) -> Node:
        if n.name != name:
            return n
        properties = {k: v for k, v in n.properties.items() if k != key}
        return dataclasses.replace(n, properties={**properties, "renamed": True})

    return dataclasses.replace(doc, nodes=[change(n) for n in doc.nodes])


@pytest.mark.neo4j
def test_nodes_written_again_rewritten_and_left_keep_the_properties_of_a_whole_write(
    neo4j_store: Neo4jStore,
) -> None:
    # The article and the proposal first: the plan then sorts before them (a name and property
    # change for shared nodes, and a document added before the others).
    plan, article, proposal = graphs.all_documents()
    for doc in (article, proposal, plan):
        neo4j_store.write_document(doc)
        assert _stored_nodes_are_as_written_whole(neo4j_store) > 0
    neo4j_store.write_document(_without(article, "深圳(哈尔滨)产业园区", "opened"))
    _stored_nodes_are_as_written_whole(neo4j_store)
    rows = neo4j_store._driver.execute_query(
        "MATCH (n:Park) WHERE n.renamed RETURN n.opened AS opened, n.status AS status"
    ).records
    assert [(r["opened"], r["status"]) for r in rows] == [(None, "运营")]
    assert neo4j_store.delete_document(plan.id)
    _stored_nodes_are_as_written_whole(neo4j_store)
    neo4j_store.write_document(plan)
    assert _stored_nodes_are_as_written_whole(neo4j_store) == len(
        {n.id for d in (plan, article, proposal) for n in [d.document, *d.nodes]}
    )
