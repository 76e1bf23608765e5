"""Hostile requests on the Neo4j store, beyond tests/test_api_cypher.py and tests/test_api_injection.py.

- POST /cypher: more write forms (lower case, procedures that create tokens or indexes, apoc,
  PROFILE, per-row subqueries, a `//` comment ended by a lone carriage return, a backtick name glued
  to CALL) are refused, and the database is unchanged: counts, labels, types, property keys,
  indexes and constraints.
- A cartesian product that would run for minutes is stopped at the timeout, is no longer running
  on the server afterwards, and the API answers the next query.
- The two injection strings of the issue, in every text the API takes that the injection tests do
  not already cover (related label filter, upload file name and document field, guide name …).
- depth, limit, max_depth and the id count are bounded: 422 beyond, also for absurd numbers.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any
from urllib.parse import quote

import neo4j_target
import pytest
from api_checks import assert_error
from api_support import KEY, Api, make_api, store_settings
from sample_graph import seed_graph_document

from settings import Settings

pytestmark = pytest.mark.neo4j

HOSTILE = ["') MATCH (n) DETACH DELETE n //", '"}) DETACH DELETE n //']
WRITES = {
    "lower case": "create (:Hacked {name: 'x'})",
    "create property key": "CALL db.createProperty('hacked')",
    "create relationship type": "CALL db.createRelationshipType('HACKED')",
    "create label after a read": "MATCH (n) WITH count(n) AS c CALL db.createLabel('Hacked') RETURN c",
    "full-text index, Cypher": "CREATE FULLTEXT INDEX hacked IF NOT EXISTS FOR (n:Park) ON EACH [n.name]",
    "full-text index, 4.x procedure": "CALL db.index.fulltext.createNodeIndex('hacked', ['Park'], ['name'])",
    "drop an index": "DROP INDEX entity_search IF EXISTS",
    "apoc create": "CALL apoc.create.node(['Hacked'], {name: 'x'}) YIELD node RETURN node",
    "apoc run a write": "CALL apoc.cypher.doIt('CREATE (:Hacked)', {}) YIELD value RETURN value",
    "dbms config": "CALL dbms.setConfigValue('db.logs.query.enabled', 'OFF')",
    "dbms info": "CALL dbms.components() YIELD name RETURN name",
    "db checkpoint": "CALL db.checkpoint()",
    "tx metadata": "CALL tx.setMetaData({who: 'mallory'})",
    "profile runs the write": "PROFILE MATCH (n:Park) SET n.hacked = true RETURN count(n)",
    "merge a relationship": "MATCH (a:Park), (b:Project) MERGE (a)-[:HACKED]->(b) RETURN count(*)",
    "subquery per row": "MATCH (n:Project) CALL { WITH n DETACH DELETE n } RETURN count(*)",
    "scoped subquery": "MATCH (n:Project) CALL (n) { DETACH DELETE n } RETURN count(*)",
    "write behind a block comment line": "MATCH (n:Park) WITH n /*\n read only */ DETACH DELETE n",
    "carriage return ends a comment": (
        "RETURN 'a' AS x // harmless\rUNION LOAD CSV FROM 'file:///neo4j.conf' AS row RETURN row[0] AS x"
    ),
    "carriage return hides a procedure": (
        "RETURN 'a' AS x // harmless\rUNION CALL dbms.listConfig() YIELD name RETURN name AS x"
    ),
    "backtick name glued to CALL": "CALL`dbms`.`listConfig`() YIELD name RETURN name",
    "create a database": "CREATE DATABASE hacked",
    "create a user": "CREATE USER mallory SET PASSWORD 'password123'",
}


@pytest.fixture(scope="module")
def served(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Api]:
    """The app over Neo4j holding the seed; a 1 s Cypher timeout, 5 rows, uploads with ``KEY``."""
    settings = store_settings(
        request,
        "neo4j",
        tmp_path_factory.mktemp("unused"),
        kg_cypher_timeout=1.0,
        kg_cypher_max_rows=5,
        kg_api_key=KEY,
    )
    yield from make_api(settings, seed_graph_document())


def database_state(settings: Settings) -> dict[str, Any]:
    """Everything a write could leave behind, read with the server's own credentials."""
    queries = {
        "nodes": "MATCH (n) RETURN count(n) AS v",
        "relationships": "MATCH ()-[r]->() RETURN count(r) AS v",
        "labels": "CALL db.labels() YIELD label RETURN collect(label) AS v",
        "types": "CALL db.relationshipTypes() YIELD relationshipType RETURN collect(relationshipType) AS v",
        "keys": "CALL db.propertyKeys() YIELD propertyKey RETURN collect(propertyKey) AS v",
        "indexes": "SHOW INDEXES YIELD name RETURN collect(name) AS v",
        "constraints": "SHOW CONSTRAINTS YIELD name RETURN collect(name) AS v",
        "hacked": "MATCH (n) WHERE n.hacked IS NOT NULL OR n:Hacked RETURN count(n) AS v",
    }
    with neo4j_target.driver(settings) as driver:
        state = {}
        for name, query in queries.items():
            records, _, _ = driver.execute_query(query, database_=settings.neo4j_database)
            value = records[0]["v"]
            state[name] = sorted(value) if isinstance(value, list) else value
        return state


def running_queries(settings: Settings, marker: str) -> list[str]:
    with neo4j_target.driver(settings) as driver:
        records, _, _ = driver.execute_query(
            "SHOW TRANSACTIONS YIELD currentQuery RETURN currentQuery", database_=settings.neo4j_database
        )
    return [r["currentQuery"] for r in records if marker in (r["currentQuery"] or "")]


