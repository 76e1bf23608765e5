"""Corrections by people on both stores: each action, the log's checks, and that corrections survive.

The store conformance suite for curation: every test runs on the embedded store and on a real Neo4j
(wiped first), writes the small documents of ``graphs`` through :class:`graph.curation.Curation`
(as `kg load` and uploads do) and checks what a user would see through the store's protocol.
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

import graphs
import pytest
from graphs import HIT, HQ, HUAWEI, PARK, PERSON, SIC
from store_support import StoreFactory, open_stores, snapshot

from api.ids import find_entity
from graph.core.curation import CURATION_DOCUMENT, CurationRefused
from graph.core.model import GraphDocument, node_id
from graph.core.protocol import GraphStore
from graph.curation import Curation, keeping_for
from graph.outputs.export import export_store


@pytest.fixture
def store(make_store: StoreFactory) -> GraphStore:
    return make_store()


def curation_of(store: GraphStore) -> Curation:
    return Curation(store, lambda ref: find_entity(store, ref))


@pytest.fixture
def curated(store: GraphStore) -> Curation:
    curation = curation_of(store)
    for doc in graphs.all_documents():
        curation.write_document(doc)
    return curation


def forget_log(store: GraphStore) -> None:
    """Remove the store's curation log (where each store keeps it)."""
    if store.kind == "neo4j":
        store._driver.execute_query("MATCH (n:CurationEntry) DELETE n")  # type: ignore[attr-defined]
    else:
        Path(str(store.path) + ".curation").unlink()  # type: ignore[attr-defined]


def exported(store: GraphStore) -> str:
    """What a user compares: the JSON export, counts and documents."""
    return export_store(store, "json")[0] + snapshot(store)


def new_document(text: str, *entities: tuple[str, str, str]) -> GraphDocument:
    """A document loaded later, naming ``(label, name, quote)`` entities, the first two linked."""
    b = graphs._Builder("later-2025", "后来的报道", text)
    body = b.section("article", text[:10])
    nodes = [b.entity(label, name, quote) for label, name, quote in entities]
    for n in nodes:
        b.rel(body, n, "MENTIONS", n.provenance[0].quote)
    if len(nodes) >= 2:
        b.rel(nodes[0], nodes[1], "OPERATED_BY", text)
    return b.build()


# --- each action ------------------------------------------------------------------------------


def test_merge_moves_names_relationships_and_provenance_to_the_kept_entity(curated: Curation) -> None:
    store = curated.store
    entry = curated.add("merge", ["华为", "哈工大"], author="analyst", reason="test")
    assert entry.seq == 1 and entry.entity and entry.entity.id == HUAWEI
    assert store.get_entity(HIT) is None
    huawei = store.get_entity(HUAWEI)
    assert huawei is not None
    assert {"哈工大", "哈尔滨工业大学"} <= set(huawei.aliases)
    assert {p.quote for p in huawei.provenance} >= {"华为与哈工大开展合作", "由华为运营"}
    assert huawei.properties["curated_by"] == [1]
    # 华为 COOPERATES_WITH 哈工大 became a loop and is gone; the others moved.
    types = {nb.node.id: nb.path.relationships[0].type for nb in store.neighbours(HUAWEI)}
    assert HUAWEI not in types
    assert find_entity(store, "哈工大").id == HUAWEI  # the old name resolves


def test_rename_gives_a_new_id_and_keeps_the_old_name_as_alias(curated: Curation) -> None:
    curated.add("rename", ["科创总部"], "深哈科创总部", author="a")
    store = curated.store
    assert store.get_entity(HQ) is None
    hq = store.get_entity(node_id("Project", "深哈科创总部"))
    assert hq is not None and hq.name == "深哈科创总部" and "科创总部" in hq.aliases
    assert [nb.node.id for nb in store.neighbours(hq.id, types=["BELONGS_TO"])] == [PARK]


def test_relabel_changes_label_and_id(curated: Curation) -> None:
    curated.add("relabel", ["深投控"], "Project", author="a")
    store = curated.store
    assert store.get_entity(SIC) is None
    sic = store.get_entity(node_id("Project", "深投控"))
    assert sic is not None and sic.label == "Project"
    assert store.counts().nodes["Organization"] == 3


