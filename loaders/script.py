"""Traditional → simplified Chinese, one character for one character.

Articles from Hong Kong or overseas outlets print Harbin news in traditional script (區, 項目, 億).
Every rule and lexicon entry is written in simplified script, so the clean text is folded to it
before matching. Only single-character conversions are used: the fold keeps the length, so clean
offsets still map to the text as read (phrase conversions that change length are left out).
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources

import numpy as np

from loaders.codepoints import SIZE, code_points, text_of


@cache
def _table() -> dict[int, str]:
    """zhconv's ``zh2Hans`` table restricted to one-character keys and values that differ."""
    raw = resources.files("zhconv").joinpath("zhcdict.json").read_text(encoding="utf-8")
    pairs = json.loads(raw)["zh2Hans"]
    return {ord(k): v for k, v in pairs.items() if len(k) == 1 and len(v) == 1 and k != v}


def simplified(text: str) -> str:
    """``text`` with each traditional character replaced by its simplified form; same length.

    >>> simplified("哈新區平房片區簽約項目")
    '哈新区平房片区签约项目'
    """
    codes = code_points(text)
    folded = _folds()[codes]
    if np.array_equal(folded, codes):
        return text
    return text_of(folded)


@cache
def _folds() -> np.ndarray:
    """The simplified form of every code point, as a code point (most are their own)."""
    folds = np.arange(SIZE, dtype=np.uint32)
    table = _table()
    folds[list(table)] = [ord(v) for v in table.values()]
    return folds
