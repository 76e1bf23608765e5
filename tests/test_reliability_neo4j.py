"""Neo4j killed in the middle of `kg load --store neo4j`, with the API running beside it.

One scenario on a private server (tests/private_neo4j.py: ports 7693/7480, its own home) that the
test kills with SIGKILL while `kg load` writes several documents:

- the load stops with one error line (exit 1, no traceback);
- the API answers 503 in the JSON error shape and /health says Neo4j is unreachable;
- after a restart the store holds an earlier state: the seed plus the first k documents of the load,
  each wholly present (the same ids as the embedded store given exactly those), the rest absent;
- the API answers again, with no restart of its own;
- rerunning the load succeeds and gives the same graph (counts and ids) as an uninterrupted load.
"""

from __future__ import annotations

import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from api_checks import assert_error
from fastapi.testclient import TestClient
from private_neo4j import PrivateNeo4j, private_neo4j
from sample_graph import seed_graph_document

from api.app import create_app
from graph.core.model import GraphDocument
from graph.core.protocol import GraphStore
from graph.embedded.store import EmbeddedStore
from graph.neo4j.store import Neo4jStore
from loaders.report import document_json, load_report
from settings import SAMPLE_REPORT

pytestmark = pytest.mark.neo4j

KG = str(Path(sys.executable).parent / "kg")
GENERATED = 4  # documents made from the seed, so that the load is still writing when the server dies


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[PrivateNeo4j]:
    yield from private_neo4j(tmp_path_factory)


def corpus(shared_dir: Path, folder: Path) -> list[Path]:
    """The three dev articles, then documents generated from the seed (each its own id and text)."""
    files = sorted((shared_dir / "corpus" / "dev").glob("*.txt"))
    assert len(files) == 3, files
    seed = SAMPLE_REPORT.read_text(encoding="utf-8")
    for n in range(1, GENERATED + 1):
        path = folder / f"generated-{n:02d}.txt"
        path.write_text(f"（第{n}版）\n{seed}", encoding="utf-8")
        files.append(path)
    return files


def shape(store: GraphStore) -> dict[str, Any]:
    """Counts and ids: what "the same graph" means across a crash and across the two stores."""
    graph = store.all_graph()
    counts = store.counts()
    return {
        "nodes": counts.nodes,
        "relationships": counts.relationships,
        "node_ids": sorted(n.id for n in graph.nodes),
        "relationship_keys": sorted(r.key for r in graph.relationships),
        "documents": [(d.id, d.nodes, d.relationships) for d in store.documents()],
    }


def expected_shape(docs: list[GraphDocument], folder: Path) -> dict[str, Any]:
    """The shape of an uninterrupted load of ``docs`` in this order (embedded store: same merge)."""
    store = EmbeddedStore(folder / "graph.json")
    for doc in docs:
        store.write_document(doc)
    return shape(store)


def loader_changed(sources: list[Path], docs: list[GraphDocument]) -> bool:
    """Whether a fresh process (like `kg load`) reads the files differently from this test process."""
    for source, doc in zip(sources, docs, strict=True):
        fresh = subprocess.run([KG, "extract", str(source)], capture_output=True, text=True, timeout=120)
        if fresh.stdout != document_json(doc):
            return True
    return False


def assert_same_shape(
    actual: dict[str, Any], expected: dict[str, Any], sources: list[Path], docs: list[GraphDocument]
) -> None:
    """Equal shapes, or a message saying what differs (and whether the loader changed meanwhile)."""
    differences = []
    for key, want in expected.items():
        got = actual[key]
        if got == want:
            continue
        if isinstance(want, list):
            extra = sorted(set(map(str, got)) - set(map(str, want)))[:5]
            missing = sorted(set(map(str, want)) - set(map(str, got)))[:5]
            differences.append(f"{key}: in the store only {extra}; expected but missing {missing}")
        else:
            differences.append(f"{key}: {got} != {want}")
    if differences and loader_changed(sources, docs):
        differences.append("NOTE: `kg extract` now reads the files differently (loader edited meanwhile?)")
    assert not differences, "\n".join(differences)


def kg_load(server: PrivateNeo4j, files: list[Path], cwd: Path) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [KG, "load", "--store", "neo4j", *map(str, files)],
        cwd=cwd,
        env=server.subprocess_env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def wait_for_documents(store: Neo4jStore, more_than: int, process: subprocess.Popen[str]) -> int:
    """Poll until the store holds more than ``more_than`` documents (the load is writing)."""
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        count = store.counts().nodes.get("Document", 0)
        if count > more_than:
            return count
        if process.poll() is not None:
            pytest.fail(f"kg load ended before it wrote anything: {process.communicate()}")
        time.sleep(0.1)
    pytest.fail("kg load wrote nothing within 180 s")


def test_neo4j_killed_mid_load_keeps_whole_documents_and_the_api_recovers(
    server: PrivateNeo4j, shared_dir: Path, tmp_path: Path
) -> None:
    files = corpus(shared_dir, tmp_path)
    seed, docs = seed_graph_document(), [load_report(f) for f in files]
    store = Neo4jStore.from_settings(server.settings)
    for info in store.documents():  # a module-scoped server: start from the seed alone
        store.delete_document(info.id)
    store.write_document(seed)
    seed_shape = shape(store)

    client = TestClient(create_app(settings=server.settings), raise_server_exceptions=False)
    with client:
        assert client.get("/stats").json()["nodes"] == seed_shape["nodes"]

        load = kg_load(server, files, tmp_path)
        try:
            wait_for_documents(store, more_than=1, process=load)
            server.kill()
            _, stderr = load.communicate(timeout=120)
        finally:
            load.kill()
        # The load was interrupted: one line naming the store, exit 1, no traceback.
        assert load.returncode == 1, stderr
        assert "Traceback" not in stderr
        lines = stderr.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("kg load: neo4j store: "), stderr

        # The API, while Neo4j is down: 503 in the error shape, and /health says so.
        error = assert_error(client.get("/stats"), 503, "store_unavailable")
        assert "not reachable" in error["message"]
        health = client.get("/health")
        assert health.status_code == 200
        assert health.json()["reachable"] is False

        server.start()

        # An earlier state: the seed and the first k documents of the load, each whole.
        present = [d.id for d in store.documents() if d.id != seed.id]
        written = [d.id for d in docs][: len(present)]
        assert present == sorted(written), (present, written)
        assert len(present) < len(docs), "the server died after the load had finished"
        partial = expected_shape([seed, *docs[: len(present)]], tmp_path / "partial")
        assert_same_shape(shape(store), partial, [SAMPLE_REPORT, *files], [seed, *docs])
        for doc in docs[: len(present)]:
            stored = store.document_graph(doc.id)
            assert stored is not None
            assert {n.id for n in stored.nodes} == {n.id for n in doc.nodes}
            assert {r.key for r in stored.relationships} == {r.key for r in doc.relationships}

        # The API answers again without a restart of its own.
        assert client.get("/health").json()["reachable"] is True
        stats = client.get("/stats")
        assert stats.status_code == 200, stats.text
        assert stats.json()["nodes"] == shape(store)["nodes"]

        # Rerunning the load succeeds and gives the graph of an uninterrupted load.
        again = kg_load(server, files, tmp_path)
        _, stderr = again.communicate(timeout=300)
        assert again.returncode == 0, stderr
        whole = expected_shape([seed, *docs], tmp_path / "whole")
        assert_same_shape(shape(store), whole, [SAMPLE_REPORT, *files], [seed, *docs])
        assert client.get("/stats").json()["nodes"] == shape(store)["nodes"]
    store.close()
