"""OCR repair: lines broken inside a sentence are rejoined, real boundaries stay."""

from __future__ import annotations

from loaders.ocr import repair

# A newspaper column: full lines wrap mid-word, OCR put a blank line inside a sentence.
COLUMN = """一是以创新统领经济发展。
·积极申建国家自主创新示范区、国

家新一代人工智能创新发展试验区和国
家军民融合创新示范区。

·加快推动哈工大、哈工程创新中心
等研发机构落户。

·制定大食品产业发展规划、中国碳
谷建设方案和工业大麻产业发展蓝皮
书。
二是创新开展招商引资。
·力争全年引进产业项目100个以
上，协议引资额1000亿元以上。
"""


def lines(text: str) -> list[str]:
    return [line for line in repair(text).clean.split("\n") if line.strip()]


def test_line_broken_mid_sentence_is_rejoined() -> None:
    assert "·加快推动哈工大、哈工程创新中心等研发机构落户。" in lines(COLUMN)


def test_blank_line_inside_a_sentence_is_removed() -> None:
    assert "·积极申建国家自主创新示范区、国家新一代人工智能创新发展试验区和国家军民融合创新示范区。" in lines(
        COLUMN
    )


def test_bullets_and_items_keep_their_own_lines() -> None:
    got = lines(COLUMN)
    assert got[0] == "一是以创新统领经济发展。"
    assert [line[:2] for line in got] == ["一是", "·积", "·加", "·制", "二是", "·力"]


def test_two_line_fragment_without_context_is_joined() -> None:
    assert (
        repair("加快推动哈工大、哈工程创新中心\n等研发机构落户。").clean
        == "加快推动哈工大、哈工程创新中心等研发机构落户。"
    )


def test_headings_and_bylines_are_not_joined_to_the_text() -> None:
    text = (
        "6 坚定不移强化自身建设 不断提升现代化治理能力\n"
        " 统筹疫情防控和经济社会\n"
        "发展，力争实现地区生产总值\n"
        "文/本报记者 沈丽娟\n"
        "摄/本报记者 蒋国红\n"
        "区政府工作报告提出，要坚定不移实施精细化管理。\n"
    )
    got = lines(text)
    assert got[0] == "6 坚定不移强化自身建设 不断提升现代化治理能力"
    assert "文/本报记者 沈丽娟" in got
    assert "摄/本报记者 蒋国红" in got


def test_short_titles_stay_apart_from_the_paragraph_below() -> None:
    body = (
        "松北区政协委员王天卓充分肯定\n\n新区五年来的变化，同时，他认为持续\n打造龙江版“新浦东”，创新驱动非常\n"
        "重要。对于今年政府工作报告中提到\n的建议，他感到很有必要，并提出自己\n"
    )
    got = lines("搭建创新驱动加速器\n让政策福利惠及企业\n" + body)
    assert got[0] == "搭建创新驱动加速器"
    assert got[1] == "让政策福利惠及企业"
    assert got[2].startswith("松北区政协委员王天卓充分肯定新区五年来的变化")


def test_offsets_map_back_into_the_text_as_read() -> None:
    ct = repair(COLUMN)
    i = ct.clean.index("哈工程创新中心等研发机构")
    start, end = ct.to_original(i, i + len("哈工程创新中心等研发机构"))
    assert ct.original[start:end] == "哈工程创新中心\n等研发机构"


def test_full_width_forms_are_normalised_for_matching_only() -> None:
    ct = repair("加快深圳（哈尔滨）产业园区建设，力争完成投资１１.３１亿元。")
    assert "深圳(哈尔滨)产业园区" in ct.clean
    i = ct.clean.index("11.31")
    s, e = ct.to_original(i, i + 5)
    assert ct.original[s:e] == "１１.３１"


def test_targets_box_keeps_label_and_value_lines_apart() -> None:
    box = (
        "固定资产投资\n同比增长20%以上\n公共财政预算收入\n同比增长10%以上\n"
        "规模以上工业增加值\n同比增长10%左右\n\n预期\n目标\n"
    )
    assert lines(box) == [
        "固定资产投资",
        "同比增长20%以上",
        "公共财政预算收入",
        "同比增长10%以上",
        "规模以上工业增加值",
        "同比增长10%左右",
        "预期目标",
    ]


def test_windows_line_endings_are_joined_like_unix_ones() -> None:
    unix = repair(COLUMN).clean
    windows = repair(COLUMN.replace("\n", "\r\n")).clean
    assert [x for x in unix.split("\n") if x.strip()] == [
        x.strip("\r") for x in windows.split("\n") if x.strip()
    ]
