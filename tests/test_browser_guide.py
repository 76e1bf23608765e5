"""The Neo4j Browser guide: built from the query files, and served by the API so ``:play`` can fetch it
from Browser's own origin (a CORS preflight first: Browser sends Cache-Control and Pragma)."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from graph.outputs.browser_guide import GUIDE_FILE, query_files, render_guide
from settings import Settings

BROWSER = "http://localhost:7474"


@pytest.fixture
def client(tmp_path: Path) -> TestClient:
    return TestClient(create_app(settings=Settings(kg_store="embedded", kg_data_dir=tmp_path)))


def test_guide_file_is_built_from_every_query_file() -> None:
    html = GUIDE_FILE.read_text(encoding="utf-8")
    assert html == render_guide(), (
        "cypher/guide/harbin-kg.html is stale: run `python -m graph.outputs.browser_guide`"
    )
    assert '<article class="guide">' in html and "<carousel" in html and html.count("<slide") >= 5
    for query in query_files():
        assert f"cypher/queries/{query.name}" in html
        for line in query.param_lines:
            assert f'<pre class="runnable">{line.replace(">", "&gt;")}</pre>' in html


def test_browser_can_play_the_guide_from_the_api(client: TestClient) -> None:
    preflight = client.options(
        "/guide/harbin-kg.html",
        headers={
            "Origin": BROWSER,
            "Access-Control-Request-Method": "GET",
            "Access-Control-Request-Headers": "cache-control,pragma,sentry-trace,baggage",
        },
    )
    assert preflight.status_code == 204
    assert preflight.headers["access-control-allow-origin"] in ("*", BROWSER)
    allowed = preflight.headers["access-control-allow-headers"].lower()
    assert {"cache-control", "pragma", "sentry-trace", "baggage"} <= {h.strip() for h in allowed.split(",")}

    page = client.get("/guide/harbin-kg.html", headers={"Origin": BROWSER, "Cache-Control": "no-cache"})
    assert page.status_code == 200
    assert page.headers["content-type"].startswith("text/html")
    assert page.headers["access-control-allow-origin"] in ("*", BROWSER)
    assert page.text == GUIDE_FILE.read_text(encoding="utf-8")


def test_style_is_served_and_unknown_guide_files_are_404(client: TestClient) -> None:
    style = client.get("/guide/style.grass")
    assert style.status_code == 200 and "node.Park" in style.text
    missing = client.get("/guide/other.html")
    assert missing.status_code == 404
    assert missing.json()["error"]["code"] == "not_found"
