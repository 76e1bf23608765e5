"""A text as numpy code points, one unsigned int a character, and back.

Whole-text checks and one-for-one replacements over a document's characters cost a Python step a
character; as code points they are a few array operations. Lone surrogates (JSON can carry one)
are kept as their own code points.
"""

from __future__ import annotations

import numpy as np

SIZE = 0x110000  # every code point: a table indexed by code point has this many entries


def code_points(text: str) -> np.ndarray:
    """The code point of each character of ``text`` (uint32)."""
    return np.frombuffer(text.encode("utf-32-le", "surrogatepass"), np.uint32)


def text_of(codes: np.ndarray) -> str:
    """The text of code points (the inverse of :func:`code_points`)."""
    return codes.astype(np.uint32, copy=False).tobytes().decode("utf-32-le", "surrogatepass")


def outside_common(codes: np.ndarray) -> np.ndarray:
    """The code points that are neither ASCII nor a CJK ideograph of Unicode 1.1 (U+4E00–U+9FA5):
    those two ranges are letters, digits, punctuation and blanks in every Unicode version, stable
    under NFKC, so whole-text checks of categories and forms need only look at the rest."""
    return codes[(codes > 0x7F) & ((codes < 0x4E00) | (codes > 0x9FA5))]
