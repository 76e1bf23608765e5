"""Stage 2: overlaps resolved (people, then rule names with their owners, then lexicon names outside
them), and the mentions that share a name or a lexicon entry grouped into one entity each."""

from __future__ import annotations

import re
from collections import Counter

from networkx.utils import UnionFind

from graph.core.forms import nfkc
from graph.core.model import node_id
from loaders.lexicon import canonical_key
from loaders.mentions import RULE_SOURCES, Mention
from loaders.names import SUFFIXES, display_name, split_phase
from loaders.names.bodies import MEDIA_NAME
from loaders.people import PersonFind
from loaders.script import simplified
from loaders.stages.state import Entity, ExtractionState

# The scorer's shape of a fragment, never a name.
JUNK = re.compile(r"等\s*\d|[，,。；;、：:]|^\d+个|^.$")
# A fragment of a name, never one: it opens with a closing bracket or quote (）掀起攻坚大), or it is a
# bracket's content alone (（二期）, （PPP）).
FRAGMENT = re.compile(r"^[)\]】”’」』]|^[(（][^)）]*[)）]$")


def resolve(state: ExtractionState) -> None:
    """Fill ``state.mentions`` (text order) and ``state.entities`` from ``state.candidates``."""
    c = state.candidates
    mentions = resolve_overlaps(state, c.known, c.found, [p.mention for p in c.persons])
    # A 来源 line names where the article was taken from: metadata, not the article's content, but
    # for the paper or site that published it (来源:福建日报 2020-11-26).
    mentions = [
        m
        for m in mentions
        if not any(a <= m.start < b for a, b in state.source_lines) or MEDIA_NAME.fullmatch(m.name)
    ]
    mentions += person_references(state, mentions, c.persons)
    for m in mentions:
        add_printed_alias(state, m)
    mentions.sort(key=lambda m: (m.start, -m.end))
    group(state, mentions)
    state.mentions = [m for m in mentions if state.key(m) in state.entity_of]
    state.mentions += area_references(state)
    state.mentions.sort(key=lambda m: (m.start, -m.end))
    state.mention_starts = [m.start for m in state.mentions]


def _drop_contained(rules: list[Mention]) -> list[Mention]:
    """A suffix-rule name inside a longer one is the same reading cut shorter: keep the longer. A
    list's item (source ``sibling``) is such a longer reading too, of the name that ends where it
    ends (速运…产业园 in 跨越速运…产业园; 浪潮集团 in 浪潮集团西部运营总部 stays: the list bounds the item,
    not the names inside it). A place is no reading of a name: 溧阳市 stays inside 溧阳市新力…有限公司."""
    suffix_rules = sorted(
        (m for m in rules if m.source in ("rule", "sibling") and m.label != "Place"),
        key=lambda m: (m.start, -m.end),
    )
    inside: set[int] = set()
    widest: Mention | None = None
    for m in suffix_rules:
        if widest is not None and widest.end >= m.end and (widest.end - widest.start) > (m.end - m.start):
            if widest.source == "rule" or widest.end == m.end:
                inside.add(id(m))
        elif widest is None or m.end > widest.end:
            widest = m
    return [m for m in rules if id(m) not in inside]


