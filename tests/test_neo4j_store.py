"""What only the Neo4j store has: the schema, the node shape Browser users see, clear connection errors."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import graphs
import pytest
from store_support import wipe_neo4j

from graph.errors import StoreUnavailable
from graph.model import node_id
from graph.neo4j_store import Neo4jStore, flat_value, schema_statements


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


@pytest.fixture
def neo4j_store(neo4j_settings: Any) -> Iterator[Neo4jStore]:
    wipe_neo4j(neo4j_settings)
    store = Neo4jStore.from_settings(neo4j_settings)
    yield store
    store.close()


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
