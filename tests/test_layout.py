"""Layout recovery: pillars found with their items wherever the page printed their headings."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from loaders.layout import best_assignment, recover_structure
from loaders.ocr import repair
from loaders.reading import read_document
from loaders.text import SectionSpan

# Three pillars, each heading printed AFTER its items; the third lost its printed number.
PAGE = """一是加快园区道路建设。
·完成园区主干道改造。
二是提升园区供热能力。
·新建园区供热站两座。
2 坚定不移完善园区基础设施 提升园区承载能力

一是扩大养老服务供给。
·新建社区养老驿站十处。
二是提升医疗服务水平。
·推进社区医院建设。
三是做好就业服务。
·开展职业技能培训。
坚定不移增进民生福祉 办好养老医疗就业实事

一是深化审批制度改革。
·推行一枚印章管审批。
二是优化营商环境。
·推进企业开办一网通办。
1 坚定不移深化审批改革 优化营商环境
"""


def outline(sections: list[SectionSpan]) -> dict[int, tuple[str, list[str]]]:
    """ordinal → (pillar name, names of its items)."""
    out = {}
    for p in sections:
        if p.kind == "pillar":
            assert p.ordinal is not None
            out[p.ordinal] = (p.name, [s.name for s in sections if s.parent == p.id and s.kind == "item"])
    return out


def test_pillars_printed_after_their_items_get_their_items_and_ordinals() -> None:
    got = outline(recover_structure(repair(PAGE), "page"))
    assert sorted(got) == [1, 2, 3]
    assert "深化审批改革" in got[1][0]
    assert got[1][1] == ["一是深化审批制度改革", "二是优化营商环境"]
    assert "完善园区基础设施" in got[2][0]
    assert got[2][1] == ["一是加快园区道路建设", "二是提升园区供热能力"]
    assert "增进民生福祉" in got[3][0]  # no printed number: takes the one left
    assert got[3][1] == ["一是扩大养老服务供给", "二是提升医疗服务水平", "三是做好就业服务"]


def test_headings_gathered_away_from_their_runs_are_matched_by_vocabulary() -> None:
    runs, headings = [], []
    for block in PAGE.strip().split("\n\n"):
        *items, heading = block.strip().split("\n")
        runs.append("\n".join(items))
        headings.append(heading)
    # All headings first, in an order that matches no run's position.
    page = "\n".join([headings[2], headings[0], headings[1]]) + "\n\n" + "\n\n".join(runs) + "\n"
    got = outline(recover_structure(repair(page), "page"))
    assert got[1][1] == ["一是深化审批制度改革", "二是优化营商环境"]
    assert got[2][1] == ["一是加快园区道路建设", "二是提升园区供热能力"]
    assert got[3][1][0] == "一是扩大养老服务供给"


def test_bullets_sit_under_their_item_and_spans_nest() -> None:
    sections = recover_structure(repair(PAGE), "page")
    by_id = {s.id: s for s in sections}
    bullet = by_id["section:page:pillar-3/item-2/bullet-1"]
    assert bullet.name == "推进社区医院建设"
    item = by_id[bullet.parent or ""]
    pillar = by_id[item.parent or ""]
    assert pillar.start <= item.start <= bullet.start < bullet.end <= item.end <= pillar.end
    assert PAGE[bullet.start : bullet.end] == "·推进社区医院建设。"


def test_section_ids_are_stable_across_runs() -> None:
    first = [s.id for s in recover_structure(repair(PAGE), "page")]
    assert first == [s.id for s in recover_structure(repair(PAGE), "page")]
    assert len(first) == len(set(first))


def test_plain_article_becomes_an_article_with_paragraphs() -> None:
    text = "来源:黑龙江日报 (2019-05-10)\n\n深哈产业园 开工建设\n\n科创总部项目开工。\n\n园区一期投入使用。\n"
    sections = recover_structure(repair(text), "story")
    article = sections[0]
    assert article.kind == "article" and article.name == "深哈产业园 开工建设"
    kinds = [s.kind for s in sections if s.parent == article.id]
    assert kinds == ["byline", "heading", "paragraph", "paragraph"]


def test_assignment_is_exact_for_small_problems() -> None:
    # Greedy would take (0, 0)=5 and then be left with (1, 1)=0; the best total is 4 + 4.
    assert best_assignment([[5.0, 4.0], [4.0, 0.0]]) == {0: 1, 1: 0}


@pytest.fixture(scope="module")
def seed_sections(shared_dir: Path) -> list[SectionSpan]:
    text = read_document(shared_dir / "corpus" / "seed" / "harbin-new-area-2021-report.txt")
    return recover_structure(repair(text), "harbin-new-area-2021-report")


def test_seed_items_sit_under_the_right_pillar_with_the_right_ordinal(
    shared_dir: Path, seed_sections: list[SectionSpan]
) -> None:
    gold = json.loads((shared_dir / "gold" / "harbin-new-area-2021-report.gold.json").read_text("utf-8"))
    got = outline(seed_sections)
    assert sorted(got) == [1, 2, 3, 4, 5, 6]
    for pillar in gold["sections"]:
        name, items = got[pillar["ordinal"]]
        assert pillar["pillar"] in name
        assert len(items) == len(pillar["items"])
        for want, have in zip(pillar["items"], items, strict=True):
            assert want in have, (pillar["pillar"], want, have)


def test_seed_delegates_statements_are_grouped_into_their_articles(seed_sections: list[SectionSpan]) -> None:
    by_id = {s.id: s for s in seed_sections}
    speakers: dict[str, list[str]] = {}
    for s in seed_sections:
        if s.kind == "statement":
            article = by_id[s.parent or ""]
            speakers.setdefault(article.name, []).append(s.properties["speaker"])
    assert speakers == {
        "让新区有韵味 让城市有个性": ["许春生", "施元春", "王少杰"],
        "持续打造龙江版“新浦东” 代表委员热议产业支撑创新引领": ["景侠", "戴瑞", "王天卓"],
    }
    dai = next(s for s in seed_sections if s.properties.get("speaker") == "戴瑞")
    assert dai.name.startswith("戴瑞：设立企业分级标准")


def test_seed_targets_box_and_news_and_bylines(seed_sections: list[SectionSpan]) -> None:
    targets = next(s for s in seed_sections if s.kind == "targets")
    assert targets.name == "预期目标"
    labels = [s.properties["label"] for s in seed_sections if s.kind == "indicator"]
    assert labels == ["地区生产总值", "固定资产投资", "公共财政预算收入", "规模以上工业增加值"]
    news = next(s for s in seed_sections if s.kind == "news")
    assert "新区地区生产总值突破500亿元" in news.name  # its headline, printed among the articles
    paragraphs = [s.name for s in seed_sections if s.parent == news.id]
    assert paragraphs[1:] == ["综合实力显著提升", "产业结构不断优化", "对外开放成效显著"]
    people = sorted(p for s in seed_sections if s.kind == "byline" for p in s.properties.get("people", []))
    assert people == ["李爱民", "沈丽娟", "蒋国红", "蒋国红", "薛婧"]
