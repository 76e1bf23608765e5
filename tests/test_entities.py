"""Entity and relationship extraction on short texts written for these tests (not the seed's sentences)."""

from __future__ import annotations

import re
import unicodedata

import jieba
from hypothesis import given, settings
from hypothesis import strategies as st

from graph.core.model import Node, Relationship, node_id
from loaders.entities import extract_entities
from loaders.ocr import repair
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
    assert nodes[node_id("Project", "北方药谷")].properties["status"] == "投用"  # the furthest printed
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
    # The paper of a 来源 line is kept on the reporter, and is an entity: the article's publisher.
    assert nodes[node_id("Person", "刘洋")].properties["paper"] == "松江日报"
    assert "松江日报" in names(nodes, "Organization")
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
    read = {k: v for k, v in later.properties.items() if k not in ("origin", "confidence")}
    assert read == {"phase": "二期", "status": "竣工"}
    assert "松江水族馆二期项目" in later.aliases


def test_bare_new_area_is_the_document_area_and_a_source_line_names_only_its_publisher() -> None:
    text = "来源:北疆日报 哈市创新协会\n哈尔滨新区上半年经济运行平稳。新区要加强与长春新区的合作。"
    nodes, rels = extract(text)
    area = nodes[node_id("Park", "哈尔滨新区")]
    assert "新区" in area.aliases and len(area.provenance) == 2
    assert has(rels, area.id, "COOPERATES_WITH", node_id("Park", "长春新区"))
    assert names(nodes, "Organization") == {"北疆日报"}  # not the association named after it


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


# ---- grammar of candidates (loaders/grammar.py): phrases that only end like names


def test_a_pronoun_inside_a_candidate_makes_it_a_phrase() -> None:
    nodes, _ = extract("我们始终坚持创新驱动这个中心任务，建成龙江数据中心。")
    assert not any("这个" in n for n in names(nodes, "Project"))
    assert "龙江数据中心" in names(nodes, "Project")


def test_slogans_ending_in_a_one_character_verb_are_not_projects() -> None:
    nodes, _ = extract("坚持围绕产业谋项目、依托平台引项目，推动松江云谷开工。")
    assert names(nodes, "Project") == {"松江云谷"}


def test_a_numeral_slogan_is_not_a_name() -> None:
    nodes, _ = extract("基地规划为“一港三中心”，即一港三中心布局。")
    assert not any("一港三" in n for n in names(nodes, "Project"))


def test_a_verb_before_a_proper_noun_opens_the_clause() -> None:
    nodes, _ = extract("代表团来到黑龙江北方光电研究院有限公司。")
    assert "黑龙江北方光电研究院有限公司" in names(nodes, "Organization")


def test_a_quantity_before_a_suffix_name_is_not_part_of_it() -> None:
    nodes, _ = extract("园区里还有大量孵化中心。")
    assert not names(nodes, "Project")


def test_a_negation_inside_makes_a_phrase() -> None:
    nodes, _ = extract("努力做到审批不出新区。")
    assert not any("不出" in n for n in names(nodes, "Park"))


def test_a_predicate_description_is_not_a_name() -> None:
    nodes, _ = extract("力争把园区打造成为环境优美、配套齐全的滨江生态智慧园区。冰城振兴是一个龙江振兴工程。")
    assert not any("智慧园区" in n for n in names(nodes, "Park"))
    assert not names(nodes, "Program")


def test_stage_words_before_a_generic_head_are_not_names() -> None:
    nodes, _ = extract("今年计划开工重点项目30个，其中新开工项目12个，集中开工重点项目18个。")
    assert not names(nodes, "Project")


def test_counted_group_of_known_industries_is_no_park() -> None:
    nodes, _ = extract("启动建设新材料绿色食品等8个特色产业园区。")
    assert not names(nodes, "Park")
    assert {"新材料", "绿色食品"} <= names(nodes, "Industry")


def test_a_group_item_ending_in_work_keeps_its_owner_name() -> None:
    nodes, _ = extract("总投资6亿元的哈轴精密轴承升级改造、老旧小区改造等项目开工。")
    projects = names(nodes, "Project")
    assert "哈轴精密轴承升级改造" in projects
    assert "老旧小区改造" not in projects
    node = nodes[node_id("Project", "哈轴精密轴承升级改造")]
    assert node.properties.get("investment") == "6亿元"


# ---- people: names before titles, any name after an explicit title, slash bylines


def test_delegates_named_before_their_title() -> None:
    text = "张建国代表说，营商环境是关键。\n刘明、赵丽代表认为，新区应当加快建设人才公寓，留住青年人才。\n"
    nodes, rels = extract(text)
    people = {n.name: n for n in nodes.values() if n.label == "Person"}
    assert {"张建国", "刘明", "赵丽"} <= set(people)
    assert people["刘明"].properties["role"] == "人大代表"
    proposed_by = {r.target for r in rels if r.type == "PROPOSED_BY"}
    assert {node_id("Person", "刘明"), node_id("Person", "赵丽")} <= proposed_by


def test_delegates_counted_then_named_in_brackets() -> None:
    text = "来自民进县委会的3名县政协委员(覃晓岚、乔润生、甘若溪)和2名县人大代表(蒙志坚、韦春)出席会议。\n"
    nodes, _ = extract(text)
    people = {n.name: n for n in nodes.values() if n.label == "Person"}
    assert {"覃晓岚", "乔润生", "甘若溪", "蒙志坚", "韦春"} <= set(people)
    assert people["乔润生"].properties["role"] == "政协委员"
    assert people["韦春"].properties["role"] == "人大代表"


def test_any_name_after_an_explicit_title_ends_at_the_speech_verb() -> None:
    # 于 is left out of the surname list (it is mostly a preposition); the title says a name follows.
    nodes, _ = extract("松江科技有限公司副总经理于海涛介绍，园区运营良好。")
    person = nodes[node_id("Person", "于海涛")]
    assert person.properties["role"] == "副总经理"


