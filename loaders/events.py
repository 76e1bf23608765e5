"""Milestones of projects and parks, read from the finished graph document as dated events.

Every mention of a Project or Park (its provenance in this document) is read in its clause: a
stage word there (``loaders/lexicon/events.tsv``: 签约, 开工, 在建, 竣工, 投产, 开园, 入驻 …) makes a
milestone, planned or reported done:

- planned when a future marker (计划, 将, 年内 …) leads the clause, or a goal (力争, 确保 …) leads the
  sentence's earlier clauses outside the review of past work;
- else done when 已 (已经, 顺利) stands right before the stage;
- else planned in the plan part of a work report (after ``2023年工作安排``), or, in a text with no
  review or plan part, when a push marker (加快, 推动 …) leads the clause;
- done otherwise: in the review (``2022年工作回顾``), or an article's plain statement.

Figures in the clause, and in the clauses after it up to one naming another project or park, are kept:
investment in 亿元, capacity (年产X吨), area (平方米, 亩, 平方公里).

One ``Event`` node per (entity, stage, planned) in a document, with the document's date, linked
from its entity by ``HAS_EVENT``; its provenance is the entity's mentions that report it.

>>> stage_words()["投入使用"]
('投用', 7)
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from graph.core.model import Node, Provenance, Relationship, node_id
from loaders.lexicon import DATA
from loaders.mentions import clause_ends, sentences
from loaders.text import CleanText

EVENT_SUBJECTS = ("Project", "Park")
LEXICON_FILE = DATA / "events.tsv"
# A heading word that opens the review or the plan sits this near the start of its line.
HEADING_WORD_WITHIN = 24
_SENTENCE_PUNCTUATION = re.compile(r"[。，,；;！？!?：:]")

_AMOUNT = r"(\d+(?:\.\d+)?)"
_INVESTMENT = re.compile(r"投资(?:额|总额)?(?:约|超|超过|达|达到|近|逾|共)?" + _AMOUNT + r"(亿|万)元")
_CAPACITY = re.compile(
    r"年(?:产|产能|加工|处理)(?:能力)?(?:约|达)?" + _AMOUNT + r"(万|千)?(吨|台|套|辆|件|片|只|头|立方米)"
)
_AREA = re.compile(
    r"(?:占地|用地|建筑面积|面积|总面积)(?:面积)?(?:约|达|超)?" + _AMOUNT + r"(万)?(平方米|平方公里|亩|公顷)"
)
_LIST_KINDS = ("future", "goal", "push", "done", "complete", "review", "plan")


@dataclass(frozen=True)
class EventWords:
    stages: dict[str, tuple[str, int]]  # word → (stage, rank)
    future: tuple[str, ...]
    goal: tuple[str, ...]
    push: tuple[str, ...]
    done: tuple[str, ...]
    complete: tuple[str, ...]
    review: tuple[str, ...]
    plan: tuple[str, ...]


@lru_cache(maxsize=1)
def event_words() -> EventWords:
    """The word lists of ``events.tsv``."""
    stages: dict[str, tuple[str, int]] = {}
    lists: dict[str, list[str]] = {kind: [] for kind in _LIST_KINDS}
    for line in LEXICON_FILE.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        kind, word, *rest = line.split("\t")
        if kind == "stage":
            stages[word] = (rest[0], int(rest[1]))
        else:
            lists[kind].append(word)
    return EventWords(stages, *(tuple(lists[kind]) for kind in _LIST_KINDS))


def stage_words() -> dict[str, tuple[str, int]]:
    return event_words().stages


def stage_ranks() -> dict[str, int]:
    """Each stage's rank (签约 1 … 入驻 8): a promise is kept by a stage of the same rank or higher."""
    return {stage: rank for stage, rank in event_words().stages.values()}


@lru_cache(maxsize=1)
def _stage_pattern() -> re.Pattern[str]:
    words = sorted(event_words().stages, key=len, reverse=True)
    # 建成区 (the built-up area) is a noun, not a milestone.
    return re.compile("(" + "|".join(map(re.escape, words)) + ")(?!区)")


