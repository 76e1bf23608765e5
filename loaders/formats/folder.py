"""The documents in a folder, recursively: which files are read, and which are skipped and why."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

# Files in a folder are read when their name says they are a document; their content then decides
# how (a .txt holding HTML is read as HTML). Other files (code, data, archives) are skipped, so a
# folder of reports with a notes.json or a README beside them loads the reports only.
DOCUMENT_SUFFIXES = frozenset(
    {
        ".txt", ".text",
        ".htm", ".html", ".shtml", ".xhtml",
        ".docx",
        ".pdf",
        ".png", ".jpg", ".jpeg", ".tif", ".tiff", ".bmp", ".gif", ".webp",
    }
)  # fmt: skip


@dataclass(frozen=True)
class Skipped:
    """A file of a folder that was not loaded, and why."""

    path: Path
    reason: str


def documents_in(folder: Path) -> tuple[list[Path], list[Skipped]]:
    """The document files under ``folder`` (sorted, recursively) and the files skipped.

    Hidden files and folders (``.git``, ``.DS_Store``) are passed over without a word; symbolic
    links to folders are not followed (no loops).
    """
    found: list[Path] = []
    skipped: list[Skipped] = []
    for root, dirs, files in os.walk(folder, followlinks=False):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if name.startswith("."):
                continue
            path = Path(root) / name
            suffix = path.suffix.lower()
            if suffix in DOCUMENT_SUFFIXES:
                found.append(path)
            elif suffix == ".doc":
                skipped.append(Skipped(path, "an old Word .doc file: save it as .docx"))
            else:
                skipped.append(Skipped(path, f"not a document type ({suffix or 'no extension'})"))
    return found, skipped