def test_reject_removes_the_entity_and_its_relationships(curated: Curation) -> None:
    curated.add("reject", ["深投控"], author="a", reason="not in the text")
    store = curated.store
    assert store.get_entity(SIC) is None
    assert store.search("深投控").total == 0
    assert all(nb.node.id != SIC for nb in store.neighbours(PARK))


def test_reject_relationship_removes_only_it(curated: Curation) -> None:
    curated.add("reject", ["科创总部", PARK], "BELONGS_TO", author="a")
    store = curated.store
    assert store.neighbours(HQ, types=["BELONGS_TO"]) == []
    assert store.get_entity(HQ) is not None and store.get_entity(PARK) is not None


def test_alias_is_searchable(curated: Curation) -> None:
    curated.add("alias", ["华为"], "华为技术有限公司", author="a")
    hits = curated.store.search("华为技术有限公司").hits
    assert hits and hits[0].node.id == HUAWEI


def test_link_adds_a_relationship_with_its_note_as_provenance(curated: Curation) -> None:
    curated.add("link", ["戴瑞", "华为"], "MEMBER_OF", note="华为官网: 戴瑞任顾问", author="a")
    store = curated.store
    found = store.neighbours(PERSON, types=["MEMBER_OF"], direction="out")
    assert sorted(nb.node.id for nb in found) == sorted([HUAWEI, node_id("Organization", "松北区人大")])
    rels = [
        r
        for r in store.all_graph().relationships
        if (r.source, r.type, r.target) == (PERSON, "MEMBER_OF", HUAWEI)
    ]
    assert len(rels) == 1
    (prov,) = rels[0].provenance
    assert prov.document == CURATION_DOCUMENT and prov.quote.endswith("华为官网: 戴瑞任顾问")
    doc = store.document_graph(CURATION_DOCUMENT)
    assert doc is not None and doc.text[prov.start : prov.end] == prov.quote


# --- the log's checks: one clear error, nothing changed ---------------------------------------


@pytest.mark.parametrize(
    ("action", "targets", "value", "message"),
    [
        ("merge", ["华为", "没有这个"], "", "no entity '没有这个'"),
        ("relabel", ["华为"], "Company", "unknown label 'Company'"),
        ("merge", ["华为", "华为"], "", "the same entity"),
        ("link", ["华为", "哈工大"], "KNOWS", "unknown relationship type"),
        ("rename", ["华为"], "哈工大", "exists already"),
    ],
)
def test_bad_entries_are_refused_and_change_nothing(
    curated: Curation, action: str, targets: list[str], value: str, message: str
) -> None:
    before = exported(curated.store)
    with pytest.raises(CurationRefused, match=message):
        curated.add(action, targets, value, note="n", author="a")
    assert curated.entries() == []
    assert exported(curated.store) == before


def test_merging_into_a_rejected_entity_and_merge_cycles_are_refused(curated: Curation) -> None:
    curated.add("reject", ["深投控"], author="a")
    curated.add("merge", ["华为", "哈工大"], author="a")
    log, before = curated.entries(), exported(curated.store)
    with pytest.raises(CurationRefused, match="rejected by entry 1"):
        curated.add("merge", ["深投控", "华为"], author="a")
    with pytest.raises(CurationRefused, match="cycle"):
        curated.add("merge", ["哈工大", "华为"], author="a")
    with pytest.raises(CurationRefused, match="no curation entry 9"):
        curated.undo(9, author="a")
    assert curated.entries() == log
    assert exported(curated.store) == before


# --- corrections survive -----------------------------------------------------------------------


def test_correction_survives_delete_and_reload(curated: Curation) -> None:
    curated.add("merge", ["华为", "哈工大"], author="a")
    curated.add("reject", ["深投控"], author="a")
    after = exported(curated.store)
    for doc in graphs.all_documents():
        assert curated.delete_document(doc.id)
        curated.write_document(doc)  # kg delete, then kg load again
    assert exported(curated.store) == after
    assert curated.store.get_entity(HIT) is None and curated.store.get_entity(SIC) is None


