"""Where each extracted entity and relationship comes from (``origin``), and how far that origin is
trusted (``confidence``): the precision it measured on the development corpus.

An origin is ``family`` or ``family:detail``. Entities: ``lexicon`` (a curated name), ``suffix:产业园``
(the suffix rule, by the suffix that typed the name), ``coordination``, ``group`` (an item of a counted
group), ``government`` (a body after a place), ``listed`` (an item listed with known names, a listed
company), ``awarded`` (a firm that wins a prize: 主力智业获中国专利金奖),
``context:投产`` (a short name before a project verb; ``context:maker`` for a maker before its
product), ``short`` (a 简称 the text defines), ``abbreviation`` (one-character places),
``people:delegate`` / ``people:reporter`` / ``people:title`` (a person after a delegate's title, in a
byline, after any other title), ``people:body`` (a delegate's or reporter's body), ``proposal``.
Relationships: ``relation:<cue>`` (read in a sentence, by the word that states it: ``relation:落户``,
``relation:合作``), ``relation:adjacent`` (names side by side), ``name:<TYPE>`` (a name built on or
implying another), ``lexicon:<TYPE>`` (a fact of the lexicon), ``document:<TYPE>`` (the document's own
park or area), ``people:<TYPE>`` (a person's body, a proposal), ``section:MENTIONS``,
``indicator:TARGETS``, ``layout:PART_OF``.

The measured precisions are ``lexicon/confidence.tsv`` (written by ``python -m bench.evaluate
--write-confidence``). An origin not in it, or judged there fewer than :data:`MIN_JUDGED` times, takes
its family's pooled precision (:func:`family`), else :data:`DEFAULT_CONFIDENCE`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from graph.core.model import Node, Relationship
from loaders.lexicon import DATA, project_stages
from loaders.mentions import Mention
from loaders.names import SUFFIXES, split_phase
from loaders.people import DELEGATE_ROLES

if TYPE_CHECKING:
    from loaders.relations import Link
    from loaders.stages.state import ExtractionState

CONFIDENCE_FILE: Path = DATA / "confidence.tsv"
# Nothing measured for an origin or its family (a label the gold does not judge exhaustively, a
# relationship no gold relation covers): neither trusted nor distrusted.
DEFAULT_CONFIDENCE = 0.5
# Fewer judgements than this say little (1/1 is not a precision of 1): the family's pooled figure.
MIN_JUDGED = 5

# Which of an entity's mentions speaks for it: the reading that decided its name and label first.
_PRIORITY = {
    source: i
    for i, source in enumerate(
        (
            "lexicon",
            "rule",
            "division",
            "coordination",
            "government",
            "listed",
            "awarded",
            "group",
            "sibling",
            "context",
            "short",
            "toward",
            "abbreviation",
            "pair",
            "person",
            "body",
            "person-ref",
            "area-ref",
        )
    )
}
_FAMILY = {
    "rule": "suffix",
    "toward": "abbreviation",
    "pair": "abbreviation",
    "person": "people",
    "body": "people:body",
    "person-ref": "people",
    "area-ref": "lexicon",
}
# Relationship families by the ``source`` property the stages give them.
_REL_FAMILY = {"lexicon": "lexicon", "name": "name", "document": "document"}
# The words that state a relationship in a sentence (loaders/relations.py), longest first.
_CUE = re.compile(
    r"坐落于|坐落在|选址在|选址于|落户在|落户于|投资方|建设方|实施主体|建设单位|一体化|"
    r"落位|位于|选址|地处|落户|入驻|附属|下属|旗下|所属|合作|协作|交流|对接|联动|协同|携手|签署|签约|签订|"
    r"协议|共建|发展|主攻|聚焦|培育|壮大|集聚|建设|开发|由|将|在|与|同|和"
)
_CONTEXT_VERBS = sorted(project_stages().read_in("context"), key=len, reverse=True)
# Looked up by the name's last k characters, longest k first: one set lookup per length instead of
# an endswith per suffix (the same answer: of one length, at most one suffix ends a name).
_SUFFIX_SET = frozenset(SUFFIXES)
_SUFFIX_LENGTHS = sorted({len(s) for s in SUFFIXES if s}, reverse=True)


def suffix_of(name: str) -> str | None:
    """The suffix that typed a rule name (科创总部一期 → 总部): the longest one its base ends with."""
    base = split_phase(name)[0]
    for text in (base, name):
        for k in _SUFFIX_LENGTHS:
            if k <= len(text) and text[-k:] in _SUFFIX_SET:
                return text[-k:]
    return None


def mention_origin(m: Mention, clean: str, person_kind: dict[tuple[int, int], str]) -> str:
    """The origin of one mention; ``person_kind`` says how each person found was read, by span."""
    s = m.source
    if s == "rule":
        suffix = suffix_of(m.name)
        return f"suffix:{suffix}" if suffix else "suffix"
    if s == "context":
        if m.label == "Organization":
            return "context:maker"
        after = clean[m.end : m.end + 12]
        at = [(after.find(v), -len(v), v) for v in _CONTEXT_VERBS if v in after]
        return f"context:{min(at)[2]}" if at else "context"
    if s in ("person", "person-ref"):
        return f"people:{person_kind.get((m.start, m.end), 'title')}"
    return _FAMILY.get(s, s)


def entity_origin(mentions: Iterable[Mention], lexicon_entry: bool, clean: str, kinds: dict) -> str:
    """An entity's origin: ``lexicon`` when it is a curated name, else its strongest mention's."""
    if lexicon_entry:
        return "lexicon"
    ms = sorted(mentions, key=lambda m: (_PRIORITY.get(m.source, len(_PRIORITY)), m.start, m.end, m.name))
    return mention_origin(ms[0], clean, kinds) if ms else "unknown"


def link_origin(clean: str, link: Link) -> str:
    """A relationship read from the text: ``name:<TYPE>`` when one name is built on the other
    (哈工大创新中心 → 哈工大), ``relation:adjacent`` when they stand side by side, else
    ``relation:<cue>`` by the word that states it (落户, 位于, 合作, 由, 附属 …)."""
    a, b = sorted((link.source, link.target), key=lambda m: (m.start, m.end))
    if b.start < a.end:
        return f"name:{link.type}"
    gap = clean[a.end : b.start]
    if not gap.strip():
        return "relation:adjacent"
    span = clean[min(link.start, a.start) : max(link.end, b.end)]
    for text in (gap, span):
        hit = _CUE.search(text)
        if hit is not None:
            return f"relation:{hit.group()}"
    return f"relation:{link.type}"


def relationship_origin(type_: str, properties: dict) -> str:
    """A relationship's origin from its type and the ``source`` its stage recorded."""
    if type_ == "MENTIONS":
        return "section:MENTIONS"
    if type_ == "TARGETS":
        return "indicator:TARGETS"
    if type_ in ("MEMBER_OF", "PROPOSED_BY"):
        return f"people:{type_}"
    family = _REL_FAMILY.get(str(properties.get("source", "")), "relation")
    return f"{family}:{type_}"


