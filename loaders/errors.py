"""Errors of reading a document."""

from pathlib import Path


class UnreadableDocument(ValueError):
    """A file that is not a text this product can read: empty, binary, or in an unknown encoding.

    The message names the file and the reason, so the CLI can print it as one line.
    """

    def __init__(self, path: str | Path, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = str(path)
        self.reason = reason
