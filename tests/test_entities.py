"""Entity and relationship extraction on short texts written for these tests (not the seed's sentences)."""

from __future__ import annotations

import re
import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from graph.model import Node, Relationship, node_id
from loaders.entities import extract_entities
from loaders.text import CleanText, SectionSpan

JUNK = re.compile(r"等\s*\d|[，,。；;、：:]|^\d+个|^.$")


def extract(
    text: str, joins: list[int] | None = None, sections: list[SectionSpan] | None = None
) -> tuple[dict[str, Node], list[Relationship]]:
    nodes, rels = extract_entities(CleanText.build(text, joins=joins), "doc", sections or [])
    return {n.id: n for n in nodes}, rels


def names(nodes: dict[str, Node], label: str) -> set[str]:
    return {n.name for n in nodes.values() if n.label == label}


def has(rels: list[Relationship], source: str, type_: str, target: str) -> bool:
    return any(r.source == source and r.type == type_ and r.target == target for r in rels) or (
        type_ == "COOPERATES_WITH"
        and any(r.source == target and r.type == type_ and r.target == source for r in rels)
    )


def test_coordinated_owners_share_the_head_name() -> None:
    nodes, rels = extract("支持哈工程、哈医大创新中心等机构落户松北。")
    assert {"哈工程创新中心", "哈医大创新中心"} <= names(nodes, "Project")
    assert {"哈工程", "哈医大"} <= names(nodes, "Organization")
    assert has(rels, node_id("Project", "哈工程创新中心"), "OPERATED_BY", node_id("Organization", "哈工程"))
    assert has(rels, node_id("Project", "哈医大创新中心"), "OPERATED_BY", node_id("Organization", "哈医大"))
    assert not any("、" in n.name for n in nodes.values())


def test_counted_group_gives_items_their_status_and_is_not_an_entity() -> None:
    nodes, _ = extract("·重点推动冰雪装备城等9个项目开工。\n·北方药谷等3个项目竣工投用。")
    assert nodes[node_id("Project", "冰雪装备城")].properties["status"] == "开工"
    assert nodes[node_id("Project", "北方药谷")].properties["status"] == "竣工"
    assert not any(re.search(r"\d+个|项目$", n.name) for n in nodes.values())


def test_counted_companies_are_organizations() -> None:
    nodes, _ = extract("推动龙腾科技、北极星传媒等2家企业股票上市。")
    assert {"龙腾科技", "北极星传媒"} <= names(nodes, "Organization")
    assert nodes[node_id("Organization", "龙腾科技")].properties["status"] == "上市"


def test_companies_named_by_their_listing() -> None:
    nodes, _ = extract("支持奥来德光电上市。北辰智控成为全省首家科创板上市企业。")
    assert {"奥来德光电", "北辰智控"} <= names(nodes, "Organization")


def test_owner_named_first_runs_the_facility() -> None:
    nodes, rels = extract("推动一汽解放新能源基地开工，引进腾讯云东北区域总部。")
    assert has(
        rels, node_id("Project", "一汽解放新能源基地"), "OPERATED_BY", node_id("Organization", "中国一汽")
    )
    assert has(rels, node_id("Project", "腾讯云东北区域总部"), "OPERATED_BY", node_id("Organization", "腾讯"))
    assert nodes[node_id("Project", "一汽解放新能源基地")].properties["status"] == "开工"


def test_suffix_names_are_trimmed_of_verbs_and_scope_words() -> None:
    nodes, _ = extract("加快建设松花江数字产业园，全力打造全省寒地测试基地，积极申建国家冰雪经济示范区。")
    assert "松花江数字产业园" in names(nodes, "Park")
    assert "寒地测试基地" in names(nodes, "Project")
    assert "国家冰雪经济示范区" in names(nodes, "Park")


def test_generic_phrases_are_not_names() -> None:
    nodes, _ = extract(
        "引进一批龙头项目和载体项目，建设总部项目和龙头企业区域总部，打造产业园区，实现“新区速度”。"
    )
    assert names(nodes, "Project") == set()
    assert names(nodes, "Park") == set()


def test_run_together_reporters_are_split_by_surname() -> None:
    text = (
        "来源:松江日报\n本报讯（记者刘洋王丽华）5日，记者从区里获悉。\n"
        "摄/本报记者 赵明远 吴桐\n图为展厅。松江网 钱多多摄"
    )
    nodes, rels = extract(text)
    assert {"刘洋", "王丽华", "赵明远", "吴桐", "钱多多"} <= names(nodes, "Person")
    assert nodes[node_id("Person", "王丽华")].properties["role"] == "记者"
    # The paper of a 来源 line is kept on the reporter; a paper named in the article is an entity.
    assert nodes[node_id("Person", "刘洋")].properties["paper"] == "松江日报"
    assert "松江日报" not in names(nodes, "Organization")
    assert has(rels, node_id("Person", "钱多多"), "MEMBER_OF", node_id("Organization", "松江网"))