def test_new_document_naming_a_merged_name_resolves_to_the_kept_entity(curated: Curation) -> None:
    curated.add("merge", ["华为", "哈工大"], author="a")
    curated.add("reject", ["深投控"], author="a")
    text = "哈工大科技园由深投控运营，哈工大参与。"
    curated.write_document(
        new_document(
            text,
            ("Park", "哈工大科技园", "哈工大科技园"),
            ("Organization", "深投控", "由深投控运营"),
            ("Organization", "哈工大", "哈工大参与"),
        )
    )
    store = curated.store
    assert store.get_entity(HIT) is None and store.get_entity(SIC) is None
    huawei = store.get_entity(HUAWEI)
    assert huawei is not None and "later-2025" in {p.document for p in huawei.provenance}


def test_alias_resolves_in_new_documents(curated: Curation) -> None:
    curated.add("alias", ["华为"], "华为公司", author="a")
    text = "鲲鹏生态园由华为公司运营。"
    curated.write_document(
        new_document(
            text, ("Park", "鲲鹏生态园", "鲲鹏生态园"), ("Organization", "华为公司", "由华为公司运营")
        )
    )
    store = curated.store
    assert store.get_entity(node_id("Organization", "华为公司")) is None
    assert [nb.node.id for nb in store.neighbours(node_id("Park", "鲲鹏生态园"), types=["OPERATED_BY"])] == [
        HUAWEI
    ]


@pytest.mark.parametrize(
    ("action", "targets", "value"),
    [
        ("merge", ["深圳（哈尔滨）产业园区", "哈尔滨新区"], ""),
        ("rename", ["华为"], "华为技术"),
        ("relabel", ["科创总部"], "Organization"),
        ("reject", ["哈工大"], ""),
        ("reject", ["哈工大", "华为"], "COOPERATES_WITH"),  # symmetric: either way round
        ("alias", ["戴瑞"], "戴代表"),
        ("link", ["深投控", "华为"], "COOPERATES_WITH"),
    ],
)
def test_undo_restores_exactly_the_previous_graph(
    curated: Curation, action: str, targets: list[str], value: str
) -> None:
    before = exported(curated.store)
    entry = curated.add(action, targets, value, note="会议纪要", author="a")
    assert exported(curated.store) != before
    curated.undo(entry.seq, author="a")
    assert exported(curated.store) == before


def test_undo_of_a_rename_a_later_entry_builds_on_is_refused(curated: Curation) -> None:
    curated.add("rename", ["科创总部"], "深哈科创总部", author="a")
    curated.add("alias", ["深哈科创总部"], "科创中心", author="a")
    with pytest.raises(CurationRefused, match="undo entry 2 first"):
        curated.undo(1, author="a")
    curated.undo(2, author="a")
    curated.undo(1, author="a")
    assert curated.store.get_entity(HQ) is not None


def test_an_earlier_entry_undone_leaves_the_later_ones(curated: Curation) -> None:
    curated.add("reject", ["深投控"], author="a")
    curated.add("rename", ["科创总部"], "深哈科创总部", author="a")
    curated.undo(1, author="a")
    store = curated.store
    assert store.get_entity(SIC) is not None
    assert store.get_entity(node_id("Project", "深哈科创总部")) is not None


def test_export_and_import_share_corrections(curated: Curation, make_store: StoreFactory) -> None:
    curated.add("merge", ["华为", "哈工大"], author="a")
    curated.add("reject", ["深投控"], author="a")
    curated.undo(2, author="a")
    data = curated.export()
    for doc in graphs.all_documents():
        curated.delete_document(doc.id)
    forget_log(curated.store)  # another team's store: the same documents, no corrections yet
    fresh = curation_of(curated.store)
    for doc in graphs.all_documents():
        fresh.write_document(doc)
    assert fresh.entries() == []
    with pytest.raises(CurationRefused, match="undoes 7"):
        fresh.import_entries([{**data[2], "undoes": 7}])
    fresh.import_entries([data[0]])
    fresh.import_entries(data)  # the merge again, then the reject and its undo
    assert [(e.seq, e.action, e.undoes) for e in fresh.entries()] == [
        (1, "merge", None),
        (2, "merge", None),
        (3, "reject", None),
        (4, "undo", 3),
    ]
    assert fresh.store.get_entity(HIT) is None and fresh.store.get_entity(SIC) is not None


