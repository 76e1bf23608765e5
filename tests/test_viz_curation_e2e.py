"""Corrections in the network page end to end: with a key, merge two nodes in /viz in headless Chromium;
the view follows without a reload and the API sees one node.

Debian's chromium driven by Playwright's Python package, as in tests/test_viz_e2e.py (whose browser
fixtures this module reuses). Skips without chromium, fails where CI is set.
"""

from __future__ import annotations

import urllib.parse
from collections.abc import Iterator
from pathlib import Path

import neo4j_target
import pytest
from api_support import KEY, served_on_loopback
from pydantic import SecretStr
from sample_graph import PARK, seed_graph_document
from test_viz_e2e import Page, browser, get_json, open_viz, page, wait_until_idle  # noqa: F401

from api.app import create_app
from graph.core.protocol import GraphStore
from graph.curation import Curation
from graph.embedded.store import EmbeddedStore
from settings import Settings


@pytest.fixture(params=["embedded", pytest.param("neo4j", marks=pytest.mark.neo4j)])
def keyed_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """The API with uploads and corrections on (KG_API_KEY), on the seed graph in each store (empty
    before, its curation log too)."""
    if request.param == "neo4j":
        from graph.neo4j.store import Neo4jStore

        neo4j_settings = request.getfixturevalue("neo4j_settings")  # skips (or fails in CI) without one
        neo4j_target.wipe(neo4j_settings)
        store: GraphStore = Neo4jStore.from_settings(neo4j_settings)
    else:
        store = EmbeddedStore(tmp_path / "graph.json")
    Curation(store).write_document(seed_graph_document())
    settings = Settings(kg_store=request.param, kg_data_dir=tmp_path, kg_api_key=SecretStr(KEY))
    with served_on_loopback(create_app(store=store, settings=settings)) as url:
        yield url
    store.close()


def test_merge_two_nodes_in_viz_with_a_key(page: Page, keyed_url: str) -> None:  # noqa: F811
    open_viz(page, f"{keyed_url}/viz")
    parks = get_json(keyed_url, "entities", q="产业园", label="Park", limit=20)["items"]
    kept = next(i["entity"] for i in parks if i["entity"]["name"] == PARK)
    other = next(
        i["entity"]
        for i in get_json(keyed_url, "entities", q="区", label="Park", limit=50)["items"]
        if i["entity"]["id"] != kept["id"]
    )
    parks_before = get_json(keyed_url, "stats")["nodes"]["Park"]
    assert page.evaluate("id => window.kgViz.hasNode(id)", other["id"])  # both shown before

    page.evaluate("id => window.kgViz.expand(id)", kept["id"])
    page.wait_for_function("id => window.kgViz.state.selected === id", arg=kept["id"], timeout=30_000)
    wait_until_idle(page)
    panel = page.locator("#panel-body")
    assert panel.locator(".curation .actions").is_hidden()  # nothing offered without a key
    panel.locator(".curation input.api-key").fill(KEY)
    merge = panel.locator(".curation form[data-action='merge']")
    merge.locator("input").fill(other["id"])
    page.evaluate("() => { window.kgVizLoaded = true; }")  # survives only if the page is not reloaded
    merge.locator("button").click()

    page.wait_for_function(
        "([gone, kept]) => !window.kgViz.hasNode(gone) && window.kgViz.hasNode(kept) && window.kgViz.idle()"
        " && document.querySelector('#panel-body').dataset.entity === kept",
        arg=[other["id"], kept["id"]],
        timeout=30_000,
    )
    wait_until_idle(page)
    assert page.evaluate("window.kgVizLoaded") is True

    # The API sees one node: the other park's id now answers with the kept one, one Park fewer.
    assert get_json(keyed_url, "stats")["nodes"]["Park"] == parks_before - 1
    entity = get_json(keyed_url, f"entities/{urllib.parse.quote(other['id'], safe='')}")
    assert entity["id"] == kept["id"]
    assert other["name"] in entity["aliases"]
    log = get_json(keyed_url, "curation")
    assert [(e["action"], e["entity"]["id"], e["other"]["id"]) for e in log] == [
        ("merge", kept["id"], other["id"])
    ]
