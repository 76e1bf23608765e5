"""Short names a text defines itself: ``哈尔滨玻璃钢研究院有限公司（简称哈玻院）``.

The bracket is not part of any name; the short name is an alias of the name printed just before it,
with that name's label, and every later occurrence of the short name is a mention of it
(哈玻院项目现场…, 由哈玻院计划总投资…). A name printed right after the bracket is the short-named
entity's facility (…（简称哈玻院）新材料科技产业化基地 → 哈玻院新材料科技产业化基地).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from graph.core.forms import nfkc
from loaders.mentions import Mention
from loaders.names.forms import SUFFIX_RE, SUFFIXES

_DEFINITION = re.compile(
    r"[(（](?:以下)?简称[:：]?\s*[“\"]?(?P<short>[\u3400-\u9fffA-Za-z0-9]{2,10})[”\"]?[)）]"
)
_SUFFIX_END = re.compile(f"(?:{SUFFIX_RE.pattern})$")


@dataclass(frozen=True)
class ShortName:
    """``short`` names what ends at ``full_end``; the bracket spans ``[open, close)``."""

    short: str
    label: str
    full_end: int
    open: int
    close: int


def short_name_definitions(clean: str, known: list[Mention]) -> list[ShortName]:
    """Definitions whose full name's label is readable: a suffix, or a lexicon name ending there."""
    ends = {m.end: m for m in known}
    out: list[ShortName] = []
    for m in _DEFINITION.finditer(clean):
        before = clean[max(0, m.start() - 20) : m.start()]
        suffix = _SUFFIX_END.search(before)
        if suffix:
            label = SUFFIXES[suffix.group()]
        elif m.start() in ends:
            label = ends[m.start()].label
        else:
            continue
        out.append(ShortName(nfkc(m.group("short")), label, m.start(), m.start(), m.end()))
    return out


def short_name_mentions(clean: str, defs: list[ShortName], known: list[Mention]) -> list[Mention]:
    """Every occurrence of a defined short name outside a lexicon name (its definition included)."""
    taken = {i for k in known for i in range(k.start, k.end)}
    out: list[Mention] = []
    for d in defs:
        for m in re.finditer(re.escape(d.short), clean):
            if any(i in taken for i in range(m.start(), m.end())):
                continue
            mention = Mention(m.start(), m.end(), d.label, d.short, "short", aliases={d.short})
            out.append(mention)
            taken.update(range(m.start(), m.end()))
    return out


def attach_short_names(defs: list[ShortName], mentions: list[Mention]) -> None:
    """Give the name printed before each definition its short name as an alias."""
    for d in defs:
        for m in mentions:
            if m.end == d.full_end and m.label == d.label and m.source != "short":
                m.aliases.add(d.short)
