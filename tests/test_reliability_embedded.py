"""A process killed (SIGKILL) while the embedded store writes: what it had saved before is intact.

A child process writes a big document into a store that already holds one. Its file functions
are wrapped to stop (sleep) in the middle of the work — after part of a journal append has reached
the file, or after part of a new snapshot has reached its temporary file — and to say so; the
test then kills it and opens the store.
"""

from __future__ import annotations

import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import graphs
from store_support import snapshot

from graph.embedded.store import EmbeddedStore

CHILD = textwrap.dedent(
    """
    import sys
    import time
    from pathlib import Path

    from graph.embedded import files as embedded_file
    from graph.embedded.store import EmbeddedStore
    from graph.core.model import GraphDocument, Node, Provenance, Relationship, node_id


    def big_document(n: int) -> GraphDocument:
        names = [f"第{i:05d}号重点项目" for i in range(n)]
        text = "".join(f"{name}开工建设，总投资十亿元。\\n" for name in names)
        doc = Node(node_id("Document", "big"), "Document", "big", properties={"document": "big"})
        nodes, rels, pos = [doc], [], 0
        for name in names:
            quote = f"{name}开工建设，总投资十亿元。"
            prov = Provenance("big", pos, pos + len(name), quote)
            pos += len(quote) + 1
            node = Node(node_id("Project", name), "Project", name, provenance=[prov])
            nodes.append(node)
            rels.append(Relationship(doc.id, node.id, "MENTIONS", {}, [prov]))
        return GraphDocument(document=doc, nodes=nodes, relationships=rels, text=text)


    def stop(what):
        print(what, flush=True)
        time.sleep(120)


    write_all, replace = embedded_file._write_all, embedded_file.replace_atomically


    def append_then_stop(f, data):
        write_all(f, data)  # the first ~1 MB of the transaction reaches the file
        stop("appending")


    def snapshot_then_stop(path, write):
        def partly(f):
            write(f)
            f.flush()
            stop("compacting")

        replace(path, partly)


    store = EmbeddedStore(Path(sys.argv[1]))
    if sys.argv[2] == "append":
        embedded_file._write_all = append_then_stop
        store.write_document(big_document(8000))
    else:
        store.write_document(big_document(8000))
        embedded_file.replace_atomically = snapshot_then_stop
        store.compact()
    """
)


def _kill_when(child: subprocess.Popen[str], what: str) -> None:
    try:
        assert child.stdout is not None
        line = child.stdout.readline()  # blocks until the child stops in the middle
        assert line.strip() == what, (line, child.stderr.read() if child.stderr else "")
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=30)
    finally:
        child.kill()
    assert child.returncode == -signal.SIGKILL


def _run_child(path: Path, stage: str) -> None:
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, str(path), stage],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    _kill_when(child, {"append": "appending", "compact": "compacting"}[stage])


def test_a_process_killed_during_a_journal_append_leaves_the_graph_as_before(tmp_path: Path) -> None:
    path = tmp_path / "graph.json"
    journal = tmp_path / "graph.json.journal"
    store = EmbeddedStore(path)
    store.write_document(graphs.plan())
    before_journal, before = journal.stat().st_size, snapshot(store)

    _run_child(path, "append")

    assert journal.stat().st_size > before_journal  # a torn transaction is there
    reopened = EmbeddedStore(path)
    assert snapshot(reopened) == before
    assert snapshot(store) == before  # a handle open all along ignores it too
    # The next write cuts the torn tail off; both handles and a new one agree.
    reopened.write_document(graphs.article())
    assert {d.id for d in reopened.documents()} == {graphs.plan().id, graphs.article().id}
    assert snapshot(store) == snapshot(reopened) == snapshot(EmbeddedStore(path))


def test_a_process_killed_during_a_compaction_leaves_the_written_graph(tmp_path: Path) -> None:
    path = tmp_path / "graph.json"
    store = EmbeddedStore(path)
    store.write_document(graphs.plan())
    store.close()
    before_snapshot = path.read_bytes()

    _run_child(path, "compact")

    partial = list(tmp_path.glob(".graph.json.*.tmp"))
    assert partial and partial[0].stat().st_size > 0, "the compaction was not caught in the middle"
    assert path.read_bytes() == before_snapshot
    reopened = EmbeddedStore(path)
    # The big document was committed to the journal before the compaction began: it is kept.
    assert {d.id for d in reopened.documents()} == {graphs.plan().id, "big"}
    assert sum(reopened.counts().nodes.values()) > 8000
    reopened.write_document(graphs.article())
    reopened.close()
    assert snapshot(EmbeddedStore(path)) == snapshot(reopened)