def resolve_overlaps(
    self, known: list[Mention], found: list[Mention], persons: list[Mention]
) -> list[Mention]:
    """People first, then rule names (with their owners), then lexicon names outside them."""
    out: list[Mention] = []
    spans: dict[tuple[int, int, str], Mention] = {}
    for p in persons:
        if (p.start, p.end, p.name) not in spans:
            spans[(p.start, p.end, p.name)] = p
            out.append(p)
    names = {p.name for p in persons}
    person_at = {i for p in persons for i in range(p.start, p.end)}

    def overlaps_person(m: Mention) -> bool:
        if m.source in RULE_SOURCES and any(n in m.name for n in names):
            return True  # 戴瑞建议新区…: a rule name never holds a person's name
        return any(i in person_at for i in range(m.start, m.end))

    owners: list[Mention] = []
    rules: list[Mention] = []
    for m in found:
        if overlaps_person(m):
            continue
        prev = spans.get((m.start, m.end, m.name))
        if prev is not None:
            prev.properties.update(m.properties)
            prev.owner = prev.owner or m.owner
            continue
        spans[(m.start, m.end, m.name)] = m
        rules.append(m)
        o = m.owner
        while o is not None:
            owners.append(o)
            o = o.owner
    kept = _drop_contained(rules)
    out += kept
    for o in owners:
        if (o.start, o.end, o.name) not in spans:
            spans[(o.start, o.end, o.name)] = o
            out.append(o)
    owner_ids = {id(o) for o in owners}
    # Each position's longest kept rule name: a lexicon name inside one is part of it.
    cover: dict[int, tuple[int, int]] = {}
    for r in kept:
        for i in range(r.start, r.end):
            c = cover.get(i)
            if c is None or c[1] - c[0] < r.end - r.start:
                cover[i] = (r.start, r.end)
    taken = {(k[0], k[1]) for k in spans}
    for k in known:
        if id(k) in owner_ids or overlaps_person(k) or (k.start, k.end) in taken:
            continue
        c = cover.get(k.start)
        # A place that opens a rule name (宁夏 of 宁夏吴忠金积工业园区) is where the thing is: it stays
        # a place of its own; any other lexicon name inside is part of the rule name.
        located = k.label == "Place" and c is not None and c[0] == k.start
        if c is not None and c[0] <= k.start and k.end <= c[1] and not located:
            continue
        spans[(k.start, k.end, k.name)] = k
        taken.add((k.start, k.end))
        out.append(k)
    return out


def person_references(
    state: ExtractionState, mentions: list[Mention], persons: list[PersonFind]
) -> list[Mention]:
    """Later mentions of a person by bare name (景侠说…, a caption 许春生 施元春 王少杰)."""
    names = {p.mention.name for p in persons}
    taken = {i for m in mentions for i in range(m.start, m.end)}
    out: list[Mention] = []
    for name in sorted(names):
        for m in re.finditer(re.escape(name), state.clean):
            if any(i in taken for i in range(m.start(), m.end())):
                continue
            out.append(Mention(m.start(), m.end(), "Person", name, "person-ref", aliases={name}))
            taken.update(range(m.start(), m.end()))
    return out


def add_printed_alias(state: ExtractionState, m: Mention) -> None:
    """A name read from traditional script (醫藥健康產業園) keeps its printed form as an alias:
    the clean text was folded to simplified script to match, the reader searches what was printed."""
    at = state.clean.find(m.name, m.start, m.end)
    if at < 0:
        return
    printed = nfkc(state.text.shown(at, at + len(m.name)))
    if printed != m.name and simplified(printed) == m.name:
        m.aliases.add(printed)


def group(state: ExtractionState, mentions: list[Mention]) -> None:
    """Mentions that share a name (or a lexicon entry) are one entity."""
    # Groups are kept in the order their first mention comes: which key is a set's root never shows.
    sets = UnionFind()

    def keys_of(m: Mention) -> list[str]:
        if m.label == "Person":
            return [f"person:{m.name}"]
        out = []
        if m.key:
            out.append(f"lex:{m.key}")
        for form in sorted({m.name, *m.aliases}):
            lk = state.lex.canonical_of(form)
            out.append(f"lex:{lk}" if lk else f"name:{canonical_key(form)}")
        # 哈医大新区医学中心 is also called 新区医学中心 (without the owner's name), when that
        # shorter form is still a name (哈工大创新中心 is not 创新中心).
        if m.owner is not None and m.owner.source == "lexicon" and m.source in RULE_SOURCES:
            short = m.name[len(display_name(state.clean[m.owner.start : m.owner.end])) :]
            suffix = next((x for x in SUFFIXES if short.endswith(x)), "")
            if len(short) >= 4 and suffix and state.rules.is_name(short, suffix):
                out.append(f"name:{canonical_key(short)}")
        return out

    mkeys = [(m, keys_of(m)) for m in mentions]
    for _, ks in mkeys:
        for k in ks[1:]:
            sets.union(ks[0], k)
    groups: dict[str, list[Mention]] = {}
    for m, ks in mkeys:
        groups.setdefault(sets[ks[0]], []).append(m)
    for ms in groups.values():
        entity = make_entity(state, ms)
        if entity is None:
            continue
        if entity.id in state.entities:
            old = state.entities[entity.id]
            old.mentions += entity.mentions
            old.aliases |= entity.aliases
            for k, v in entity.properties.items():
                old.properties.setdefault(k, v)
            entity = old
        else:
            state.entities[entity.id] = entity
        for m in ms:
            state.entity_of[state.key(m)] = entity.id


