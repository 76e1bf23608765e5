"""Loading a report end to end: the Document and Section nodes, PART_OF, determinism, the CLI."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from provenance_checks import assert_offsets_inside
from typer.testing import CliRunner

from graph.core.model import GraphDocument
from kg.cli import app
from loaders.report import document_json, load_report, load_text

REPO_ROOT = Path(__file__).resolve().parent.parent

PAGE = """来源:黑龙江日报 (2021-01-05)

开局之年 新区这么干

一是创新推进产业项目建设。
·重点推动龙江碳谷等14个项目开
工。
二是创新开展招商引资。
·加快推动哈工大、哈工程创新中心
等研发机构落户。
2 坚定不移实施创新驱动 全力构建现代化产业体系
"""


@pytest.fixture(scope="module")
def page() -> GraphDocument:
    return load_text(PAGE, "page", source="page.txt")


def test_document_node_names_the_page_and_fingerprints_the_text(page: GraphDocument) -> None:
    doc = page.document
    assert doc.id == "document:page" and doc.label == "Document"
    assert doc.name == "开局之年 新区这么干"
    assert doc.properties["document"] == "page"
    assert doc.properties["source"] == "page.txt"
    assert doc.properties["characters"] == len(PAGE)
    assert re.fullmatch(r"[0-9a-f]{64}", doc.properties["sha256"])
    assert page.text == PAGE


def test_sections_hang_from_the_document_by_part_of(page: GraphDocument) -> None:
    sections = {n.id: n for n in page.nodes if n.label == "Section"}
    parent = {r.source: r.target for r in page.relationships if r.type == "PART_OF"}
    assert set(parent) == set(sections)
    item = sections["section:page:pillar-2/item-1"]
    assert item.name == "一是创新推进产业项目建设"
    assert item.properties["kind"] == "item" and item.properties["ordinal"] == 1
    pillar = sections[parent[item.id]]
    assert pillar.properties["ordinal"] == 2 and "实施创新驱动" in pillar.name
    top = {parent[i] for i in sections if parent[i] not in sections}
    assert top == {"document:page"}


def test_section_provenance_quotes_its_first_sentence_within_its_span(page: GraphDocument) -> None:
    for node in page.nodes:
        if node.label != "Section":
            continue
        (p,) = node.provenance
        assert p.document == "page"
        assert 0 <= p.start <= p.end <= len(PAGE)
        assert (p.start, p.end) == (node.properties["start"], node.properties["end"])
        span = re.sub(r"\s+", "", PAGE[p.start : p.end])
        assert span.startswith(re.sub(r"\s+", "", p.quote)), node.id
        assert len(p.quote) <= 80
    bullet = next(n for n in page.nodes if n.id == "section:page:pillar-2/item-2/bullet-1")
    assert bullet.provenance[0].quote == "·加快推动哈工大、哈工程创新中心等研发机构落户。"


def test_seed_provenance_points_at_what_it_quotes(shared_dir: Path) -> None:
    doc = load_report(shared_dir / "corpus" / "seed" / "harbin-new-area-2021-report.txt")
    assert_offsets_inside(doc, doc.text)
    entities = [n for n in doc.nodes if n.label not in ("Document", "Section")]
    assert all(n.provenance for n in entities)


PRINTED = """一是创新推进产业项目建设。
·重点推动龙江碳谷（一期）等14个项目开
工，总投资100亿元；深圳（哈尔滨）产业园区新增企业50家。
"""


def test_entity_quotes_keep_the_printed_characters_on_one_line() -> None:
    doc = load_text(PRINTED, "printed")
    one_line = PRINTED.replace("\n", "")
    quotes = [p.quote for item in [*doc.nodes, *doc.relationships] for p in item.provenance]
    assert quotes and all(q in one_line for q in quotes)  # full-width ，（）； as printed, broken line joined
    carbon = next(n for n in doc.nodes if n.name == "龙江碳谷（一期）")
    assert carbon.provenance[0].quote == "·重点推动龙江碳谷（一期）等14个项目开工，总投资100亿元；"


def test_nodes_and_relationships_are_sorted(page: GraphDocument) -> None:
    assert [n.id for n in page.nodes] == sorted(n.id for n in page.nodes)
    keys = [(r.source, r.type, r.target) for r in page.relationships]
    assert keys == sorted(keys)


def test_same_text_gives_byte_identical_json() -> None:
    assert document_json(load_text(PAGE, "page")) == document_json(load_text(PAGE, "page"))


def test_seed_json_is_byte_identical_across_processes_and_hash_seeds(shared_dir: Path) -> None:
    seed = shared_dir / "corpus" / "seed" / "harbin-new-area-2021-report.txt"
    outputs = [
        subprocess.run(
            [sys.executable, "-m", "kg.cli", "extract", str(seed), "--format", "json"],
            capture_output=True,
            check=True,
            env={**os.environ, "PYTHONHASHSEED": hash_seed},
            cwd=REPO_ROOT,
        ).stdout
        for hash_seed in ("1", "2")
    ]
    assert outputs[0] == outputs[1]
    assert json.loads(outputs[0])["document"]["id"] == "document:harbin-new-area-2021-report"


def test_load_report_takes_the_document_id_from_the_file_name(tmp_path: Path) -> None:
    path = tmp_path / "songbei-2021.txt"
    path.write_text(PAGE, encoding="gb18030")
    doc = load_report(path)
    assert doc.id == "songbei-2021"
    assert doc.document.properties["source"] == "songbei-2021.txt"


runner = CliRunner()


def test_kg_extract_prints_the_contract_json(tmp_path: Path) -> None:
    path = tmp_path / "page.txt"
    path.write_text(PAGE, encoding="utf-8")
    result = runner.invoke(app, ["extract", str(path), "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert set(data) == {"document", "nodes", "relationships"}
    assert data["document"]["id"] == "document:page"


def test_kg_extract_table_and_out_file(tmp_path: Path) -> None:
    path = tmp_path / "page.txt"
    path.write_text(PAGE, encoding="utf-8")
    out = tmp_path / "page.json"
    result = runner.invoke(app, ["extract", str(path), "--out", str(out)])
    assert result.exit_code == 0
    assert json.loads(out.read_text("utf-8"))["document"]["name"] == "开局之年 新区这么干"
    table = runner.invoke(app, ["extract", str(path), "--format", "table"])
    assert table.exit_code == 0
    assert "坚定不移实施创新驱动" in table.stdout and "Section" in table.stdout


@pytest.mark.parametrize(("name", "data"), [("empty.txt", b""), ("scan.pdf", b"%PDF-1.4\n...")])
def test_kg_extract_refuses_an_unreadable_file_in_one_line(tmp_path: Path, name: str, data: bytes) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    result = runner.invoke(app, ["extract", str(path)])
    assert result.exit_code == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and name in lines[0] and lines[0].startswith("kg extract:")


def test_kg_extract_refuses_an_unknown_format(tmp_path: Path) -> None:
    path = tmp_path / "page.txt"
    path.write_text(PAGE, encoding="utf-8")
    result = runner.invoke(app, ["extract", str(path), "--format", "xml"])
    assert result.exit_code == 1
    assert "--format must be json or table" in result.stderr


def test_reading_leaves_the_garbage_collector_as_it_found_it_and_no_cycles_behind() -> None:
    """load_text pauses the cyclic collector; that is only safe while reading makes no cycles."""
    import gc

    from settings import SAMPLE_REPORT

    text = SAMPLE_REPORT.read_text(encoding="utf-8")
    load_text(text, "warm-up")  # first use: lexicons and jieba's dictionary load
    gc.collect()
    assert gc.isenabled()
    load_text(text, "again")
    assert gc.isenabled()
    assert gc.collect() == 0  # nothing unreachable that only the collector could have freed
    gc.disable()
    try:
        load_text(text, "with the collector off")
        assert not gc.isenabled()
    finally:
        gc.enable()
