"""POST /cypher: read-only Cypher on Neo4j (READ transaction, timeout, row cap); 501 on the embedded store."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from api_checks import assert_error
from api_support import Api, make_api, store_settings
from sample_graph import seed_graph_document

from graph.neo4j.read_query import check_statement

PARK = "深圳（哈尔滨）产业园区"

WRITES = {
    "create": "CREATE (n:Project {id: 'project:假的', name: '假的'}) RETURN n",
    "merge": "MERGE (n:Project {id: 'project:假的'}) RETURN n",
    "delete": "MATCH (n:Project) DETACH DELETE n",
    "delete relationships": "MATCH ()-[r]->() DELETE r",
    "set": "MATCH (n:Park) SET n.name = '改了' RETURN count(n)",
    "set label": "MATCH (n:Park) SET n:Hacked RETURN count(n)",
    "remove": "MATCH (n:Park) REMOVE n.name RETURN count(n)",
    "foreach": "MATCH (n:Park) WITH collect(n) AS ns FOREACH (x IN ns | SET x.hacked = true)",
    "create index": "CREATE INDEX hacked IF NOT EXISTS FOR (n:Park) ON (n.hacked)",
    "drop constraint": "DROP CONSTRAINT some_constraint IF EXISTS",
    "load csv": "LOAD CSV FROM 'file:///etc/passwd' AS row RETURN row",
    "load csv url": "LOAD CSV WITH HEADERS FROM 'http://127.0.0.1:9/x.csv' AS row CREATE (:X {v: row.v})",
    "dbms procedure": "CALL dbms.security.createUser('mallory', 'password123', false)",
    "dbms listed": "CALL dbms.listConfig() YIELD name RETURN name",
    "db write procedure": "CALL db.createLabel('Hacked')",
    "db cache procedure": "CALL db.clearQueryCaches()",
    "apoc": "CALL apoc.periodic.iterate('MATCH (n) RETURN n', 'DETACH DELETE n', {})",
    "quoted procedure": "CALL `dbms`.`security`.`createUser`('mallory', 'password123', false)",
    "comment hides write": (
        "MATCH (n) RETURN count(n) AS c // harmless\nUNION MATCH (n:Park) DETACH DELETE n RETURN 0 AS c"
    ),
    "block comment": "/* read only, promise */ CREATE (:Hacked)",
    "two statements": "MATCH (n) RETURN count(n); MATCH (n) DETACH DELETE n",
    "two statements in a comment trick": "RETURN 1 /* ; */ ; CREATE (:Hacked)",
    "subquery in transactions": "CALL { CREATE (:Hacked) } IN TRANSACTIONS RETURN 1",
    "subquery write": "CALL { CREATE (:Hacked) RETURN 1 AS one } RETURN one",
    "use system": "USE system SHOW USERS",
    "show transactions": "SHOW TRANSACTIONS",
    "terminate": "TERMINATE TRANSACTIONS 'neo4j-transaction-1'",
}


@pytest.fixture(scope="module")
def neo4j_served(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Api]:
    """The app over Neo4j with the seed report; a short timeout and a small row cap to test them."""
    settings = store_settings(
        request, "neo4j", tmp_path_factory.mktemp("unused"), kg_cypher_timeout=1.0, kg_cypher_max_rows=5
    )
    yield from make_api(settings, seed_graph_document())


@pytest.fixture
def embedded_served(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Api]:
    yield from make_api(store_settings(request, "embedded", tmp_path), seed_graph_document())


def cypher(api: Api, query: str, **params: object):
    return api.client.post("/cypher", json={"query": query, "params": params})


def test_a_read_query_with_parameters_returns_columns_and_rows(neo4j_served: Api) -> None:
    response = cypher(
        neo4j_served,
        "MATCH (p)-[:BELONGS_TO]->(k:Park {name: $park}) RETURN p.name AS name ORDER BY name",
        park=PARK,
    )
    assert response.status_code == 200, response.text
    body = response.json()
    expected = sorted(
        {
            r.source
            for r in neo4j_served.doc.relationships
            if r.type == "BELONGS_TO" and r.target == neo4j_served.entity_id(PARK)
        }
    )
    names = {n.id: n.name for n in neo4j_served.doc.nodes}
    assert body["columns"] == ["name"]
    assert [row[0] for row in body["rows"]] == sorted(names[i] for i in expected)[:5]
    assert body["rows"], "some projects belong to the park"


def test_nodes_in_results_are_plain_json(neo4j_served: Api) -> None:
    body = cypher(neo4j_served, "MATCH (n:Park {name: $park}) RETURN n, 0.0/0.0 AS nan", park=PARK).json()
    node, nan = body["rows"][0]
    assert "Park" in node["labels"] and node["properties"]["name"] == PARK
    assert nan == "NaN"


def test_rows_are_capped_and_marked_truncated(neo4j_served: Api) -> None:
    body = cypher(neo4j_served, "UNWIND range(1, 50) AS x RETURN x").json()
    assert body == {"columns": ["x"], "rows": [[1], [2], [3], [4], [5]], "truncated": True}
    small = cypher(neo4j_served, "UNWIND range(1, 5) AS x RETURN x").json()
    assert small["truncated"] is False and len(small["rows"]) == 5


def test_a_query_running_past_the_timeout_is_stopped(neo4j_served: Api) -> None:
    slow = "UNWIND range(1, 1000000000) AS x WITH x WHERE x % 1000003 = -1 RETURN count(x)"
    error = assert_error(cypher(neo4j_served, slow), 400, "query_timeout")
    assert "time limit" in error["message"]


@pytest.mark.parametrize("query", WRITES.values(), ids=WRITES.keys())
def test_write_attempts_are_refused_and_change_nothing(neo4j_served: Api, query: str) -> None:
    before = neo4j_served.counts()
    error = assert_error(cypher(neo4j_served, query), 400)
    assert error["code"] in ("query_refused", "query_invalid"), error
    assert neo4j_served.counts() == before
    labels = cypher(neo4j_served, "CALL db.labels() YIELD label RETURN label").json()["rows"]
    assert ["Hacked"] not in labels and ["X"] not in labels


def test_the_read_transaction_itself_refuses_writes(neo4j_served: Api) -> None:
    """CREATE passes the statement checks: it is Neo4j's READ mode that refuses it."""
    check_statement(WRITES["create"])  # no keyword filter on writes
    error = assert_error(cypher(neo4j_served, WRITES["create"]), 400, "query_refused")
    assert "read-only" in error["message"]