@dataclass
class _Event:
    entity: Node
    stage: str
    planned: bool
    provenance: list[Provenance] = field(default_factory=list)
    figures: dict[str, Any] = field(default_factory=dict)


def report_parts(clean: str) -> list[tuple[int, str]]:
    """Where the review and the plan parts of a work report start: (clean offset, "review"|"plan").

    A part starts at a line whose first HEADING_WORD_WITHIN characters hold a review or plan word
    with no sentence punctuation before it (``一、2022年工作回顾``; OCR repair may have joined the
    heading to the line after it).
    """
    words = event_words()
    out: list[tuple[int, str]] = []
    at = 0
    for line in clean.split("\n"):
        head = line.lstrip()[:HEADING_WORD_WITHIN]
        for kind, heads in (("review", words.review), ("plan", words.plan)):
            found = [head.find(h) for h in heads if h in head]
            if found and not _SENTENCE_PUNCTUATION.search(head[: min(found)]):
                out.append((at, kind))
                break
        at += len(line) + 1
    return out


def _part_at(parts: list[tuple[int, str]], offset: int) -> str | None:
    i = bisect_right([p[0] for p in parts], offset) - 1
    return parts[i][1] if i >= 0 else None


def _clause(clean: str, start: int, end: int) -> tuple[int, int]:
    """The clause holding ``clean[start:end]`` (between clause ends: ，；。 and line breaks)."""
    ends = clause_ends(clean)
    before = bisect_left(ends, start)
    after = bisect_left(ends, end)
    left = ends[before - 1] + 1 if before else 0
    return left, ends[after] if after < len(ends) else max(end, len(clean))


def _stage_of(clean: str, clause: tuple[int, int], start: int, end: int) -> tuple[str, int] | None:
    """The stage word that speaks of the mention ``[start, end)``, and where it is.

    The first after the mention (``推动X开工``), else the last before it (``建成X``); a specific
    stage wins over the generic 建设 on the same side (``开工建设X``); of stage words written
    together the furthest stage (``建成投产``: 投产); 完成 before the generic 建设 finishes it (竣工).
    """
    words = stage_words()
    pattern = _stage_pattern()
    after = [m for m in pattern.finditer(clean, end, clause[1])]
    before = [m for m in pattern.finditer(clean, clause[0], start) if m.end() <= start]
    before.reverse()
    for side in (after, before):
        if not side:
            continue
        specific = [m for m in side if words[m.group(1)][0] != "在建"]
        first = (specific or side)[0]
        run = [first]
        for m in specific:
            if m.start() == run[-1].end():
                run.append(m)
        stage, _ = max((words[m.group(1)] for m in run), key=lambda sr: sr[1])
        if stage == "在建" and any(w in clean[clause[0] : first.start()] for w in event_words().complete):
            stage = "竣工"
        return stage, first.start()
    return None


def _planned(
    clean: str, sentence_start: int, clause_start: int, stage_at: int, mention_start: int, part: str | None
) -> bool:
    words = event_words()
    lead = clean[clause_start : max(stage_at, mention_start)]
    if any(w in lead for w in words.future):
        return True
    if part != "review" and any(w in clean[sentence_start:clause_start] for w in words.goal):
        return True
    if any(w in clean[max(clause_start, stage_at - 2) : stage_at] for w in words.done):
        return False
    if part == "plan":
        return True
    return part is None and any(w in lead for w in words.push)