def test_a_name_transliterated_with_a_middle_dot_after_a_title() -> None:
    nodes, _ = extract("县长买买提·艾力指出，要加快园区建设。副主席阿不都热合曼·吐尔逊出席会议。")
    assert {"买买提·艾力", "阿不都热合曼·吐尔逊"} <= names(nodes, "Person")


def test_a_site_manager_is_a_titled_person() -> None:
    nodes, _ = extract("项目现场管理经理孙立新告诉记者，工程进展顺利。")
    assert nodes[node_id("Person", "孙立新")].properties["role"] == "经理"


def test_a_slash_byline_names_a_reporter() -> None:
    nodes, _ = extract("□文/摄 周晓雯 本报记者 王强\n园区建设正酣。")
    assert {"周晓雯", "王强"} <= names(nodes, "Person")


# ---- short names, organization projects, sponsors, anaphors


def test_a_short_name_defined_in_brackets_is_an_alias() -> None:
    text = (
        "黑龙江北方光电研究院有限公司（简称北光院）智能传感产业化基地项目开工。"
        "北光院项目负责人表示，年底封顶。"
    )
    nodes, rels = extract(text)
    org = nodes[node_id("Organization", "黑龙江北方光电研究院有限公司")]
    assert "北光院" in org.aliases
    assert "北光院" not in names(nodes, "Project")
    base = node_id("Project", "北光院智能传感产业化基地")
    assert base in nodes
    assert has(rels, base, "OPERATED_BY", org.id)


def test_an_organization_project_is_the_organization() -> None:
    nodes, _ = extract("哈尔滨电机研究院有限公司项目建设加速推进。")
    assert "哈尔滨电机研究院有限公司" in names(nodes, "Organization")
    assert not names(nodes, "Project")


def test_sponsor_of_the_project_an_anaphor_refers_to() -> None:
    text = "松北新能源装备基地项目位于园区东侧。据介绍，该项目由龙江电力集团计划总投资12亿元。"
    nodes, rels = extract(text)
    project = node_id("Project", "松北新能源装备基地")
    assert nodes[project].properties.get("investment") == "12亿元"
    assert has(rels, project, "OPERATED_BY", node_id("Organization", "龙江电力集团"))


def test_a_producer_opens_a_long_product_phrase() -> None:
    nodes, _ = extract("瑞普达高纯硅材料3条产线投入生产。")
    assert "瑞普达" in names(nodes, "Organization")


# ---- where things are: the document's area, the bare 园区 of a park's text


def test_a_city_text_places_its_projects_in_the_city() -> None:
    text = (
        "2023年，哈市计划开工重点项目300个。\n"
        "哈市谋划实施一批项目，冰城云谷、松江医药产业园等项目加快建设。\n"
        "哈市还将推进哈市智算中心建设，哈市投资增速领先。据哈尔滨新区统计，哈尔滨新区开复工项目80个，哈尔滨新区增速领先。\n"
    )
    nodes, rels = extract(text)
    project = node_id("Project", "冰城云谷")
    assert project in nodes
    assert has(rels, project, "LOCATED_IN", node_id("Place", "哈尔滨"))
    assert not has(rels, project, "LOCATED_IN", node_id("Park", "哈尔滨新区"))


def test_companies_settling_in_the_park_of_a_park_text() -> None:
    text = "深哈产业园发展迅速。目前，华为、腾讯等一批企业落户园区，深哈产业园已成新引擎。"
    _, rels = extract(text)
    park = node_id("Park", "深圳（哈尔滨）产业园区")
    assert has(rels, node_id("Organization", "华为"), "LOCATED_IN", park)


def test_an_unknown_item_between_two_known_industries_is_an_industry() -> None:
    nodes, _ = extract("大力发展数字经济、海洋经济、冰雪经济。")
    assert "海洋经济" in names(nodes, "Industry")


def test_a_government_department_of_a_new_area() -> None:
    nodes, _ = extract("据哈尔滨新区统计部门统计，今年开复工项目80个。")
    assert "哈尔滨新区统计部门" in names(nodes, "Organization")


def test_a_towns_party_committee_and_government() -> None:
    nodes, _ = extract("东升镇党委书记李明、南头镇人民政府镇长陈刚出席签约仪式。")
    assert {"东升镇党委", "南头镇人民政府"} <= names(nodes, "Organization")


def test_departments_by_their_short_names_with_the_place_before_them() -> None:
    nodes, _ = extract(
        "会上,江城县发改委、县自然资源局、县委宣传部和丰州省经信厅、临江市经合办负责人先后发言。"
    )
    departments = {"江城县发改委", "县自然资源局", "县委宣传部", "丰州省经信厅", "临江市经合办"}
    assert departments <= names(nodes, "Organization")
    assert "县委" not in names(nodes, "Organization")  # only printed as the department's level
    nodes, _ = extract("县委办理了三件实事。")
    assert "县委办" not in names(nodes, "Organization")


def test_a_preposition_inside_a_candidate_makes_it_a_clause() -> None:
    nodes, _ = extract("哈尔滨新区江北一体发展区以大项目建设为抓手。")
    assert not names(nodes, "Project")


def test_a_countys_industrial_concentration_zone_is_a_park_inside_a_project_name() -> None:
    nodes, _ = extract("今年，岷县西寨工业集中区标准化厂房项目开工建设。")
    assert "岷县西寨工业集中区" in names(nodes, "Park")


def test_a_known_park_then_a_verb_is_a_subject_not_a_name() -> None:
    nodes, _ = extract("哈尔滨新区集聚产业项目加快建设。")
    assert not names(nodes, "Project")


def test_project_work_of_a_known_park_is_not_a_new_name() -> None:
    nodes, _ = extract("工人们打破新区江北一体发展区项目现场的沉寂。")
    assert names(nodes, "Park") <= {"江北一体发展区", "哈尔滨新区"}
    assert not names(nodes, "Project")


