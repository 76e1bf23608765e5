"""`kg draw`: a static picture whose Chinese labels are drawn with a CJK font (glyphs, not boxes)."""

from __future__ import annotations

import io
import os
import subprocess
import sys
import warnings
from pathlib import Path

import pytest

pytest.importorskip("matplotlib", reason="`kg draw` needs the draw extra: pip install -e '.[draw]'")

from matplotlib import font_manager
from matplotlib.text import Text
from sample_graph import PARK, park_graph_document

from graph.core.protocol import Subgraph
from graph.outputs.draw import draw_subgraph, find_cjk_font, render_subgraph

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


@pytest.fixture(scope="module")
def park_subgraph() -> Subgraph:
    doc = park_graph_document()
    return Subgraph(doc.nodes, doc.relationships)


@pytest.fixture(scope="module")
def cjk_font():
    font = find_cjk_font()
    if font is None:
        reason = "no CJK font installed (Debian: apt-get install fonts-noto-cjk)"
        if os.environ.get("CI"):
            pytest.fail(reason + "; CI must install it (.ci/run)")
        pytest.skip(reason)
    return font


def test_a_cjk_font_is_found_and_covers_the_park_name(cjk_font) -> None:
    from matplotlib.ft2font import FT2Font

    assert "dejavu" not in cjk_font.path.name.lower()
    face = FT2Font(str(cjk_font.path))
    charmap = face.get_charmap()
    assert all(ord(ch) in charmap for ch in PARK if ch not in "（）")


def test_chinese_labels_resolve_to_the_cjk_font_not_dejavu(park_subgraph: Subgraph, cjk_font) -> None:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        figure = render_subgraph(park_subgraph, title="深哈合作", font=cjk_font)
        # Glyphs are looked up when the picture is rendered: that is when a missing glyph warns.
        figure.savefig(io.BytesIO(), format="png")
    chinese = [
        text for text in figure.findobj(Text) if any("\u4e00" <= ch <= "\u9fff" for ch in text.get_text())
    ]
    names = {text.get_text() for text in chinese}
    assert "科创总部" in names and "深哈合作" in names
    for text in chinese:
        resolved = Path(font_manager.findfont(text.get_fontproperties(), fallback_to_default=False))
        assert resolved == cjk_font.path, text.get_text()
    assert not [w for w in caught if "missing from font" in str(w.message)]


def test_draw_writes_png_and_svg(park_subgraph: Subgraph, tmp_path: Path, cjk_font) -> None:
    png = draw_subgraph(park_subgraph, tmp_path / "park.png")
    assert png.path.read_bytes()[:8] == PNG_MAGIC
    assert (png.nodes, png.relationships) == (len(park_subgraph.nodes), len(park_subgraph.relationships))
    assert png.font == cjk_font
    svg = draw_subgraph(park_subgraph, tmp_path / "park.svg")
    assert svg.path.read_text(encoding="utf-8").lstrip().startswith("<?xml")


def test_draw_refuses_an_unknown_format(park_subgraph: Subgraph, tmp_path: Path) -> None:
    with pytest.raises(ValueError, match=r"\.png"):
        draw_subgraph(park_subgraph, tmp_path / "park.gif")


# --- the command -------------------------------------------------------------------------------


@pytest.fixture
def store_env(tmp_path: Path) -> dict[str, str]:
    """Environment for `kg` with an embedded store in tmp_path holding the park graph."""
    from graph.embedded.store import EmbeddedStore

    data_dir = tmp_path / "data"
    store = EmbeddedStore(data_dir / "graph.json")
    store.write_document(park_graph_document())
    store.close()
    return {**os.environ, "KG_STORE": "embedded", "KG_DATA_DIR": str(data_dir)}


def kg(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    command = [str(Path(sys.executable).with_name("kg")), *args]
    return subprocess.run(command, env=env, capture_output=True, text=True, timeout=120)


def test_kg_draw_writes_a_png_of_the_whole_graph(tmp_path: Path, store_env: dict[str, str], cjk_font) -> None:
    out = tmp_path / "graph.png"
    result = kg("draw", "--out", str(out), env=store_env)
    assert result.returncode == 0, result.stderr
    assert out.read_bytes()[:8] == PNG_MAGIC
    doc = park_graph_document()
    assert f"wrote {len(doc.nodes)} nodes and {len(doc.relationships)} relationships" in result.stderr
    assert cjk_font.family in result.stderr


def test_kg_draw_around_the_park_draws_its_neighbourhood(tmp_path: Path, store_env: dict[str, str]) -> None:
    from graph.embedded.store import EmbeddedStore

    store = EmbeddedStore(Path(store_env["KG_DATA_DIR"]) / "graph.json")
    park = store.search(PARK, limit=1).hits[0].node
    expected = store.subgraph([park.id], depth=1)
    out = tmp_path / "park.svg"
    result = kg("draw", "--out", str(out), "--around", PARK, "--depth", "1", env=store_env)
    assert result.returncode == 0, result.stderr
    assert f"wrote {len(expected.nodes)} nodes" in result.stderr
    assert len(expected.nodes) < len(park_graph_document().nodes)  # a part, not the whole graph
    assert out.read_text(encoding="utf-8").lstrip().startswith("<?xml")


def test_kg_draw_says_in_one_line_when_no_entity_matches(tmp_path: Path, store_env: dict[str, str]) -> None:
    result = kg("draw", "--out", str(tmp_path / "x.png"), "--around", "不存在的园区", env=store_env)
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [
        "kg draw: no entity matches '不存在的园区' (try its Chinese name or its id)"
    ]
    assert not (tmp_path / "x.png").exists()


def test_kg_draw_refuses_an_unknown_picture_format(tmp_path: Path, store_env: dict[str, str]) -> None:
    result = kg("draw", "--out", str(tmp_path / "x.gif"), env=store_env)
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [
        "kg draw: --out must end in .png, .svg or .pdf, not 'x.gif'"
    ]
