"""The pure parts both stores share: merging documents' contributions, ranking search hits, pinyin keys."""

from __future__ import annotations

from itertools import permutations
from pathlib import Path

import graphs
import pytest

from graph.core import merge
from graph.core.model import Node
from graph.core.pinyin import pinyin_keys
from graph.core.search import rank, score


def visible(nodes: dict[str, merge.NodeState]) -> list[Node]:
    return [merge.visible_node(nodes[i]) for i in sorted(nodes)]


def test_the_merged_graph_does_not_depend_on_the_order_documents_are_loaded() -> None:
    results = []
    for order in permutations(graphs.all_documents()):
        nodes, rels = merge.replay(list(order))
        results.append((visible(nodes), [merge.visible_relationship(rels[k]) for k in sorted(rels)]))
    assert all(r == results[0] for r in results)


@pytest.mark.parametrize("document", [d.id for d in graphs.all_documents()])
def test_writing_then_deleting_a_document_gives_back_the_graph_before_it(document: str) -> None:
    others = [d for d in graphs.all_documents() if d.id != document]
    before = merge.replay(others)
    nodes, rels = merge.replay(others)
    doc = next(d for d in graphs.all_documents() if d.id == document)
    merge.apply_plan(merge.plan_write(doc, document, nodes, rels), nodes, rels)
    merge.apply_plan(merge.plan_write(None, document, nodes, rels), nodes, rels)
    assert (nodes, rels) == before


def test_rewriting_an_unchanged_document_plans_no_change() -> None:
    nodes, rels = merge.replay(graphs.all_documents())
    plan = merge.plan_write(graphs.plan(), "harbin-plan-2021", nodes, rels)
    assert (plan.nodes, plan.relationships, plan.node_deletes, plan.relationship_deletes) == ([], [], [], [])
    assert plan.summary.nodes_new == {}


def test_a_document_without_its_id_is_refused() -> None:
    doc = graphs.plan()
    doc.document.properties.pop("document")
    with pytest.raises(merge.InvalidDocument, match="document"):
        merge.document_id(doc)


def test_score_tiers_from_exact_name_down_to_pinyin_substring() -> None:
    node = Node("organization:哈工大", "Organization", "哈工大", aliases=["哈尔滨工业大学"])
    keys = pinyin_keys("哈工大") + pinyin_keys("哈尔滨工业大学")
    assert score(node, keys, "哈工大") == (100, "哈工大")
    assert score(node, keys, "哈尔滨工业大学") == (90, "哈尔滨工业大学")
    assert score(node, keys, "哈工") == (80, "哈工大")
    assert score(node, keys, "哈尔滨工业") == (70, "哈尔滨工业大学")
    assert score(node, keys, "工大") == (60, "哈工大")
    assert score(node, keys, "工业") == (50, "哈尔滨工业大学")
    assert score(node, keys, "hgd") == (45, "hgd")
    assert score(node, keys, "hagong") == (40, "hagongda")
    assert score(node, keys, "gongye") == (30, "haerbingongyedaxue")
    assert score(node, keys, "北京") is None


def test_rank_pages_after_ordering_by_score_then_id() -> None:
    nodes = [Node(f"place:{n}", "Place", n) for n in ("哈尔滨", "哈尔滨市", "大哈尔滨", "松北")]
    result = rank([(n, []) for n in nodes], "哈尔滨", limit=2, offset=1)
    assert result.total == 3
    assert [h.node.id for h in result.hits] == ["place:哈尔滨市", "place:大哈尔滨"]


def test_pinyin_keys_of_a_name_with_brackets() -> None:
    keys = pinyin_keys("深圳（哈尔滨）产业园区")
    assert "shenzhenhaerbinchanyeyuanqu" in keys
    assert "szhebcyyq" in keys
    assert "shen zhen ha er bin chan ye yuan qu" in keys
    assert pinyin_keys("5G") == []


def test_fast_pinyin_reads_the_same_as_pypinyin(shared_dir: Path) -> None:
    import json
    import unicodedata

    from graph.core.pinyin import _pieces_by_pypinyin, _pieces_from_dictionaries

    gold = json.loads(
        (shared_dir / "gold" / "harbin-new-area-2021-report.gold.json").read_text(encoding="utf-8")
    )
    names = [e["name"] for e in gold["entities"]] + [a for e in gold["entities"] for a in e["aliases"]]
    names += ["5G“百千万”行动计划", "B型保税物流中心", "中国银行", "绿色食品", "长春", "GDP"]
    assert len(names) > 100
    for name in (unicodedata.normalize("NFKC", n) for n in names):
        assert _pieces_from_dictionaries(name) == _pieces_by_pypinyin(name), name
