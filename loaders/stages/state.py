"""The state one document's extraction passes from stage to stage, and the lookups they share.

:class:`ExtractionState` holds the text and what it has been read into so far: candidate mentions
(after :mod:`loaders.stages.mentions`), the mentions kept and the entities they make (after
:mod:`loaders.stages.resolution`), and the relationships and extra nodes every later stage adds. Its
methods are what several stages ask of it: the sentence at an offset, the entity of a mention, the
provenance of a span, adding a relationship, the document's area, the innermost section.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from graph.core.model import Node, Provenance, Relationship, relationship_key
from loaders import relations as rel
from loaders.lexicon import Lexicon, load_lexicon
from loaders.mentions import Mention, Sentence, sentences
from loaders.names import NameRules
from loaders.origin import link_origin
from loaders.people import PersonFind
from loaders.segmentation import Segmentation
from loaders.text import CleanText, SectionSpan

_SOURCE_LINE = re.compile(r"^\s*来源\s*[:：].*$", re.M)
# An outlet's name or dateline (【香港商报网讯】, 黑龙江日报讯, 国际在线黑龙江频道消息): a place in it
# says where the paper is, not what the article is about.
_DATELINE = re.compile(r"【[^】\n]{1,30}】")
_OUTLET_AFTER = re.compile(
    r"[\u3400-\u9fff]{0,4}?(?:日报|晚报|商报|时报|早报|报社|新闻网|网|电视台|电台|频道|新闻社|通讯社)"
    r"(?:讯|消息|电|记者|[^\u3400-\u9fff]|$)"
)
# 该项目, 该基地: the last name printed as a 项目 / 基地 before it.
ANAPHOR = re.compile(r"(?:该|这一|此)(?P<noun>项目|基地|园区|产业园|中心|工程)")


@dataclass
class Entity:
    id: str
    label: str
    name: str
    aliases: set[str] = field(default_factory=set)
    properties: dict[str, Any] = field(default_factory=dict)
    mentions: list[Mention] = field(default_factory=list)


@dataclass
class Candidates:
    """What the mention stage found, before overlaps are resolved: lexicon names (``known``), rule
    names (``found``) and people with their titles."""

    known: list[Mention]
    found: list[Mention]
    persons: list[PersonFind]
    paper: str | None


class ExtractionState:
    """One document's extraction as it goes through the stages (:func:`loaders.entities.extract_entities`)."""

    def __init__(self, text: CleanText, document: str, sections: list[SectionSpan]) -> None:
        self.text = text
        self.clean = text.clean
        self.document = document
        self.sections = sections
        self.lex: Lexicon = load_lexicon()
        self.sents = sentences(self.clean)
        self.sent_starts = [x.start for x in self.sents]
        self.sections_by_start = sorted(sections, key=lambda x: (x.start, -x.end))
        self.section_starts = [x.start for x in self.sections_by_start]
        # Filled by the stages, in order. Mentions: what was found (and the name rules that found it,
        # which resolution asks again).
        self.candidates = Candidates([], [], [], None)
        self.rules: NameRules | None = None
        # Resolution: the mentions kept, in text order, and the entities they make.
        self.mentions: list[Mention] = []
        self.mention_starts: list[int] = []
        self.entities: dict[str, Entity] = {}
        self.entity_of: dict[tuple[int, int, str], str] = {}
        # Properties, people, relations, sections: relationships and further nodes; the delegates'
        # statements (clean spans), where what is said is proposed, not stated.
        self.rels: dict[tuple[str, str, str], Relationship] = {}
        self.rel_provenance: dict[tuple[str, str, str], set[Provenance]] = {}
        self.extra_nodes: list[Node] = []
        self.regions: list[tuple[int, int]] = []
        self.source_lines = [m.span() for m in _SOURCE_LINE.finditer(self.clean)]
        # jieba's reading of the text, shared by every rule that segments or tags a span of it.
        self.seg = Segmentation(self.clean)
        self._provenance: dict[tuple[int, int], Provenance] = {}

    def sentence(self, offset: int) -> Sentence:
        i = bisect.bisect_right(self.sent_starts, offset) - 1
        if i >= 0 and self.sents[i].start <= offset < max(self.sents[i].end, self.sents[i].start + 1):
            return self.sents[i]
        return Sentence(offset, offset, "")

    def in_sentence(self, sent: Sentence) -> list[Mention]:
        lo = bisect.bisect_left(self.mention_starts, sent.start)
        hi = bisect.bisect_left(self.mention_starts, sent.end)
        return self.mentions[lo:hi]

    def ent(self, m: Mention) -> Entity:
        return self.entities[self.entity_of[self.key(m)]]

    def key(self, m: Mention) -> tuple[int, int, str]:
        return (m.start, m.end, m.name)

    def anaphor(self, start: int, end: int) -> Mention | None:
        """What ``该项目`` / ``该基地`` in ``[start, end)`` refers to: the last Project or Park mention
        before it printed with that noun (…基地项目 for 该项目), else named with it."""
        g = ANAPHOR.search(self.clean, start, end)
        if g is None:
            return None
        noun = g.group("noun")
        before = [
            m
            for m in self.mentions[: bisect.bisect_left(self.mention_starts, g.start())]
            if m.end <= g.start() and self.ent(m).label in ("Project", "Park")
        ]
        for test in (lambda m: self.clean[m.start : m.end].endswith(noun), lambda m: noun in m.name):
            hit = next((m for m in reversed(before) if test(m)), None)
            if hit is not None:
                return hit
        return None

    def provenance(self, start: int, end: int) -> Provenance:
        """Offsets into the original text and the sentence (or sentences) the span lies in."""
        # A span is quoted for each relationship and node it supports: work it out once.
        found = self._provenance.get((start, end))
        if found is None:
            found = self._provenance[(start, end)] = self._read_provenance(start, end)
        return found

    def _read_provenance(self, start: int, end: int) -> Provenance:
        os_, oe = self.text.to_original(start, end)
        first, last = self.sentence(start), self.sentence(max(start, end - 1))
        if first.text and last.text and last.start > first.start:
            quote_start, quote_end = first.start, last.end
        elif first.text:
            quote_start, quote_end = first.start, first.end
        else:
            quote_start, quote_end = start, end
        # Quoted as printed (，（）stay full-width), on one line: the clean text is only for matching.
        return Provenance(self.document, os_, oe, self.text.shown(quote_start, quote_end))

    def add_rel(
        self,
        source: str,
        type_: str,
        target: str,
        spans: list[tuple[int, int]],
        props: dict[str, Any] | None = None,
    ) -> None:
        if source == target:
            return
        key = relationship_key(source, type_, target)
        r = self.rels.get(key)
        if r is None:
            r = Relationship(key[0], key[2], type_, dict(props or {}), [])
            self.rels[key] = r
        else:
            for k, v in (props or {}).items():
                r.properties.setdefault(k, v)
            # Proposed only while every reading is a delegate's: the plan stating it too makes it fact.
            if r.properties.get("proposed") and not (props or {}).get("proposed") and type_ != "PROPOSED_BY":
                del r.properties["proposed"]
        # A set beside the list, and one sort at the end (run): a section mentioning one entity
        # thousands of times (a huge file) must not cost a scan and a sort per mention.
        seen = self.rel_provenance.setdefault(key, set())
        for s, e in spans:
            p = self.provenance(s, e)
            if p not in seen:
                seen.add(p)
                r.provenance.append(p)

    def link(self, link: rel.Link) -> None:
        src = self.entity_of.get(self.key(link.source))
        dst = self.entity_of.get(self.key(link.target))
        if src is None or dst is None:
            return
        props = dict(link.properties)
        props.setdefault("origin", link_origin(self.clean, link))
        if any(s <= link.start < e for s, e in self.regions):
            props["proposed"] = True
        self.add_rel(src, link.type, dst, [(link.start, link.end)], props)

    def area(self) -> Mention | None:
        """The document's area: its most-named 新区, else its most-named park, else place."""
        datelines = [(d.start(), d.end()) for d in _DATELINE.finditer(self.clean)]
        # Each mention with its entity, in the order of the text.
        about = [
            (m, self.entity_of[self.key(m)])
            for m in self.mentions
            if not any(a <= m.start < b for a, b in datelines) and not _OUTLET_AFTER.match(self.clean, m.end)
        ]
        counts: Counter[str] = Counter(e for _, e in about)
        first: dict[str, int] = {}
        for m, e in about:
            first.setdefault(e, m.start)
        best: str | None = None
        for pick in (
            lambda e: e.label == "Park" and e.name.endswith("新区"),
            lambda e: e.label == "Park",
            lambda e: e.label == "Place",
        ):
            cands = [i for i in counts if pick(self.entities[i])]
            if cands:
                best = max(cands, key=lambda i: (counts[i], -first[i]))
                break
        # A text about a city that names a new area less often than the city is about the city
        # (哈市…, 哈尔滨市… against 哈尔滨新区 ×3): its projects are the city's.
        places = [i for i in counts if self.entities[i].label == "Place"]
        if best is not None and places:
            top = max(places, key=lambda i: (counts[i], -first[i]))
            opening = self.opening_end()
            if counts[top] > counts[best] and first[top] < opening <= first[best]:
                best = top
        if best is None:
            return None
        return next(m for m, e in about if e == best)

    def opening_end(self) -> int:
        """Where the text's opening ends: its first two sentences after any 来源 line (title, lead)."""
        body = [x for x in self.sents if not any(a <= x.start < b for a, b in self.source_lines)]
        return body[1].end if len(body) > 1 else (body[0].end if body else 0)

    def innermost(self, start: int, end: int, kinds: tuple[str, ...] | None = None) -> SectionSpan | None:
        """The smallest section holding ``[start, end)`` (original offsets); sections nest, so it is
        the one that starts last among those that hold it."""
        i = bisect.bisect_right(self.section_starts, start) - 1
        while i >= 0:
            s = self.sections_by_start[i]
            if end <= s.end and (kinds is None or s.kind in kinds):
                return s
            i -= 1
        return None

    def nodes(self) -> list[Node]:
        """The entity nodes and the other nodes read (proposals), sorted by id."""
        out: list[Node] = []
        for e in self.entities.values():
            provs = sorted({self.provenance(m.start, m.end) for m in e.mentions})
            aliases = sorted(a for a in e.aliases if a != e.name)
            out.append(Node(e.id, e.label, e.name, aliases, dict(sorted(e.properties.items())), provs))
        out += self.extra_nodes
        return sorted(out, key=lambda n: n.id)
