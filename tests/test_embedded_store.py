"""The embedded store's file: kept across restarts, written atomically, never silently replaced."""

from __future__ import annotations

import json
import os
from pathlib import Path

import graphs
import pytest
from store_support import snapshot

from graph.core.errors import StoreCorrupt
from graph.core.model import node_id
from graph.embedded.store import EmbeddedStore


def test_the_graph_survives_a_restart(tmp_path: Path) -> None:
    path = tmp_path / "graph.json"
    store = EmbeddedStore(path)
    for doc in graphs.all_documents():
        store.write_document(doc)
    reopened = EmbeddedStore(path)
    assert reopened.all_graph() == store.all_graph()
    assert reopened.documents() == store.documents()
    header = json.loads(path.read_text(encoding="utf-8").splitlines()[0])
    assert (header["format"], header["version"]) == ("harbin-kg", 2)


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


def test_a_save_that_fails_leaves_the_previous_files_and_graph(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "graph.json"
    journal = tmp_path / "graph.json.journal"
    store = EmbeddedStore(path)
    store.write_document(graphs.plan())
    before_files = path.read_bytes(), journal.read_bytes()
    before_graph = store.all_graph()

    def refuse(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", refuse)
    with pytest.raises(OSError, match="No space"):
        store.write_document(graphs.article())
    monkeypatch.undo()

    assert (path.read_bytes(), journal.read_bytes()) == before_files
    assert store.all_graph() == before_graph
    # No temporary file is left behind.
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "graph.json",
        "graph.json.journal",
        "graph.json.lock",
    ]
    assert EmbeddedStore(path).all_graph() == before_graph
    # The store still takes writes.
    store.write_document(graphs.article())
    assert EmbeddedStore(path).all_graph() == store.all_graph()


def test_the_file_folder_is_created_on_first_write(tmp_path: Path) -> None:
    path = tmp_path / "new" / "folder" / "graph.json"
    store = EmbeddedStore(path)
    assert store.counts().nodes == {}
    assert not path.exists()  # reading an empty store writes nothing
    store.write_document(graphs.proposal())
    assert path.is_file()


def _journal_lines(path: Path) -> list[str]:
    return path.with_name(path.name + ".journal").read_text(encoding="utf-8").splitlines()


def test_writes_go_to_the_journal_and_are_replayed_on_reopen(tmp_path: Path) -> None:
    path = tmp_path / "graph.json"
    store = EmbeddedStore(path)
    for doc in graphs.all_documents():
        store.write_document(doc)
    snapshot_before = path.read_bytes()
    store.delete_document(graphs.proposal().id)

    assert path.read_bytes() == snapshot_before  # a write appends to the journal only
    commits = [line for line in _journal_lines(path) if line == '["commit"]']
    assert len(commits) == len(graphs.all_documents()) + 1
    reopened = EmbeddedStore(path)
    assert snapshot(reopened) == snapshot(store)
    assert reopened.document_graph(graphs.plan().id) == store.document_graph(graphs.plan().id)
    assert reopened.document_graph(graphs.proposal().id) is None


@pytest.mark.parametrize(
    "tail",
    [
        b'["write","harbin-x"]\n["changes",[["n","project:x","Project"',
        b'["write","harbin-x"]\n',
        b"\x00\x00\x00",
    ],
    ids=["torn-line", "no-commit", "zeros"],
)
def test_a_torn_journal_tail_is_ignored_then_cut_off_by_the_next_write(tmp_path: Path, tail: bytes) -> None:
    path = tmp_path / "graph.json"
    journal = tmp_path / "graph.json.journal"
    store = EmbeddedStore(path)
    store.write_document(graphs.plan())
    before = snapshot(store)
    with journal.open("ab") as f:  # what a crash in the middle of an append leaves
        f.write(tail)

    reopened = EmbeddedStore(path)
    assert snapshot(reopened) == before
    assert snapshot(store) == before
    reopened.write_document(graphs.article())
    assert tail not in journal.read_bytes()
    assert snapshot(EmbeddedStore(path)) == snapshot(reopened) == snapshot(store)


def test_compaction_keeps_the_graph_equal_and_empties_the_journal(tmp_path: Path) -> None:
    path = tmp_path / "graph.json"
    store = EmbeddedStore(path)
    other = EmbeddedStore(path)  # another handle, open across the compaction
    for doc in graphs.all_documents():
        store.write_document(doc)
    store.delete_document(graphs.article().id)
    store.write_document(graphs.article())
    before = snapshot(store)
    documents = [store.document_graph(d.id) for d in graphs.all_documents()]

    store.compact()

    assert len(_journal_lines(path)) == 1  # only its header
    for handle in (store, other, EmbeddedStore(path)):
        assert snapshot(handle) == before
        assert [handle.document_graph(d.id) for d in graphs.all_documents()] == documents
    store.write_document(graphs.proposal())  # writes go on after a compaction
    assert snapshot(other) == snapshot(store)


WRITER = """
import sys
from pathlib import Path

sys.path.insert(0, sys.argv[2])
import graphs

from graph.embedded.store import EmbeddedStore
from store_support import snapshot

store = EmbeddedStore(Path(sys.argv[1]))
if sys.argv[3] == "write":
    store.write_document(graphs.article())
elif sys.argv[3] == "delete":
    store.delete_document(graphs.plan().id)
else:
    store.compact()
"""


def test_another_process_writes_are_seen_by_an_open_handle(tmp_path: Path) -> None:
    import subprocess
    import sys

    path = tmp_path / "graph.json"
    store = EmbeddedStore(path)
    store.write_document(graphs.plan())
    store.search("哈尔滨")  # builds the search index before the other process writes
    tests_dir = str(Path(__file__).parent)
    for action in ("write", "compact", "delete"):
        subprocess.run([sys.executable, "-c", WRITER, str(path), tests_dir, action], check=True)
        fresh = EmbeddedStore(path)
        assert snapshot(store) == snapshot(fresh), action
        for q in ("科创", "园", "ha"):
            assert store.search(q) == fresh.search(q), (action, q)
    assert {d.id for d in store.documents()} == {graphs.article().id}


def test_search_stays_current_across_writes_and_deletes(tmp_path: Path) -> None:
    path = tmp_path / "graph.json"
    store = EmbeddedStore(path)
    queries = ["科", "产业园", "深哈", "shen", "哈尔滨新区", "h"]
    store.write_document(graphs.plan())
    store.search("科")  # the index now exists: later writes must update it
    for step in (
        lambda: store.write_document(graphs.article()),
        lambda: store.write_document(graphs.proposal()),
        lambda: store.delete_document(graphs.plan().id),
        lambda: store.write_document(graphs.plan()),
    ):
        step()
        fresh = EmbeddedStore(path)  # builds its index from the whole graph
        for q in queries:
            assert store.search(q, limit=50) == fresh.search(q, limit=50), q


def test_neighbours_with_a_small_limit_are_the_first_of_the_full_list(tmp_path: Path) -> None:
    # The embedded store stops walking once the limit is reached at a depth: same answers.
    store = EmbeddedStore(tmp_path / "graph.json")
    for doc in graphs.all_documents():
        store.write_document(doc)
    ids = [n.id for n in store.all_graph().nodes]
    for id in ids:
        for labels in (None, ["Project"]):
            full = store.neighbours(id, depth=3, limit=10_000, labels=labels)
            for limit in (0, 1, 3, 8):
                assert store.neighbours(id, depth=3, limit=limit, labels=labels) == full[:limit]


def test_a_file_damaged_while_open_is_an_error_and_never_overwritten(tmp_path: Path) -> None:
    path = tmp_path / "graph.json"
    store = EmbeddedStore(path)
    store.write_document(graphs.plan())
    path.write_bytes(b"\x00 damaged")
    for attempt in (lambda: store.write_document(graphs.article()), store.counts, store.counts):
        with pytest.raises(StoreCorrupt, match=str(path)):
            attempt()
    assert path.read_bytes() == b"\x00 damaged"
    assert not store.ping()


def test_deleting_from_an_empty_store_creates_no_file(tmp_path: Path) -> None:
    # `kg serve` loads the sample into a folder without graph.json: a no-op must not create one.
    path = tmp_path / "graph.json"
    assert EmbeddedStore(path).delete_document("nothing") is False
    assert not path.exists()


def test_page_and_box_of_provenance_survive_the_journal_and_the_snapshot(tmp_path: Path) -> None:
    from graph.core.model import GraphDocument, Node, Provenance

    located = Provenance("scan", 3, 7, "龙江碳谷开工", page=2, box=(10.0, 20.5, 300.0, 44.0))
    plain = Provenance("scan", 9, 13, "龙江碳谷")
    doc_node = Node("document:scan", "Document", "scan", properties={"document": "scan", "format": "image"})
    project = Node(node_id("Project", "龙江碳谷"), "Project", "龙江碳谷", provenance=[located, plain])
    doc = GraphDocument(doc_node, [doc_node, project], [], text="一二三龙江碳谷开工，龙江碳谷")
    path = tmp_path / "graph.json"
    EmbeddedStore(path).write_document(doc)
    from_journal = EmbeddedStore(path)
    assert from_journal.get_entity(project.id).provenance == [located, plain]  # type: ignore[union-attr]
    from_journal.compact()
    from_snapshot = EmbeddedStore(path)
    assert from_snapshot.get_entity(project.id).provenance == [located, plain]  # type: ignore[union-attr]
    assert from_snapshot.document_graph("scan").text == doc.text  # type: ignore[union-attr]
