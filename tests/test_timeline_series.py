"""Promises and outcomes across the years, on real series of Shenzhen district work reports.

Each expectation was checked by hand against the sentences of the reports: the promise in the report
of year N (its plan part) and the first later report that says the stage, or a later one, was done.
Both stores hold the same series and must give the same answers.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from store_support import open_stores

from graph.core import timeline
from graph.core.model import GraphDocument, canonical_key
from graph.core.protocol import GraphStore

# The reports loaded: whole consecutive runs of years, so "the first later report" is exact.
SERIES = {
    "罗湖": ("政府工作报告（在深圳市罗湖区", range(2015, 2026)),
    "坪山": ("坪山区政府工作报告", range(2018, 2025)),
    "盐田": ("盐田区", (2015, 2016, 2023, 2024)),
}

# (entity id, promise year, promised stage) → (outcome, year reported done, stage reported done).
# The quotes, abridged: P = the promise, D = the report of it done.
EXPECTED = {
    # 罗湖. P 2017: 支持中国版权保护中心粤港澳版权登记大厅建设运营; D 2018: …版权登记大厅正式开业
    ("project:中国版权保护中心", 2017, "投用"): ("done", 2018, "开园"),
    # P 2018: 建成深圳珠宝博物馆，体现世界一流; 2019: …等多个公共平台启动 (no stage);
    # D 2020: 深圳珠宝博物馆、珠宝技术研究院、珠宝行业综合服务中心揭牌运营 (2021 says 建成 again)
    ("project:深圳珠宝博物馆", 2018, "竣工"): ("done", 2020, "投用"),
    # P 2018: 建成城区运行指挥中心和1918个视频监控点; D 2020: 高标准建成城区运行指挥中心
    ("project:城区运行指挥中心", 2018, "竣工"): ("done", 2020, "竣工"),
    # P 2020: 开工建设“两馆一中心”、粤海体育休闲公园; D 2021: 粤海体育休闲公园(一期)…开工建设
    ("project:粤海体育休闲公园", 2020, "开工"): ("done", 2021, "开工"),
    # P 2022: 加快推进恒力科技大厦、中金岭南新材料产业大厦等重点项目建设; 2023 promised it again, 2024
    # is silent; D 2025: 清水河棚改项目和恒力科技大厦、博元大厦等产业项目主体结构封顶
    ("project:恒力科技大厦", 2022, "在建"): ("done", 2025, "封顶"),
    # P 2015: 推进罗湖体育休闲公园建设; D 2017: 罗湖体育休闲公园建成开放
    ("project:罗湖体育休闲公园", 2015, "在建"): ("done", 2017, "竣工"),
    # 坪山. P 2018: 推进“深港澳青年创新创业基地”建设; D 2020: 深港澳青年创新创业基地投入使用
    ("project:深港澳青年创新创业基地", 2018, "在建"): ("done", 2020, "投用"),
    # P 2019: 推进新河工业园、陆河螺溪谷等建设; D 2021: 建成新河工业园、华侨城螺溪谷等协作帮扶项目
    ("park:新河工业园", 2019, "在建"): ("done", 2021, "竣工"),
    # P 2022: 加快推动香港名医诊疗中心、希玛眼科医院大湾区总部等项目建设; D 2024: …大湾区总部主体封顶
    ("project:希玛眼科医院大湾区总部", 2022, "在建"): ("done", 2024, "封顶"),
    # P 2022: 实现坑梓科技文化中心、龙田文体中心主体封顶; D 2023: 坑梓科技文化中心封顶
    ("project:坑梓科技文化中心", 2022, "封顶"): ("done", 2023, "封顶"),
    # P 2022: (same sentence); D 2024: 区科技文化中心、龙田文体中心建成封顶
    ("project:龙田文体中心", 2022, "封顶"): ("done", 2024, "竣工"),
    # 盐田. P 2015: 支持…周大福高新科技研发生产中心…等项目建设; D 2016: …完成封顶
    ("project:周大福高新科技研发生产中心", 2015, "在建"): ("done", 2016, "封顶"),
    # P 2015: 加快烟墩山生态公园…建设; D 2016: 烟墩山生态公园基本完工
    ("project:烟墩山生态公园", 2015, "在建"): ("done", 2016, "竣工"),
    # P 2015: 推动精茂进口商品展示交易中心…等项目建设; D 2016: 精茂进口商品展示交易中心开业运营
    ("project:精茂进口商品展示交易中心", 2015, "在建"): ("done", 2016, "开园"),
    # P 2023: 建成恩上古村生态公园二期; D 2024: 高品质建成恩上古村生态公园二期等4座公园
    ("project:恩上古村生态公园二期", 2023, "竣工"): ("done", 2024, "竣工"),
    # P 2023: 推动…江屋村二期…开工; D 2024: …江屋村二期…开工
    ("project:江屋村二期", 2023, "开工"): ("done", 2024, "开工"),
}


def series_files(corpus: Path) -> list[Path]:
    files = []
    for marker, years in SERIES.values():
        for year in years:
            found = sorted(corpus.glob(f"*{marker}*_{year}.txt"))
            assert found, f"no report of {marker} for {year}"
            files += found
    return files


@pytest.fixture(scope="module")
def series(shared_dir: Path) -> list[GraphDocument]:
    from loaders.report import load_report

    return [load_report(f) for f in series_files(shared_dir / "corpus" / "reports-shenzhen")]


@pytest.fixture(scope="module", params=["embedded", "neo4j"])
def loaded(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory, series: list[GraphDocument]
) -> Iterator[GraphStore]:
    if request.param == "neo4j":
        request.getfixturevalue("neo4j_settings")
    opened = open_stores(request.param, tmp_path_factory.mktemp("series"), request)
    make = next(opened)
    store = make()
    for doc in series:
        store.write_document(doc)
    yield store
    opened.close()


def all_promises(store: GraphStore) -> list[timeline.PromiseOutcome]:
    years = {d.id: d.node.properties["year"] for d in store.documents()}
    return timeline.promises(store.events(), years)


def outcomes(store: GraphStore) -> dict[tuple[str, int, str], timeline.PromiseOutcome]:
    """By (entity, year, stage): two reports of one year promising the same keep the first."""
    found: dict[tuple[str, int, str], timeline.PromiseOutcome] = {}
    for r in all_promises(store):
        found.setdefault((r.entity.id, r.year, str(r.promise.properties["stage"])), r)
    return found


@pytest.mark.shared
def test_every_report_of_the_series_is_dated_by_its_year(series: list[GraphDocument]) -> None:
    for doc in series:
        year = int(doc.id.rsplit("_", 1)[1])
        assert doc.document.properties["year"] == year, doc.id
        assert doc.document.properties["date_source"] == "file name"


@pytest.mark.shared
def test_hand_checked_promises_are_reported_done_in_the_right_later_year(loaded: GraphStore) -> None:
    found = outcomes(loaded)
    for key, (outcome, done_year, done_stage) in EXPECTED.items():
        assert key in found, f"no promise {key}"
        r = found[key]
        assert r.promise.properties["planned"] is True
        names = [canonical_key(n) for n in (r.entity.name, *r.entity.aliases)]
        assert any(n in canonical_key(r.promise.provenance[0].quote) for n in names), key
        assert r.outcome_event is not None, f"{key}: {r.outcome}"
        assert any(n in canonical_key(r.outcome_event.provenance[0].quote) for n in names), key
        got = (r.outcome, r.outcome_event.properties["year"], r.outcome_event.properties["stage"])
        assert got == (outcome, done_year, done_stage), key
        assert r.years == done_year - key[1]
        assert r.outcome_event.properties["planned"] is False
    per_district = {"罗湖": 0, "坪山": 0, "盐田": 0}
    for key in EXPECTED:
        docs = {p.document for p in found[key].promise.provenance}
        for district in per_district:
            if any(district in d for d in docs):
                per_district[district] += 1
    assert all(n >= 5 for n in per_district.values()), per_district


@pytest.mark.shared
def test_an_entity_timeline_is_in_date_order_with_its_quotes(loaded: GraphStore) -> None:
    pairs = loaded.events(entity="project:粤海体育休闲公园")
    years = [e.properties["year"] for e, _ in pairs]
    assert years == sorted(years)
    # 开工建设…粤海体育休闲公园 (2020), …开工建设 (2021); its first phase has events of its own.
    assert {2020, 2021} <= set(years)
    for event, entity in pairs:
        assert entity.id == "project:粤海体育休闲公园"
        assert "粤海体育休闲公园" in event.provenance[0].quote


@pytest.mark.shared
def test_a_period_filter_keeps_its_years_and_stage(loaded: GraphStore) -> None:
    found = timeline.timeline(loaded.events(label="Project"), 2016, 2020, "竣工")
    assert found
    assert all(2016 <= e.properties["year"] <= 2020 and e.properties["stage"] == "竣工" for e, _ in found)
    assert all(x.label == "Project" for _, x in found)
    # 建成城区运行指挥中心 is planned in 2018 and reported done in 2020: both in the period.
    keys = {(x.id, e.properties["year"], e.properties["planned"]) for e, x in found}
    assert {("project:城区运行指挥中心", 2018, True), ("project:城区运行指挥中心", 2020, False)} <= keys


@pytest.mark.shared
def test_both_stores_give_the_same_timeline(series: list[GraphDocument], loaded: GraphStore) -> None:
    """The embedded store's answers, recomputed from the documents alone, equal this store's."""
    from graph.core.merge import replay, visible_node

    nodes, rels = replay(series)
    visible = {i: visible_node(s) for i, s in nodes.items()}
    pairs = [(visible[t], visible[s]) for (s, type_, t) in rels if type_ == "HAS_EVENT"]
    expected = sorted(pairs, key=timeline.event_sort_key)
    assert [(e.id, x.id) for e, x in loaded.events()] == [(e.id, x.id) for e, x in expected]
    assert loaded.events() == expected


@pytest.mark.shared
@pytest.mark.neo4j
@pytest.mark.parametrize("loaded", ["neo4j"], indirect=True)
def test_the_promises_cypher_file_agrees_with_the_api_on_the_series(
    loaded: GraphStore, neo4j_settings
) -> None:
    """cypher/queries/22-promises-and-outcomes.cypher, run as a Browser user would on real Neo4j,
    gives every promise the outcome graph.core.timeline gives it."""
    from neo4j import GraphDatabase

    from graph.outputs.browser_guide import query_files

    query = next(q for q in query_files() if q.name.startswith("22-"))
    password = neo4j_settings.neo4j_password.get_secret_value() if neo4j_settings.neo4j_password else None
    auth = (neo4j_settings.neo4j_user, password) if password else None
    with (
        GraphDatabase.driver(neo4j_settings.neo4j_uri, auth=auth) as driver,
        driver.session(database=neo4j_settings.neo4j_database) as session,
    ):
        params = {
            name: session.run(f"RETURN {expr} AS value").single()["value"] for name, expr in query.params
        }
        rows = [r.data() for r in session.run(query.body, params)]
    got = [
        (r["promised"], r["entity"], r["stage"], r["outcome"], r["done_year"], r["done_stage"]) for r in rows
    ]
    expected = [
        (
            r.year,
            r.entity.name,
            r.promise.properties["stage"],
            r.outcome,
            r.outcome_event.properties["year"] if r.outcome_event else None,
            r.outcome_event.properties["stage"] if r.outcome_event else None,
        )
        for r in all_promises(loaded)
    ]
    assert len(got) > 100
    assert got == expected
    kinds = {row[3] for row in got}
    assert {"done", "mentioned", "not mentioned again"} <= kinds


@pytest.fixture(scope="module")
def harbin(shared_dir: Path) -> list[GraphDocument]:
    from loaders.report import load_report

    corpus = shared_dir / "corpus"
    files = [corpus / "seed" / "harbin-new-area-2021-report.txt", *sorted((corpus / "dev").glob("*.txt"))]
    return [load_report(f) for f in files]


@pytest.fixture(params=["embedded", "neo4j"])
def harbin_store(
    request: pytest.FixtureRequest, tmp_path: Path, harbin: list[GraphDocument]
) -> Iterator[GraphStore]:
    opened = open_stores(request.param, tmp_path, request)
    store = next(opened)()
    for doc in harbin:
        store.write_document(doc)
    yield store
    opened.close()


@pytest.mark.shared
def test_the_shenzhen_harbin_park_across_2019_2021_and_2024(harbin_store: GraphStore) -> None:
    """Dated by their datelines (来源:… (2019-05-10)) and the report's file name; the park signed in
    2019, planned to be built in the 2021 report (力争完成投资11.31亿元), reported being built two
    years on (2021-05-18), and named again in the 2024 article."""
    dates = {d.id: d.node.properties["date"] for d in harbin_store.documents()}
    assert dates == {
        "harbin-new-area-2021-report": "2021",
        "shenha-cooperation-119-projects-2024": "2024-08-07",
        "shenha-park-signing-2019": "2019-05-10",
        "shenha-park-two-years-2021": "2021-05-18",
    }
    park = "park:深圳(哈尔滨)产业园区"
    events = [
        (
            e.properties["date"],
            e.properties["stage"],
            e.properties["planned"],
            e.properties.get("investment_yi"),
        )
        for e, _ in harbin_store.events(entity=park)
    ]
    assert events == [
        ("2019-05-10", "签约", False, None),
        ("2021", "在建", True, 11.31),
        ("2021-05-18", "在建", False, None),
    ]
    years = {d.id: d.node.properties["year"] for d in harbin_store.documents()}
    (promise,) = [r for r in timeline.promises(harbin_store.events(), years) if r.entity.id == park]
    # The 2021-05-18 article is of the promise's own year: not a later report. 2024 names the park.
    assert (promise.year, promise.outcome, promise.later_documents) == (
        2021,
        "mentioned",
        ("shenha-cooperation-119-projects-2024",),
    )
