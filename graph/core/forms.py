"""The forms text is compared in, in one place: every NFKC normalisation of the graph layer.

NFKC folds full-width letters, digits and brackets to half-width (OCR and typists mix both), so
``深圳（哈尔滨）`` and ``深圳(哈尔滨)`` meet. Three forms are built on it:

- :func:`canonical_key`, the form of a name used for identity (ids): NFKC, no spaces;
- :func:`normalise`, the form queries and search keys are compared in: NFKC, trimmed, lower case;
- :func:`nfkc` itself, before a name is turned into pinyin.

>>> canonical_key("深圳（哈尔滨） 产业园区"), normalise(" LongJiang ")
('深圳(哈尔滨)产业园区', 'longjiang')
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache


def nfkc(text: str) -> str:
    """``text`` in Unicode normal form NFKC."""
    return unicodedata.normalize("NFKC", text)


def canonical_key(name: str) -> str:
    """The form of a name used for identity: NFKC (full-width → half-width), no spaces."""
    return "".join(nfkc(name).split())  # split() cuts at exactly the characters isspace() names


@lru_cache(maxsize=2**18)  # each query compares every candidate's keys: the same names, again and again
def normalise(text: str) -> str:
    """The form queries and names are compared in: NFKC (half-width brackets, digits), lower case."""
    return nfkc(text).strip().lower()
