"""Pinyin keys of Chinese names, so that users can search 龙江碳谷 by typing ``longjiang`` or ``ljtg``.

Both stores write the keys of a node's name and aliases with the node (property ``pinyin``), and
search matches the query against them.

>>> pinyin_keys("龙江碳谷")
['ljtg', 'long jiang tan gu', 'longjiangtangu', 'lóngjiāngtàngǔ']
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from functools import lru_cache

from pypinyin import Style, lazy_pinyin

from graph.core.forms import nfkc


def _syllables(name: str) -> list[tuple[str, bool]]:
    """The toned pinyin pieces of ``name`` (letters and digits only), each marked True if it is Han.

    pypinyin returns runs of non-Han characters (``5G“``) as one piece; those keep their letters
    and digits so that ``B型保税物流中心`` gives ``bxingbaoshui…``.
    """
    out: list[tuple[str, bool]] = []
    for piece, han in _pieces(nfkc(name)):
        kept = "".join(ch for ch in piece if ch.isalnum())
        if kept:
            out.append((kept.lower(), han))
    return out


def _pieces_by_pypinyin(text: str) -> list[tuple[str, bool]]:
    """pypinyin's own answer (the reference :func:`_pieces_from_dictionaries` must equal)."""
    pieces = lazy_pinyin(text, style=Style.TONE, errors=lambda run: ["\0" + run])
    return [(p[1:], False) if p.startswith("\0") else (p, True) for p in pieces]


def _pieces_from_dictionaries(text: str) -> list[tuple[str, bool]]:
    """The same pieces read straight from pypinyin's dictionaries, four times faster.

    lazy_pinyin spends most of its time converting styles; the dictionaries already hold the
    toned form. Segmentation (which picks 银行 háng over 行 xíng) is pypinyin's own.
    """
    out: list[tuple[str, bool]] = []
    for word in _SEGMENTER.cut(text):
        if word in _PHRASES:
            out.extend((readings[0], True) for readings in _PHRASES[word])
            continue
        for ch in word:
            reading = _CHARS.get(ord(ch))
            if reading is not None:
                out.append((reading.split(",")[0], True))
            elif out and not out[-1][1]:
                out[-1] = (out[-1][0] + ch, False)  # non-Han characters stay one run, as in pypinyin
            else:
                out.append((ch, False))
    return out


try:  # pypinyin's internals: fall back to its public function if a release moves them
    from pypinyin.constants import PHRASES_DICT as _PHRASES
    from pypinyin.constants import PINYIN_DICT as _CHARS
    from pypinyin.seg.mmseg import seg as _SEGMENTER

    _pieces = _pieces_from_dictionaries
except ImportError:  # pragma: no cover
    _pieces = _pieces_by_pypinyin


_U_WITH_TONES = str.maketrans({"ü": "v", "ǖ": "v", "ǘ": "v", "ǚ": "v", "ǜ": "v"})


def _toneless(syllable: str) -> str:
    """``lǜ`` → ``lv``, ``hā`` → ``ha``: as pypinyin's NORMAL style and pinyin keyboards spell it."""
    decomposed = unicodedata.normalize("NFD", syllable.translate(_U_WITH_TONES))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def pinyin_keys(name: str) -> list[str]:
    """The keys of one name: toneless joined, toneless with spaces, with tones, initials (sorted).

    A name without Han characters has no keys: its letters are matched as the name itself.
    """
    return list(_keys(name))


@lru_cache(maxsize=100_000)  # names recur in every document that names the entity; pypinyin is slow
def _keys(name: str) -> tuple[str, ...]:
    if not any("\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf" for ch in name):
        return ()
    pieces = _syllables(name)
    toned = [p for p, _ in pieces]
    plain = [_toneless(p) for p in toned]
    initials = [p[0] if han else p for p, (_, han) in zip(plain, pieces, strict=True)]
    keys = {"".join(plain), " ".join(plain), "".join(toned), "".join(initials)}
    keys.discard("")
    return tuple(sorted(keys))


def names_pinyin(names: Iterable[str]) -> list[str]:
    """The sorted union of the keys of several names (a node's name and aliases)."""
    keys: set[str] = set()
    for name in names:
        keys.update(pinyin_keys(name))
    return sorted(keys)