def test_entity_history_tells_extracted_from_corrected(curated: Curation) -> None:
    curated.add("merge", ["华为", "哈工大"], author="analyst", reason="同一机构")
    huawei = curated.store.get_entity(HUAWEI)
    assert huawei is not None
    history = curated.history(huawei)
    assert [(e.seq, e.author, e.reason) for e in history.entries] == [(1, "analyst", "同一机构")]
    assert sorted((d, n.id, n.name) for d, n in history.extracted) == sorted(
        (d, id, name)
        for d in ("harbin-plan-2021", "shenha-article-2021")
        for id, name in ((HIT, "哈工大"), (HUAWEI, "华为"))
    )


@pytest.mark.neo4j
@pytest.mark.parametrize("make_store", ["neo4j"], indirect=True)
def test_neo4j_node_carries_its_curation_entries(curated: Curation) -> None:
    curated.add("merge", ["华为", "哈工大"], author="a")
    curated.add("alias", ["华为"], "华为公司", author="a")
    records = curated.store._driver.execute_query(  # type: ignore[attr-defined]
        "MATCH (n:Organization {id: $id}) RETURN n.curated_by AS by", id=HUAWEI
    ).records
    assert [r["by"] for r in records] == [[1, 2]]
    # the log's own nodes stay out of the graph's counts
    assert "CurationEntry" not in curated.store.counts().nodes


def test_both_stores_give_identical_curated_graphs(request: pytest.FixtureRequest, tmp_path: Path) -> None:
    results: list[Any] = []
    for kind in ("embedded", "neo4j"):
        factory = open_stores(kind, tmp_path / kind, request)
        make = next(factory)
        (tmp_path / kind).mkdir()
        store = make()
        curation = curation_of(store)
        for doc in graphs.all_documents():
            curation.write_document(doc)
        curation.add("merge", ["深圳（哈尔滨）产业园区", "哈尔滨新区"], author="a")
        curation.add("relabel", ["科创总部"], "Organization", author="a")
        curation.add("link", ["深投控", "戴瑞"], "COOPERATES_WITH", note="纪要", author="a")
        results.append(exported(store))
        store.close()
    assert results[0] == results[1]


# --- several writers -----------------------------------------------------------------------------

# Another process (say `kg curate` while `kg serve` writes): it opens the same store, takes the
# store's curation writer lock, says so, and holds it until its standard input closes.
OTHER_WRITER = """
import sys
import neo4j_target
from graph.curation import keeping_for
kind, path = sys.argv[1], sys.argv[2]
if kind == "neo4j":
    from graph.neo4j.store import Neo4jStore
    store = Neo4jStore.from_settings(neo4j_target.settings())
else:
    from graph.embedded.store import EmbeddedStore
    store = EmbeddedStore(path)
with keeping_for(store).writer():
    print("holding", flush=True)
    sys.stdin.read()
store.close()
"""


def test_a_correction_waits_for_another_process_writing(curated: Curation) -> None:
    store = curated.store
    path = str(getattr(store, "path", ""))
    tests = Path(__file__).parent
    other = subprocess.Popen(
        [sys.executable, "-c", OTHER_WRITER, store.kind, path],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        cwd=tests.parent,
        env={**os.environ, "PYTHONPATH": str(tests)},
    )
    try:
        assert other.stdout is not None and other.stdout.readline() == "holding\n"
        done = threading.Event()
        merging = threading.Thread(
            target=lambda: (curated.add("merge", ["华为", "哈工大"], author="a"), done.set())
        )
        merging.start()
        assert not done.wait(1.0), "the correction did not wait for the other process's write"
        assert store.get_entity(HIT) is not None  # nothing applied meanwhile
    finally:
        assert other.stdin is not None
        other.stdin.close()
        other.wait(timeout=60)
    merging.join(timeout=60)
    assert done.is_set()
    assert store.get_entity(HIT) is None and [e.seq for e in curated.entries()] == [1]
    with keeping_for(store).writer():  # released: the next writer gets it at once
        pass
