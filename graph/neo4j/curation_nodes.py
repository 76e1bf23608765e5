"""The Neo4j store's curation, as nodes it owns beside the graph.

- ``(:Curation:CurationEntry {seq, entry})``: the log, one node per entry (``entry`` its JSON),
  unique ``seq``; appended in one transaction that checks the numbers continue the log;
- ``(:Curation:ExtractedDocument {document, graph})``: each document as its loader extracted it
  (``graph`` its JSON), so corrections can be applied again from what the text said;
- ``(:Curation:CurationLock {id: 0})``: written in a transaction kept open while a process applies a
  correction or writes a document; its write lock makes another process's writer wait.

The reads of the graph (counts, the whole graph) leave ``:Curation`` nodes out; they have no
relationships, so walks never reach them.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Iterator
from typing import TYPE_CHECKING

from neo4j import ManagedTransaction

from graph.core.curation import CurationRefused, Entry, document_from_json, document_to_json
from graph.core.model import GraphDocument

if TYPE_CHECKING:
    from graph.neo4j.store import Neo4jStore

SCHEMA = (
    "CREATE CONSTRAINT curation_entry_seq IF NOT EXISTS FOR (e:CurationEntry) REQUIRE e.seq IS UNIQUE",
    "CREATE CONSTRAINT extracted_document IF NOT EXISTS "
    "FOR (d:ExtractedDocument) REQUIRE d.document IS UNIQUE",
    "CREATE CONSTRAINT curation_lock IF NOT EXISTS FOR (l:CurationLock) REQUIRE l.id IS UNIQUE",
)


class CurationNodes:
    """:class:`graph.core.curation.CurationKeeping` for a :class:`Neo4jStore`."""

    def __init__(self, store: Neo4jStore) -> None:
        self.store = store
        if not getattr(store, "_curation_schema", False):  # once per store object, not per write
            for statement in SCHEMA:
                store._write(lambda tx, s=statement: tx.run(s).consume())
            store._curation_schema = True  # type: ignore[attr-defined]

    @contextlib.contextmanager
    def writer(self) -> Iterator[None]:
        store = self.store
        with store._driver.session(database=store.database) as session:
            with store._guard():
                # An explicit transaction: a managed one could not stay open across the caller's block.
                tx = session.begin_transaction()
                tx.run("MERGE (l:Curation:CurationLock {id: 0}) SET l.held = timestamp()").consume()
            try:
                yield
            finally:
                with store._guard():
                    tx.close()  # rolled back: the node's write was only for its lock

    def entries(self) -> list[Entry]:
        def work(tx: ManagedTransaction) -> list[Entry]:
            rows = tx.run("MATCH (e:CurationEntry) RETURN e.entry AS entry ORDER BY e.seq")
            return [Entry.from_json(json.loads(r["entry"])) for r in rows]

        return list(self.store._read(work))

    def append(self, entries: list[Entry]) -> None:
        def work(tx: ManagedTransaction) -> None:
            last = tx.run("MATCH (e:CurationEntry) RETURN max(e.seq) AS seq").single()
            expected = (last["seq"] or 0) + 1 if last else 1
            if entries and entries[0].seq != expected:
                raise CurationRefused(f"the log changed meanwhile: entry {expected} is next, try again")
            tx.run(
                "UNWIND $rows AS row CREATE (:Curation:CurationEntry {seq: row.seq, entry: row.entry})",
                rows=[{"seq": e.seq, "entry": json.dumps(e.to_json(), ensure_ascii=False)} for e in entries],
            ).consume()

        self.store._write(work)

    def extracted(self, document: str) -> GraphDocument | None:
        def work(tx: ManagedTransaction) -> str | None:
            row = tx.run(
                "MATCH (d:ExtractedDocument {document: $document}) RETURN d.graph AS graph", document=document
            ).single()
            return row["graph"] if row else None

        text = self.store._read(work)
        return document_from_json(json.loads(text)) if text else None

    def keep_extracted(self, doc: GraphDocument) -> None:
        graph = json.dumps(document_to_json(doc), ensure_ascii=False)
        self.store._write(
            lambda tx: tx.run(
                "MERGE (d:Curation:ExtractedDocument {document: $document}) SET d.graph = $graph",
                document=doc.id,
                graph=graph,
            ).consume()
        )

    def forget_extracted(self, document: str) -> None:
        self.store._write(
            lambda tx: tx.run(
                "MATCH (d:ExtractedDocument {document: $document}) DELETE d", document=document
            ).consume()
        )