def test_a_group_item_ending_in_a_known_name_is_that_name() -> None:
    nodes, _ = extract("园区现有哈尔滨综合保税区、冰城动漫城等20余个项目入驻。")
    assert not any(n.startswith("园区现有") for n in names(nodes, "Project") | names(nodes, "Park"))


def test_a_station_is_one_name_with_its_centre() -> None:
    nodes, _ = extract("松花江铁路集装箱中心站投入运营。")
    assert "松花江铁路集装箱中心" not in names(nodes, "Project")


def test_a_group_company_is_named_with_or_without_its_legal_form() -> None:
    nodes, _ = extract("北港集团有限公司在松北建设冷链基地。北港集团表示年底完工。")
    orgs = [n for n in nodes.values() if n.label == "Organization"]
    assert len(orgs) == 1
    assert {orgs[0].name, *orgs[0].aliases} >= {"北港集团", "北港集团有限公司"}
    assert "冷链基地" in names(nodes, "Project")


def test_sponsor_of_the_project_described_after_it() -> None:
    _, rels = extract("由北港集团有限公司投资23亿元建设的松江冷链物流中心，将建成高层冷库。")
    project = node_id("Project", "松江冷链物流中心")
    assert has(rels, project, "OPERATED_BY", node_id("Organization", "北港集团有限公司"))


def test_a_name_standing_alone_after_its_title_is_the_whole_run() -> None:
    # 白雪 is a dictionary word, 白雪峰 a name: a run that ends the line is the name.
    nodes, _ = extract("市人大代表 白雪峰\n建议加快产业集群发展。\n")
    assert nodes[node_id("Person", "白雪峰")].properties["role"] == "人大代表"


def test_a_group_of_kinds_names_no_projects() -> None:
    nodes, _ = extract("包括现代物流、商服业、社会公益等方面的20个项目已签约。")
    assert not names(nodes, "Project")


def test_group_items_worded_like_industries_are_not_projects() -> None:
    nodes, _ = extract("双方在精深加工产业、无人机制造、冰城动漫城等12个项目集中签约。")
    projects = names(nodes, "Project")
    assert "冰城动漫城" in projects
    assert not projects & {"精深加工产业", "无人机制造"}


def test_a_name_after_zuowei_is_a_description() -> None:
    nodes, _ = extract("松北区作为政区型开发区，拥有区位优势。")
    assert not names(nodes, "Park")


def test_a_company_named_for_a_park_and_its_business_stays_whole() -> None:
    nodes, _ = extract("双方合资组建的深哈产业园投资开发有限公司正式成立。")
    assert "深哈产业园投资开发有限公司" in names(nodes, "Organization")


def test_a_reposted_article_keeps_the_original_paper() -> None:
    nodes, _ = extract("来源:新浪网转载龙江晚报 (2023-01-05)\n\n□本报记者 李明\n\n园区建设加快。\n")
    assert nodes[node_id("Person", "李明")].properties.get("paper") == "龙江晚报"


def test_a_person_tagged_by_jieba_right_before_a_title() -> None:
    nodes, _ = extract("全面落实李克强总理考察龙江时的要求。")
    assert nodes[node_id("Person", "李克强")].properties["role"] == "总理"


def test_a_verb_inside_a_brand_name_stays() -> None:
    # 创新 is a verb and jieba guesses 谷 is a surname: not a clause opening before a name.
    nodes, _ = extract("松江U谷·群力科技创新谷项目启动仪式在松北举行。")
    assert "松江U谷·群力科技创新谷" in names(nodes, "Project")


def test_an_adverbial_after_a_title_is_not_a_name() -> None:
    nodes, _ = extract("园区管委会副主任在会上表示，项目进展顺利。")
    assert not names(nodes, "Person")


def test_a_delegate_introduced_on_a_line_of_their_own_speaks_until_the_next() -> None:
    text = (
        "市人大代表 陈志远\n园区企业关联度不高。\n建议加快培育产业集群，形成集聚效应。\n"
        "市人大代表 刘海燕\n幼儿园学位依然紧张。\n"
    )
    nodes, rels = extract(text)
    by = {n.properties.get("by") for n in nodes.values() if n.label == "Proposal"}
    assert "陈志远" in by
    assert any(r.type == "PROPOSED_BY" and r.target == node_id("Person", "陈志远") for r in rels)


def test_a_traditional_script_article_is_read_like_a_simplified_one() -> None:
    text = "哈新區平房片區舉行簽約儀式,雙城醫藥產業園項目簽約額8億元。"
    ct = repair(text)
    assert len(ct.clean) == len(text)
    nodes, _ = extract_entities(ct, "doc", [])
    parks = [n for n in nodes if n.name == "双城医药产业园"]
    assert parks, [n.name for n in nodes]
    # Provenance still points at the characters as printed.
    p = parks[0].provenance[0]
    assert text[p.start : p.end].startswith("雙城醫藥產業園")


def test_the_first_with_splits_the_parties_and_the_rest_is_their_list() -> None:
    text = "临江经开区管委会与远山经开区管委会和青湖经开区管委会签订合作协议。"
    _, rels = extract(text)
    a, b, c = (node_id("Organization", f"{x}经开区管委会") for x in ("临江", "远山", "青湖"))
    assert has(rels, a, "COOPERATES_WITH", b)
    assert has(rels, a, "COOPERATES_WITH", c)
    assert not has(rels, b, "COOPERATES_WITH", c)


def test_people_signing_on_behalf_of_bodies_make_the_bodies_partners() -> None:
    text = (
        "哈尔滨新区举行签约仪式。区长张建国与远山集团副总经理王立新分别代表道里区政府与远山集团签订了投资协议。"
        "市长李志明与远山集团负责人进行深入交流。"
    )
    _, rels = extract(text)
    company = node_id("Organization", "远山集团")
    assert has(rels, node_id("Organization", "道里区政府"), "COOPERATES_WITH", company)
    # A person is not the area: no link from the document's area to the company.
    assert not has(rels, node_id("Park", "哈尔滨新区"), "COOPERATES_WITH", company)


