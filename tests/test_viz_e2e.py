"""The network page end to end: the API on the seed graph, /viz in headless Chromium, clicks and links.

Uses Debian's chromium (``apt-get install chromium``; .ci/run installs it) driven by Playwright's Python
package, never a downloaded browser. Skips without chromium, fails where CI is set.
"""

from __future__ import annotations

import json
import os
import shutil
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
LEAD_SCREENSHOT = Path("/tmp/viz.png")  # a copy for people to look at after the run


def _missing(reason: str) -> None:
    if os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no"):
        pytest.fail(reason + " (CI is set, so this is an error)", pytrace=False)
    pytest.skip(reason, allow_module_level=True)


if not Path(CHROMIUM).exists():
    _missing(f"{CHROMIUM} not found: apt-get install chromium")
try:
    from playwright.sync_api import Browser, Page, sync_playwright
except ImportError:
    _missing("the playwright package is not installed: pip install -e '.[test]'")

from api_support import served_on_loopback  # noqa: E402
from sample_graph import PARK, seed_graph_document  # noqa: E402

from api.app import create_app  # noqa: E402
from api.routes.viz import OVERVIEW_LIMIT  # noqa: E402
from graph.core.model import ENTITY_LABELS  # noqa: E402
from graph.core.protocol import GraphStore  # noqa: E402
from graph.embedded.store import EmbeddedStore  # noqa: E402

# --- the API on the seed graph, on a free loopback port -----------------------------------------


def empty_store(kind: str, request: pytest.FixtureRequest, tmp: pytest.TempPathFactory) -> GraphStore:
    """An empty store of this kind: a new graph file, or the test Neo4j database wiped."""
    if kind == "embedded":
        return EmbeddedStore(tmp.mktemp("viz-store") / "graph.json")
    from graph.neo4j.store import Neo4jStore

    settings = request.getfixturevalue("neo4j_settings")  # skips (or fails in CI) without a server
    store = Neo4jStore.from_settings(settings)
    for document in store.documents():
        store.delete_document(document.id)
    return store