def _inside_another(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    """Whether a longer mention (``(start, -end)`` pairs, sorted) holds ``[start, end)``."""
    i = bisect_right(spans, (start, -end))
    return any(s <= start and -e >= end and (s, -e) != (start, end) for s, e in spans[max(0, i - 50) : i])


def _own_clauses_end(
    clean: str, clause: tuple[int, int], sentence_end: int, subject_starts: list[tuple[int, str]], own: str
) -> int:
    """The end of the mention's clause and the clauses after it in its sentence, up to the first
    clause naming another project or park (``建设X，力争完成投资11亿元，实现Y投用``: 11亿 is X's).

    ``subject_starts``: (start, id) of every subject's mention, sorted; ``own``: this one's id."""
    end = clause[1]
    while end < sentence_end:
        nxt = _clause(clean, end + 1, end + 1)
        if nxt[0] >= sentence_end or _names_another(subject_starts, own, nxt[0], nxt[1]):
            break
        end = min(nxt[1], sentence_end)
    return end


def _names_another(subject_starts: list[tuple[int, str]], own: str, start: int, end: int) -> bool:
    """Whether a mention of a subject other than ``own`` starts in ``[start, end)`` (found by
    bisection: a list of the others' starts per mention made a long report's events quadratic)."""
    i = bisect_left(subject_starts, (start, ""))
    while i < len(subject_starts) and subject_starts[i][0] < end:
        if subject_starts[i][1] != own:
            return True
        i += 1
    return False


def _figures(text: str) -> dict[str, Any]:
    out: dict[str, Any] = {}
    m = _INVESTMENT.search(text)
    if m:
        amount = float(m.group(1)) / (10_000 if m.group(2) == "万" else 1)
        out["investment_yi"] = round(amount, 4)
    m = _CAPACITY.search(text)
    if m:
        out["capacity"] = m.group(0)
    m = _AREA.search(text)
    if m:
        out["area"] = m.group(0)
    return out


def extract_events(
    clean: CleanText, document: str, date: str | None, year: int | None, nodes: list[Node]
) -> tuple[list[Node], list[Relationship]]:
    """The Event nodes and HAS_EVENT relationships of one document (sorted, deterministic).

    ``nodes`` are the document's entity nodes; ``date`` and ``year`` the document's (None: unknown).
    """
    text = clean.clean
    parts = report_parts(text)
    sents = sentences(text)
    sent_starts = [s.start for s in sents]
    subjects = [n for n in nodes if n.label in EVENT_SUBJECTS]
    spans: list[tuple[Node, Provenance, int, int, int]] = []
    for n in subjects:
        for p in n.provenance:
            if p.document != document:
                continue
            start, end = clean.to_clean(p.start), clean.to_clean(p.end)
            si = bisect_right(sent_starts, start) - 1
            spans.append((n, p, start, end, si))

    # Where other subjects are named: a figure after one of them is theirs.
    subject_starts = sorted((start, n.id) for n, _, start, _, _ in spans)
    events: dict[tuple[str, str, bool], _Event] = {}
    covering = sorted((start, -end) for _, _, start, end, _ in spans)
    for n, p, start, end, si in spans:
        if _inside_another(covering, start, end):
            continue  # 深哈产业园 in 深哈产业园综合展览中心封顶: the milestone is the longer name's
        clause = _clause(text, start, end)
        found = _stage_of(text, clause, start, end)
        if found is None:
            continue
        stage, stage_at = found
        sentence_start = sents[si].start if si >= 0 else clause[0]
        planned = _planned(text, sentence_start, clause[0], stage_at, start, _part_at(parts, start))
        event = events.setdefault((n.id, stage, planned), _Event(n, stage, planned))
        event.provenance.append(p)
        sentence_end = sents[si].end if si >= 0 else clause[1]
        own_end = _own_clauses_end(text, clause, sentence_end, subject_starts, n.id)
        figures = _figures(text[clause[0] : own_end])
        for key, value in figures.items():
            event.figures.setdefault(key, value)

    out_nodes: list[Node] = []
    out_rels: list[Relationship] = []
    for (entity_id, stage, planned), e in sorted(events.items()):
        properties: dict[str, Any] = {
            "stage": stage,
            "stage_rank": stage_ranks()[stage],
            "planned": planned,
            "entity": entity_id,
            "entity_label": e.entity.label,
            "document": document,
            **e.figures,
        }
        if date is not None and year is not None:
            properties["date"] = date
            properties["year"] = year
        provenance = sorted(set(e.provenance))
        node = Node(
            id=node_id("Event", f"{document}|{entity_id}|{stage}|{'planned' if planned else 'done'}"),
            label="Event",
            name=f"{e.entity.name} {stage}{'（计划）' if planned else ''}",
            properties=properties,
            provenance=provenance,
        )
        out_nodes.append(node)
        out_rels.append(Relationship(entity_id, node.id, "HAS_EVENT", {}, provenance))
    return out_nodes, out_rels