def test_bylines_in_brackets_and_reporter_with_correspondent() -> None:
    for text, want in (
        ("黑龙江频道消息(赵明远):4月17日,园区项目开工。", {"赵明远"}),
        ("园区项目开工。(作者:钱立新)", {"钱立新"}),
        ("本报讯 记者 赵明远 通讯员 刘佳明 园区项目开工。", {"赵明远", "刘佳明"}),
    ):
        nodes, _ = extract(text)
        assert names(nodes, "Person") == want, text


def test_phrases_before_a_bare_project_or_park_word_are_not_names() -> None:
    text = (
        "市长安排部署项目引进工作。此举将带动全市园区转型。"
        "园区建设集研发设计、企业孵化总部和仓储配套等功能于一体的综合体。"
    )
    nodes, _ = extract(text)
    found = {n.name for n in nodes.values() if n.label in ("Project", "Park")}
    assert not found & {"部署项目", "带动全市园区", "全市园区", "企业孵化总部"}, found


def test_counted_fields_after_a_preposition_and_a_ministry_centre() -> None:
    text = (
        "呼兰区人民政府与商务部国际贸易发展中心、远山新能源集团有限公司等"
        "在绿色食品精深加工、新材料开发建设、松滨康养产业园等8个项目进行了签约。"
    )
    nodes, _ = extract(text)
    assert "商务部国际贸易发展中心" in names(nodes, "Organization")
    assert "新材料开发建设" not in {n.name for n in nodes.values()}
    assert "松滨康养产业园" in names(nodes, "Park") | names(nodes, "Project")


def test_the_outlets_place_is_not_the_articles_place() -> None:
    text = "【香港商报网讯】平房区举行签约仪式。远山医药产业园项目签约。香港商报网记者报道。"
    _, rels = extract(text)
    assert not any(r.target == node_id("Place", "香港") for r in rels)
    assert has(rels, node_id("Project", "远山医药产业园"), "LOCATED_IN", node_id("Place", "平房区"))


def test_a_project_built_by_its_investor_names_the_investor() -> None:
    nodes, _ = extract("冷链物流中心项目由华冠物流投资建设，总投资2亿元。")
    assert "华冠物流" in names(nodes, "Organization")


def test_named_investor_signing_amount_and_first_phase_area() -> None:
    text = (
        "远山智能装备产业园项目首期规划面积约为120亩,签约额6亿元,投资方为青湖精工科技有限公司。"
        "区政府一级调研员钱立新出席。"
    )
    nodes, rels = extract(text)
    park = nodes[node_id("Project", "远山智能装备产业园")]
    assert park.properties["investment"] == "6亿元"
    assert park.properties["area"] == "120亩"
    assert has(rels, park.id, "OPERATED_BY", node_id("Organization", "青湖精工科技有限公司"))
    assert nodes[node_id("Person", "钱立新")].properties["role"] == "调研员"


def test_joined_facilities_and_work_done_are_not_project_names() -> None:
    text = (
        "哈尔滨市政府举行“哈尔滨市招商引资项目签约仪式”。该项目将建设试车区、3D检测室和验证室及规划研发中心,"
        "并构建远山机器人研发中心、生产制造基地。"
    )
    nodes, _ = extract(text)
    found = {n.name for n in nodes.values() if n.label in ("Project", "Park")}
    assert not any("和" in n or "及" in n for n in found), found
    assert not found & {"哈尔滨市招商引资", "生产制造基地"}, found


def test_a_park_named_after_a_district_is_located_in_it() -> None:
    text = "哈尔滨市平房区举行揭牌仪式,黑龙江平房智能制造产业园正式揭牌。"
    _, rels = extract(text)
    park = node_id("Park", "黑龙江平房智能制造产业园")
    assert has(rels, park, "LOCATED_IN", node_id("Place", "平房区"))
    assert not has(rels, park, "LOCATED_IN", node_id("Place", "黑龙江"))


def test_a_project_named_with_a_companys_brand_is_run_by_it() -> None:
    text = "道里区政府与华睿集团签订协议。华睿智谷·道里创新港项目开工。"
    _, rels = extract(text)
    assert has(
        rels, node_id("Project", "华睿智谷·道里创新港"), "OPERATED_BY", node_id("Organization", "华睿集团")
    )


def test_a_facility_named_inside_a_park_gives_the_park_too() -> None:
    nodes, rels = extract("代表团赴无锡华睿智谷工业园区双创中心考察。")
    park = node_id("Park", "无锡华睿智谷工业园区")
    assert park in nodes, list(nodes)
    assert has(rels, node_id("Project", "无锡华睿智谷工业园区双创中心"), "BELONGS_TO", park)


def test_a_chain_of_titles_before_a_name_is_kept() -> None:
    nodes, _ = extract("高新区管委会主任、道里区政府区长钱立新出席签约仪式。")
    person = nodes[node_id("Person", "钱立新")]
    assert person.properties["role"] == "区长"
    assert person.properties["titles"] == ["高新区管委会主任", "道里区政府区长"]


def test_a_zone_is_run_by_its_committee_and_a_signing_total_is_not_the_parks() -> None:
    nodes, rels = extract("哈尔滨新区管委会召开会议。呼兰经济开发区揭牌现场签约16个项目投资达200亿元。")
    assert has(
        rels, node_id("Park", "哈尔滨新区"), "OPERATED_BY", node_id("Organization", "哈尔滨新区管委会")
    )
    assert not has(
        rels, node_id("Organization", "哈尔滨新区管委会"), "BELONGS_TO", node_id("Park", "哈尔滨新区")
    )
    assert "investment" not in nodes[node_id("Park", "呼兰经济开发区")].properties


def test_a_project_visited_elsewhere_is_not_placed_in_the_area() -> None:
    text = "哈尔滨新区代表团赴华睿集团总部考察。华睿智谷·松北创新港项目在哈尔滨新区开工。"
    _, rels = extract(text)
    area = node_id("Park", "哈尔滨新区")
    assert not any(r.source == node_id("Project", "华睿集团总部") and r.target == area for r in rels)


