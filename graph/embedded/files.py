"""The embedded store on disk: a snapshot of the graph plus a journal of the writes made since.

``graph.json`` (the snapshot) is JSON lines: a header naming the format, version 2 and a random
token, then lines of up to 1,000 node records ``[id, label, pinyin, {document: contribution}]``
and link records ``[source, type, target, {document: contribution}]``. Only each document's
contribution is stored: the visible node is computed from them on load (pinyin is kept because
computing it is slow). A snapshot is replaced atomically (temporary file, fsync, rename).

``graph.json.journal`` starts with a header holding the token of the snapshot it continues (a
journal with another token is stale: the snapshot already holds it). Each write appends one
transaction per document, ``["write", document]``, lines ``["changes", [change, …]]`` (up to
1,000 each) naming every node or relationship whose contribution of that document changed
(``null``: removed), then ``["commit"]``, and fsyncs once: a write costs O(its document). On
open the committed transactions are replayed; anything after the last commit (a crash in the
middle of an append) is ignored, and cut off by the next writer.

Version 1 files (one JSON object holding every node's merged view and contributions) are read.
"""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

from graph.core import merge
from graph.core.errors import StoreCorrupt
from graph.core.model import Provenance

FORMAT = "harbin-kg"
JOURNAL_FORMAT = "harbin-kg-journal"
VERSION = 2
CHUNK = 1000  # records per snapshot line: few json calls, little memory held at once
# What each node and link of a version 1 file carries.
V1_NODE_FIELDS = frozenset({"label", "pinyin", "contributions"})
V1_EDGE_FIELDS = frozenset({"type", "contributions"})

Contributions = dict[str, merge.Contribution]
NodeRecord = tuple[str, str, list[str], Contributions]  # id, label, pinyin, contributions
LinkRecord = tuple[str, str, str, Contributions]  # source, type, target, contributions


def journal_path(path: Path) -> Path:
    return path.with_name(path.name + ".journal")


# --- contributions in their compact form ------------------------------------------------------


class Strings:
    """One object per distinct string read (document ids, names, labels repeat a lot)."""

    def __init__(self) -> None:
        self._seen: dict[str, str] = {}

    def __call__(self, text: str) -> str:
        return self._seen.setdefault(text, text)


def contribution_row(document: str, c: merge.Contribution) -> list[Any]:
    """``[ordinal, name, aliases, properties, provenance, text]``; a provenance of ``document``
    itself (nearly all of them) is ``[start, end, quote]``, another one adds its document, and one
    placed on a page (PDF, image) is ``[start, end, quote, document, page, box]``."""
    return [
        c.ordinal,
        c.name,
        c.aliases,
        c.properties,
        [_provenance_row(document, p) for p in c.provenance],
        c.text,
    ]


def _provenance_row(document: str, p: Provenance) -> list[Any]:
    if p.page is not None or p.box is not None:
        return [p.start, p.end, p.quote, p.document, p.page, None if p.box is None else list(p.box)]
    if p.document == document:
        return [p.start, p.end, p.quote]
    return [p.start, p.end, p.quote, p.document]


def _provenance_of_row(document: str, p: list[Any], strings: Strings) -> Provenance:
    if len(p) == 3:
        return Provenance(document, p[0], p[1], p[2])
    if len(p) == 4:
        return Provenance(strings(p[3]), p[0], p[1], p[2])
    start, end, quote, of, page, box = p
    return Provenance(strings(of), start, end, quote, page, None if box is None else tuple(box))


def contribution_from_row(document: str, row: list[Any], strings: Strings) -> merge.Contribution:
    # Types are checked by shape only (JSON gives str, int, list, dict): this runs once per
    # contribution on open, and a file is only ever written by write_snapshot / the journal.
    ordinal, name, aliases, properties, provenance, text = row
    if not isinstance(aliases, list) or not isinstance(properties, dict) or not isinstance(name, str):
        raise ValueError(f"contribution of {document!r} is malformed")
    return merge.Contribution(
        name=strings(name),
        aliases=aliases,
        properties=properties,
        provenance=[_provenance_of_row(document, p, strings) for p in provenance],
        ordinal=ordinal,
        text=text,
    )


def contributions_rows(contributions: Mapping[str, merge.Contribution]) -> dict[str, list[Any]]:
    return {doc: contribution_row(doc, contributions[doc]) for doc in sorted(contributions)}


