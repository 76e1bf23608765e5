"""The real corpus in both stores: the seed report and the three dev articles, read by the loaders.

深圳（哈尔滨）产业园区 is named in all four documents (also as 深哈产业园 and 哈尔滨深圳产业园区): it must
be one node carrying the provenance of each, and both stores must hold exactly the same graph.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from store_support import StoreFactory, canonical, open_stores, snapshot

from graph.core.model import GraphDocument, node_id
from graph.core.protocol import GraphStore

PARK = node_id("Park", "深圳（哈尔滨）产业园区")


@pytest.fixture(scope="module")
def corpus(shared_dir: Path) -> list[GraphDocument]:
    from loaders.report import load_report

    files = [shared_dir / "corpus" / "seed" / "harbin-new-area-2021-report.txt"]
    files += sorted((shared_dir / "corpus" / "dev").glob("*.txt"))
    assert len(files) == 4
    return [load_report(f) for f in files]


def test_park_id_is_the_nfkc_form_of_its_name() -> None:
    assert PARK == "park:深圳(哈尔滨)产业园区"


def test_the_shenha_park_is_one_node_with_provenance_from_all_four_documents(
    make_store: StoreFactory, corpus: list[GraphDocument]
) -> None:
    store = make_store()
    for doc in corpus:
        store.write_document(doc)
    park = store.get_entity(PARK)
    assert park is not None
    assert park.name == "深圳（哈尔滨）产业园区"
    assert {"深哈产业园", "哈尔滨深圳产业园区"} <= set(park.aliases)
    assert {p.document for p in park.provenance} == {d.id for d in corpus}
    # No other park goes by one of its names.
    names = {park.name, *park.aliases}
    others = [n.id for n in store.all_graph().nodes if n.id != PARK and n.name in names]
    assert others == []


def test_loading_the_corpus_twice_changes_nothing(
    make_store: StoreFactory, corpus: list[GraphDocument]
) -> None:
    store = make_store()
    for doc in corpus:
        store.write_document(doc)
    before = snapshot(store)
    for doc in corpus:
        summary = store.write_document(doc)
        assert summary.nodes_new == {} and summary.relationships_new == {}
    assert snapshot(store) == before


@pytest.fixture
def both_filled(
    request: pytest.FixtureRequest, tmp_path: Path, corpus: list[GraphDocument]
) -> Iterator[list[GraphStore]]:
    factories = [open_stores(kind, tmp_path, request) for kind in ("embedded", "neo4j")]
    stores = [next(f)() for f in factories]
    for store in stores:
        for doc in corpus:
            store.write_document(doc)
    yield stores
    for f in factories:
        next(f, None)


@pytest.mark.neo4j
def test_both_stores_hold_the_same_corpus_graph(both_filled: list[GraphStore]) -> None:
    embedded, neo4j = both_filled
    assert neo4j.counts() == embedded.counts()
    assert canonical(neo4j.all_graph()) == canonical(embedded.all_graph())
    assert canonical(neo4j.documents()) == canonical(embedded.documents())
    for q in ("深哈", "哈尔滨", "shenha", "华为", "sbq"):
        assert canonical(neo4j.search(q, limit=50)) == canonical(embedded.search(q, limit=50))
    for depth in (1, 2):
        assert canonical(neo4j.neighbours(PARK, depth=depth)) == canonical(
            embedded.neighbours(PARK, depth=depth)
        )
    assert canonical(neo4j.subgraph([PARK], 1)) == canonical(embedded.subgraph([PARK], 1))