def test_common_words_after_a_role_are_not_people() -> None:
    nodes, _ = extract("院长高度评价这一成果，书记方向明确，市长孙喆出席。")
    assert names(nodes, "Person") == {"孙喆"}


def test_officials_keep_their_title() -> None:
    nodes, _ = extract("省委常委、牡丹江市委书记周海峰，牡丹江市委副书记、市长韩丽娜出席。")
    assert nodes[node_id("Person", "周海峰")].properties["title"] == "牡丹江市委书记"
    assert nodes[node_id("Person", "韩丽娜")].properties["role"] == "市长"


def test_delegates_proposals_are_linked_and_marked_proposed() -> None:
    text = (
        "松北区政协委员孙立军认为，人才是关键。\n他建议设立青年人才公寓，完善配套。\n"
        "松北区人大代表马红说，希望加快建设社区卫生服务网络。"
    )
    nodes, rels = extract(text)
    sun, ma = node_id("Person", "孙立军"), node_id("Person", "马红")
    assert nodes[sun].properties["role"] == "政协委员"
    assert nodes[ma].properties["role"] == "人大代表"
    by = {r.target: nodes[r.source] for r in rels if r.type == "PROPOSED_BY"}
    assert by[sun].name == "设立青年人才公寓"
    assert by[ma].name.startswith("加快建设社区卫生服务网络")
    assert all(r.properties.get("proposed") for r in rels if r.type == "PROPOSED_BY")
    assert has(rels, sun, "MEMBER_OF", node_id("Organization", "松北区政协"))


def test_indicators_keep_target_and_actual_values() -> None:
    text = (
        "2023年预期目标：力争实现地区生产总值\n同比增长8%左右\n固定资产投资\n同比增长12%以上\n"
        "2022年，地区生产总值突破300亿元。"
    )
    nodes, rels = extract(text)
    gdp = nodes[node_id("Indicator", "地区生产总值")]
    obs = gdp.properties["observations"]
    assert {"kind": "target", "year": 2023, "value": 8.0, "unit": "%", "text": "同比增长8%左右"} in obs
    assert any(o["kind"] == "actual" and o["year"] == 2022 and o["value"] == 300.0 for o in obs)
    assert nodes[node_id("Indicator", "固定资产投资")].properties["text"] == "同比增长12%以上"
    assert has(rels, "document:doc", "TARGETS", gdp.id)


def test_cooperation_with_the_areas_partners() -> None:
    text = (
        "哈尔滨新区要加强与长春新区的合作，推动自贸区哈尔滨片区与哈高新区、哈尔滨综合保税区等区域的协作，"
        "深化对俄合作，拓展对日、韩经贸合作。"
    )
    _, rels = extract(text)
    area = node_id("Park", "哈尔滨新区")
    assert has(rels, area, "COOPERATES_WITH", node_id("Park", "长春新区"))
    assert has(rels, area, "COOPERATES_WITH", node_id("Place", "俄罗斯"))
    assert has(rels, area, "COOPERATES_WITH", node_id("Place", "韩国"))
    zone = node_id("Park", "自贸试验区哈尔滨片区")
    assert has(rels, zone, "COOPERATES_WITH", node_id("Park", "哈尔滨高新技术产业开发区"))
    assert has(rels, zone, "COOPERATES_WITH", node_id("Park", "哈尔滨综合保税区"))


def test_parts_locations_and_park_figures() -> None:
    text = (
        "加快建设哈工大智能装备研究院和智能装备研究院附属中试工厂。"
        "总投资12亿元的龙江数字经济产业园位于哈尔滨新区内，规划面积约3平方公里。"
    )
    nodes, rels = extract(text)
    park = nodes[node_id("Park", "龙江数字经济产业园")]
    assert park.properties["investment"] == "12亿元"
    assert park.properties["area"] == "3平方公里"
    assert has(rels, park.id, "LOCATED_IN", node_id("Park", "哈尔滨新区"))
    institute = node_id("Organization", "哈工大智能装备研究院")
    assert has(rels, node_id("Project", "中试工厂"), "BELONGS_TO", institute)
    assert has(rels, institute, "BELONGS_TO", node_id("Organization", "哈工大"))


