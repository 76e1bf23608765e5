"""The embedded store's curation, in files beside its graph file.

- ``graph.json.curation``: the log, JSON lines, one entry each, appended (under an exclusive lock,
  fsynced) and never rewritten;
- ``graph.json.extracted/``: each document as its loader extracted it, one JSON file per document
  (named by a hash of the document id, written to a temporary file and renamed), so corrections can
  be applied again from what the text said;
- ``graph.json.curation.lock``: locked (``flock``) by the process applying a correction or writing a
  document, so another process's writer waits.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import os
from collections.abc import Iterator
from pathlib import Path

from graph.core.curation import CurationRefused, Entry, document_from_json, document_to_json
from graph.core.errors import StoreCorrupt
from graph.core.model import GraphDocument
from graph.embedded.files import replace_atomically


def log_path(graph_file: Path) -> Path:
    return graph_file.with_name(graph_file.name + ".curation")


def extracted_folder(graph_file: Path) -> Path:
    return graph_file.with_name(graph_file.name + ".extracted")


class CurationFiles:
    """:class:`graph.core.curation.CurationKeeping` for the embedded store whose file is ``graph_file``."""

    def __init__(self, graph_file: Path) -> None:
        self.log = log_path(Path(graph_file))
        self.folder = extracted_folder(Path(graph_file))

    @contextlib.contextmanager
    def writer(self) -> Iterator[None]:
        self.log.parent.mkdir(parents=True, exist_ok=True)
        with open(self.log.with_name(self.log.name + ".lock"), "w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file is closed
            yield

    def _read(self, text: str) -> list[Entry]:
        entries = []
        for number, line in enumerate(text.splitlines(), 1):
            if not line.strip():
                continue
            try:
                entries.append(Entry.from_json(json.loads(line)))
            except (ValueError, CurationRefused) as exc:
                raise StoreCorrupt(f"{self.log}: line {number} is not a curation entry: {exc}") from None
        return entries

    def entries(self) -> list[Entry]:
        try:
            return self._read(self.log.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return []

    def append(self, entries: list[Entry]) -> None:
        self.log.parent.mkdir(parents=True, exist_ok=True)
        with open(self.log, "a+", encoding="utf-8") as f:
            fcntl.flock(f, fcntl.LOCK_EX)  # another process appending waits; seqs stay in order
            f.seek(0)
            known = self._read(f.read())
            expected = (known[-1].seq if known else 0) + 1
            if entries and entries[0].seq != expected:
                raise CurationRefused(f"the log changed meanwhile: entry {expected} is next, try again")
            f.seek(0, os.SEEK_END)
            f.write("".join(json.dumps(e.to_json(), ensure_ascii=False) + "\n" for e in entries))
            f.flush()
            os.fsync(f.fileno())

    def _file(self, document: str) -> Path:
        return self.folder / (hashlib.sha256(document.encode("utf-8")).hexdigest()[:32] + ".json")

    def extracted(self, document: str) -> GraphDocument | None:
        try:
            return document_from_json(json.loads(self._file(document).read_text(encoding="utf-8")))
        except FileNotFoundError:
            return None

    def keep_extracted(self, doc: GraphDocument) -> None:
        data = json.dumps(document_to_json(doc), ensure_ascii=False).encode("utf-8")  # the C encoder
        replace_atomically(self._file(doc.id), lambda f: f.write(data))

    def forget_extracted(self, document: str) -> None:
        with contextlib.suppress(FileNotFoundError):
            self._file(document).unlink()