def test_a_verb_before_the_head_noun_stays_in_the_name() -> None:
    nodes, _ = extract("国家级无人机研发孵化创新中心项目签约。")
    assert any(n.name.endswith("研发孵化创新中心") and "无人机" in n.name for n in nodes.values()), list(
        nodes
    )


def test_a_pair_inside_a_longer_name_is_no_pair() -> None:
    # 港澳 of 粤港澳 stands before 合作 like 深哈 does, but it is part of a name already read.
    nodes, rels = extract("粤港澳合作深入推进，深哈合作成效明显。")
    assert "粤港澳大湾区" in names(nodes, "Place")
    assert not {"香港", "澳门"} & names(nodes, "Place")
    assert has(rels, node_id("Place", "深圳"), "COOPERATES_WITH", node_id("Place", "哈尔滨"))


def test_proposals_begin_at_a_word_and_say_what_is_proposed() -> None:
    # The seed's statements, lines joined; 要 of 要素联动 is no 要 (should), 根据不同产业特点 only says how.
    text = (
        "“上海的浦东新区一直被人们誉为中国改革开放过程中的‘传奇’。”松北区政协委员景侠认为，"
        "自贸区哈尔滨片区完全在哈尔滨新区内，这一优势，哈尔滨新区应充分发挥，应狠抓自贸片区建设，"
        "加强对外开放合作，助推区域经济全面振兴。\n\n"
        "景侠说，自贸区哈尔滨片区在建设过程中应发挥自身优势和联动效应，加强顶层设计，"
        "加强区域间要素联动、产业联动、区域合作和运行保障等建设。\n\n"
        "松北区政协委员王天卓充分肯定新区五年来的变化。\n\n"
        "王天卓认为，新区应该把现有楼宇、园区按技术领域和产业方向进行细化，真正搭建起新区创新驱动的"
        "“加速器”。其次，他建议在制定扶持政策时，新区应根据不同产业特点，明确政策适用时间，"
        "真正让政策福利惠及企业。\n"
    )
    nodes, _ = extract(text)
    proposed = {n.properties["by"]: set() for n in nodes.values() if n.label == "Proposal"}
    for n in nodes.values():
        if n.label == "Proposal":
            proposed[n.properties["by"]].add(n.name)
    assert {"发挥自身优势和联动效应", "狠抓自贸片区建设"} <= proposed["景侠"]
    assert not any(name.startswith("素") for name in proposed["景侠"])
    assert any("明确政策适用时间" in name for name in proposed["王天卓"])
    assert "根据不同产业特点" not in proposed["王天卓"]
    word_starts = {a for _, a, _ in jieba.tokenize(text)}
    for names_of_one in proposed.values():
        assert all(text.find(name[:4]) in word_starts for name in names_of_one), names_of_one


def test_a_counted_group_takes_the_furthest_stage_printed() -> None:
    # As a sentence about one project does: 开工 then 竣工 says the projects have come as far as 竣工.
    nodes, _ = extract("·推动冰雪装备城、北方药谷等2个项目开工、竣工。\n·龙江碳谷等3个项目开复工。")
    assert nodes[node_id("Project", "冰雪装备城")].properties["status"] == "竣工"
    assert nodes[node_id("Project", "北方药谷")].properties["status"] == "竣工"
    assert nodes[node_id("Project", "龙江碳谷")].properties["status"] == "开工"


def test_a_count_of_kinds_is_not_a_name() -> None:
    # As printed in the Shenzhen reports: 五大中心, 十大重点片区 count kinds of place, they name none.
    text = "加快建设五大中心，推进十大重点片区和三大先进制造业园区开发，光明科学城启动区建设提速。"
    nodes, _ = extract(text)
    assert not {n.name for n in nodes.values()} & {"五大中心", "十大重点片区", "三大先进制造业园区"}
    # A name in the same sentence still is one (光明科学城, or with the CRF 光明科学城启动区, its zone).
    assert any(n.startswith("光明科学城") for n in names(nodes, "Park"))


def test_a_group_noun_owned_by_the_items_does_not_make_them_its_kind() -> None:
    # …等一揽子服务的线上平台: the platform offers these services; they are not platforms (projects).
    text = (
        "建设线上园区，为个体工商户提供人才、用工、融资、会计、法律等一揽子服务的线上平台。"
        "全力引进宝能食品等一批带动性强的龙头项目。"
    )
    nodes, _ = extract(text)
    assert not {"融资", "会计", "法律", "用工"} & {n.name for n in nodes.values()}
    assert "宝能食品" in names(nodes, "Project")  # 带动性强的 describes the projects themselves


def test_a_title_awarded_is_not_a_name_and_leaves_its_holder_whole() -> None:
    # As printed in the Shenzhen reports: X获评“Y”, X入选Y — Y is a kind of honour, X the name.
    text = (
        "龙岗数字创意产业走廊获评“国家级文化产业示范园区”。"
        "深圳宪法公园获评省十佳法治文化主题公园。观澜小镇入选省级特色小镇。"
    )
    nodes, _ = extract(text)
    every = {n.name for n in nodes.values()}
    assert {"深圳宪法公园", "观澜小镇"} <= every
    assert not any(w in name for name in every for w in ("获评", "入选"))
    assert not {"国家级文化产业示范园区", "省级特色小镇"} & every


def test_a_list_number_before_a_name_is_not_part_of_it() -> None:
    nodes, _ = extract("（二）沙头角深港国际消费合作区建设提速。\n(6)建立区域医疗云数据中心。")
    every = {n.name for n in nodes.values()}
    assert "沙头角深港国际消费合作区" in every
    assert not any(name.startswith(("（", "(")) for name in every)


