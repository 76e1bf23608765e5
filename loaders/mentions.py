"""Mentions: spans of the clean text that name an entity, and the text units they are read in.

Every extraction rule yields :class:`Mention` objects over ``CleanText.clean`` offsets; resolution
(:mod:`loaders.entities`) groups them into nodes and maps offsets back to the original text.
This module also holds what every rule shares: sentences, clauses, the jieba tokenizer with the
lexicon as user dictionary, and the lexicon matcher.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING, Any

import jieba

from graph.core.forms import nfkc
from loaders.lexicon import Lexicon, load_lexicon, word_list

if TYPE_CHECKING:
    from loaders.segmentation import Segmentation

# A sentence ends at these, or at a line break (the clean text keeps only real boundaries).
_SENTENCE_END = re.compile(r"[。!?;！？；\n]")
# Sources of the names the rules read (not the lexicon's, not people's): what a name rule vouches for.
RULE_SOURCES = frozenset(
    {"rule", "group", "coordination", "government", "listed", "awarded", "context", "sibling"}
)
# A clause ends at these too (the enumeration comma 、 does not end a clause: it coordinates).
CLAUSE_END = re.compile(r"[。!?;！？；\n,，:：]")


@lru_cache(maxsize=4)
def clause_ends(clean: str) -> list[int]:
    """Offsets of the characters that end a clause of ``clean``, in order (the name rules and the
    events of a text ask for the clauses of every candidate; kept for the last few texts)."""
    return [m.start() for m in CLAUSE_END.finditer(clean)]


@dataclass
class Mention:
    """One span of the clean text naming an entity.

    ``key`` is the lexicon entry's key when the name is known; ``aliases`` are other surface forms
    of the same entity seen here; ``owner`` is a mention inside this one that names who owns or
    contains it (哈工大 in 哈工大创新中心).
    """

    start: int
    end: int
    label: str
    name: str
    source: str
    key: str | None = None
    aliases: set[str] = field(default_factory=set)
    properties: dict[str, Any] = field(default_factory=dict)
    owner: Mention | None = None


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int
    text: str


def sentences(clean: str) -> list[Sentence]:
    """Sentences of the clean text (ends included, surrounding blanks excluded)."""
    out: list[Sentence] = []
    start = 0
    for m in _SENTENCE_END.finditer(clean):
        _add(out, clean, start, m.end())
        start = m.end()
    _add(out, clean, start, len(clean))
    return out


def _add(out: list[Sentence], clean: str, start: int, end: int) -> None:
    while start < end and clean[start].isspace():
        start += 1
    while end > start and clean[end - 1].isspace():
        end -= 1
    if start < end:
        out.append(Sentence(start, end, clean[start:end]))


@lru_cache(maxsize=1)
def tokenizer() -> jieba.Tokenizer:
    """jieba with its bundled dictionary plus the lexicon's names as user words."""
    jieba.setLogLevel(60)
    tok = jieba.Tokenizer()
    lex = load_lexicon()
    for e in lex.entries.values():
        for form in [e.name, *e.aliases, *e.contextual]:
            tok.add_word(nfkc(form), freq=2000)
    for word in word_list("words.txt"):
        tok.add_word(word, freq=2000)
    return tok


def tokens(text: str) -> list[tuple[str, int, int]]:
    """(word, start, end) over ``text`` with jieba's default mode."""
    return list(tokenizer().tokenize(text))


class LexiconMatcher:
    """Finds every lexicon name in a text; overlapping matches are resolved longest first."""

    def __init__(self, lexicon: Lexicon, text: str, seg: Segmentation) -> None:
        self.lexicon = lexicon
        # The lexicon's forms are sorted once; a text only decides which contextual aliases apply.
        self.contextual = lexicon.contextual_keys(text)
        self.seg = seg  # the text's segmentation: where a word form (工行) is a word

    def _a_word(self, start: int, end: int) -> bool:
        """Whether jieba's segmentation of the clause makes ``[start, end)`` one word or more."""
        bounds = self.seg.clause_bounds(start, end)
        return bounds is not None and start in bounds[0] and end in bounds[1]

    def find(self, clean: str) -> list[Mention]:
        found: list[tuple[int, int, str, str]] = []
        by_two, singles = self.lexicon.forms_by_prefix
        pairs, alone = self.lexicon.starts
        starts = pairs.starts(clean)
        if alone is not None:
            starts = sorted({*starts, *(m.start() for m in alone.finditer(clean))})
        for i in starts:
            forms = by_two.get(clean[i : i + 2])
            if forms is None:
                forms = singles[clean[i]]
            for form, key, contextual in forms:
                if contextual and key not in self.contextual:
                    continue
                if clean.startswith(form, i):
                    if form in self.lexicon.word_forms and not self._a_word(i, i + len(form)):
                        continue  # 集中行动 holds 中行, no word of it
                    found.append((i, i + len(form), key, form))
                    break  # forms are longest first
        found.sort(key=lambda f: (-(f[1] - f[0]), f[0]))
        taken = [False] * (len(clean) + 1)
        out: list[Mention] = []
        for start, end, key, form in found:
            if any(taken[start:end]):
                continue
            for j in range(start, end):
                taken[j] = True
            entry = self.lexicon.entries[key]
            out.append(Mention(start, end, entry.label, entry.name, "lexicon", key=key, aliases={form}))
        out.sort(key=lambda m: m.start)
        return out
