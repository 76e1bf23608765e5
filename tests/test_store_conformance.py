"""Both stores answer every protocol method the same way, in the same order, on the same graphs.

Each test runs against the embedded store and against a real Neo4j (wiped first; skipped without a
server unless KG_REQUIRE_NEO4J=1). ``test_both_stores_give_identical_answers`` compares them directly.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import graphs
import pytest
from graphs import AREA, HIT, HQ, HUAWEI, KUNPENG, PARK, PERSON, SIC
from store_support import StoreFactory, canonical, open_stores, snapshot
from test_time_model import DATA_PARK
from test_time_model import reports as time_reports

from graph.core.errors import EntityNotFound
from graph.core.model import GraphDocument, node_id, relationship_key
from graph.core.protocol import GraphStore

PLAN_ITEM = "section:harbin-plan-2021:1"
ARTICLE_BODY = "section:shenha-article-2021:article"


@pytest.fixture
def store(make_store: StoreFactory) -> GraphStore:
    return make_store()


@pytest.fixture
def loaded(store: GraphStore) -> GraphStore:
    for doc in graphs.all_documents():
        store.write_document(doc)
    return store


def expected_counts(docs: list[GraphDocument]) -> tuple[dict[str, int], dict[str, int]]:
    """Counts worked out from the documents alone: distinct ids by label, distinct keys by type."""
    labels = {n.id: n.label for d in docs for n in d.nodes}
    keys = {r.key for d in docs for r in d.relationships}
    return dict(Counter(labels.values())), dict(Counter(k[1] for k in keys))


# --- writing --------------------------------------------------------------------------------


def test_counts_are_distinct_nodes_and_relationships_of_all_documents(loaded: GraphStore) -> None:
    nodes, rels = expected_counts(graphs.all_documents())
    counts = loaded.counts()
    assert counts.nodes == nodes
    assert counts.relationships == rels
    assert list(counts.nodes) == sorted(counts.nodes)


def test_same_park_from_two_documents_is_one_node_with_both_provenances(loaded: GraphStore) -> None:
    park = loaded.get_entity(PARK)
    assert park is not None
    assert park.name == "深圳（哈尔滨）产业园区"  # from the first document id in sorted order
    assert {"深哈产业园", "哈尔滨深圳产业园区", "深圳(哈尔滨)产业园区"} <= set(park.aliases)
    assert park.aliases == sorted(park.aliases)
    assert {p.document for p in park.provenance} == {"harbin-plan-2021", "shenha-article-2021"}
    assert park.provenance == sorted(park.provenance)
    # The later document id wins a conflicting property; the others are kept.
    assert park.properties == {"status": "运营", "opened": 2020}


def test_provenance_quotes_point_into_the_documents_text(loaded: GraphStore) -> None:
    texts = {d.id: d.text for d in graphs.all_documents()}
    everything = loaded.all_graph()
    for item in [*everything.nodes, *everything.relationships]:
        for p in item.provenance:
            assert texts[p.document][p.start : p.end] == p.quote


def test_symmetric_cooperation_written_both_ways_is_one_relationship(loaded: GraphStore) -> None:
    coop = [r for r in loaded.all_graph().relationships if r.type == "COOPERATES_WITH"]
    assert len(coop) == 1
    # Stored once, in the key's order, however each document wrote it.
    key = relationship_key(HIT, "COOPERATES_WITH", HUAWEI)
    assert (coop[0].source, "COOPERATES_WITH", coop[0].target) == key
    assert {p.document for p in coop[0].provenance} == {"harbin-plan-2021", "shenha-article-2021"}
    assert coop[0].properties == {"since": 2021}


def test_write_summary_splits_new_from_existing(store: GraphStore) -> None:
    first = store.write_document(graphs.plan())
    assert first.nodes_existing == {} and first.relationships_existing == {}
    assert sum(first.nodes_new.values()) == len(graphs.plan().nodes)
    second = store.write_document(graphs.article())
    assert second.document == "shenha-article-2021"
    assert second.nodes_existing == {"Organization": 2, "Park": 2}  # 华为, 哈工大, the park, 哈尔滨新区
    assert second.nodes_new == {"Document": 1, "Organization": 1, "Section": 1}  # 深投控
    assert second.relationships_existing == {"COOPERATES_WITH": 1, "LOCATED_IN": 1}


def test_loading_twice_changes_nothing(store: GraphStore) -> None:
    for doc in graphs.all_documents():
        store.write_document(doc)
    before = snapshot(store)
    for doc in graphs.all_documents():
        summary = store.write_document(doc)
        assert summary.nodes_new == {} and summary.relationships_new == {}
        assert sum(summary.nodes_existing.values()) == len(doc.nodes)
    assert snapshot(store) == before


def test_writing_a_document_again_replaces_what_it_said(store: GraphStore) -> None:
    store.write_document(graphs.plan())
    changed = graphs.plan()
    changed.nodes = [n for n in changed.nodes if n.id != KUNPENG]
    changed.relationships = [r for r in changed.relationships if KUNPENG not in (r.source, r.target)]
    for n in changed.nodes:
        if n.id == HQ:
            n.properties = {"status": "竣工"}
    store.write_document(changed)
    assert store.get_entity(KUNPENG) is None
    hq = store.get_entity(HQ)
    assert hq is not None and hq.properties == {"status": "竣工"}
    assert "OPERATED_BY" not in store.counts().relationships


def test_a_relationship_to_an_unknown_node_is_refused_and_nothing_written(store: GraphStore) -> None:
    from graph.core.merge import InvalidDocument
    from graph.core.model import Relationship

    doc = graphs.plan()
    doc.relationships.append(Relationship(HQ, node_id("Place", "莫斯科"), "LOCATED_IN"))
    with pytest.raises(InvalidDocument, match="莫斯科"):
        store.write_document(doc)
    assert store.counts().nodes == {}


# --- deleting -------------------------------------------------------------------------------


def test_deleting_a_document_removes_its_provenance_and_what_only_it_supported(loaded: GraphStore) -> None:
    assert loaded.delete_document("shenha-article-2021") is True
    assert loaded.get_entity(SIC) is None  # only the article named 深投控
    assert loaded.get_entity(ARTICLE_BODY) is None
    park = loaded.get_entity(PARK)
    assert park is not None
    assert {p.document for p in park.provenance} == {"harbin-plan-2021"}
    assert park.aliases == ["深哈产业园"]
    assert park.properties == {"status": "建设中"}
    everything = loaded.all_graph()
    for item in [*everything.nodes, *everything.relationships]:
        assert all(p.document != "shenha-article-2021" for p in item.provenance)
    assert [d.id for d in loaded.documents()] == ["delegate-proposal", "harbin-plan-2021"]
    nodes, rels = expected_counts([graphs.plan(), graphs.proposal()])
    assert loaded.counts().nodes == nodes
    assert loaded.counts().relationships == rels


def test_deleting_every_document_empties_the_store(loaded: GraphStore) -> None:
    for doc in graphs.all_documents():
        assert loaded.delete_document(doc.id)
    assert loaded.counts().nodes == {} and loaded.counts().relationships == {}


def test_deleting_an_unknown_document_says_so_and_changes_nothing(loaded: GraphStore) -> None:
    before = snapshot(loaded)
    assert loaded.delete_document("no-such-document") is False
    assert snapshot(loaded) == before


# --- all or nothing -------------------------------------------------------------------------


class InjectedFailure(RuntimeError):
    pass


def fail_on_second_batch(number: int) -> None:
    if number == 2:
        raise InjectedFailure("batch 2")


def test_a_write_failing_in_its_second_batch_leaves_the_store_as_it_was(make_store: StoreFactory) -> None:
    store = make_store()
    store.write_document(graphs.plan())
    before = snapshot(store)
    failing = make_store(batch_size=1, on_batch=fail_on_second_batch)
    with pytest.raises(InjectedFailure):
        failing.write_document(graphs.article())
    assert snapshot(failing) == before
    assert snapshot(make_store()) == before
    with pytest.raises(InjectedFailure):
        failing.delete_document("harbin-plan-2021")
    assert snapshot(make_store()) == before


def test_documents_written_at_the_same_time_lose_nothing(make_store: StoreFactory) -> None:
    """Two writers (threads with their own store handles) write documents that share nodes."""
    import threading

    docs = [graphs.plan(), graphs.article()]
    nodes, rels = expected_counts(docs)
    writers = [make_store() for _ in docs]
    for _ in range(5):
        start = threading.Barrier(len(docs))
        errors: list[BaseException] = []

        def write(
            store: GraphStore, doc: GraphDocument, start: threading.Barrier = start, errors: list = errors
        ) -> None:
            start.wait()
            try:
                store.write_document(doc)
            except BaseException as exc:
                errors.append(exc)

        threads = [threading.Thread(target=write, args=pair) for pair in zip(writers, docs, strict=True)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert errors == []
        park = writers[0].get_entity(PARK)
        assert park is not None
        assert {p.document for p in park.provenance} == {d.id for d in docs}
        assert (writers[0].counts().nodes, writers[0].counts().relationships) == (nodes, rels)
        for doc in docs:
            writers[0].delete_document(doc.id)
        assert writers[0].counts().nodes == {}


# --- reading --------------------------------------------------------------------------------


def test_get_entity_of_an_unknown_id_is_none(loaded: GraphStore) -> None:
    assert loaded.get_entity("park:不存在") is None


def test_search_ranks_exact_name_then_prefix(loaded: GraphStore) -> None:
    result = loaded.search("华为")
    assert [(h.node.id, h.score, h.matched) for h in result.hits] == [
        (HUAWEI, 100.0, "华为"),
        (KUNPENG, 80.0, "华为黑龙江鲲鹏创新中心"),
    ]
    assert result.total == 2


def test_search_finds_aliases_and_full_width_variants(loaded: GraphStore) -> None:
    hit = loaded.search("深哈产业园").hits[0]
    assert (hit.node.id, hit.score, hit.matched) == (PARK, 90.0, "深哈产业园")
    # A half-width query finds the full-width name: both are compared after NFKC.
    hit = loaded.search("深圳(哈尔滨)").hits[0]
    assert (hit.node.id, hit.score) == (PARK, 80.0)


def test_search_orders_by_score_then_id(loaded: GraphStore) -> None:
    result = loaded.search("哈尔滨")
    scores = [(h.score, h.node.id) for h in result.hits]
    assert scores == sorted(scores, key=lambda s: (-s[0], s[1]))
    # Name prefix 80; then alias prefix 70 (哈尔滨工业大学, 哈尔滨深圳产业园区) in id order.
    assert [h.node.id for h in result.hits] == [AREA, HIT, PARK]
    assert all(h.node.label not in ("Document", "Section") for h in result.hits)


def test_search_in_pinyin(loaded: GraphStore) -> None:
    hit = loaded.search("HGD").hits[0]  # the initials of 哈工大, any case
    assert (hit.node.id, hit.score, hit.matched) == (HIT, 45.0, "hgd")
    hit = loaded.search("shenha").hits[0]
    assert (hit.node.id, hit.score) == (PARK, 40.0)
    assert loaded.search("kunpeng").hits[0].node.id == KUNPENG


def test_search_filters_by_label_and_pages(loaded: GraphStore) -> None:
    everything = loaded.search("哈")
    assert everything.total == 3
    assert {h.node.label for h in loaded.search("哈", label="Organization").hits} == {"Organization"}
    page = loaded.search("哈", limit=2, offset=1)
    assert page.total == everything.total
    assert [h.node.id for h in page.hits] == [h.node.id for h in everything.hits[1:3]]
    assert loaded.search("哈", label="Section").total == 0  # structure is not searchable
    assert loaded.search("   ").total == 0
    with pytest.raises(ValueError):
        loaded.search("哈", label="Company")


def test_neighbours_by_depth_then_id_with_paths(loaded: GraphStore) -> None:
    found = loaded.neighbours(HQ)
    assert [(n.node.id, n.depth) for n in found] == [(PARK, 1), (PLAN_ITEM, 1)]
    path = found[0].path
    assert [n.id for n in path.nodes] == [HQ, PARK]
    assert [(r.source, r.type, r.target) for r in path.relationships] == [(HQ, "BELONGS_TO", PARK)]


def test_neighbours_path_is_the_lexicographically_first_shortest_one(loaded: GraphStore) -> None:
    # 哈尔滨新区 is two hops from 科创总部 through the park and through the plan's section.
    by_id = {n.node.id: n for n in loaded.neighbours(HQ, depth=2)}
    assert by_id[AREA].depth == 2
    assert [n.id for n in by_id[AREA].path.nodes] == [HQ, PARK, AREA]


def test_neighbours_follow_direction_types_and_labels(loaded: GraphStore) -> None:
    out = loaded.neighbours(PARK, direction="out")
    assert [n.node.id for n in out] == [SIC, AREA]
    into = loaded.neighbours(PARK, direction="in", types=["belongs_to"])  # lower case accepted
    assert [n.node.id for n in into] == [HQ]
    orgs = loaded.neighbours(HQ, depth=3, labels=["Organization"])
    assert [n.node.id for n in orgs] == sorted(n.node.id for n in orgs)
    assert {n.node.id for n in orgs} == {HUAWEI, HIT, SIC}


def test_symmetric_type_is_followed_both_ways_whatever_the_direction(loaded: GraphStore) -> None:
    assert [n.node.id for n in loaded.neighbours(HIT, types=["COOPERATES_WITH"], direction="out")] == [HUAWEI]
    assert [n.node.id for n in loaded.neighbours(HUAWEI, types=["COOPERATES_WITH"], direction="out")] == [HIT]


def test_neighbours_depth_is_clamped_and_limit_applies(loaded: GraphStore) -> None:
    assert canonical(loaded.neighbours(HQ, depth=10)) == canonical(loaded.neighbours(HQ, depth=3))
    assert len(loaded.neighbours(HQ, depth=3, limit=2)) == 2


def test_neighbours_reject_unknown_ids_and_types(loaded: GraphStore) -> None:
    with pytest.raises(EntityNotFound):
        loaded.neighbours("park:不存在")
    with pytest.raises(ValueError):
        loaded.neighbours(HQ, types=["OWNS"])
    with pytest.raises(ValueError):
        loaded.neighbours(HQ, labels=["Company"])


def test_shortest_paths_are_all_shortest_ones_sorted(loaded: GraphStore) -> None:
    paths = loaded.shortest_paths(HUAWEI, AREA)
    assert [[n.id for n in p.nodes] for p in paths] == [
        [HUAWEI, PLAN_ITEM, AREA],
        [HUAWEI, ARTICLE_BODY, AREA],
    ]
    (only,) = loaded.shortest_paths(HQ, SIC)
    assert [(r.source, r.type, r.target) for r in only.relationships] == [
        (HQ, "BELONGS_TO", PARK),
        (PARK, "OPERATED_BY", SIC),
    ]


def test_shortest_paths_edge_cases(loaded: GraphStore) -> None:
    assert loaded.shortest_paths(HQ, PERSON) == []  # another component
    assert loaded.shortest_paths(HQ, SIC, max_depth=1) == []
    (same,) = loaded.shortest_paths(HQ, HQ)
    assert [n.id for n in same.nodes] == [HQ] and same.relationships == []
    with pytest.raises(EntityNotFound):
        loaded.shortest_paths(HQ, "park:不存在")


def test_subgraph_holds_nodes_within_depth_and_relationships_among_them(loaded: GraphStore) -> None:
    sub = loaded.subgraph([SIC], depth=1)
    assert [n.id for n in sub.nodes] == sorted([SIC, PARK, ARTICLE_BODY])
    assert [(r.source, r.type, r.target) for r in sub.relationships] == sorted(
        [(PARK, "OPERATED_BY", SIC), (ARTICLE_BODY, "MENTIONS", PARK), (ARTICLE_BODY, "MENTIONS", SIC)]
    )
    induced = loaded.subgraph([HQ, PARK, SIC], depth=0)
    assert [n.id for n in induced.nodes] == sorted([HQ, PARK, SIC])
    assert [r.type for r in induced.relationships] == ["OPERATED_BY", "BELONGS_TO"]
    with pytest.raises(EntityNotFound):
        loaded.subgraph([HQ, "park:不存在"])


def test_documents_list_with_their_counts(loaded: GraphStore) -> None:
    infos = loaded.documents()
    assert [d.id for d in infos] == sorted(d.id for d in graphs.all_documents())
    for info, doc in zip(infos, sorted(graphs.all_documents(), key=lambda d: d.id), strict=True):
        assert info.node.id == doc.document.id and info.node.label == "Document"
        assert info.nodes == len(doc.nodes)
        assert info.relationships == len({r.key for r in doc.relationships})


def test_document_graph_gives_back_what_the_document_said(loaded: GraphStore) -> None:
    for doc in graphs.all_documents():
        # A symmetric relationship comes back in its stored order (哈工大→华为 as 华为→哈工大).
        for r in doc.relationships:
            r.source, _, r.target = r.key
        assert canonical(loaded.document_graph(doc.id)) == canonical(doc)
    assert loaded.document_graph("no-such-document") is None


def test_all_graph_is_sorted(loaded: GraphStore) -> None:
    everything = loaded.all_graph()
    assert [n.id for n in everything.nodes] == sorted(n.id for n in everything.nodes)
    keys = [(r.source, r.type, r.target) for r in everything.relationships]
    assert keys == sorted(keys)


def test_ping(store: GraphStore) -> None:
    assert store.ping() is True


# --- both stores at once --------------------------------------------------------------------


QUERIES: list[tuple[str, Callable[[GraphStore], Any]]] = [
    ("get_entity", lambda s: [s.get_entity(i) for i in (PARK, HUAWEI, PLAN_ITEM, "park:不存在")]),
    ("search", lambda s: [s.search(q) for q in ("哈", "华为", "深哈", "ha", "hrb", "gongye", "园区")]),
    ("search pages", lambda s: [s.search("哈", limit=3, offset=o) for o in (0, 3, 6)]),
    (
        "neighbours",
        lambda s: [s.neighbours(i, depth=d) for i in (PARK, HQ, HUAWEI, PERSON) for d in (1, 2, 3)],
    ),
    ("neighbours out", lambda s: [s.neighbours(i, direction="out", depth=3) for i in (HQ, PLAN_ITEM)]),
    ("neighbours in", lambda s: [s.neighbours(i, direction="in", depth=2) for i in (PARK, AREA, HUAWEI)]),
    (
        "neighbours filtered",
        lambda s: s.neighbours(AREA, types=["MENTIONS", "located_in"], labels=["Section"], depth=3),
    ),
    (
        "paths",
        lambda s: [s.shortest_paths(a, b) for a in (HQ, HUAWEI, SIC) for b in (AREA, HIT, PERSON, KUNPENG)],
    ),
    ("subgraph", lambda s: [s.subgraph([i], d) for i in (PARK, PERSON) for d in (0, 1, 2, 3)]),
    ("counts", lambda s: s.counts()),
    ("documents", lambda s: s.documents()),
    ("document_graph", lambda s: [s.document_graph(d.id) for d in graphs.all_documents()]),
    ("all_graph", lambda s: s.all_graph()),
    # Two short work reports (2021, 2022) with Event nodes, written beside the graphs above.
    (
        "events",
        lambda s: [
            [list(pair) for pair in pairs]
            for pairs in (s.events(), s.events(label="Park"), s.events(entity=DATA_PARK), s.events(entity=HQ))
        ],
    ),
]


@pytest.fixture
def both_stores(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[list[GraphStore]]:
    factories = [open_stores(kind, tmp_path, request) for kind in ("embedded", "neo4j")]
    stores = [next(f)() for f in factories]
    for store in stores:
        for doc in graphs.all_documents() + time_reports():
            store.write_document(doc)
    yield stores
    for f in factories:
        next(f, None)


@pytest.mark.neo4j
@pytest.mark.parametrize("query", [q for _, q in QUERIES], ids=[name for name, _ in QUERIES])
def test_both_stores_give_identical_answers(
    both_stores: list[GraphStore], query: Callable[[GraphStore], Any]
) -> None:
    embedded, neo4j = both_stores
    assert canonical(query(neo4j)) == canonical(query(embedded))
