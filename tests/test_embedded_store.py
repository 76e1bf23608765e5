"""The embedded store's file: kept across restarts, written atomically, never silently replaced."""

from __future__ import annotations

import json
import os
from pathlib import Path

import graphs
import pytest

from graph.embedded_store import EmbeddedStore
from graph.errors import StoreCorrupt
from graph.model import node_id


def test_the_graph_survives_a_restart(tmp_path: Path) -> None:
    path = tmp_path / "graph.json"
    store = EmbeddedStore(path)
    for doc in graphs.all_documents():
        store.write_document(doc)
    reopened = EmbeddedStore(path)
    assert reopened.all_graph() == store.all_graph()
    assert reopened.documents() == store.documents()
    data = json.loads(path.read_text(encoding="utf-8"))
    assert (data["format"], data["version"]) == ("harbin-kg", 1)


def test_a_second_handle_sees_writes_made_through_the_first(tmp_path: Path) -> None:
    # `kg load` in one process while `kg serve` runs in another.
    reader = EmbeddedStore(tmp_path / "graph.json")
    writer = EmbeddedStore(tmp_path / "graph.json")
    writer.write_document(graphs.plan())
    assert reader.get_entity(node_id("Project", "科创总部")) is not None
    writer.delete_document("harbin-plan-2021")
    assert reader.counts().nodes == {}


@pytest.mark.parametrize(
    "content",
    [
        b"\x00\x01 not json",
        b"",
        b'{"nodes": [], "links": []}',  # JSON, but not ours
        b'{"format": "harbin-kg", "version": 99, "nodes": [], "links": []}',
        b'{"format": "harbin-kg", "version": 1, "nodes": [{"id": "x"}], "links": []}',
        b'{"format": "harbin-kg", "version": 1, "nodes": [], "links": [{"source": "a", "target": "b"}]}',
    ],
    ids=["binary", "empty", "foreign", "future-version", "node-without-fields", "dangling-link"],
)
def test_a_file_that_is_not_our_graph_is_an_error_naming_it_and_kept(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "graph.json"
    path.write_bytes(content)
    with pytest.raises(StoreCorrupt, match=str(path)):
        EmbeddedStore(path)
    assert path.read_bytes() == content


def test_a_save_that_fails_leaves_the_previous_file_and_graph(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "graph.json"
    store = EmbeddedStore(path)
    store.write_document(graphs.plan())
    before_file = path.read_bytes()
    before_graph = store.all_graph()

    def refuse(src: str, dst: str) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", refuse)
    with pytest.raises(OSError, match="No space"):
        store.write_document(graphs.article())
    monkeypatch.undo()

    assert path.read_bytes() == before_file
    assert store.all_graph() == before_graph
    # No temporary file is left behind.
    assert sorted(p.name for p in tmp_path.iterdir()) == ["graph.json", "graph.json.lock"]
    assert EmbeddedStore(path).all_graph() == before_graph


def test_the_file_folder_is_created_on_first_write(tmp_path: Path) -> None:
    path = tmp_path / "new" / "folder" / "graph.json"
    store = EmbeddedStore(path)
    assert store.counts().nodes == {}
    assert not path.exists()  # reading an empty store writes nothing
    store.write_document(graphs.proposal())
    assert path.is_file()
