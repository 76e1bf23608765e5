"""What only the Neo4j store has: the schema, the node shape Browser users see, clear connection errors."""

from __future__ import annotations

import json
from typing import Any

import graphs
import neo4j_target
import pytest
from store_support import canonical, snapshot

from graph.core.errors import StoreUnavailable
from graph.core.model import node_id
from graph.neo4j.mapping import flat_value, schema_statements
from graph.neo4j.store import Neo4jStore


def test_an_unreachable_server_is_reported_with_its_uri() -> None:
    with pytest.raises(StoreUnavailable, match=r"Neo4j is not reachable at bolt://127\.0\.0\.1:9"):
        Neo4jStore("bolt://127.0.0.1:9")


def test_schema_file_statements_are_idempotent_creations() -> None:
    statements = schema_statements()
    assert statements and all("IF NOT EXISTS" in s for s in statements)
    assert not any(line.strip().startswith("//") for s in statements for line in s.splitlines())


def test_flat_values_are_what_neo4j_can_hold() -> None:
    assert flat_value(["a", "b"]) == ["a", "b"]
    assert flat_value([1, 2.5]) == [1, 2.5]
    assert flat_value(None) is None
    assert json.loads(flat_value({"year": 2021, "value": "10%"})) == {"year": 2021, "value": "10%"}
    assert json.loads(flat_value(["a", 1])) == ["a", 1]  # mixed lists are not allowed in Neo4j


@pytest.mark.neo4j
def test_schema_has_constraints_and_the_cjk_full_text_index(neo4j_store: Neo4jStore) -> None:
    neo4j_store.apply_schema()  # a second time: nothing changes, nothing fails
    driver = neo4j_store._driver
    constraints = {r["name"] for r in driver.execute_query("SHOW CONSTRAINTS YIELD name").records}
    assert {"park_id", "section_id", "document_id", "proposal_id"} <= constraints
    (index,) = driver.execute_query(
        "SHOW FULLTEXT INDEXES YIELD name, labelsOrTypes, properties, options WHERE name = 'entity_names' "
        "RETURN labelsOrTypes, properties, options"
    ).records
    assert index["labelsOrTypes"] == ["Entity"]
    assert index["properties"] == ["name", "aliases"]
    assert index["options"]["indexConfig"]["fulltext.analyzer"] == "cjk"


@pytest.mark.neo4j
def test_nodes_are_flat_with_entity_label_for_browser_users(neo4j_store: Neo4jStore) -> None:
    for doc in graphs.all_documents():
        neo4j_store.write_document(doc)
    park_id = node_id("Park", "深圳（哈尔滨）产业园区")
    (row,) = neo4j_store._driver.execute_query(
        "MATCH (n {id: $id}) RETURN labels(n) AS labels, properties(n) AS p", id=park_id
    ).records
    assert sorted(row["labels"]) == ["Entity", "Park"]
    p = row["p"]
    assert p["status"] == "运营" and p["opened"] == 2020  # properties at top level
    assert "shenhachanyeyuan" in p["pinyin"]
    assert p["documents"] == ["harbin-plan-2021", "shenha-article-2021"]
    assert {item["document"] for item in json.loads(p["provenance"])} == set(p["documents"])
    (doc_row,) = neo4j_store._driver.execute_query(
        "MATCH (n:Document {id: 'document:harbin-plan-2021'}) RETURN labels(n) AS labels"
    ).records
    assert doc_row["labels"] == ["Document"]  # structure is not :Entity


@pytest.mark.neo4j
def test_full_text_index_finds_a_part_of_a_chinese_name(neo4j_store: Neo4jStore) -> None:
    for doc in graphs.all_documents():
        neo4j_store.write_document(doc)
    neo4j_store._driver.execute_query("CALL db.awaitIndexes(60)")

    def found(q: str) -> set[str]:
        records = neo4j_store._driver.execute_query(
            "CALL db.index.fulltext.queryNodes('entity_names', $q) YIELD node RETURN node.id AS id", q=q
        ).records
        return {r["id"] for r in records}

    assert node_id("Park", "深圳（哈尔滨）产业园区") in found("产业园")  # part of a name
    assert found("工业大学") == {node_id("Organization", "哈工大")}  # part of an alias (哈尔滨工业大学)


