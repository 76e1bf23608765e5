"""`kg load DIR` of a folder mixing every format, into each store: each document once, with the file's
metadata on its Document node (and in `kg stats`), its text kept, and page and box on the provenance
of pages."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from api_support import STORE_KINDS
from document_builders import PageLayout, seed_docx, seed_html, seed_page_image, seed_text_pdf
from provenance_checks import assert_offsets_inside
from test_reliability_input import SEED
from typer.testing import CliRunner

from graph.core.protocol import GraphStore
from kg.cli import app
from loaders.formats import read
from settings import get_settings

SMALL_PAGE = PageLayout(columns=4, width=2200, height=0, margin=50, gutter=46, size=24, pitch=36)


@pytest.fixture(scope="module")
def mixed_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("mixed") / "reports"
    (folder / "2021").mkdir(parents=True)
    (folder / "web.html").write_text(seed_html(SEED), encoding="utf-8")
    (folder / "word.docx").write_bytes(seed_docx(SEED))
    (folder / "2021" / "columns.pdf").write_bytes(seed_text_pdf(SEED, columns=2))
    (folder / "2021" / "plain.txt").write_text(SEED, encoding="gb18030")
    head = "\n".join(SEED.split("\n")[:16])  # one band of the page: a few seconds of OCR
    (folder / "2021" / "page.png").write_bytes(seed_page_image(head, SMALL_PAGE))
    (folder / "notes.json").write_text("{}", encoding="utf-8")
    return folder


@pytest.fixture(params=STORE_KINDS)
def store_env(
    request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[GraphStore]:
    """`kg` configured for a store of each kind (Neo4j: the tests' own, wiped); yields that store."""
    from graph.stores import open_store

    for name in ("KG_STORE", "KG_DATA_DIR", "NEO4J_URI", "NEO4J_USER", "NEO4J_PASSWORD", "NEO4J_DATABASE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("KG_DATA_DIR", str(tmp_path / "store"))
    monkeypatch.setenv("KG_STORE", request.param)
    if request.param == "neo4j":
        import neo4j_target

        settings: Any = request.getfixturevalue("neo4j_settings")
        neo4j_target.wipe(settings)
        monkeypatch.setenv("NEO4J_URI", settings.neo4j_uri)
        monkeypatch.setenv("NEO4J_USER", settings.neo4j_user)
        monkeypatch.setenv("NEO4J_DATABASE", settings.neo4j_database)
        if settings.neo4j_password is not None:
            monkeypatch.setenv("NEO4J_PASSWORD", settings.neo4j_password.get_secret_value())
    get_settings.cache_clear()
    store = open_store(get_settings())
    yield store
    store.close()
    get_settings.cache_clear()


def test_load_of_a_mixed_folder_stores_each_document_once_with_its_metadata(
    mixed_folder: Path, store_env: GraphStore
) -> None:
    result = CliRunner().invoke(app, ["load", str(mixed_folder)])
    assert result.exit_code == 0, result.output
    assert "5 document(s)" in result.output
    assert "notes.json: not a document type" in result.output
    documents = {d.id: d.node for d in store_env.documents()}
    assert sorted(documents) == ["columns", "page", "plain", "web", "word"]
    properties = {id: node.properties for id, node in documents.items()}
    assert {id: p.get("format") for id, p in properties.items()} == {
        "columns": "pdf",
        "page": "image",
        "plain": None,  # a text file's Document node is as it always was
        "web": "html",
        "word": "docx",
    }
    assert {id: p.get("source") for id, p in properties.items()} == {
        "columns": "columns.pdf",
        "page": "page.png",
        "plain": "plain.txt",
        "web": "https://epaper.example.cn/hrbrb/2021-01-05/3.html",
        "word": "word.docx",
    }
    assert {id: p.get("pages") for id, p in properties.items()} == {
        "columns": 5,
        "page": 1,
        "plain": None,
        "web": None,
        "word": None,
    }
    assert properties["web"]["date"] == "2021-01-05"
    assert properties["web"]["title"] == properties["columns"]["title"] == "哈尔滨新区2021年工作报告"
    assert properties["page"]["ocr"] is True and "ocr" not in properties["columns"]

    files = {path.stem: path for path in mixed_folder.rglob("*") if path.suffix != ".json"}
    for id in documents:
        doc = store_env.document_graph(id)
        assert doc is not None and doc.text == read(files[id]).text  # the text as read, kept
        assert_offsets_inside(doc, doc.text)
        located = [p for n in doc.nodes for p in n.provenance]
        if id in ("columns", "page"):
            assert all(p.page is not None and p.box is not None for p in located), id
        else:
            assert all(p.page is None and p.box is None for p in located), id
    scan = store_env.document_graph("page")
    assert scan is not None
    for p in (p for n in scan.nodes for p in n.provenance):
        left, top, right, bottom = p.box or (0, 0, 0, 0)
        assert p.page == 1 and 0 <= left < right <= SMALL_PAGE.width and 0 <= top < bottom  # pixels

    stats = CliRunner().invoke(app, ["stats"], env={"COLUMNS": "200"})
    assert stats.exit_code == 0, stats.output
    rows = {line.split("│")[1].strip(): line for line in stats.output.splitlines() if line.count("│") > 4}
    assert " pdf " in rows["columns"] and " image " in rows["page"] and " text " in rows["plain"]
    assert "2021-01-05" in rows["web"]

    again = CliRunner().invoke(app, ["load", str(mixed_folder)])
    assert again.exit_code == 0, again.output
    assert sorted(d.id for d in store_env.documents()) == sorted(documents)  # loading again: no copies
