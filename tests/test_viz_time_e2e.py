"""The network page's year filter and timeline panel in headless Chromium (Debian's, via Playwright),
on the seed report (2021) beside two short reports of 2021 and 2022."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from api_support import served_on_loopback
from sample_graph import seed_graph_document
from test_time_model import DATA_PARK, reports
from test_viz_e2e import browser, get_json, open_viz, page, wait_until_idle  # noqa: F401

from api.app import create_app
from graph.embedded.store import EmbeddedStore


@pytest.fixture(scope="module")
def base_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    store = EmbeddedStore(tmp_path_factory.mktemp("viz-time") / "graph.json")
    for doc in [seed_graph_document(), *reports()]:
        store.write_document(doc)
    with served_on_loopback(create_app(store=store)) as url:
        yield url
    store.close()


def test_the_year_filter_shows_what_the_reports_of_those_years_read(page, base_url: str) -> None:  # noqa: F811
    open_viz(page, f"{base_url}/viz")
    page.wait_for_function("() => window.kgViz.time.state.years.length > 0", timeout=30_000)
    years = get_json(base_url, "timeline/years")
    assert years["years"] == [2021, 2022]
    options = page.eval_on_selector_all("#year-from option", "os => os.map(o => o.value)")
    assert options == ["", "2021", "2022"]
    everything = page.evaluate("window.kgViz.nodeIds()")
    assert page.evaluate("window.kgViz.time.shownCount()") == len(everything)

    page.select_option("#year-from", "2022")
    page.select_option("#year-to", "2022")  # the filter applies at once (no request)
    # Shown: nodes a 2022 document read, and nodes no dated document read.
    expected = sorted(i for i in everything if 2022 in years["nodes"].get(i, [2022]))
    shown = page.evaluate("window.kgViz.time.shownIds()")
    assert shown == expected
    assert DATA_PARK in shown and len(shown) < len(everything)
    assert "nodes of other years hidden" in page.inner_text("#years-note")
    # 2021 only: the seed's nodes come back, what only 2022 read goes.
    page.select_option("#year-from", "2021")
    page.select_option("#year-to", "2021")
    shown_2021 = page.evaluate("window.kgViz.time.shownIds()")
    assert shown_2021 == sorted(i for i in everything if 2021 in years["nodes"].get(i, [2021]))
    assert "park:松北数据中心产业园二期" not in shown_2021

    page.click("#years-all")
    assert page.evaluate("window.kgViz.time.shownCount()") == len(everything)


def test_a_link_keeps_the_years_it_was_copied_with(page, base_url: str) -> None:  # noqa: F811
    open_viz(page, f"{base_url}/viz")
    page.wait_for_function("() => window.kgViz.time.state.years.length > 0", timeout=30_000)
    page.select_option("#year-from", "2022")
    page.select_option("#year-to", "2022")
    assert "from=2022" in page.url and "to=2022" in page.url
    shown = page.evaluate("window.kgViz.time.shownIds()")

    link = page.url
    page.goto("about:blank")
    open_viz(page, link)  # the link, opened anew: same years chosen, same nodes shown
    page.wait_for_function("() => window.kgViz.time.state.years.length > 0", timeout=30_000)
    wait_until_idle(page)
    assert page.input_value("#year-from") == "2022" and page.input_value("#year-to") == "2022"
    assert page.evaluate("window.kgViz.time.shownIds()") == shown

    page.click("#years-all")
    assert "from=" not in page.url and "to=" not in page.url


def test_selecting_a_park_lists_its_events_in_date_order(page, base_url: str) -> None:  # noqa: F811
    open_viz(page, f"{base_url}/viz")
    page.evaluate("id => window.kgViz.expand(id)", DATA_PARK)
    page.wait_for_function("id => window.kgViz.state.selected === id", arg=DATA_PARK, timeout=30_000)
    wait_until_idle(page)
    box = page.locator("#panel-timeline")
    assert box.get_attribute("data-entity") == DATA_PARK
    items = box.locator("ol.timeline li")
    assert items.count() == 2
    rows = [items.nth(i).inner_text() for i in range(2)]
    assert "2021" in rows[0] and "开工" in rows[0] and "planned" in rows[0] and "年产10万吨" in rows[0]
    assert "2022" in rows[1] and "投产" in rows[1] and "done" in rows[1]
    assert "松北数据中心产业园建成投产" in rows[1]