def test_unknown_items_listed_with_known_industries_are_industries() -> None:
    nodes, _ = extract("重点发展绿色食品、生物医药、冰雪装备制造和寒地测试服务等产业。")
    assert {"绿色食品", "生物医药", "冰雪装备制造", "寒地测试服务"} == names(nodes, "Industry")


def test_one_character_countries_in_a_list_become_places() -> None:
    nodes, _ = extract("设立对俄、日、韩联络处，在东京、首尔及仁川挂牌。")
    assert {"俄罗斯", "日本", "韩国", "东京", "首尔", "仁川"} <= names(nodes, "Place")
    assert "俄、日、韩" not in {n.name for n in nodes.values()}


def test_provenance_points_at_the_mention_across_a_line_break() -> None:
    text = "·加快建设松花江数字\n产业园。"
    nodes, _ = extract(text, joins=[text.index("\n")])
    node = nodes[node_id("Park", "松花江数字产业园")]
    (p,) = node.provenance
    assert text[p.start : p.end] == "松花江数字\n产业园"
    assert p.quote == "·加快建设松花江数字产业园。"


def test_mentions_come_from_the_innermost_section() -> None:
    text = "一是招商。\n·重点推动冰雪装备城等9个项目开工。"
    outer = SectionSpan("section:doc:item-1", "item", "一是招商", 0, len(text))
    inner = SectionSpan(
        "section:doc:item-1/bullet-1", "bullet", "·重点", text.index("·"), len(text), outer.id
    )
    _, rels = extract(text, sections=[outer, inner])
    mentions = [r for r in rels if r.type == "MENTIONS"]
    assert [(r.source, r.target) for r in mentions] == [(inner.id, node_id("Project", "冰雪装备城"))]


def test_a_first_phase_names_the_project_and_a_later_phase_its_own() -> None:
    nodes, _ = extract("实现冰城科创大厦一期投入使用，松江水族馆二期项目竣工。")
    first = nodes[node_id("Project", "冰城科创大厦")]
    assert first.aliases == ["冰城科创大厦一期"] and first.properties["phase"] == "一期"
    later = nodes[node_id("Project", "松江水族馆二期")]
    assert later.properties == {"phase": "二期", "status": "竣工"}
    assert "松江水族馆二期项目" in later.aliases


def test_bare_new_area_is_the_document_area_and_a_source_line_is_metadata() -> None:
    text = "来源:北疆日报\n哈尔滨新区上半年经济运行平稳。新区要加强与长春新区的合作。"
    nodes, rels = extract(text)
    area = nodes[node_id("Park", "哈尔滨新区")]
    assert "新区" in area.aliases and len(area.provenance) == 2
    assert has(rels, area.id, "COOPERATES_WITH", node_id("Park", "长春新区"))
    assert "北疆日报" not in {n.name for n in nodes.values()}


def test_title_of_an_official_includes_the_organization_before_it() -> None:
    nodes, rels = extract("哈尔滨新区管委会副主任刘志远介绍，中国工程院院士孙永坦出席。")
    person = nodes[node_id("Person", "刘志远")]
    assert person.properties["title"] == "哈尔滨新区管委会副主任"
    assert has(rels, person.id, "MEMBER_OF", node_id("Organization", "哈尔滨新区管委会"))
    assert nodes[node_id("Person", "孙永坦")].properties["role"] == "院士"


def test_output_is_deterministic() -> None:
    text = "推动龙腾科技、北极星传媒等2家企业股票上市。加强与北大荒集团的合作。"
    assert extract(text) == extract(text)


_PIECES = st.sampled_from(
    [
        "、",
        "等",
        "3个项目",
        "开工",
        "政协委员",
        "记者",
        "产业园",
        "中心",
        "“",
        "”",
        "\n",
        "·",
        "对俄",
        "合作",
        "与",
    ]
)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.one_of(_PIECES, st.text(max_size=8)), max_size=30).map("".join))
def test_any_text_gives_offsets_inside_it_and_no_fragment_names(text: str) -> None:
    nodes, rels = extract(text)
    ids = set(nodes)
    for n in nodes.values():
        if n.label != "Proposal":
            assert not JUNK.search(unicodedata.normalize("NFKC", n.name)), n.name
        for p in n.provenance:
            assert 0 <= p.start <= p.end <= len(text)
    for r in rels:
        assert r.source in ids or r.source.startswith(("section:", "document:"))
        assert r.target in ids
        for p in r.provenance:
            assert 0 <= p.start <= p.end <= len(text)
