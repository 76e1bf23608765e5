"""GET /stats, /analytics/central and /health; 503 while Neo4j is away, and recovery when it returns."""

from __future__ import annotations

from urllib.parse import urlparse

import networkx as nx
import pytest
from api_checks import assert_error
from api_support import Api, TcpRelay, entity_url, free_port
from fastapi.testclient import TestClient

from api.app import create_app
from graph.outputs.analytics import central_entities, entity_graph
from settings import Settings


def test_stats_count_nodes_by_label_and_relationships_by_type(served: Api) -> None:
    body = served.get("/stats").json()
    doc = served.doc
    labels: dict[str, int] = {}
    for n in doc.nodes:
        labels[n.label] = labels.get(n.label, 0) + 1
    assert body["store"] == served.store.kind
    assert body["nodes"] == labels
    assert body["total_nodes"] == len(doc.nodes) and body["documents"] == 1
    assert body["total_relationships"] == sum(body["relationships"].values()) > 0


def test_health_says_ok_with_the_store_kind_and_size(served: Api) -> None:
    body = served.get("/health").json()
    stats = served.get("/stats").json()
    assert body == {
        "status": "ok",
        "store": served.store.kind,
        "reachable": True,
        "nodes": stats["total_nodes"],
        "relationships": stats["total_relationships"],
    }


def test_central_entities_rank_by_degree_and_agree_with_networkx(served: Api) -> None:
    body = served.get("/analytics/central", limit=5).json()
    items = body["items"]
    assert body["by"] == "degree" and len(items) == 5
    assert all(i["entity"]["label"] not in ("Document", "Section") for i in items)
    degrees = [i["degree"] for i in items]
    assert degrees == sorted(degrees, reverse=True)
    # The same ranking straight from NetworkX over the store's graph.
    G = entity_graph(served.store.all_graph())
    expected = nx.degree_centrality(G)
    assert [i["entity"]["id"] for i in items] == [n for n, _, _ in central_entities(G, limit=5)]
    for i in items:
        assert i["degree"] == pytest.approx(expected[i["entity"]["id"]])


def test_central_entities_by_betweenness_for_one_label(served: Api) -> None:
    items = served.get("/analytics/central", label="Park", by="betweenness", limit=3).json()["items"]
    assert items and {i["entity"]["label"] for i in items} == {"Park"}
    values = [i["betweenness"] for i in items]
    assert values == sorted(values, reverse=True)


@pytest.mark.parametrize("params", [{"limit": 0}, {"limit": 101}, {"by": "pagerank"}, {"label": "Nope"}])
def test_central_with_bad_parameters_is_422(served: Api, params: dict) -> None:
    assert_error(served.client.get("/analytics/central", params=params), 422, "invalid_parameter")


def neo4j_at(settings: Settings, port: int) -> Settings:
    return settings.model_copy(update={"kg_store": "neo4j", "neo4j_uri": f"bolt://127.0.0.1:{port}"})


DATA_ROUTES = ["/stats", "/entities?q=龙江", "/documents", "/subgraph?ids=x", "/analytics/central"]


def test_neo4j_unreachable_gives_503_and_health_says_so(neo4j_settings: Settings) -> None:
    app = create_app(settings=neo4j_at(neo4j_settings, free_port()))
    with TestClient(app, raise_server_exceptions=False) as client:
        health = client.get("/health")
        assert health.status_code == 200
        assert health.json() == {
            "status": "degraded",
            "store": "neo4j",
            "reachable": False,
            "nodes": None,
            "relationships": None,
        }
        for url in [*DATA_ROUTES, entity_url("project:龙江碳谷")]:
            error = assert_error(client.get(url), 503, "store_unavailable")
            assert "not reachable" in error["message"]
        assert_error(client.post("/cypher", json={"query": "RETURN 1"}), 503, "store_unavailable")


def test_api_recovers_when_neo4j_returns_and_fails_cleanly_when_it_goes(neo4j_settings: Settings) -> None:
    target = urlparse(neo4j_settings.neo4j_uri)
    relay = TcpRelay(target.hostname or "localhost", target.port or 7687)
    app = create_app(settings=neo4j_at(neo4j_settings, relay.port))
    with TestClient(app, raise_server_exceptions=False) as client:
        assert_error(client.get("/stats"), 503, "store_unavailable")  # Neo4j "down" at start-up
        relay.start()  # Neo4j "comes back": no restart of the API
        try:
            assert client.get("/stats").status_code == 200
            assert client.get("/health").json()["reachable"] is True
        finally:
            relay.stop()  # Neo4j "goes away" while the API holds connections
        assert_error(client.get("/stats"), 503, "store_unavailable")
        assert client.get("/health").json()["reachable"] is False
        relay.start()
        try:
            assert client.get("/stats").status_code == 200
        finally:
            relay.stop()
