"""Reading order from line geometry: columns, headlines across them, lines set a little wide."""

from __future__ import annotations

from loaders.formats.reading_order import PlacedLine, reading_order

HEIGHT = 20
PITCH = 30


def column(texts: list[str], left: float, top: float, width: float = 180) -> list[PlacedLine]:
    return [
        PlacedLine(text, (left, top + i * PITCH, left + width, top + i * PITCH + HEIGHT))
        for i, text in enumerate(texts)
    ]


def across_rows(columns: list[list[PlacedLine]]) -> list[PlacedLine]:
    """The lines as an OCR engine lists them: row by row across the page, mixing the columns."""
    return sorted((line for col in columns for line in col), key=lambda line: (line.top, line.left))


def texts(lines: list[PlacedLine]) -> list[str]:
    return [line.text for line in reading_order(lines)]


def test_four_columns_are_read_one_after_the_other_left_to_right() -> None:
    cols = [column([f"{c}{r}" for r in range(5)], 40 + c * 220, 100) for c in range(4)]
    assert texts(across_rows(cols)) == [f"{c}{r}" for c in range(4) for r in range(5)]


def test_a_headline_across_columns_comes_before_them_and_after_the_columns_above() -> None:
    above = [column([f"a{c}{r}" for r in range(3)], 40 + c * 220, 100) for c in range(4)]
    headline = PlacedLine("标题", (40, 200, 480, 236))  # over the first two columns only
    below = [column([f"b{c}{r}" for r in range(3)], 40 + c * 220, 260) for c in range(4)]
    order = texts([*across_rows(above), headline, *across_rows(below)])
    expected_above = [f"a{c}{r}" for c in range(4) for r in range(3)]
    expected_below = [f"b{c}{r}" for c in range(4) for r in range(3)]
    # The fourth column is white from top to bottom (no headline reaches it), yet it is not read as
    # one long column after the others: the headline cuts the page first.
    assert order == [*expected_above, "标题", *expected_below]


def test_a_line_set_wider_than_its_column_stays_in_its_column() -> None:
    left = column(["甲一", "甲二", "甲三", "甲四"], 40, 100)
    right = column(["乙一", "乙二", "乙三", "乙四"], 240, 100)
    wide = PlacedLine("甲二", (40, 130, 245, 150))  # pokes past the gutter into the next column
    left[1] = wide
    expected = ["甲一", "甲二", "甲三", "甲四", "乙一", "乙二", "乙三", "乙四"]
    assert texts(across_rows([left, right])) == expected


def test_pieces_of_one_line_are_joined_and_a_large_gap_ends_a_block() -> None:
    lines = [
        PlacedLine("6", (40, 100, 56, 120)),
        PlacedLine("坚定不移", (90, 100, 170, 120)),
        PlacedLine("第二行", (40, 130, 100, 150)),
        PlacedLine("新段落", (40, 220, 100, 240)),
    ]
    read = reading_order(lines)
    assert [line.text for line in read] == ["6 坚定不移", "第二行", "新段落"]
    assert [line.ends_block for line in read] == [False, True, False]
    assert read[0].box == (40, 100, 170, 120)


def test_nothing_to_read_is_an_empty_order() -> None:
    assert reading_order([PlacedLine("  ", (0, 0, 10, 10))]) == []
