"""`kg load`, `kg stats` and `kg delete` on the embedded store: tables, one-line errors, exit codes."""

from __future__ import annotations

from pathlib import Path

import graphs
import pytest
from typer.testing import CliRunner

from graph.embedded.store import EmbeddedStore
from kg.cli import app

runner = CliRunner()


@pytest.fixture
def filled(data_dir: Path) -> EmbeddedStore:
    store = EmbeddedStore(data_dir / "graph.json")
    for doc in graphs.all_documents():
        store.write_document(doc)
    return store


def test_stats_shows_counts_and_documents(filled: EmbeddedStore) -> None:
    result = runner.invoke(app, ["stats"])
    assert result.exit_code == 0, result.output
    assert "MENTIONS" in result.output and "Organization" in result.output
    for doc in graphs.all_documents():
        assert doc.id in result.output


def test_delete_removes_a_document_and_reports_what_is_left(filled: EmbeddedStore) -> None:
    result = runner.invoke(app, ["delete", "shenha-article-2021"])
    assert result.exit_code == 0, result.output
    assert "deleted shenha-article-2021" in result.output
    assert [d.id for d in filled.documents()] == ["delegate-proposal", "harbin-plan-2021"]


def test_delete_of_an_unknown_document_is_one_line_and_exit_1(filled: EmbeddedStore) -> None:
    result = runner.invoke(app, ["delete", "no-such-document"])
    assert result.exit_code == 1
    assert result.output.strip().splitlines() == [
        "kg delete: no document 'no-such-document' in the embedded store (see `kg stats`)"
    ]


def test_load_stops_at_a_missing_file_before_writing_anything(filled: EmbeddedStore, data_dir: Path) -> None:
    before = filled.all_graph()
    result = runner.invoke(app, ["load", str(data_dir / "missing.txt")])
    assert result.exit_code == 1
    assert "missing.txt: no such file (nothing was loaded)" in result.output
    assert len(result.output.strip().splitlines()) == 1
    assert filled.all_graph() == before


def test_a_store_name_that_does_not_exist_is_one_line(data_dir: Path) -> None:
    result = runner.invoke(app, ["stats", "--store", "sqlite"])
    assert result.exit_code == 1
    assert result.output.strip() == "kg stats: --store must be embedded or neo4j, not 'sqlite'"


def test_a_corrupt_graph_file_is_one_line_naming_it(data_dir: Path) -> None:
    (data_dir / "graph.json").write_text("not a graph", encoding="utf-8")
    result = runner.invoke(app, ["stats"])
    assert result.exit_code == 1
    assert str(data_dir / "graph.json") in result.output
    assert len(result.output.strip().splitlines()) == 1