def test_authors_named_before_the_title_they_handed_in_are_people_or_bodies() -> None:
    nodes, _ = extract(
        "在城建方面，韩立新提交了《关于建设滨河绿道的提案》，市民盟提交了《关于治理南河道的提案》。"
        "在交通方面，周德明、严秋萍递交了《关于加快停车场建设的提案》。市民建议增设公交线路。"
    )
    assert {"韩立新", "周德明", "严秋萍"} <= names(nodes, "Person")
    assert "市民盟" in names(nodes, "Organization")
    assert not {"市民建", "市民盟"} & names(nodes, "Person")
    assert "市民建" not in names(nodes, "Organization")  # 市民建议: citizens suggest


def test_the_source_line_names_the_publisher() -> None:
    nodes, _ = extract("2020-01-07 09:01:11  来源:江城日报\n\n园区建设加快。\n")
    assert "江城日报" in names(nodes, "Organization")
    nodes, _ = extract("发布时间: 2015-01-22 11:42:00    来源: 中国高原网\n\n高原网讯 代表们审议了报告。\n")
    assert "中国高原网" in names(nodes, "Organization")
    nodes, _ = extract("2023-01-05 08:00  来源:新浪网转载江城晚报\n\n园区建设加快。\n")
    assert "江城晚报" in names(nodes, "Organization")  # the paper a site reposted the article from
    assert not any("转载" in name for name in names(nodes, "Organization"))
    nodes, _ = extract("来源:江城日报 2020-11-26 17:58\n今年以来,园区建设加快。\n")
    assert "江城日报" in names(nodes, "Organization")  # a time stamp after the source


def test_papers_by_dateline_masthead_and_citation() -> None:
    nodes, _ = extract(
        "提案质量逐年提升\n截至昨日下午18时,市政协共收到提案380余件\n"
        "中国高原网3月21日讯 据江城日报报道 会议召开。\n"
    )
    assert {"中国高原网", "江城日报"} <= names(nodes, "Organization")
    nodes, _ = extract("江城政协报:“园区协商”破壁垒 区域协同惠民生\n\n园区建设加快。\n")
    assert "江城政协报" in names(nodes, "Organization")
    nodes, _ = extract("2月22日,《江城日报》发布的《省政协会议报告》引起关注。")
    assert "江城日报" in names(nodes, "Organization")
    nodes, _ = extract("(三)工业互联网:推进企业上云。\n")
    assert "工业互联网" not in names(nodes, "Organization")
    nodes, _ = extract("江城日报·新江城客户端5月6日讯(记者 王五) 园区建设加快。\n")
    assert {"江城日报", "新江城客户端"} <= names(nodes, "Organization")
    nodes, _ = extract("园区建设加快。(江城县融媒体中心记者 李梦)\n")
    assert "江城县融媒体中心" in names(nodes, "Organization")


def test_a_photo_credit_line_is_not_joined_to_the_dateline_after_it() -> None:
    nodes, _ = extract(
        "代表们讨论报告\n那曲代表团讨论组 摄影:马静\n"
        "中国高原网讯 西藏“两会”正在进行时,代表们认真审议政府工作报告。\n"
    )
    assert "中国高原网" in names(nodes, "Organization")
    assert not any(name.startswith("马静") and name != "马静" for name in names(nodes, "Organization"))


def test_a_listed_name_jieba_reads_as_a_place_stays_a_name() -> None:
    nodes, _ = extract("县委副书记、县长范德珩,县人大常委会主任郑干先,县政协主席毛峰等领导出席。")
    assert {"范德珩", "郑干先", "毛峰"} <= names(nodes, "Person")


def test_spaced_out_names_of_officials_and_speakers() -> None:
    nodes, _ = extract("关于江城区2025年计划的报告\n江城区区长 王 华\n各位代表:\n江城区发展。")
    assert "王华" in names(nodes, "Person")
    nodes, _ = extract(
        "政府工作报告\n——在江城县第十八届人民代表大会上\n\n  刘 海 涛\n\n各位代表:\n现在报告工作。"
    )
    assert "刘海涛" in names(nodes, "Person")
    nodes, _ = extract("目 录\n一、回顾\n")
    assert not names(nodes, "Person")


def test_what_an_official_does_next_ends_the_name() -> None:
    nodes, _ = extract("省委书记于伟国作开工动员。党工委书记陈水连主持仪式。经信厅厅长朱家德为示范园区授牌。")
    assert {"于伟国", "陈水连", "朱家德"} <= names(nodes, "Person")
    nodes, _ = extract("省政协委员、市委党校常务副校长詹家安作为第一提案人提出建议。")
    assert "詹家安" in names(nodes, "Person")
    nodes, _ = extract("市长李强将参加会议。副市长张明在会上讲话。")
    assert names(nodes, "Person") == {"李强", "张明"}


def test_fragments_are_not_names() -> None:
    nodes, _ = extract("市领导在主席台就座。大邑县安仁古镇提升改造(二期)项目开工。")
    assert not names(nodes, "Person")
    assert not any(n.name.startswith(("(", "（")) for n in nodes.values())


def test_a_park_inside_a_longer_name_is_named_too() -> None:
    nodes, rels = extract("市政府副市长、江城经开区党工委书记陈水连主持。")
    assert "江城经开区" in names(nodes, "Park")
    assert has(rels, node_id("Organization", "江城经开区党工委"), "BELONGS_TO", node_id("Park", "江城经开区"))
    nodes, _ = extract("开工的江城高新区海棠湖文旅小镇项目位于城东。江州台商投资区华晴卫星应用项目开工。")
    assert {"江城高新区", "江州台商投资区"} <= names(nodes, "Park")
    nodes, _ = extract("新区管委会召开会议。")
    assert not names(nodes, "Park")


def test_a_registered_company_name_opens_at_its_place_or_bracket() -> None:
    nodes, _ = extract("总投资8000万元的江州满仓面业有限公司年加工小麦12万吨面粉项目开工。")
    assert "江州满仓面业有限公司" in names(nodes, "Organization")
    nodes, _ = extract("先后视察了江城经开区安徽乐美达生物科技有限公司、尚德科技(安徽)有限公司。")
    assert {"安徽乐美达生物科技有限公司", "尚德科技（安徽）有限公司"} <= names(nodes, "Organization")
    nodes, _ = extract(
        "由1个技术支持机构（深圳市城市公共安全技术研究院有限公司）构成。区里成立区环境水务有限公司。"
    )
    assert {"深圳市城市公共安全技术研究院有限公司", "区环境水务有限公司"} <= names(nodes, "Organization")


