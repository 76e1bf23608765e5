"""The embedded store on disk: today's journal against SQLite (stdlib ``sqlite3``, WAL), same writes.

    python -m bench.sqlite_journal [--nodes 20000 --relationships 60000 --documents 100] [--kills 8]

Only the persistence layer is compared, fed the same input: the change lists the embedded store
appends to its journal for each document of the bench graph (captured once by loading the graph
into an ``EmbeddedStore``). Both sides hold each document's contribution to each node and link.

- load: every document's changes written and made durable, one transaction each: the journal
  appends and fsyncs (``append_transactions``, as ``write_document`` does); SQLite runs one
  transaction per document in WAL mode with ``synchronous=FULL`` (the WAL is fsynced at commit).
- reopen: every contribution read back into the same dictionaries (what the store folds on open);
  both sides must give equal dictionaries.
- crash: a child process writes the documents while the parent kills it (SIGKILL) at a random
  moment; then the files are reopened. Safe means: they open without error, and what they hold is
  exactly the first k documents for some k (no half-written document).

The snapshot (graph.json) and compaction are left out on both sides: the journal is what a write
costs today, and SQLite would replace snapshot and journal alike.
"""

from __future__ import annotations

import argparse
import json
import os
import pickle
import random
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from graph.embedded import files

Transaction = tuple[str, list[list[Any]]]  # document, changes (see graph.embedded.files.Change)
State = dict[tuple[str, str], dict[str, Any]]  # (kind, key) -> {document: [meta, row]}


def capture(nodes: int, relationships: int, documents: int, work: Path) -> list[Transaction]:
    """The journal transactions of the bench graph, as the embedded store writes them."""
    from bench.graphs import GraphSpec, iter_documents
    from graph.embedded.store import EmbeddedStore

    captured: list[Transaction] = []
    original = files.append_transactions

    def recording(path: Path, offset: int, transactions: Any) -> int:
        batch = [(document, list(changes)) for document, changes in transactions]
        captured.extend(batch)
        return original(path, offset, batch)

    files.append_transactions = recording  # type: ignore[assignment]
    try:
        store = EmbeddedStore(work / "capture" / "graph.json")
        for doc in iter_documents(GraphSpec(nodes=nodes, relationships=relationships, documents=documents)):
            store.write_document(doc)
        store.close()
    finally:
        files.append_transactions = original  # type: ignore[assignment]
    return captured


def _key(change: list[Any]) -> tuple[str, str, Any, Any]:
    """(kind, key, meta, row) of a change: ``["n", id, label, pinyin, row]`` or ``["r", s, type, t, row]``."""
    if change[0] == "n":
        return "n", change[1], [change[2], change[3]], change[4]
    return "r", json.dumps(change[1:4], ensure_ascii=False), None, change[4]


def fold(transactions: list[Transaction]) -> State:
    """What the transactions leave, in memory (the reference both files must give back)."""
    state: State = {}
    for document, changes in transactions:
        for change in changes:
            kind, key, meta, row = _key(change)
            if row is None:
                state.get((kind, key), {}).pop(document, None)
            else:
                state.setdefault((kind, key), {})[document] = [meta, row]
    return {k: v for k, v in state.items() if v}


# --- the two files -----------------------------------------------------------------------------


class JournalFile:
    """Today's journal (graph.embedded.files): one appended, fsynced transaction per document."""

    name = "graph.json.journal"

    def __init__(self, path: Path) -> None:
        self.path = path
        self.offset = files.start_journal(path, "bench")

    def write(self, document: str, changes: list[list[Any]]) -> None:
        self.offset = files.append_transactions(self.path, self.offset, [(document, changes)])

    def close(self) -> None:
        pass

    @staticmethod
    def read(path: Path, check: bool = False) -> tuple[State, int]:
        """The state the journal holds and how many transactions were committed (a torn tail is
        ignored by design; ``check`` changes nothing)."""
        offset = files.read_journal_header(path, "bench")
        transactions = [(t.document, t.changes) for t in files.read_journal(path, offset)]
        return fold(transactions), len(transactions)


class SqliteFile:
    """One SQLite table of contributions, WAL, ``synchronous=FULL``: one transaction per document."""

    name = "graph.sqlite"
    schema = (
        "CREATE TABLE IF NOT EXISTS contributions (kind TEXT NOT NULL, key TEXT NOT NULL, "
        "document TEXT NOT NULL, meta TEXT, row TEXT NOT NULL, PRIMARY KEY (kind, key, document)) "
        "WITHOUT ROWID"
    )

    def __init__(self, path: Path) -> None:
        self.con = sqlite3.connect(path, isolation_level=None)
        self.con.execute("PRAGMA journal_mode=WAL")
        self.con.execute("PRAGMA synchronous=FULL")  # durable at commit, as the journal's fsync
        self.con.execute(self.schema)

    def write(self, document: str, changes: list[list[Any]]) -> None:
        con = self.con
        con.execute("BEGIN")
        for change in changes:
            kind, key, meta, row = _key(change)
            if row is None:
                con.execute(
                    "DELETE FROM contributions WHERE kind = ? AND key = ? AND document = ?",
                    (kind, key, document),
                )
            else:
                values = (kind, key, document, _json(meta), _json(row))
                con.execute("INSERT OR REPLACE INTO contributions VALUES (?, ?, ?, ?, ?)", values)
        con.execute("COMMIT")

    def close(self) -> None:
        self.con.close()

    @staticmethod
    def read(path: Path, check: bool = False) -> tuple[State, int]:
        """The state the database holds and how many documents it holds contributions of
        (``check``: after a crash, SQLite's own integrity check first)."""
        con = sqlite3.connect(path)
        problem = con.execute("PRAGMA integrity_check").fetchone()[0] if check else "ok"
        if problem != "ok":
            raise RuntimeError(f"integrity_check: {problem}")
        state: State = {}
        rows = con.execute("SELECT kind, key, document, meta, row FROM contributions")
        for kind, key, document, meta, row in rows:
            state.setdefault((kind, key), {})[document] = [json.loads(meta), json.loads(row)]
        documents = con.execute("SELECT count(DISTINCT document) FROM contributions").fetchone()[0]
        con.close()
        return state, documents


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