def test_cypher_in_parameters_is_data(neo4j_served: Api) -> None:
    before = neo4j_served.counts()
    hostile = "'}) MATCH (n) DETACH DELETE n //"
    body = cypher(
        neo4j_served, "MATCH (n {name: $name}) WITH count(n) AS c RETURN c, $name AS echo", name=hostile
    ).json()
    assert body["rows"] == [[0, hostile]]
    assert neo4j_served.counts() == before


@pytest.mark.parametrize(
    ("body", "status", "code"),
    [
        ({"query": "MATCH (n RETURN n"}, 400, "query_invalid"),
        ({"query": "RETURN $missing"}, 400, "query_invalid"),
        ({"query": "RETURN $big", "params": {"big": 2**63}}, 400, "query_invalid"),
        ({"query": ""}, 422, "invalid_parameter"),
        ({}, 422, "invalid_parameter"),
        ({"query": "RETURN 1", "params": []}, 422, "invalid_parameter"),
    ],
)
def test_bad_queries_are_400_or_422(neo4j_served: Api, body: dict, status: int, code: str) -> None:
    assert_error(neo4j_served.client.post("/cypher", json=body), status, code)


def test_cypher_on_the_embedded_store_is_501(embedded_served: Api) -> None:
    error = assert_error(cypher(embedded_served, "MATCH (n) RETURN n"), 501, "not_supported")
    assert "Neo4j" in error["message"]
