"""Places of the national table of divisions, and towns: read whatever jieba tags them, never where
the characters are part of a common word. Texts written for these tests."""

from __future__ import annotations

from graph.core.model import node_id
from loaders.entities import extract_entities
from loaders.text import CleanText


def places(text: str) -> dict[str, set[str]]:
    """Place name → its aliases, as the graph holds them."""
    nodes, _ = extract_entities(CleanText.build(text), "doc", [])
    return {n.name: set(n.aliases or []) for n in nodes if n.label == "Place"}


def test_a_district_and_a_county_jieba_does_not_tag_as_places() -> None:
    found = places("现在,我代表龙子湖区人民政府向大会报告工作。6月17日,陇县举行招商引资项目签约大会。")
    assert {"龙子湖区", "陇县"} <= set(found)


def test_a_short_form_is_the_division_with_the_printed_form_as_alias() -> None:
    found = places("出席省人大会议的黄冈64名人大代表建议,支持黄冈临空经济区建设。")
    assert "黄冈" in found["黄冈市"]


def test_a_citys_short_form_whatever_jieba_tags_it() -> None:
    found = places("嘉兴招大引强迎来开门红,三个项目签约落户嘉兴。常德和孝感的企业参加。")
    assert "嘉兴" in found["嘉兴市"]
    assert {"常德市", "孝感市"} <= set(found)
    found = places("欢迎各位来宾。日照充足,白银价格上涨。")
    assert not {"来宾市", "日照市", "白银市"} & set(found)


def test_a_county_under_its_city_is_named_by_the_two_together_too() -> None:
    found = places("在遂宁市安居区第五届人民代表大会上。杭州市萧山区与龙泉市合作。")
    assert "遂宁市安居区" in found["安居区"]
    assert "杭州市萧山区" in found["萧山区"]


def test_a_place_opening_a_park_name_does_not_cut_the_park() -> None:
    nodes, _ = extract_entities(CleanText.build("扬中经开区举行产业链招商推介会。"), "doc", [])
    by_label = {(n.label, n.name) for n in nodes}
    assert ("Park", "扬中经开区") in by_label
    assert ("Place", "扬中市") in by_label


def test_an_autonomous_prefecture_by_its_short_name() -> None:
    assert "楚雄彝族自治州" in places("楚雄举行2021年第一批重大项目集中开工仪式。")


def test_short_forms_that_are_common_words_are_not_places() -> None:
    found = places("双方将深化合作,共享资源,打通物流通道,确保长治久安,在华北平原建设示范区。")
    assert not {"合作市", "资源县", "通道侗族自治县", "长治市", "平原县"} & set(found)


def test_towns_of_a_county() -> None:
    found = places("都兰县宗加镇和香日德镇的项目加快推进。廉江市横山镇要抓住机遇,横山镇将建设产业园。")
    assert {"宗加镇", "香日德镇", "横山镇"} <= set(found)


def test_kinds_of_town_are_not_towns() -> None:
    found = places("实现乡村振兴,建设特色小镇和中心镇,打造产业强镇,创建国家卫生镇,以城带乡,推动人才入乡。")
    assert not any(name.endswith(("镇", "乡")) for name in found)


def test_the_place_node_is_the_full_name() -> None:
    nodes, _ = extract_entities(CleanText.build("漳州、泉州、莆田三地联动发展。"), "doc", [])
    ids = {n.id for n in nodes}
    assert {node_id("Place", "漳州市"), node_id("Place", "泉州市"), node_id("Place", "莆田市")} <= ids


def test_a_short_form_before_a_town_word_is_the_town() -> None:
    assert "安仁县" not in places("大邑县安仁古镇提升改造项目开工,安仁镇加快发展。")


def test_a_district_opening_a_project_name() -> None:
    assert "江南区" in places("兴宁区项目、江南区中广核延安风电场项目集中签约。")


def test_a_town_by_its_committee() -> None:
    assert "横山镇" in places("横山镇委书记郑基雄表示,将抓住机遇。")