BACKENDS: dict[str, type[JournalFile] | type[SqliteFile]] = {"journal": JournalFile, "sqlite": SqliteFile}


def _size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.iterdir() if p.is_file())


def measure(transactions: list[Transaction], work: Path, kills: int) -> dict[str, Any]:
    expected = fold(transactions)
    out: dict[str, Any] = {}
    for name, backend in BACKENDS.items():
        folder = work / name
        folder.mkdir()
        path = folder / backend.name
        t, cpu = time.perf_counter(), time.process_time()
        opened = backend(path)
        for document, changes in transactions:
            opened.write(document, changes)
        opened.close()
        load_s, load_cpu_s = time.perf_counter() - t, time.process_time() - cpu
        t, cpu = time.perf_counter(), time.process_time()
        state, count = backend.read(path)
        reopen_s, reopen_cpu_s = time.perf_counter() - t, time.process_time() - cpu
        out[name] = {
            "load_s": round(load_s, 3),
            "load_cpu_s": round(
                load_cpu_s, 3
            ),  # this process's CPU: steadier than wall time on a busy machine
            "reopen_s": round(reopen_s, 3),
            "reopen_cpu_s": round(reopen_cpu_s, 3),
            "bytes": _size(folder),
            "same_state": state == expected,
            "committed": count,
            "crashes": crash(name, transactions, work / f"{name}-crash", kills, load_s),
        }
    return out


def crash(
    name: str, transactions: list[Transaction], work: Path, kills: int, load_s: float
) -> dict[str, Any]:
    """Kill a writer ``kills`` times at random moments while it writes (within the first 80% of
    ``load_s``, the time a whole load took); each time the files must open and hold exactly a
    prefix of the documents."""
    work.mkdir()
    data = work / "transactions.pickle"
    data.write_bytes(pickle.dumps(transactions))
    rng = random.Random(2021)
    prefixes: dict[int, State] = {}
    backend = BACKENDS[name]
    results = []
    for i in range(kills):
        folder = work / f"run{i}"
        folder.mkdir()
        child = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "bench.sqlite_journal",
                "--child",
                name,
                str(folder / backend.name),
                str(data),
            ],
            stdout=subprocess.PIPE,
        )
        assert child.stdout is not None
        child.stdout.readline()  # "ready": the file exists with its first document, writing goes on
        time.sleep(rng.uniform(0.0, 0.8 * load_s))
        child.send_signal(signal.SIGKILL)
        child.wait()
        try:
            state, count = backend.read(folder / backend.name, check=True)
        except Exception as exc:  # a file that no longer opens is the finding
            results.append({"opened": False, "error": str(exc)})
            continue
        if count not in prefixes:
            prefixes[count] = fold(transactions[:count])
        results.append({"opened": True, "committed": count, "exact_prefix": state == prefixes[count]})
    return {
        "runs": kills,
        "opened": sum(r["opened"] for r in results),
        "exact_prefix": sum(bool(r.get("exact_prefix")) for r in results),
        "committed": [r.get("committed") for r in results],
    }


def child(name: str, path: Path, data: Path) -> None:
    transactions = pickle.loads(data.read_bytes())
    opened = BACKENDS[name](path)
    opened.write(*transactions[0])
    print("ready", flush=True)
    for document, changes in transactions[1:]:
        opened.write(document, changes)
    opened.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--nodes", type=int, default=20_000)
    parser.add_argument("--relationships", type=int, default=60_000)
    parser.add_argument("--documents", type=int, default=100)
    parser.add_argument("--kills", type=int, default=8)
    parser.add_argument(
        "--child", nargs=3, metavar=("BACKEND", "FILE", "TRANSACTIONS"), help=argparse.SUPPRESS
    )
    args = parser.parse_args()
    if args.child:
        child(args.child[0], Path(args.child[1]), Path(args.child[2]))
        return
    with tempfile.TemporaryDirectory(prefix="kg-sqlite-bench-") as tmp:
        work = Path(tmp)
        t = time.perf_counter()
        transactions = capture(args.nodes, args.relationships, args.documents, work)
        changes = sum(len(c) for _, c in transactions)
        print(
            f"captured {len(transactions)} transactions, {changes} changes in {time.perf_counter() - t:.1f} s"
        )
        result = measure(transactions, work, args.kills)
    print(json.dumps({"spec": vars(args) | {"changes": changes}, "result": result}, indent=1))


if __name__ == "__main__":
    os.environ.setdefault("PYTHONHASHSEED", "0")
    main()
