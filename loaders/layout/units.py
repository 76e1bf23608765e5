"""Every line of the cleaned text read as a *unit*: pillar heading, item, bullet, value, headline,
byline, dateline or paragraph; and runs of numbered items (一是, 二是 …)."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from loaders.ocr import BULLET, BYLINE, DATELINE, ITEM, PILLAR, width
from loaders.text import CleanText

_PUNCT = re.compile(r"[，。；、：,;:！？!?]")

_VALUE = re.compile(
    r"^(?:同比|比上年|年均)?(?:增长|下降|提高|达到|突破)?\s*[\d.]+\s*(?:%|％|亿元|万元|亿|万|个|家)?"
    r"\s*(?:左右|以上|以下)?$"
)

_CJK_RUN = re.compile(r"[\u3400-\u9fff]+")

# Headline: short, no clause punctuation.
_HEADLINE_WIDTH = 24.0


@dataclass(eq=False)
class Unit:
    """One cleaned line: its kind, text (clean and as printed) and spans (clean and original).

    Units compare by identity: two lines with the same text are still two lines.
    """

    index: int
    kind: str
    text: str
    shown: str
    clean_start: int
    clean_end: int
    start: int
    end: int
    blank_before: bool
    used: bool = False


@dataclass
class Run:
    """A run of numbered items (一是, 二是 …) with the bullets under each item."""

    items: list[tuple[Unit, list[Unit]]] = field(default_factory=list)

    @property
    def start(self) -> int:
        return self.items[0][0].start

    @property
    def end(self) -> int:
        item, bullets = self.items[-1]
        return (bullets[-1] if bullets else item).end

    def profile(self) -> Counter[str]:
        """How characteristic each bigram is of the run: the share of its items that use it.

        A bigram in an item's title counts 2 (titles carry the theme), in its bullets only 1; shares
        rather than counts, so that a long run does not outscore a short one by sheer length.
        """
        share: Counter[str] = Counter()
        for item, bullets in self.items:
            title = set(bigrams(_strip_marker(item.text)))
            body = {b for u in bullets for b in bigrams(u.text)} - title
            for b in title:
                share[b] += 2 / len(self.items)
            for b in body:
                share[b] += 1 / len(self.items)
        return share


def bigrams(text: str) -> list[str]:
    """Character bigrams inside each run of CJK characters (the vocabulary unit: no segmenter needed)."""
    return [run[i : i + 2] for run in _CJK_RUN.findall(text) for i in range(len(run) - 1)]


def _strip_marker(text: str) -> str:
    return ITEM.sub("", text, count=1)


def classify(text: str) -> str:
    """The kind of one cleaned line."""
    if PILLAR.match(text) and not _PUNCT.search(text) and width(text) <= 40:
        return "pillar"
    if ITEM.match(text):
        return "item"
    if BULLET.match(text):
        return "bullet"
    if BYLINE.match(text):
        return "byline"
    if DATELINE.match(text):
        return "dateline"
    if _VALUE.match(text):
        return "value"
    if not _PUNCT.search(text) and width(text) <= _HEADLINE_WIDTH:
        return "headline"
    return "paragraph"


def units_of(text: CleanText) -> list[Unit]:
    """Every non-blank cleaned line as a unit, in reading order."""
    units: list[Unit] = []
    pos = 0
    blank = True
    for line in text.clean.split("\n"):
        stripped = line.strip()
        if stripped:
            cs = pos + (len(line) - len(line.lstrip()))
            ce = cs + len(stripped)
            s, e = text.to_original(cs, ce)
            shown = text.shown(cs, ce).strip()
            units.append(Unit(len(units), classify(stripped), stripped, shown, cs, ce, s, e, blank))
            blank = False
        else:
            blank = True
        pos += len(line) + 1
    return units