def cypher(api: Api, query: str, **params: object):
    return api.client.post("/cypher", json={"query": query, "params": params})


@pytest.mark.parametrize("query", WRITES.values(), ids=WRITES.keys())
def test_more_write_forms_are_refused_and_leave_the_database_as_it_was(served: Api, query: str) -> None:
    before = database_state(served.settings)
    error = assert_error(cypher(served, query), 400)
    assert error["code"] in ("query_refused", "query_invalid"), error
    assert database_state(served.settings) == before


def test_a_cartesian_product_is_stopped_at_the_timeout_and_the_server_stays_responsive(
    served: Api,
) -> None:
    marker = "kg-reliability-cartesian"
    slow = f"MATCH (a), (b), (c), (d) WHERE a.id < b.id RETURN count(*) AS n, '{marker}' AS tag"
    error = assert_error(cypher(served, slow), 400, "query_timeout")
    assert "time limit" in error["message"]
    # The query is not left running on the server once the API has answered.
    deadline = time.monotonic() + 10
    while running_queries(served.settings, marker) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert running_queries(served.settings, marker) == []
    quick = cypher(served, "MATCH (n:Park) RETURN count(n) AS parks")
    assert quick.status_code == 200, quick.text
    assert quick.json()["rows"][0][0] > 0
    assert served.client.get("/stats").status_code == 200


def test_a_huge_result_is_capped_not_streamed(served: Api) -> None:
    body = cypher(served, "MATCH (a), (b) RETURN a.id AS a, b.id AS b").json()
    assert len(body["rows"]) == 5 and body["truncated"] is True


@pytest.mark.parametrize("text", HOSTILE)
def test_the_issue_injection_strings_are_data_in_every_text_parameter(served: Api, text: str) -> None:
    park = served.entity_id("深圳（哈尔滨）产业园区")
    encoded = quote(text, safe="")
    before = database_state(served.settings)
    requests: list[tuple[str, dict[str, Any]]] = [
        ("/entities", {"q": text}),
        ("/entities", {"q": "园区", "label": text}),
        (f"/entities/{encoded}", {}),
        (f"/entities/{encoded}/related", {"label": text}),
        (f"/entities/{quote(park, safe='')}/related", {"label": text}),
        (f"/entities/{quote(park, safe='')}/related", {"type": text, "direction": text}),
        ("/paths", {"from": text, "to": text, "max_depth": 2}),
        ("/subgraph", {"ids": [text, park], "format": text}),
        ("/subgraph", {"ids": [text]}),
        (f"/documents/{encoded}", {}),
        ("/analytics/central", {"label": text, "by": text}),
        (f"/guide/{encoded}", {}),
        ("/viz/overview", {"limit": text}),
    ]
    for path, params in requests:
        response = served.client.get(path, params=params)
        assert response.status_code in (200, 404, 422), (path, params, response.text)
        if response.status_code == 200 and path == "/entities":
            assert response.json()["total"] == 0
    body = cypher(
        served, "MATCH (n) WHERE n.name = $t OR n.id = $t WITH count(n) AS c RETURN c, $t AS t", t=text
    )
    assert body.json()["rows"] == [[0, text]]
    assert database_state(served.settings) == before


@pytest.mark.parametrize("text", HOSTILE)
def test_an_upload_named_with_cypher_is_stored_under_that_name_and_touches_nothing_else(
    served: Api, text: str
) -> None:
    seed = served.doc
    assert seed is not None
    seed_before = served.store.document_graph(seed.id)
    files = {"file": (f"{text}.txt", "龙江碳谷建设加快推进。\n".encode(), "text/plain")}
    for data in ({}, {"document": text}):
        response = served.client.post("/documents", files=files, data=data, headers={"X-API-Key": KEY})
        assert response.status_code in (201, 422), response.text
        if response.status_code == 201:
            stored = response.json()["document"]
            assert stored in [d["id"] for d in served.get("/documents").json()]
            assert served.store.delete_document(stored)
    assert served.store.document_graph(seed.id) == seed_before
    assert [d["id"] for d in served.get("/documents").json()] == [seed.id]


@pytest.mark.parametrize(
    ("path", "params"),
    [
        ("/entities/{park}/related", {"depth": 10**30}),
        ("/entities/{park}/related", {"depth": "1e3"}),
        ("/entities/{park}/related", {"limit": 10**6}),
        ("/paths", {"from": "{park}", "to": "{park}", "max_depth": 10**30}),
        ("/paths", {"from": "{park}", "to": "{park}", "max_depth": -1}),
        ("/subgraph", {"ids": "{park}", "depth": 2**63}),
        ("/entities", {"q": "园区", "limit": -(2**63)}),
        ("/entities", {"q": "园区", "offset": 10**9}),
        ("/analytics/central", {"limit": 10**9}),
        ("/viz/overview", {"limit": 0}),
        ("/viz/overview", {"limit": 10**9}),
    ],
)
def test_depth_limit_and_max_depth_are_bounded(served: Api, path: str, params: dict[str, Any]) -> None:
    park = quote(served.entity_id("深圳（哈尔滨）产业园区"), safe="")
    url = path.replace("{park}", park)
    values = {
        k: (v.replace("{park}", served.entity_id("深圳（哈尔滨）产业园区")) if isinstance(v, str) else v)
        for k, v in params.items()
    }
    assert_error(served.client.get(url, params=values), 422, "invalid_parameter")


def test_too_many_ids_in_a_subgraph_are_refused(served: Api) -> None:
    ids = [f"project:x{i}" for i in range(2000)]
    assert_error(served.client.get("/subgraph", params={"ids": ids, "depth": 3}), 422, "invalid_parameter")
