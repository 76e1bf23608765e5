"""Every exploration query of cypher/queries/ answers on the seed report in a real Neo4j, run with the
parameters its header documents (the ``:param`` lines a Browser user pastes)."""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import neo4j_target
import pytest
from sample_graph import seed_graph_document

from graph.core.protocol import Counts
from graph.outputs.browser_guide import QueryFile, query_files

PARK = "深圳（哈尔滨）产业园区"
SEED = "harbin-new-area-2021-report"
Rows = list[dict[str, Any]]


def _text(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, default=str)


def _column(rows: Rows, name: str) -> list[Any]:
    return [row[name] for row in rows]


def _flat(values: list[Any]) -> list[Any]:
    return [v for value in values for v in (value if isinstance(value, list) else [value])]


def _is_hq(name: str) -> bool:
    """科创总部 (its first phase, 科创总部一期, is the same project)."""
    return name.startswith("科创总部")


def check_projects_by_park(rows: Rows) -> None:
    assert any(r["park"] == PARK and _is_hq(r["project"]) for r in rows)


def check_inside_park(rows: Rows) -> None:
    assert any(_is_hq(name) for name in _column(rows, "name"))


def check_partners(rows: Rows) -> None:
    cooperation = [r for r in rows if r["link"] == "COOPERATES_WITH"]
    assert {"深圳", "深圳前海蛇口片区"} & set(_column(cooperation, "shenzhen_side"))


def check_delegate_proposals(rows: Rows) -> None:
    assert rows and all(r["delegate"] == "戴瑞" for r in rows)
    assert "人大代表" in (rows[0]["role"] or "")
    assert all(r["proposal"] for r in rows)
    assert "哈尔滨新区" in _flat(_column(rows, "touches"))


def check_projects_by_status(rows: Rows) -> None:
    names = {r["status"]: r["names"] for r in rows}
    assert _column(rows, "status") == ["开工", "复工", "投产", "竣工"]
    assert "龙江碳谷" in names["开工"]
    assert "正威新一代材料产业园" in names["复工"]
    assert "科友半导体" in names["投产"]
    assert "哈尔滨极地馆二期" in names["竣工"]


def check_pillar(rows: Rows) -> None:
    assert all("创新驱动" in r["pillar"] for r in rows)
    assert _column(rows, "ordinal") == list(range(1, len(rows) + 1))
    mentioned = set(_flat(_column(rows, "mentions")))
    assert {"龙江碳谷", "科友半导体"} <= mentioned


def check_indicators(rows: Rows) -> None:
    gdp = [r for r in rows if r["indicator"] == "地区生产总值"]
    assert gdp and "10%" in _text(gdp)  # the 2021 target: 同比增长10%左右
    assert "500" in _text(gdp)  # the 2020 actual: 突破500亿元


def check_shortest_path(rows: Rows) -> None:
    assert rows
    assert all(_is_hq(r["names"][0]) and r["names"][-1] == "哈尔滨新区" for r in rows)
    assert len({r["hops"] for r in rows}) == 1  # all shortest: one length


def check_most_connected(rows: Rows) -> None:
    degrees = _column(rows, "degree")
    assert len(rows) == 10 and degrees == sorted(degrees, reverse=True)
    assert {"哈尔滨新区", PARK, "自贸试验区哈尔滨片区"} & set(_column(rows, "name"))


def check_fulltext(rows: Rows) -> None:
    assert PARK in _column(rows, "name")
    scores = _column(rows, "score")
    assert scores == sorted(scores, reverse=True)


def check_cross_document(rows: Rows) -> None:
    assert rows and all(r["entity"] == PARK for r in rows)
    assert SEED in rows[0]["documents"]
    assert any(r["section"] for r in rows)


def check_park_hierarchy(rows: Rows) -> None:
    zone = [r for r in rows if r["park"] == "自贸试验区哈尔滨片区"]
    assert zone
    parents = set(_flat(_column(zone, "chain")))
    assert {"中国（黑龙江）自由贸易试验区", "哈尔滨新区"} & parents


