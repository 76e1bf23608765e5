"""Dated documents and events: how a date is found, how a milestone is read (planned or done, its
figures), and promises against outcomes on both stores, on two short reports of consecutive years."""

from __future__ import annotations

from pathlib import Path

import pytest
from store_support import StoreFactory, canonical, open_stores
from typer.testing import CliRunner

from graph.core import timeline
from graph.core.model import GraphDocument, node_id
from graph.core.protocol import GraphStore
from loaders.dates import InvalidDate, document_date, parse_date
from loaders.report import document_json, load_text

PLAN_2021 = """一、2020年工作回顾
哈尔滨冰雪大世界产业园竣工投用。
二、2021年工作安排
推动松北数据中心产业园开工建设，力争年产10万吨。加快太阳岛会展中心建设，总投资12亿元。启动呼兰河口湿地公园建设。
"""
REVIEW_2022 = """一、2021年工作回顾
松北数据中心产业园建成投产。太阳岛会展中心加快推进。
二、2022年工作安排
推动松北数据中心产业园二期开工。
"""
DATA_PARK = node_id("Park", "松北数据中心产业园")
HALL = node_id("Project", "太阳岛会展中心")
WETLAND = node_id("Project", "呼兰河口湿地公园")
PHASE_TWO = node_id("Park", "松北数据中心产业园二期")


def reports() -> list[GraphDocument]:
    return [load_text(PLAN_2021, "songbei-2021"), load_text(REVIEW_2022, "songbei-2022")]


def events_of(doc: GraphDocument) -> dict[tuple[str, str, bool], dict]:
    return {
        (n.properties["entity"], n.properties["stage"], n.properties["planned"]): n.properties
        for n in doc.nodes
        if n.label == "Event"
    }


# --- dates --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "document", "source", "given", "expected"),
    [
        ("", "x", None, "2024-1-8", ("2024-01-08", 2024, "given")),
        ("来源:黑龙江日报 (2019-05-10)\n\n本报9日讯", "shenha-park-signing-2019", None, None,
         ("2019-05-10", 2019, "dateline")),
        ("关于2024年工作的报告\n2024年1月8日\n各位代表：", "report", None, None,
         ("2024-01-08", 2024, "dateline")),
        ("2009年6月30日，坪山新区成立……", "2017年坪山区政府工作报告_2017", None, None,
         ("2017", 2017, "file name")),
        ("", "upload", "盐田区2015年政府工作报告_2015.txt", None, ("2015", 2015, "file name")),
        ("一、2022年工作回顾\n……\n二、2023年工作安排", "report", None, None, ("2023", 2023, "headings")),
        ("二、2023年主要工作\n……", "report", None, None, ("2023", 2023, "headings")),
        ("重点推动龙江碳谷等14个项目开工。", "harbin-new-area-2021-report", None, None,
         ("2021", 2021, "file name year")),
    ],
)  # fmt: skip
def test_the_first_rule_that_answers_dates_the_document(
    text: str, document: str, source: str | None, given: str | None, expected: tuple[str, int, str]
) -> None:
    found = document_date(text, document, source, given)
    assert found is not None
    assert (found.date, found.year, found.source) == expected


def test_no_rule_no_date_and_a_bad_given_date_is_refused() -> None:
    assert document_date("推动项目开工。", "notes") is None
    assert document_date("", "report-2019-2021") is None  # two years: which one is unknown
    for bad in ("2021-13", "21", "2021/05/01", "2021-02-40"):
        with pytest.raises(InvalidDate):
            parse_date(bad)


