"""Property tests: any Unicode text loads without crashing, and every offset stays inside the text."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from provenance_checks import assert_offsets_inside

from loaders.layout import recover_structure
from loaders.ocr import repair
from loaders.report import load_text

# Text made of what these pages are made of, plus anything Unicode has.
_PIECES = st.sampled_from(
    [
        "\n",
        "\n\n",
        "\r\n",
        " ",
        "·",
        "一是",
        "二是",
        "坚定不移",
        "1 ",
        "本报讯（记者",
        "文/本报记者 ",
        "。",
        "，",
        "龙江碳谷",
        "哈尔滨新区",
        "政协委员",
        "同比增长10%",
        "（",
        "）",
        "１０",
        "\u3000",
        "\ufeff",
    ]
)
PAGES = st.lists(st.one_of(_PIECES, st.text(max_size=12)), max_size=40).map("".join)


@settings(max_examples=200, deadline=None)
@given(PAGES)
def test_structure_of_any_text_stays_inside_it(text: str) -> None:
    sections = recover_structure(repair(text), "any")
    ids = {s.id for s in sections}
    for s in sections:
        assert 0 <= s.start <= s.end <= len(text)
        assert s.parent is None or s.parent in ids


@settings(max_examples=200, deadline=None)
@given(PAGES)
def test_any_text_loads_with_offsets_inside_it(text: str) -> None:
    doc = load_text(text, "any")
    assert_offsets_inside(doc, text)