def make_entity(state: ExtractionState, ms: list[Mention]) -> Entity | None:
    lex_keys = [m.key or state.lex.canonical_of(m.name) for m in ms]
    lex_key = next((k for k in lex_keys if k), None)
    if lex_key is None:
        for m in ms:
            for a in sorted(m.aliases):
                lex_key = lex_key or state.lex.canonical_of(a)
    aliases: set[str] = set()
    for m in ms:
        aliases |= {display_name(a) for a in m.aliases} | {m.name}
    if lex_key is not None:
        e = state.lex.entries[lex_key]
        label, name = e.label, display_name(e.name)
        aliases |= {display_name(a) for a in e.aliases}
        aliases |= {display_name(a) for a in e.contextual if a in state.clean or nfkc(a) in state.clean}
    else:
        labels = Counter(m.label for m in ms if m.source in ("rule", "coordination", "government"))
        if not labels:
            labels = Counter(m.label for m in ms)
        label = labels.most_common(1)[0][0]
        bases: Counter[str] = Counter()
        phases: set[str] = set()
        for m in ms:
            base, phase = split_phase(m.name)
            if m.source == "short":
                continue  # a short name the text defines (简称…) names the entity less fully
            bases[base] += 1
            if phase:
                phases.add(phase)
        # 科创总部一期 is 科创总部 (phase 一期): the name without 项目 and phase, seen most, longest.
        name = min(bases or {ms[0].name: 1}, key=lambda b: (-bases[b], -len(b), b))
        aliases |= {display_name(m.name) for m in ms}
    if (JUNK.search(nfkc(name)) or FRAGMENT.search(nfkc(name))) and label != "Proposal":
        return None
    aliases = {a for a in aliases if a != name and not JUNK.search(nfkc(a))}
    entity = Entity(node_id(label, name), label, name, aliases, {}, list(ms))
    if lex_key is None and len(phases) == 1:
        entity.properties["phase"] = next(iter(phases))
    for m in ms:
        for k, v in m.properties.items():
            if k in ("status", "role", "title", "body"):
                entity.properties.setdefault(k, v)
    return entity


def area_references(state: ExtractionState) -> list[Mention]:
    """Bare 新区 in a text about one new area is that area (新区要加强与…合作)."""
    area = state.area()
    if area is None or not area.name.endswith("新区"):
        return []
    area_id = state.entity_of[state.key(area)]
    taken = {i for m in state.mentions for i in range(m.start, m.end)}
    out: list[Mention] = []
    for sent in state.sents:
        if "新区" not in sent.text:
            continue  # no such word without the characters
        for word, a, b in state.seg.words_at(sent.start, sent.end):
            start, end = sent.start + a, sent.start + b
            if word != "新区" or any(i in taken for i in range(start, end)):
                continue
            if state.clean[start - 3 : start] == "国家级":
                continue  # the kind of area, not this one
            m = Mention(start, end, "Park", "新区", "area-ref", aliases=set())
            state.entity_of[state.key(m)] = area_id
            state.entities[area_id].mentions.append(m)
            state.entities[area_id].aliases.add("新区")
            out.append(m)
    return out
