"""The network page without a browser: it is served offline, and its initial view keeps the best-connected."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sample_graph import park_graph_document

from api.app import create_app
from graph.embedded.store import EmbeddedStore
from graph.outputs.palette import LABEL_COLOURS

VENDOR = Path(__file__).resolve().parent.parent / "api" / "static" / "vendor"


@pytest.fixture
def client(tmp_path: Path) -> TestClient:
    store = EmbeddedStore(tmp_path / "graph.json")
    store.write_document(park_graph_document())
    return TestClient(create_app(store=store))


def test_viz_page_loads_only_local_scripts_and_styles_that_are_served(client: TestClient) -> None:
    response = client.get("/viz")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    html = response.text
    assert "__KG_VIZ_CONFIG__" not in html and '"Park": "#2ca02c"' in html
    assets = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert any(a.endswith("cytoscape.min.js") for a in assets)
    for asset in assets:
        if asset.startswith("data:"):
            continue
        assert not re.match(r"^(https?:)?//", asset), f"{asset} would need the internet"
        assert client.get(f"/{asset}").status_code == 200, asset


def test_every_vendored_library_ships_its_licence() -> None:
    libraries = [path for path in VENDOR.iterdir() if path.is_dir()]
    assert libraries
    for library in libraries:
        assert (library / "LICENSE").is_file(), library.name
        assert library.name in (VENDOR / "README.md").read_text(encoding="utf-8")


def test_static_route_refuses_paths_outside_the_static_folder(client: TestClient) -> None:
    assert client.get("/viz/static/..%2F..%2Fapi%2Fapp.py").status_code == 404
    assert client.get("/viz/static/viz/../../app.py").status_code == 404
    assert client.get("/viz/static/viz").status_code == 404  # a folder, not a file


def test_overview_is_the_whole_graph_when_small(client: TestClient) -> None:
    body = client.get("/viz/overview", params={"structure": True}).json()
    doc = park_graph_document()
    assert body["total_nodes"] == len(doc.nodes) and not body["truncated"]
    assert {n["data"]["id"] for n in body["elements"]["nodes"]} == {n.id for n in doc.nodes}
    assert len(body["elements"]["edges"]) == len(doc.relationships)


@pytest.mark.parametrize("limit", [1, 3, 6])
def test_overview_of_a_big_graph_keeps_the_best_connected_nodes_and_the_edges_among_them(
    client: TestClient, limit: int
) -> None:
    body = client.get("/viz/overview", params={"limit": limit, "structure": True}).json()
    doc = park_graph_document()
    degree: Counter[str] = Counter()
    for rel in doc.relationships:
        degree[rel.source] += 1
        degree[rel.target] += 1
    shown = {n["data"]["id"] for n in body["elements"]["nodes"]}
    hidden = {n.id for n in doc.nodes} - shown
    assert body["truncated"] and len(shown) == limit
    assert min(degree[i] for i in shown) >= max(degree[i] for i in hidden)
    among = {
        (r.source, r.type, r.target) for r in doc.relationships if r.source in shown and r.target in shown
    }
    drawn = {(e["data"]["source"], e["data"]["type"], e["data"]["target"]) for e in body["elements"]["edges"]}
    assert drawn == among


def test_every_label_of_the_contract_has_a_colour() -> None:
    from graph.core.model import LABELS

    assert set(LABELS) <= set(LABEL_COLOURS)
    assert len(set(LABEL_COLOURS.values())) == len(LABEL_COLOURS)


def test_overview_by_default_is_the_entities_network_without_the_documents_structure(
    client: TestClient,
) -> None:
    body = client.get("/viz/overview").json()
    doc = park_graph_document()
    entities = {n.id for n in doc.nodes if n.label not in ("Document", "Section")}
    assert entities and len(entities) < len(doc.nodes)
    assert {n["data"]["id"] for n in body["elements"]["nodes"]} == entities
    assert body["total_nodes"] == len(entities)
    assert {e["data"]["type"] for e in body["elements"]["edges"]}.isdisjoint({"PART_OF", "MENTIONS"})