@pytest.fixture(scope="module", params=["embedded", pytest.param("neo4j", marks=pytest.mark.neo4j)])
def base_url(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The API on the seed graph in each store, on a free loopback port, for the whole module."""
    store = empty_store(request.param, request, tmp_path_factory)
    store.write_document(seed_graph_document())
    with served_on_loopback(create_app(store=store)) as url:
        yield url
    store.close()


def get_json(base_url: str, path: str, **params: Any) -> Any:
    query = urllib.parse.urlencode(params, doseq=True)
    with urllib.request.urlopen(f"{base_url}/{path}?{query}", timeout=30) as response:
        return json.load(response)


def park_id(base_url: str) -> str:
    page = get_json(base_url, "entities", q=PARK, limit=5)
    ids = [item["entity"]["id"] for item in page["items"] if item["entity"]["name"] == PARK]
    assert ids, f"search for {PARK} did not find it"
    return ids[0]


# --- the browser ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1400, "height": 900}, locale="zh-CN")
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    yield page
    context.close()
    assert not errors, f"JavaScript errors on the page: {errors}"


def wait_until_idle(page: Page) -> None:
    """The view is built, no request or layout is running, and the canvas has drawn the shown nodes."""
    page.wait_for_function(
        "() => document.body.dataset.state === 'error' || (window.kgViz && window.kgViz.idle()"
        " && window.kgViz.cy.nodes().not('.filtered, .isolated, .year-out')"
        ".every(n => n.renderedBoundingBox().w > 0))",
        timeout=60_000,
    )
    state = page.evaluate("document.body.dataset.state")
    assert state == "ready", page.inner_text("#status")


def open_viz(page: Page, url: str) -> None:
    page.goto(url)
    wait_until_idle(page)


def shown_ids(page: Page) -> list[str]:
    return page.evaluate("window.kgViz.nodeIds()")


# --- the tests ----------------------------------------------------------------------------------


def test_page_draws_the_initial_view_and_a_click_expands_the_park(
    page: Page, base_url: str, tmp_path: Path
) -> None:
    open_viz(page, f"{base_url}/viz")

    # The API's view: the entities (no Document or Section), all or the OVERVIEW_LIMIT best-connected;
    # the page draws those with a relationship among them and says how many it leaves out.
    stats = get_json(base_url, "stats")
    overview = get_json(base_url, "viz/overview")
    entities = sum(n for label, n in stats["nodes"].items() if label in ENTITY_LABELS)
    assert len(overview["elements"]["nodes"]) == min(entities, OVERVIEW_LIMIT)
    edges = overview["elements"]["edges"]
    linked = {e["data"]["source"] for e in edges} | {e["data"]["target"] for e in edges}
    assert page.evaluate("window.kgViz.nodeIds()") == sorted(linked)
    assert page.evaluate("window.kgViz.edgeCount()") == len(edges)
    unlinked = len(overview["elements"]["nodes"]) - len(linked)
    assert f"{len(linked)} nodes" in page.inner_text("#status")
    assert f"{unlinked} unconnected hidden" in page.inner_text("#status")
    page.screenshot(path=str(tmp_path / "viz-overview.png"))
    shutil.copyfile(tmp_path / "viz-overview.png", LEAD_SCREENSHOT.with_name("viz-overview.png"))

    park = park_id(base_url)
    if park not in shown_ids(page):  # a big graph's overview may leave it out: bring it in by search
        page.fill("#search", PARK)
        page.click(f"#search-results li[data-id='{park}']")
        wait_until_idle(page)
    position = page.evaluate("id => window.kgViz.pagePosition(id)", park)
    page.mouse.click(position["x"], position["y"])
    page.wait_for_function("id => window.kgViz.state.selected === id", arg=park, timeout=30_000)
    wait_until_idle(page)

    related = get_json(base_url, f"entities/{urllib.parse.quote(park)}/related", depth=1, limit=100)
    neighbours = {item["entity"]["id"] for item in related["items"]}
    assert neighbours, f"{PARK} has no neighbours in the seed graph"
    assert neighbours <= set(shown_ids(page))

    panel = page.locator("#panel-body")
    assert panel.get_attribute("data-entity") == park
    entity = get_json(base_url, f"entities/{urllib.parse.quote(park)}")
    text = panel.inner_text()
    assert PARK in text
    assert entity["provenance"], "the park has no provenance to show"
    for p in entity["provenance"]:
        assert p["quote"] in text

    hash_params = urllib.parse.parse_qs(urllib.parse.urlsplit(page.url).fragment)
    assert hash_params["sel"] == [park]
    assert park in hash_params.get("expand", []) + hash_params.get("focus", [])

    shot = tmp_path / "viz.png"
    page.screenshot(path=str(shot))
    shutil.copyfile(shot, LEAD_SCREENSHOT)
    assert shot.stat().st_size > 10_000  # a drawn network, not a blank page


def test_search_box_finds_the_park_by_pinyin_and_focus_shows_its_neighbours(
    page: Page, base_url: str
) -> None:
    park = park_id(base_url)
    open_viz(page, f"{base_url}/viz")
    page.fill("#search", "shenzhen")
    option = page.locator(f"#search-results li[data-id='{park}']")
    option.wait_for(timeout=10_000)
    assert PARK in option.inner_text()
    option.click()
    page.wait_for_function("id => window.kgViz.state.selected === id", arg=park, timeout=30_000)
    wait_until_idle(page)
    assert page.evaluate("id => window.kgViz.hasNode(id)", park)
    assert page.locator("#panel-body").get_attribute("data-entity") == park

    # "Show only this and its neighbours": the view is the park and what the API says it relates to.
    page.click("#panel-body button.focus")
    page.wait_for_function("id => window.kgViz.state.focus === id", arg=park, timeout=30_000)
    wait_until_idle(page)
    related = get_json(base_url, f"entities/{urllib.parse.quote(park)}/related", depth=1, limit=100)
    assert shown_ids(page) == sorted({park} | {item["entity"]["id"] for item in related["items"]})
    assert "focus=" in page.url


def test_first_view_is_the_entities_network_with_readable_names(
    page: Page, base_url: str, tmp_path: Path
) -> None:
    open_viz(page, f"{base_url}/viz")
    page.screenshot(path=str(tmp_path / "viz-first.png"))
    shutil.copyfile(tmp_path / "viz-first.png", LEAD_SCREENSHOT.with_name("viz-first.png"))
    shown_labels = page.evaluate(
        "window.kgViz.cy.nodes().not('.filtered, .isolated').map(n => n.data('label'))"
    )
    assert shown_labels and not {"Document", "Section"} & set(shown_labels)

    # The legend offers only what the view holds, each with its count.
    counts = [int(c) for c in page.locator("#filters .count").all_inner_texts()]
    assert counts and min(counts) > 0
    overview_types = {e["data"]["type"] for e in get_json(base_url, "viz/overview")["elements"]["edges"]}
    legend_types = set(page.eval_on_selector_all("#types input", "els => els.map(e => e.dataset.key)"))
    assert legend_types == overview_types

    # The best-connected names are drawn at a readable size, inside the canvas, mostly apart.
    named = page.evaluate("window.kgViz.namedLabels()")
    assert len(named) == min(25, len(shown_labels))
    assert min(label["px"] for label in named) >= 12.5
    width, height = page.evaluate("[window.kgViz.cy.width(), window.kgViz.cy.height()]")
    for label in named:
        box = label["box"]
        assert box["x1"] >= -1 and box["y1"] >= -1 and box["x2"] <= width + 1 and box["y2"] <= height + 1, (
            label
        )

    def covered(a: dict[str, float], b: dict[str, float]) -> float:
        """The share of a's box that b covers."""
        w = max(0.0, min(a["x2"], b["x2"]) - max(a["x1"], b["x1"]))
        h = max(0.0, min(a["y2"], b["y2"]) - max(a["y1"], b["y1"]))
        return w * h / ((a["x2"] - a["x1"]) * (a["y2"] - a["y1"]))

    boxes = [label["box"] for label in named]
    hidden = [
        named[i]["name"]
        for i, a in enumerate(boxes)
        if max(covered(a, b) for j, b in enumerate(boxes) if j != i) > 0.4
    ]
    assert len(hidden) <= len(boxes) // 10, f"{hidden}: names more than 40% under another"


def test_filters_hide_a_label_and_the_permalink_restores_the_view(
    page: Page, browser: Browser, base_url: str
) -> None:
    park = park_id(base_url)
    open_viz(page, f"{base_url}/viz")
    assert page.evaluate("window.kgViz.cy.nodes('[label = \"Section\"]').length") == 0
    page.check("#view-options input[data-key='structure']")
    page.wait_for_function("window.kgViz.state.structure", timeout=30_000)
    wait_until_idle(page)
    assert page.evaluate("window.kgViz.cy.nodes('[label = \"Section\"]').not('.isolated').length") > 0
    page.uncheck("#legend input[data-key='Project']")
    assert page.evaluate("window.kgViz.cy.nodes('[label = \"Project\"]').not('.filtered').length") == 0
    page.evaluate("id => window.kgViz.expand(id)", park)
    page.wait_for_function("id => window.kgViz.state.expand.includes(id)", arg=park, timeout=30_000)
    wait_until_idle(page)
    view = shown_ids(page)
    assert "hide=Project" in page.url and "structure=1" in page.url

    other = browser.new_page()
    try:
        open_viz(other, page.url)
        assert shown_ids(other) == view
        assert not other.is_checked("#legend input[data-key='Project']")
        assert other.is_checked("#view-options input[data-key='structure']")
        assert other.evaluate("window.kgViz.state.selected") == park
        # A link pasted into the same tab (only the hash changes) rebuilds the view too.
        other.evaluate("id => { location.hash = 'focus=' + encodeURIComponent(id); }", park)
        other.wait_for_function("id => window.kgViz.state.focus === id", arg=park, timeout=30_000)
        wait_until_idle(other)
        related = get_json(base_url, f"entities/{urllib.parse.quote(park)}/related", depth=1, limit=100)
        assert shown_ids(other) == sorted({park} | {item["entity"]["id"] for item in related["items"]})
    finally:
        other.close()


def test_docs_list_every_operation_with_the_network_off(browser: Browser, base_url: str) -> None:
    """/docs and /redoc draw from the package alone: any request off this machine is refused and counted."""
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    outside: list[str] = []

    def only_loopback(route: Any) -> None:
        host = urllib.parse.urlsplit(route.request.url).hostname
        if host in ("127.0.0.1", "localhost"):
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort("internetdisconnected")

    context.route("**/*", only_loopback)
    spec = get_json(base_url, "openapi.json")
    operations = sorted(f"{method.upper()} {path}" for path, item in spec["paths"].items() for method in item)
    try:
        page = context.new_page()
        page.goto(f"{base_url}/docs")
        page.wait_for_selector(".opblock", timeout=30_000)
        shown = page.eval_on_selector_all(
            ".opblock-summary",
            "els => els.map(e => e.querySelector('.opblock-summary-method').innerText.trim() + ' '"
            " + e.querySelector('.opblock-summary-path').dataset.path)",
        )
        assert sorted(shown) == operations
        page.goto(f"{base_url}/redoc")
        page.wait_for_selector("[data-section-id*='operation/']", state="attached", timeout=30_000)
        operation_ids = page.eval_on_selector_all(
            "[data-section-id*='operation/']",
            "els => els.map(e => e.dataset.sectionId.split('operation/')[1])",
        )
        assert len(set(operation_ids)) == len(operations)  # each is linked from its tag and listed once
    finally:
        context.close()
    # ReDoc's "powered by" logo is the one outside request; the image hides itself when it fails.
    outside = [url for url in outside if url != "https://cdn.redoc.ly/redoc/logo-mini.svg"]
    assert not outside, f"the docs pages asked the network for {outside}"