def test_a_station_of_a_line_is_named_with_its_line() -> None:
    nodes, _ = extract("加快轨道建设,完工轨道1号线朝天门站、5号线歇台子站,建设6号线站点。")
    assert {"轨道1号线朝天门站", "5号线歇台子站"} <= names(nodes, "Project")
    assert not any(name.endswith("站点") for name in names(nodes, "Project"))


def test_firms_listed_before_their_heads_or_their_count() -> None:
    nodes, _ = extract("北京荣迁食品、中车科技公司、北京建工华创、山水环境产业集团负责人分别发言。")
    assert {"北京荣迁食品", "北京建工华创"} <= names(nodes, "Organization")
    nodes, _ = extract("四川九创投资、四川宝利丰科技、重庆卓越科技、大益汽车配件9家企业代表签约。")
    assert {"四川宝利丰科技", "重庆卓越科技", "大益汽车配件"} <= names(nodes, "Organization")
    nodes, _ = extract("一次性解决53家企业用地问题。")
    assert not names(nodes, "Organization")


def test_an_editor_after_a_colon() -> None:
    nodes, _ = extract("来源:中国网 编辑:吴海东\n园区建设加快。")
    assert "吴海东" in names(nodes, "Person")


def test_towns_listed_where_projects_start_are_places() -> None:
    nodes, _ = extract("江城县在五里桥镇、丹水镇、太平镇等地同时举行重大项目集中开工。")
    assert {"五里桥镇", "丹水镇", "太平镇"} <= names(nodes, "Place")
    assert not {"五里桥镇", "丹水镇", "太平镇"} & names(nodes, "Project")


def test_a_park_inside_a_park_is_named_by_its_own_name() -> None:
    nodes, rels = extract("江城县飞地经济产业园区位于江州经济技术开发区霸王河工业园内,项目总投资1.8亿元。")
    assert {"江州经济技术开发区", "霸王河工业园"} <= names(nodes, "Park")
    sub = nodes[node_id("Park", "霸王河工业园")]
    assert "江州经济技术开发区霸王河工业园" in sub.aliases
    assert has(rels, sub.id, "BELONGS_TO", node_id("Park", "江州经济技术开发区"))
    nodes, _ = extract("坪山高新区成为深圳高新区两大核心园区之一。")
    assert "两大核心园区" not in names(nodes, "Park")


def test_a_body_met_or_visited_is_named_without_the_meeting() -> None:
    nodes, _ = extract("3月9日,县委主要领导先后会见北京星河光电研究院院长一行。")
    assert "北京星河光电研究院" in names(nodes, "Organization")
    assert not any("会见" in n for n in names(nodes, "Organization"))


def test_firms_after_a_verb_read_with_its_adverb_are_named_without_it() -> None:
    nodes, _ = extract("目前园区已达成华宇重工、恒远激光等一批投资意向项目。")
    found = names(nodes, "Project") | names(nodes, "Organization")
    assert not any(n.startswith("已达成") for n in found)


def test_fields_listed_for_the_projects_signed_are_industries() -> None:
    nodes, _ = extract("此次签约的12个项目,涵盖了竹木加工、化工新材料、电子元器件等核心领域。")
    assert {"竹木加工", "化工新材料", "电子元器件"} <= names(nodes, "Industry")
    # A work report's areas of policy are no industries.
    nodes, _ = extract("深化改革,在政务服务、城市管理、安全生产等领域取得突破。")
    assert not {"政务服务", "城市管理", "安全生产"} & names(nodes, "Industry")


def test_a_firm_with_its_province_opening_a_project_it_moves_or_extends_is_named() -> None:
    nodes, rels = extract("江苏恒宁药业异地迁建项目落户临江产业园,康达陶瓷扩建项目同时开工。")
    firm = nodes[node_id("Organization", "江苏恒宁药业")]
    assert "恒宁药业" in firm.aliases
    assert has(rels, node_id("Project", "江苏恒宁药业异地迁建"), "OPERATED_BY", firm.id)
    assert "康达陶瓷" in names(nodes, "Organization")


def test_a_reporter_run_into_the_next_byline_and_editors_in_a_list() -> None:
    nodes, _ = extract("临江日报讯记者汤晓明通讯员黄健报道 2月19日,园区揭牌。\n(责编:王丽娟、翁志强)")
    assert {"汤晓明", "黄健", "王丽娟", "翁志强"} <= names(nodes, "Person")


def test_a_name_after_its_title_ends_where_the_person_acts() -> None:
    nodes, _ = extract("市政府秘书长刘文占出席活动,管委会副主任荣波也参加了仪式,区长陈研等参加揭牌。")
    assert {"刘文占", "荣波", "陈研"} <= names(nodes, "Person")
    assert not {"荣波也", "陈研等"} & names(nodes, "Person")


def test_democratic_party_branches_and_their_officers() -> None:
    nodes, _ = extract(
        "民建临江市基层委主委沈娟作了口头发言,民建临江市二支部会员赵娜撰写的提案获奖,"
        "民建临江市基层委员会获表彰。"
    )
    assert {"民建临江市二支部", "民建临江市基层委员会"} <= names(nodes, "Organization")
    assert "沈娟" in names(nodes, "Person")


def test_party_committee_and_cppcc_of_a_city_by_their_full_names() -> None:
    nodes, _ = extract("她被中共恩施市委表彰为优秀党员。政协恩施市第十届委员会第二次会议开幕。")
    assert {"中共恩施市委", "政协恩施市第十届委员会"} <= names(nodes, "Organization")


def test_papers_named_in_book_title_marks_are_organizations() -> None:
    nodes, _ = extract("《临江日报》、《丰州晚报》等20多家媒体进行了报道。")
    assert {"临江日报", "丰州晚报"} <= names(nodes, "Organization")