def contributions_from_rows(data: Mapping[str, Any], strings: Strings) -> Contributions:
    if not isinstance(data, dict) or not data:
        raise ValueError("no contributions")
    out: Contributions = {}
    for doc, row in data.items():
        document = strings(str(doc))
        out[document] = contribution_from_row(document, row, strings)
    return out


# --- the snapshot -----------------------------------------------------------------------------


def _fsync_folder(folder: Path) -> None:
    """The rename itself must reach the disk too."""
    dir_fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(dir_fd)
    finally:
        os.close(dir_fd)


def replace_atomically(path: Path, write: Any) -> None:
    """Call ``write(binary file)`` on a temporary file beside ``path``, fsync it, rename it over ``path``."""
    folder = path.parent
    folder.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "wb") as f:
            write(f)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise
    _fsync_folder(folder)


def _line(value: Any) -> bytes:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode() + b"\n"


def write_snapshot(path: Path, token: str, nodes: Iterable[NodeRecord], links: Iterable[LinkRecord]) -> None:
    """Save the graph to ``path`` so that a reader sees the old file or the new one, never half."""

    def write(f: BinaryIO) -> None:
        f.write(_line({"format": FORMAT, "version": VERSION, "journal": token}))
        for kind, records in (("nodes", nodes), ("links", links)):
            chunk: list[list[Any]] = []
            for a, b, c, contributions in records:
                chunk.append([a, b, c, contributions_rows(contributions)])
                if len(chunk) == CHUNK:
                    f.write(_line([kind, chunk]))
                    chunk = []
            if chunk:
                f.write(_line([kind, chunk]))
        f.write(_line(["end"]))

    replace_atomically(path, write)


@dataclass
class Snapshot:
    """A snapshot read: its token (None for version 1) and its records, node records first."""

    token: str | None
    nodes: list[NodeRecord]
    links: list[LinkRecord]


def read_snapshot(path: Path) -> Snapshot:
    """The snapshot at ``path``; anything that is not one raises StoreCorrupt naming ``path``."""
    try:
        with open(path, "rb") as f:
            first = f.readline()
            try:
                header = json.loads(first)
            except (UnicodeDecodeError, json.JSONDecodeError) as exc:
                raise StoreCorrupt(f"{path} is not a harbin-kg graph file: {exc}") from exc
            if not isinstance(header, dict) or header.get("format") != FORMAT:
                raise StoreCorrupt(f"{path} is not a harbin-kg graph file (no format marker {FORMAT!r})")
            if header.get("version") == 1:
                return _read_v1(header)
            if header.get("version") != VERSION:
                raise StoreCorrupt(
                    f"{path} has graph format version {header.get('version')!r}; this program reads {VERSION}"
                )
            return _read_v2(header, f)
    except StoreCorrupt:
        raise
    except (KeyError, TypeError, ValueError, AttributeError, IndexError) as exc:
        kind = exc.__class__.__name__
        raise StoreCorrupt(f"{path} is a damaged harbin-kg graph file: {kind}: {exc}") from exc


def _read_v2(header: dict[str, Any], f: BinaryIO) -> Snapshot:
    strings = Strings()
    snapshot = Snapshot(str(header["journal"]), [], [])
    ended = False
    for raw in f:
        line = json.loads(raw)
        if line == ["end"]:
            ended = True
            break
        kind, records = line
        if kind == "nodes":
            snapshot.nodes.extend(
                (
                    strings(str(i)),
                    strings(str(label)),
                    [strings(str(p)) for p in pinyin],
                    contributions_from_rows(c, strings),
                )
                for i, label, pinyin, c in records
            )
        elif kind == "links":
            snapshot.links.extend(
                (strings(str(s)), strings(str(t)), strings(str(o)), contributions_from_rows(c, strings))
                for s, t, o, c in records
            )
        else:
            raise ValueError(f"unknown line kind {kind!r}")
    if not ended:
        raise ValueError("the file ends before its end marker")
    return snapshot


def _read_v1(data: dict[str, Any]) -> Snapshot:
    snapshot = Snapshot(None, [], [])
    for item in data["nodes"]:
        id = item["id"]
        missing = V1_NODE_FIELDS - item.keys()
        if missing:
            raise ValueError(f"node {id!r} lacks {', '.join(sorted(missing))}")
        contributions = merge.contributions_from_json(item["contributions"])
        snapshot.nodes.append((id, item["label"], list(item["pinyin"]), contributions))
    for item in data["links"]:
        source, target, key = item["source"], item["target"], item["key"]
        missing = V1_EDGE_FIELDS - item.keys()
        if missing or key != item["type"]:
            lacks = ", ".join(sorted(missing)) or "its type"
            raise ValueError(f"link {source} -{key}-> {target} lacks {lacks}")
        snapshot.links.append((source, key, target, merge.contributions_from_json(item["contributions"])))
    return snapshot