@pytest.mark.neo4j
def test_search_candidates_come_from_a_text_index(neo4j_store: Neo4jStore) -> None:
    (index,) = neo4j_store._driver.execute_query(
        "SHOW INDEXES YIELD name, type, labelsOrTypes, properties WHERE name = 'entity_search_text' "
        "RETURN type, labelsOrTypes, properties"
    ).records
    assert (index["type"], index["labelsOrTypes"], index["properties"]) == (
        "TEXT",
        ["Entity"],
        ["search_text"],
    )
    for doc in graphs.all_documents():
        neo4j_store.write_document(doc)
    (row,) = neo4j_store._driver.execute_query(
        "MATCH (n:Entity {id: $id}) RETURN n.search_text AS text, n.search_keys AS keys",
        id=node_id("Park", "深圳（哈尔滨）产业园区"),
    ).records
    assert row["text"].split("\u001f") == row["keys"]


def _snapshot_after(store: Neo4jStore, settings: Any, write: Any) -> str:
    neo4j_target.wipe(settings)
    write(store)
    return snapshot(store)


@pytest.mark.neo4j
def test_a_document_too_big_for_one_transaction_is_written_in_parts_alike(
    neo4j_store: Neo4jStore, neo4j_settings: Any
) -> None:
    def write_all(store: Neo4jStore) -> None:
        for doc in graphs.all_documents():
            store.write_document(doc)

    whole = _snapshot_after(neo4j_store, neo4j_settings, write_all)
    in_parts = Neo4jStore.from_settings(neo4j_settings, batch_size=2, max_transaction_rows=5)
    try:
        assert _snapshot_after(in_parts, neo4j_settings, write_all) == whole
        write_all(in_parts)  # again: changes nothing
        assert snapshot(in_parts) == whole
        for doc in graphs.all_documents():
            assert in_parts.delete_document(doc.id)
        assert in_parts.counts().nodes == {}
    finally:
        in_parts.close()


class InjectedFailure(RuntimeError):
    pass


@pytest.mark.neo4j
@pytest.mark.parametrize("where", ["first part", "middle part", "last batch"])
def test_a_write_in_parts_failing_late_leaves_the_store_as_it_was(
    neo4j_store: Neo4jStore, neo4j_settings: Any, where: str
) -> None:
    neo4j_store.write_document(graphs.plan())
    before = snapshot(neo4j_store)
    batches: list[int] = []
    counting = Neo4jStore.from_settings(
        neo4j_settings, batch_size=1, max_transaction_rows=3, on_batch=batches.append
    )
    counting.write_document(graphs.article())  # shares nodes with the plan
    written = len(batches)
    counting.delete_document(graphs.article().id)
    counting.close()
    assert snapshot(neo4j_store) == before
    failing_batch = {"first part": 2, "middle part": written // 2, "last batch": written}[where]

    def fail(number: int) -> None:
        if number == failing_batch:
            raise InjectedFailure(f"batch {number}")

    failing = Neo4jStore.from_settings(neo4j_settings, batch_size=1, max_transaction_rows=3, on_batch=fail)
    try:
        with pytest.raises(InjectedFailure):
            failing.write_document(graphs.article())
    finally:
        failing.close()
    assert snapshot(neo4j_store) == before
    neo4j_store.write_document(graphs.article())  # and the store still takes it afterwards
    park = neo4j_store.get_entity(node_id("Park", "深圳（哈尔滨）产业园区"))
    assert park is not None
    assert {p.document for p in park.provenance} == {graphs.plan().id, graphs.article().id}


@pytest.mark.neo4j
def test_a_database_written_before_search_text_existed_is_searched_alike(
    neo4j_store: Neo4jStore, neo4j_settings: Any
) -> None:
    """E.g. by an older version of the store: opening it creates the index and fills search_text."""
    docs = graphs.all_documents()
    for doc in docs:
        neo4j_store.write_document(doc)
    expected = snapshot(neo4j_store), canonical([neo4j_store.search(q) for q in ("哈", "ha", "华为")])
    driver = neo4j_store._driver
    driver.execute_query("DROP INDEX entity_search_text")
    driver.execute_query("MATCH (n) REMOVE n.search_text")
    reopened = Neo4jStore.from_settings(neo4j_settings)
    try:
        assert (snapshot(reopened), canonical([reopened.search(q) for q in ("哈", "ha", "华为")])) == expected
    finally:
        reopened.close()