def test_kg_load_date_dates_every_document(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from graph.embedded.store import EmbeddedStore
    from kg.cli import app
    from settings import get_settings

    monkeypatch.setenv("KG_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("KG_STORE", "embedded")
    get_settings.cache_clear()
    report = tmp_path / "notes.txt"
    report.write_text("推动松北数据中心产业园开工建设。", encoding="utf-8")
    try:
        bad = CliRunner().invoke(app, ["load", str(report), "--date", "2021-13"])
        assert bad.exit_code == 1 and "no month 13" in bad.output and "nothing was loaded" in bad.output
        good = CliRunner().invoke(app, ["load", str(report), "--date", "2020-06"])
        assert good.exit_code == 0, good.output
    finally:
        get_settings.cache_clear()
    store = EmbeddedStore(tmp_path / "graph.json")
    (doc,) = store.documents()
    assert (doc.node.properties["date"], doc.node.properties["date_source"]) == ("2020-06", "given")
    ((event, entity),) = store.events()
    assert (
        entity.id == DATA_PARK and event.properties["date"] == "2020-06" and event.properties["year"] == 2020
    )


# --- events ------------------------------------------------------------------------------------


def test_milestones_are_planned_in_the_plan_and_done_in_the_review() -> None:
    plan, review = reports()
    assert events_of(plan).keys() == {
        (node_id("Park", "哈尔滨冰雪大世界产业园"), "投用", False),  # 竣工投用: the furthest stage
        (DATA_PARK, "开工", True),
        (HALL, "在建", True),
        (WETLAND, "在建", True),
    }
    assert events_of(review).keys() == {(DATA_PARK, "投产", False), (PHASE_TWO, "开工", True)}
    for doc, year in ((plan, 2021), (review, 2022)):
        for event in events_of(doc).values():
            assert (event["date"], event["year"], event["document"]) == (str(year), year, doc.id)


def test_figures_belong_to_the_event_of_their_clause() -> None:
    events = events_of(reports()[0])
    assert events[(DATA_PARK, "开工", True)]["capacity"] == "年产10万吨"
    assert events[(HALL, "在建", True)]["investment_yi"] == 12.0
    assert "investment_yi" not in events[(DATA_PARK, "开工", True)]
    assert "capacity" not in events[(WETLAND, "在建", True)]


@pytest.mark.parametrize(
    ("text", "stage", "planned"),
    [
        ("松北数据中心产业园已开工建设。", "开工", False),
        ("计划年内建成松北数据中心产业园。", "竣工", True),
        ("加快松北数据中心产业园建设。", "在建", True),  # no review or plan part: a push is a plan
        ("一、2021年工作回顾\n加快松北数据中心产业园建设。", "在建", False),  # in the review: done
        ("二、2022年工作安排\n松北数据中心产业园投入使用。", "投用", True),
        ("二、2022年工作安排\n松北数据中心产业园已投产。", "投产", False),
        ("力争完成投资5亿元，实现松北数据中心产业园投入使用。", "投用", True),
    ],
)
def test_stage_and_planned_read_from_the_sentence(text: str, stage: str, planned: bool) -> None:
    doc = load_text(text, "notes")
    assert [(k[1], k[2]) for k in events_of(doc) if k[0] == DATA_PARK] == [(stage, planned)]


def test_events_carry_the_mention_as_provenance_and_link_from_their_entity() -> None:
    doc = reports()[0]
    by_id = {n.id: n for n in doc.nodes}
    links = [r for r in doc.relationships if r.type == "HAS_EVENT"]
    assert len(links) == 4
    for r in links:
        event = by_id[r.target]
        assert event.label == "Event" and by_id[r.source].id == event.properties["entity"]
        assert r.provenance == event.provenance
        for p in event.provenance:
            assert PLAN_2021[p.start : p.end] == by_id[r.source].name


def test_extract_output_stays_byte_identical() -> None:
    assert document_json(load_text(PLAN_2021, "songbei-2021")) == document_json(reports()[0])


# --- both stores ---------------------------------------------------------------------------------


def promises_of(store: GraphStore) -> dict[str, tuple]:
    years = {d.id: d.node.properties["year"] for d in store.documents()}
    return {
        r.entity.id: (
            r.year,
            r.outcome,
            r.outcome_event.properties["stage"] if r.outcome_event else None,
            r.years,
            r.later_documents,
        )
        for r in timeline.promises(store.events(), years)
    }


def test_promises_and_outcomes_on_both_stores(make_store: StoreFactory) -> None:
    store = make_store()
    for doc in reports():
        store.write_document(doc)
    assert promises_of(store) == {
        DATA_PARK: (2021, "done", "投产", 1, ("songbei-2022",)),
        HALL: (2021, "mentioned", None, None, ("songbei-2022",)),
        WETLAND: (2021, "not mentioned again", None, None, ()),
        PHASE_TWO: (2022, "no later report", None, None, ()),
    }
    pairs = store.events()
    assert pairs == sorted(pairs, key=timeline.event_sort_key)
    assert [e.properties["year"] for e, _ in pairs] == [2021] * 4 + [2022] * 2
    assert {x.label for _, x in store.events(label="Park")} == {"Park"}
    assert [e.properties["stage"] for e, _ in store.events(entity=DATA_PARK)] == ["开工", "投产"]
    assert store.events(entity="project:没有") == []
    with pytest.raises(ValueError):
        store.events(label="Nothing")
    # Events are not entities: search never finds them.
    assert all(h.node.label != "Event" for h in store.search("松北数据中心产业园", limit=100).hits)


def test_deleting_the_later_report_takes_its_events_and_outcomes(make_store: StoreFactory) -> None:
    store = make_store()
    for doc in reports():
        store.write_document(doc)
    assert store.delete_document("songbei-2022")
    assert promises_of(store)[DATA_PARK] == (2021, "no later report", None, None, ())
    assert all(e.properties["document"] == "songbei-2021" for e, _ in store.events())
    assert store.get_entity(PHASE_TWO) is None


@pytest.mark.neo4j
def test_both_stores_give_the_same_events(tmp_path: Path, request: pytest.FixtureRequest) -> None:
    answers = []
    for kind in ("embedded", "neo4j"):
        factory = open_stores(kind, tmp_path / kind, request)
        store = next(factory)()
        for doc in reports():
            store.write_document(doc)
        answers.append(
            canonical(
                [
                    [list(pair) for pair in pairs]
                    for pairs in (
                        store.events(),
                        store.events(label="Project"),
                        store.events(entity=DATA_PARK),
                    )
                ]
            )
        )
        next(factory, None)
    assert answers[0] == answers[1]