# --- the journal ------------------------------------------------------------------------------

# One change of a transaction: ("n", id, label, pinyin, row) or ("r", source, type, target, row);
# row None: the document's contribution is removed.
Change = list[Any]


@dataclass
class Transaction:
    """One committed write read back: its document, its changes, and where it ends in the file."""

    document: str
    changes: list[Change]
    end: int


def start_journal(path: Path, token: str) -> int:
    """A new, empty journal continuing the snapshot ``token``; the offset where writes go."""
    header = _line({"format": JOURNAL_FORMAT, "version": VERSION, "snapshot": token})
    replace_atomically(path, lambda f: f.write(header))
    return len(header)


def read_journal_header(path: Path, token: str) -> int:
    """Where the transactions of the journal at ``path`` start; StaleJournal if it does not
    continue the snapshot ``token`` (or is missing, or has no header)."""
    try:
        with open(path, "rb") as f:
            first = f.readline()
    except FileNotFoundError:
        raise StaleJournal(f"{path} is missing") from None
    try:
        header = json.loads(first) if first.endswith(b"\n") else None
    except (UnicodeDecodeError, json.JSONDecodeError):
        header = None
    if not isinstance(header, dict) or header.get("format") != JOURNAL_FORMAT:
        raise StaleJournal(f"{path} has no journal header")
    if header.get("snapshot") != token:
        raise StaleJournal(f"{path} continues another snapshot")
    return len(first)


def read_journal(path: Path, offset: int) -> Iterator[Transaction]:
    """The committed transactions from ``offset`` (after the header, see read_journal_header).

    Stops quietly at a torn or unfinished tail: what follows the last commit line is a write in
    progress, or one a crash interrupted.
    """
    with open(path, "rb") as f:
        f.seek(offset)
        document: str | None = None
        changes: list[Change] = []
        for raw in f:
            if not raw.endswith(b"\n"):
                return  # being written, or torn by a crash
            try:
                line = json.loads(raw)
            except (UnicodeDecodeError, json.JSONDecodeError):
                return  # torn by a crash (the writer fsyncs before it counts a write as done)
            offset += len(raw)
            if not isinstance(line, list) or not line:
                return
            if line[0] == "write":
                document, changes = str(line[1]), []
            elif line[0] == "commit" and document is not None:
                yield Transaction(document, changes, offset)
                document, changes = None, []
            elif line[0] == "changes" and document is not None:
                changes.extend(line[1])
            else:
                return


class StaleJournal(Exception):
    """The journal does not continue the snapshot (left by a crash during compaction): ignore it."""


def append_transactions(path: Path, offset: int, transactions: Iterable[tuple[str, Iterable[Change]]]) -> int:
    """Write ``transactions`` (document, changes) at ``offset`` of the journal and fsync; the new end.

    All or nothing: on any error the journal is cut back to ``offset`` (and a crash in the middle
    leaves no commit line, so what it wrote is ignored when read).
    """
    # Unbuffered, written in ~1 MB pieces: nothing is left in a buffer to land after the cut.
    with open(path, "r+b", buffering=0) as f:
        try:
            f.seek(offset)
            f.truncate()
            end = offset
            pending: list[bytes] = []
            size = 0

            def add(line: Any) -> None:
                nonlocal end, pending, size
                pending.append(_line(line))
                size += len(pending[-1])
                if size > 2**20:
                    end += _write_all(f, b"".join(pending))
                    pending, size = [], 0

            for document, changes in transactions:
                add(["write", document])
                chunk: list[Change] = []
                for change in changes:
                    chunk.append(change)
                    if len(chunk) == CHUNK:
                        add(["changes", chunk])
                        chunk = []
                if chunk:
                    add(["changes", chunk])
                add(["commit"])
            end += _write_all(f, b"".join(pending))
            os.fsync(f.fileno())
            return end
        except BaseException:
            with contextlib.suppress(OSError):
                f.truncate(offset)
                os.fsync(f.fileno())
            raise


def _write_all(f: Any, data: bytes) -> int:
    view = memoryview(data)
    while view:
        view = view[f.write(view) :]
    return len(data)