def check_organizations(rows: Rows) -> None:
    things = {(r["organization"], t) for r in rows for t in r["things"]}
    assert {
        ("华为", "华为黑龙江鲲鹏创新中心"),
        ("哈工大", "哈工大创新中心"),
        ("哈工程", "哈工程创新中心"),
    } & things


def check_cooperation(rows: Rows) -> None:
    assert "深圳前海蛇口片区" in _flat(_column(rows, "partners"))
    assert all(r["n"] == len(r["partners"]) >= 1 for r in rows)


def check_sections(rows: Rows) -> None:
    offsets = _column(rows, "offset")
    assert offsets == sorted(offsets)
    pillars = {r["ordinal"]: r for r in rows if r["kind"] == "pillar"}
    assert sorted(pillars) == [1, 2, 3, 4, 5, 6]
    assert "创新驱动" in pillars[2]["section"]
    assert pillars[2]["parts"][:3] == [
        "一是以创新统领经济发展",
        "二是创新开展招商引资",
        "三是创新推进产业项目建设",
    ]
    assert pillars[2]["mentions"] > 0


def check_people(rows: Rows) -> None:
    dai = [r for r in rows if r["person"] == "戴瑞"]
    assert dai and "人大代表" in (dai[0]["role"] or "") and dai[0]["proposals"] >= 1


def check_neighbourhood(rows: Rows) -> None:
    assert any(r["neighbour"] == PARK and r["type"] == "BELONGS_TO" and r["direction"] == "out" for r in rows)


def check_why_this_link(rows: Rows) -> None:
    belongs = [r for r in rows if r["type"] == "BELONGS_TO"]
    assert belongs
    quotes = [p["quote"] for p in json.loads(belongs[0]["provenance"])]
    assert any("科创总部" in q for q in quotes)
    assert SEED in belongs[0]["documents"]


def check_overview(rows: Rows) -> None:
    counts = {(r["kind"], r["name"]): r["count"] for r in rows}
    assert counts[("node", "Project")] > 0 and counts[("node", "Section")] > 0
    assert counts[("relationship", "MENTIONS")] > 0 and ("node", "Entity") not in counts


def check_entity_timeline(rows: Rows) -> None:
    # ·重点推动龙江碳谷等14个项目开工。 — the 2021 plan, so planned, dated by the report's year.
    assert [(r["entity"], r["date"], r["stage"], r["status"]) for r in rows] == [
        ("龙江碳谷", "2021", "开工", "planned")
    ]
    assert "龙江碳谷" in _text(rows[0]["provenance"])


def check_events_in_period(rows: Rows) -> None:
    seen = {(r["entity"], r["stage"], r["status"]) for r in rows}
    assert {("龙江碳谷", "开工", "planned"), ("科友半导体", "投产", "done")} <= seen
    assert all(r["stage"] in ("开工", "投产", "竣工") and r["date"] == "2021" for r in rows)


def check_promises(rows: Rows) -> None:
    # One report alone: every promise waits for a later report.
    assert {r["outcome"] for r in rows} == {"no later report"}
    assert ("龙江碳谷", "开工") in {(r["entity"], r["stage"]) for r in rows}
    assert all(r["promised"] == 2021 for r in rows)


# One specific check per query file: a new file without a check fails test_every_query_has_a_check.
CHECKS: dict[str, Callable[[Rows], None]] = {
    "01-projects-by-park.cypher": check_projects_by_park,
    "02-inside-park.cypher": check_inside_park,
    "03-shenzhen-harbin-partners.cypher": check_partners,
    "04-delegate-proposals.cypher": check_delegate_proposals,
    "05-projects-by-status.cypher": check_projects_by_status,
    "06-pillar-mentions.cypher": check_pillar,
    "07-indicators.cypher": check_indicators,
    "08-shortest-path.cypher": check_shortest_path,
    "09-most-connected.cypher": check_most_connected,
    "10-fulltext-search.cypher": check_fulltext,
    "11-cross-document-mentions.cypher": check_cross_document,
    "12-park-hierarchy.cypher": check_park_hierarchy,
    "13-organizations-operations.cypher": check_organizations,
    "14-cooperation-network.cypher": check_cooperation,
    "15-document-sections.cypher": check_sections,
    "16-people-and-bodies.cypher": check_people,
    "17-entity-neighbourhood.cypher": check_neighbourhood,
    "18-why-this-link.cypher": check_why_this_link,
    "19-graph-overview.cypher": check_overview,
    "20-entity-timeline.cypher": check_entity_timeline,
    "21-events-in-period.cypher": check_events_in_period,
    "22-promises-and-outcomes.cypher": check_promises,
}
QUERIES = query_files()