def mark(state: ExtractionState, nodes: list[Node], rels: list[Relationship]) -> None:
    """Give every entity node and relationship its ``origin`` and ``confidence`` (new properties
    only: ids, names and the rest stay as the stages made them)."""
    kinds: dict[tuple[int, int], str] = {}
    for p in state.candidates.persons:
        kind = "delegate" if p.role in DELEGATE_ROLES else "title"
        kind = "reporter" if p.role in ("记者", "通讯员") else kind
        kinds.setdefault((p.mention.start, p.mention.end), kind)
    for n in nodes:
        e = state.entities.get(n.id)
        if e is not None:
            key = state.lex.canonical_of(e.name)
            curated = key is not None and state.lex.entries[key].label == e.label
            origin = entity_origin(e.mentions, curated, state.clean, kinds)
        elif n.label == "Proposal":
            origin = "proposal"
        else:
            origin = "unknown"
        n.properties = _with_origin(n.properties, origin)
        if origin == "crf" and e is not None:
            # The model's own marginal (loaders/stages/crf.py): its precision on the corpus it was
            # trained on would flatter it (bench/FINDINGS.md has the held-out figures).
            marginals = [
                m.properties.get("confidence", DEFAULT_CONFIDENCE) for m in e.mentions if m.source == "crf"
            ]
            n.properties["confidence"] = round(min(marginals, default=DEFAULT_CONFIDENCE), 3)
    for r in rels:
        origin = r.properties.get("origin") or relationship_origin(r.type, r.properties)
        r.properties = _with_origin(r.properties, origin)


def mark_events(nodes: list[Node], rels: list[Relationship]) -> None:
    """Origins of milestones (loaders/events.py): ``event:<stage>`` on each Event, ``event:HAS_EVENT`` on
    its link. No gold judges events yet, so their confidence is the stated default."""
    for node in nodes:
        node.properties = _with_origin(node.properties, f"event:{node.properties.get('stage', '')}")
    for rel in rels:
        rel.properties = _with_origin(rel.properties, "event:HAS_EVENT")


def _with_origin(properties: dict, origin: str) -> dict:
    return dict(sorted({**properties, "origin": origin, "confidence": confidence(origin)}.items()))


def family(origin: str) -> str:
    """An entity origin's family is its rule family (``suffix`` for ``suffix:商会``); a relationship
    origin's is its type, whichever rule read it (``*:LOCATED_IN`` for ``lexicon:LOCATED_IN``)."""
    head, _, detail = origin.partition(":")
    return f"*:{detail}" if detail and detail.replace("_", "").isupper() else head


@dataclass(frozen=True)
class Measured:
    origin: str
    judged: int
    correct: int

    @property
    def precision(self) -> float:
        return self.correct / self.judged if self.judged else DEFAULT_CONFIDENCE


@lru_cache(maxsize=1)
def confidence_table() -> dict[str, Measured]:
    """The measured rows of ``confidence.tsv`` (origin, judged, correct, precision), by origin."""
    out: dict[str, Measured] = {}
    if not CONFIDENCE_FILE.exists():
        return out
    for line in CONFIDENCE_FILE.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith(("#", "origin\t")):
            continue
        cols = line.split("\t")
        out[cols[0]] = Measured(cols[0], int(cols[1]), int(cols[2]))
    return out


@lru_cache(maxsize=1)
def _families() -> dict[str, Measured]:
    pooled: dict[str, tuple[int, int]] = {}
    for m in confidence_table().values():
        j, c = pooled.get(family(m.origin), (0, 0))
        pooled[family(m.origin)] = (j + m.judged, c + m.correct)
    return {f: Measured(f, j, c) for f, (j, c) in pooled.items()}


@lru_cache(maxsize=1024)  # asked for every node and relationship; a few dozen origins exist
def confidence(origin: str) -> float:
    """The measured precision of ``origin``, else of its family, else the default (rounded to 3)."""
    row = confidence_table().get(origin)
    if row is None or row.judged < MIN_JUDGED:
        row = _families().get(family(origin))
    value = row.precision if row is not None and row.judged else DEFAULT_CONFIDENCE
    return round(value, 3)


def clear() -> None:
    """Forget the table read (after ``bench.evaluate --write-confidence`` rewrote it)."""
    confidence_table.cache_clear()
    _families.cache_clear()
    confidence.cache_clear()
