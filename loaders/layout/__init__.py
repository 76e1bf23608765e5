"""Layout recovery: the structure of a page from its cleaned lines.

A newspaper page printed from a work report scatters its parts: the pillar headings (坚定不移…) sit
before or after their numbered items, some lost their printed number, a delegate's article has its
title below its paragraphs. The package reads every line as a *unit* (pillar heading, item, bullet,
value, headline, byline, dateline, paragraph), then rebuilds:

- pillars: item runs (一是, 二是 … restarting at 一是) matched to pillar headings by shared vocabulary
  (an assignment problem), ordinals from printed numbers, missing ones filled in reading order;
- the targets box (labels and values, 预期目标);
- the news report (本报讯…) and its paragraphs;
- delegates' statements (a paragraph naming 政协委员/人大代表 X, with its subtitle) grouped into
  articles by the list of names printed with each article's title;
- bylines, headings and loose paragraphs; a plain article when nothing else is found.

Spans are offsets into the original text; ids are ``section:{document}:{path}``.

Modules: :mod:`~loaders.layout.units` (lines read as units), :mod:`~loaders.layout.assignment`
(one-to-one matching by score), :mod:`~loaders.layout.pillars` (pillars, items, targets),
:mod:`~loaders.layout.articles` (news report, statements, articles, bylines, the rest),
:mod:`~loaders.layout.sections` (assembling the section spans).
"""

from __future__ import annotations

from loaders.layout.articles import add_articles, add_news, add_rest, wrap_plain_article
from loaders.layout.assignment import best_assignment
from loaders.layout.pillars import add_pillars, add_targets, recover_pillars
from loaders.layout.sections import Builder
from loaders.layout.units import units_of
from loaders.text import CleanText, SectionSpan

__all__ = ["best_assignment", "document_title", "recover_structure"]


def recover_structure(text: CleanText, document: str) -> list[SectionSpan]:
    """The sections of a page, in reading order (by start offset, then outer before inner)."""
    units = units_of(text)
    b = Builder(document)
    add_pillars(b, recover_pillars(units))
    add_targets(b, units)
    add_articles(b, units)
    add_news(b, units)
    add_rest(b, units)
    wrap_plain_article(b)
    depth = {s.id: s.id.count("/") for s in b.sections}
    return sorted(b.sections, key=lambda s: (s.start, depth[s.id], s.id))


def document_title(sections: list[SectionSpan]) -> str | None:
    """The page's title: its first heading in reading order, else its first article's name."""
    for kind in ("heading", "article"):
        for s in sections:
            if s.kind == kind:
                return s.name
    return None