def test_a_listed_official_jieba_reads_as_a_person_whatever_the_surname() -> None:
    nodes, _ = extract("市政协副主席韩淑华、杨录祥、保元庆及秘书长孟雅奇出席会议。")
    assert {"韩淑华", "杨录祥", "保元庆", "孟雅奇"} <= names(nodes, "Person")


def test_a_firm_opening_a_project_by_its_capacity_without_a_verb_of_output() -> None:
    nodes, rels = extract("橙香生物科技1万吨枳壳加工项目进展顺利。")
    assert "橙香生物科技" in names(nodes, "Organization")
    assert has(
        rels,
        node_id("Project", "橙香生物科技1万吨枳壳加工"),
        "OPERATED_BY",
        node_id("Organization", "橙香生物科技"),
    )


def test_a_zone_named_only_by_the_sector_it_serves_is_a_kind_not_a_name() -> None:
    nodes, _ = extract("全力打造循环经济示范区和县属工业园区,建设江城生态农业示范区。")
    parks = names(nodes, "Park")
    assert not {"循环经济示范区", "县属工业园区"} & parks
    assert "江城生态农业示范区" in parks


def test_groups_alliances_and_chemical_parks_by_their_suffixes() -> None:
    nodes, _ = extract(
        "江城县开放招商工作领导小组组织召开会议,江城县新能源汽车产业联盟、临江市企业联合会参加,"
        "项目落户丰州化工园区。全省新培育农民合作社120家。"
    )
    assert {"江城县开放招商工作领导小组", "江城县新能源汽车产业联盟", "临江市企业联合会"} <= names(
        nodes, "Organization"
    )
    assert "丰州化工园区" in names(nodes, "Park")
    assert "农民合作社" not in names(nodes, "Organization")  # a kind of body, not one


def test_short_names_read_only_where_they_are_words() -> None:
    nodes, _ = extract("县政府与工行、建行、中行签订战略合作协议。民建、民盟等民主党派提交提案。")
    orgs = names(nodes, "Organization")
    assert {"中国工商银行", "中国建设银行", "中国银行", "中国民主建国会", "中国民主同盟"} <= orgs
    nodes, _ = extract("开展集中行动,推动人民建设美好家园。")
    assert not {"中国银行", "中国民主建国会"} & names(nodes, "Organization")


def test_projects_listed_with_their_investment_before_each_name() -> None:
    nodes, _ = extract("22亿元乐华智能家电、10亿元恒通公路港枢纽、5亿元圆达皖南物流园等项目建设封顶。")
    found = names(nodes, "Project") | names(nodes, "Park")
    assert {"乐华智能家电", "恒通公路港枢纽", "圆达皖南物流园"} <= found
    assert not any("亿元" in n for n in found)


def test_members_speaking_for_their_party_and_a_list_of_speakers() -> None:
    nodes, _ = extract(
        "袁海委员代表致公党临江区总支部委员会发言,建议加快发展。"
        "朱泽兵代表、刘伟廷代表、葛意代表、曾朝夕代表、刘俊委员的发言被登载。"
        "现在,我代表区人民政府向各位代表、各位委员报告工作。"
    )
    assert {"袁海", "朱泽兵", "刘伟廷", "葛意", "曾朝夕", "刘俊"} <= names(nodes, "Person")
    assert "致公党临江区总支部委员会" in names(nodes, "Organization")
    assert not any("各位" in n for n in names(nodes, "Person"))


def test_an_articles_closing_credits_name_each_person_once() -> None:
    nodes, _ = extract("园区建设加快。\n记者:王磊\n编辑:王婷\n校对:刘曼容\n审核:陈焕坤\n监制:陈东升")
    assert {"王婷", "刘曼容", "陈焕坤", "陈东升"} <= names(nodes, "Person")
    assert not any("审核" in n or "校对" in n for n in names(nodes, "Person"))


def test_roads_and_canals_a_place_lies_by() -> None:
    nodes, _ = extract("园区沿241国道而建,距灌平高速嘉会互通2公里,离湘桂大运河嘉会港口5公里。")
    assert {"241国道", "灌平高速", "湘桂大运河"} <= names(nodes, "Project")


def test_members_listed_before_their_count_and_title() -> None:
    nodes, _ = extract("刘北京、于红莉、戚征宇等多名会员当选。吕冰、王宝明、苗红3名会员被评为优秀会员。")
    assert {"刘北京", "于红莉", "戚征宇", "吕冰", "王宝明", "苗红"} <= names(nodes, "Person")
    nodes, _ = extract("王强、李明等12名代表提交建议。")
    assert names(nodes, "Person") == {"王强", "李明"}


def test_a_datelines_publisher_and_a_media_centre_credited_in_brackets() -> None:
    nodes, _ = extract(
        "红网时刻10月24日讯(通讯员 唐杨)10月22日,项目签约。\n园区建设加快。\n(永昌县融媒体中心)"
    )
    orgs = names(nodes, "Organization")
    assert {"红网时刻", "永昌县融媒体中心"} <= orgs
    assert not any(n.startswith(("(", "（")) for n in names(nodes, "Project") | orgs)
    nodes, _ = extract("本报3月5日讯 园区建设加快。")
    assert "本报" not in names(nodes, "Organization")


def test_a_railway_named_from_end_to_end() -> None:
    nodes, _ = extract("龙岩至龙川铁路项目(上杭段)实现开工,汕尾至汕头高铁加快建设。")
    assert {"龙岩至龙川铁路项目（上杭段）", "汕尾至汕头高铁"} <= names(nodes, "Project")


def test_names_after_their_title_closed_by_their_count() -> None:
    nodes, _ = extract("界别委员黄玉、赵全刚、牛光道、熊瑛、薛畅敏5人被授予优秀委员称号。")
    assert {"黄玉", "赵全刚", "牛光道", "熊瑛", "薛畅敏"} <= names(nodes, "Person")