def test_every_query_has_a_check_and_a_documented_header() -> None:
    assert len(QUERIES) >= 15
    assert {q.name for q in QUERIES} == set(CHECKS)
    for query in QUERIES:
        assert query.question.endswith("?"), query.name
        assert query.look_at, query.name
        used = {name for name, _ in query.params}
        # Every parameter the body uses is documented (a Browser user gets no other).
        for name in re.findall(r"\$([A-Za-z_][A-Za-z0-9_]*)", query.body):
            assert name in used, f"{query.name}: ${name} has no :param line"


@dataclass
class Seeded:
    """A session on a Neo4j holding the seed report, and the store's counts of it."""

    session: Any
    counts: Counts


@pytest.fixture(scope="module")
def seeded(neo4j_settings: Any) -> Iterator[Seeded]:
    """The seed report written by the Neo4j store into a wiped database."""
    from graph.neo4j.store import Neo4jStore

    database = neo4j_settings.neo4j_database
    neo4j_target.wipe(neo4j_settings)
    with neo4j_target.driver(neo4j_settings, notifications_min_severity="OFF") as driver:
        store = Neo4jStore.from_settings(neo4j_settings)
        try:
            store.write_document(seed_graph_document())
            counts = store.counts()
        finally:
            store.close()
        with driver.session(database=database) as session:
            yield Seeded(session, counts)


def run_documented(session: Any, query: QueryFile) -> Rows:
    """Set the documented parameters as Browser does (``:param x => expr`` evaluates ``RETURN expr``),
    then run the body."""
    params = {name: session.run(f"RETURN {expr} AS value").single()["value"] for name, expr in query.params}
    return [record.data() for record in session.run(query.body, params)]


@pytest.mark.neo4j
@pytest.mark.parametrize("query", QUERIES, ids=[q.name for q in QUERIES])
def test_query_answers_on_the_seed_report(seeded: Seeded, query: QueryFile) -> None:
    rows = run_documented(seeded.session, query)
    assert rows, f"{query.name} returned nothing"
    CHECKS[query.name](rows)


@pytest.mark.neo4j
def test_overview_counts_agree_with_the_store(seeded: Seeded) -> None:
    query = next(q for q in QUERIES if q.name.startswith("19-"))
    rows = run_documented(seeded.session, query)
    nodes = {r["name"]: r["count"] for r in rows if r["kind"] == "node"}
    assert nodes == seeded.counts.nodes


@pytest.mark.neo4j
def test_cross_document_mentions_list_every_document(
    seeded: Seeded, neo4j_settings: Any, shared_dir: Path
) -> None:
    """With a news article about the park loaded beside the report, query 11 names both documents."""
    from graph.neo4j.store import Neo4jStore
    from loaders.report import load_report

    article = load_report(shared_dir / "corpus" / "dev" / "shenha-park-two-years-2021.txt")
    store = Neo4jStore.from_settings(neo4j_settings)
    try:
        store.write_document(article)
        query = next(q for q in QUERIES if q.name.startswith("11-"))
        rows = run_documented(seeded.session, query)
    finally:
        store.delete_document(article.id)
        store.close()
    assert rows[0]["document_count"] == 2
    assert set(rows[0]["documents"]) == {SEED, article.id}
    assert len({r["document"] for r in rows}) == 2  # a mentioning section in each document
