"""A process killed (SIGKILL) while the embedded store saves: the previous file is intact and loads.

A child process writes a big document into a store that already holds one; the test kills it
while the new file is being written (the temporary file is growing), then opens the store.
"""

from __future__ import annotations

import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import graphs
from store_support import snapshot

from graph.embedded_store import EmbeddedStore

# The child announces the save (the store's own save function, wrapped) and then saves as usual.
CHILD = textwrap.dedent(
    """
    import sys
    from pathlib import Path

    from graph import embedded_store
    from graph.embedded_store import EmbeddedStore
    from graph.model import GraphDocument, Node, Provenance, Relationship, node_id


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


    save = embedded_store.save_atomically


    def announced(data, path):
        print("saving", flush=True)
        save(data, path)
        print("saved", flush=True)


    embedded_store.save_atomically = announced
    EmbeddedStore(Path(sys.argv[1])).write_document(big_document(int(sys.argv[2])))
    """
)
PROJECTS = 8000  # ~10 MB of JSON: the save takes long enough to be caught in the middle


def test_a_process_killed_during_a_save_leaves_the_previous_file_intact(tmp_path: Path) -> None:
    path = tmp_path / "graph.json"
    store = EmbeddedStore(path)
    store.write_document(graphs.plan())
    before_bytes, before = path.read_bytes(), snapshot(store)
    store.close()

    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, str(path), str(PROJECTS)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert child.stdout is not None
        line = child.stdout.readline()  # blocks until the save begins
        assert line.strip() == "saving", (line, child.stderr.read() if child.stderr else "")
        deadline = time.monotonic() + 60
        partial: list[Path] = []
        while time.monotonic() < deadline:
            partial = [p for p in tmp_path.glob(".graph.json.*.tmp") if p.stat().st_size > 256 * 1024]
            if partial:
                break
            time.sleep(0.005)
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=30)
    finally:
        child.kill()
    assert partial, "the save was never seen writing its temporary file"
    assert partial[0].exists(), "the save had finished before the kill: nothing was tested"
    assert child.returncode == -signal.SIGKILL

    assert path.read_bytes() == before_bytes
    reopened = EmbeddedStore(path)
    assert snapshot(reopened) == before
    # The store still takes writes, with the dead process's temporary file beside it.
    reopened.write_document(graphs.article())
    assert {d.id for d in reopened.documents()} == {graphs.plan().id, graphs.article().id}
