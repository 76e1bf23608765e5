"""Entities and relationships read from a cleaned text: the assembly of the extraction rules.

Steps: lexicon matches (:mod:`loaders.mentions`) → short names the text defines
(:mod:`loaders.aliases`, 简称) → rule names (:mod:`loaders.names`, checked by part of speech in
:mod:`loaders.grammar`) → people and
proposals (:mod:`loaders.people`) → overlaps resolved → mentions grouped into entities by shared names
→ properties (status, investment, area, indicator values) → relationships (:mod:`loaders.relations`)
→ MENTIONS from the innermost section. Offsets are clean offsets until provenance maps them back.
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from graph.model import Node, Provenance, Relationship, node_id, relationship_key
from loaders import relations as rel
from loaders.aliases import attach_short_names, short_name_definitions, short_name_mentions
from loaders.indicators import plan_year, read_value
from loaders.lexicon import Lexicon, canonical_key, load_lexicon
from loaders.listings import abbreviation_mentions, listed_kin
from loaders.mentions import LexiconMatcher, Mention, Sentence, nfkc, sentences
from loaders.names import SUFFIXES, NameRules, display_name, split_phase
from loaders.people import DELEGATE_ROLES, PeopleRules, PersonFind, proposals
from loaders.script import simplified
from loaders.segmentation import Segmentation
from loaders.text import CleanText, SectionSpan

# The scorer's shape of a fragment, never a name.
JUNK = re.compile(r"等\s*\d|[，,。；;、：:]|^\d+个|^.$")
RULE_SOURCES = frozenset({"rule", "group", "coordination", "government", "listed", "context"})
# How far a project has come; a sentence naming several stages gives the furthest.
STAGES = (
    "签约",
    "落户",
    "落地",
    "入驻",
    "入园",
    "启动",
    "开工",
    "复工",
    "竣工",
    "投用",
    "投产",
    "开业",
    "上市",
)
_STAGE_PATTERNS = [(s, re.compile(s + r"(?!企业|项目|单位|率|仪式|数)")) for s in STAGES]
_MONEY = re.compile(
    r"(?P<cue>完成投资|计划总投资|总投资额|投资总额|总投资|投资额|签约额|合同额|协议额|投资)"
    r"(?:约|超过|达|为)*(?P<v>\d+(?:\.\d+)?\s*(?:亿元|万元|亿美元|亿(?![\u3400-\u9fff])))"
)
_AREA = re.compile(
    r"(?:首期|一期|总)?(?:规划|占地|总)?面积(?:约|为|达|近|超过)*(?P<v>\d+(?:\.\d+)?\s*(?:平方公里|万平方米|平方米|亩|公顷))"
)
_SOURCE_LINE = re.compile(r"^\s*来源\s*[:：].*$", re.M)
_GROUP_TOTAL = re.compile(r"等\s*\d+\s*[个家项]|\d+\s*个(?:重点)?项目")
# An outlet's name or dateline (【香港商报网讯】, 黑龙江日报讯, 国际在线黑龙江频道消息): a place in it
# says where the paper is, not what the article is about.
_VISIT = re.compile(r"\s*(?:考察|调研|参观|学习|观摩|走访)")
_LEGAL_TAIL = re.compile(r"(?:集团|控股|股份|有限责任公司|有限公司|公司)+$")
_DATELINE = re.compile(r"【[^】\n]{1,30}】")
_OUTLET_AFTER = re.compile(
    r"[\u3400-\u9fff]{0,4}?(?:日报|晚报|商报|时报|早报|报社|新闻网|网|电视台|电台|频道|新闻社|通讯社)"
    r"(?:讯|消息|电|记者|[^\u3400-\u9fff]|$)"
)
# Settling in the document's own park, named only by its kind (落户园区, 入驻该园区).
_SETTLED = re.compile(
    r"(?:落户|入驻|入园|进驻|落地)(?:到|在|于)?(?:该|本)?(?:园区|产业园)(?![\u3400-\u9fff])"
)
# 该项目, 该基地: the last name printed as a 项目 / 基地 before it.
_ANAPHOR = re.compile(r"(?:该|这一|此)(?P<noun>项目|基地|园区|产业园|中心|工程)")
_COOP_AFTER = re.compile(r"[\u3400-\u9fff]{0,4}?(?:合作|交流|经贸)")


@dataclass
class Entity:
    id: str
    label: str
    name: str
    aliases: set[str] = field(default_factory=set)
    properties: dict[str, Any] = field(default_factory=dict)
    mentions: list[Mention] = field(default_factory=list)


def extract_entities(
    text: CleanText, document: str, sections: list[SectionSpan]
) -> tuple[list[Node], list[Relationship]]:
    """Entity nodes and their relationships (MENTIONS from the innermost section included)."""
    return Extraction(text, document, sections).run()


def _drop_contained(rules: list[Mention]) -> list[Mention]:
    """A suffix-rule name inside a longer one is the same reading cut shorter: keep the longer."""
    suffix_rules = sorted((m for m in rules if m.source == "rule"), key=lambda m: (m.start, -m.end))
    inside: set[int] = set()
    widest: Mention | None = None
    for m in suffix_rules:
        if widest is not None and widest.end >= m.end and (widest.end - widest.start) > (m.end - m.start):
            inside.add(id(m))
        elif widest is None or m.end > widest.end:
            widest = m
    return [m for m in rules if id(m) not in inside]


def _outside(ms: list[Mention], outer: list[Mention]) -> list[Mention]:
    """``ms`` without the mentions that lie inside one of ``outer``."""
    spans = sorted((x.start, x.end) for x in outer)
    starts = [s for s, _ in spans]
    reach = list(itertools.accumulate((e for _, e in spans), max))  # furthest end so far
    out = []
    for k in ms:
        i = bisect.bisect_right(starts, k.start)
        if not (i and reach[i - 1] >= k.end):
            out.append(k)
    return out


def stages_in(text: str) -> list[str]:
    """The project stages a text reports (开复工 counts as 开工, 投入使用 as 投用); a stage word
    that qualifies a noun (入驻企业, 签约项目) reports nothing."""
    text = text.replace("开复工", "开工").replace("投入使用", "投用")
    return [s for s, pattern in _STAGE_PATTERNS if pattern.search(text)]


class Extraction:
    """One document's extraction; its methods are the steps of :func:`extract_entities`."""

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
        self.entities: dict[str, Entity] = {}
        self.entity_of: dict[tuple[int, int, str], str] = {}
        self.rels: dict[tuple[str, str, str], Relationship] = {}
        self.rel_provenance: dict[tuple[str, str, str], set[Provenance]] = {}
        self.extra_nodes: list[Node] = []
        self.regions: list[tuple[int, int]] = []
        self.source_lines = [m.span() for m in _SOURCE_LINE.finditer(self.clean)]
        # jieba's reading of the text, shared by every rule that segments or tags a span of it.
        self.seg = Segmentation(self.clean)
        self._provenance: dict[tuple[int, int], Provenance] = {}

    # ---- mentions

    def run(self) -> tuple[list[Node], list[Relationship]]:
        known = LexiconMatcher(self.lex, self.clean).find(self.clean)
        known += abbreviation_mentions(self.lex, self.clean, known)
        listed = listed_kin(self.lex, self.clean, known)
        known = _outside(known, listed) + listed
        shorts = short_name_definitions(self.clean, known)
        known += short_name_mentions(self.clean, shorts, known)
        known.sort(key=lambda m: m.start)
        rules = self.rules = NameRules(self.lex, self.clean, known, self.seg)
        rules.define_short_names([(d.open, d.close) for d in shorts])
        found = rules.suffix_names() + rules.counted_groups() + rules.government_bodies()
        found += rules.listed_companies() + rules.context_names()
        attach_short_names(shorts, found + known)
        people = PeopleRules(self.lex, self.clean, self.seg)
        persons = people.find()
        mentions = self.resolve_overlaps(known, found, [p.mention for p in persons])
        # A 来源 line names where the article was taken from: metadata, not the article's content.
        mentions = [m for m in mentions if not any(a <= m.start < b for a, b in self.source_lines)]
        mentions += self.person_references(mentions, persons)
        for m in mentions:
            self.add_printed_alias(m)
        mentions.sort(key=lambda m: (m.start, -m.end))
        self.group(mentions)
        self.mentions = [m for m in mentions if self.key(m) in self.entity_of]
        self.mentions += self.area_references()
        self.mentions.sort(key=lambda m: (m.start, -m.end))
        self.mention_starts = [m.start for m in self.mentions]
        self.project_properties()
        self.indicator_properties()
        self.person_relations(persons, people.paper())
        self.proposal_nodes(persons)
        self.relations()
        self.section_mentions()
        for r in self.rels.values():
            r.provenance.sort()
        return self.nodes(), sorted(self.rels.values(), key=lambda r: r.key)

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
            if c is not None and c[0] <= k.start and k.end <= c[1]:
                continue
            spans[(k.start, k.end, k.name)] = k
            taken.add((k.start, k.end))
            out.append(k)
        return out

    def person_references(self, mentions: list[Mention], persons: list[PersonFind]) -> list[Mention]:
        """Later mentions of a person by bare name (景侠说…, a caption 许春生 施元春 王少杰)."""
        names = {p.mention.name for p in persons}
        taken = {i for m in mentions for i in range(m.start, m.end)}
        out: list[Mention] = []
        for name in sorted(names):
            for m in re.finditer(re.escape(name), self.clean):
                if any(i in taken for i in range(m.start(), m.end())):
                    continue
                out.append(Mention(m.start(), m.end(), "Person", name, "person-ref", aliases={name}))
                taken.update(range(m.start(), m.end()))
        return out

    def add_printed_alias(self, m: Mention) -> None:
        """A name read from traditional script (醫藥健康產業園) keeps its printed form as an alias:
        the clean text was folded to simplified script to match, the reader searches what was printed."""
        at = self.clean.find(m.name, m.start, m.end)
        if at < 0:
            return
        printed = nfkc(self.text.shown(at, at + len(m.name)))
        if printed != m.name and simplified(printed) == m.name:
            m.aliases.add(printed)

    def area_references(self) -> list[Mention]:
        """Bare 新区 in a text about one new area is that area (新区要加强与…合作)."""
        area = self.area()
        if area is None or not area.name.endswith("新区"):
            return []
        area_id = self.entity_of[self.key(area)]
        taken = {i for m in self.mentions for i in range(m.start, m.end)}
        out: list[Mention] = []
        for sent in self.sents:
            if "新区" not in sent.text:
                continue  # no such word without the characters
            for word, a, b in self.seg.words_at(sent.start, sent.end):
                start, end = sent.start + a, sent.start + b
                if word != "新区" or any(i in taken for i in range(start, end)):
                    continue
                if self.clean[start - 3 : start] == "国家级":
                    continue  # the kind of area, not this one
                m = Mention(start, end, "Park", "新区", "area-ref", aliases=set())
                self.entity_of[self.key(m)] = area_id
                self.entities[area_id].mentions.append(m)
                self.entities[area_id].aliases.add("新区")
                out.append(m)
        return out

    # ---- grouping mentions into entities

    def key(self, m: Mention) -> tuple[int, int, str]:
        return (m.start, m.end, m.name)

    def group(self, mentions: list[Mention]) -> None:
        """Mentions that share a name (or a lexicon entry) are one entity."""
        parent: dict[str, str] = {}

        def find(x: str) -> str:
            while parent.setdefault(x, x) != x:
                parent[x] = parent[parent[x]]
                x = parent[x]
            return x

        def union(a: str, b: str) -> None:
            ra, rb = find(a), find(b)
            if ra != rb:
                parent[max(ra, rb)] = min(ra, rb)

        def keys_of(m: Mention) -> list[str]:
            if m.label == "Person":
                return [f"person:{m.name}"]
            out = []
            if m.key:
                out.append(f"lex:{m.key}")
            for form in sorted({m.name, *m.aliases}):
                lk = self.lex.canonical_of(form)
                out.append(f"lex:{lk}" if lk else f"name:{canonical_key(form)}")
            # 哈医大新区医学中心 is also called 新区医学中心 (without the owner's name), when that
            # shorter form is still a name (哈工大创新中心 is not 创新中心).
            if m.owner is not None and m.owner.source == "lexicon" and m.source in RULE_SOURCES:
                short = m.name[len(display_name(self.clean[m.owner.start : m.owner.end])) :]
                suffix = next((x for x in SUFFIXES if short.endswith(x)), "")
                if len(short) >= 4 and suffix and self.rules.is_name(short, suffix):
                    out.append(f"name:{canonical_key(short)}")
            return out

        mkeys = [(m, keys_of(m)) for m in mentions]
        for _, ks in mkeys:
            for k in ks[1:]:
                union(ks[0], k)
        groups: dict[str, list[Mention]] = {}
        for m, ks in mkeys:
            groups.setdefault(find(ks[0]), []).append(m)
        for ms in groups.values():
            entity = self.make_entity(ms)
            if entity is None:
                continue
            if entity.id in self.entities:
                old = self.entities[entity.id]
                old.mentions += entity.mentions
                old.aliases |= entity.aliases
                for k, v in entity.properties.items():
                    old.properties.setdefault(k, v)
                entity = old
            else:
                self.entities[entity.id] = entity
            for m in ms:
                self.entity_of[self.key(m)] = entity.id

    def make_entity(self, ms: list[Mention]) -> Entity | None:
        lex_keys = [m.key or self.lex.canonical_of(m.name) for m in ms]
        lex_key = next((k for k in lex_keys if k), None)
        if lex_key is None:
            for m in ms:
                for a in sorted(m.aliases):
                    lex_key = lex_key or self.lex.canonical_of(a)
        aliases: set[str] = set()
        for m in ms:
            aliases |= {display_name(a) for a in m.aliases} | {m.name}
        if lex_key is not None:
            e = self.lex.entries[lex_key]
            label, name = e.label, display_name(e.name)
            aliases |= {display_name(a) for a in e.aliases}
            aliases |= {display_name(a) for a in e.contextual if a in self.clean or nfkc(a) in self.clean}
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
        if JUNK.search(nfkc(name)) and label != "Proposal":
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

    # ---- properties

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

    def project_properties(self) -> None:
        """Status from the verbs around a project; investment and area where the sentence gives them."""
        owners = {id(m.owner) for m in self.mentions if m.owner is not None}
        for m in self.mentions:
            e = self.ent(m)
            if e.label not in ("Project", "Park", "Organization") or m.source not in RULE_SOURCES:
                continue
            if id(m) in owners:
                continue  # 深哈产业园 inside 深哈产业园综合服务中心: the sentence is about the whole name
            if m.properties.get("status"):
                continue  # a counted group's verb is the status of its items
            sent = self.sentence(m.start)
            clause_end = min(
                [p for p in (self.clean.find(c, m.end, sent.end) for c in ",，;；") if p >= 0] or [sent.end]
            )
            after = self.clean[m.end : clause_end]
            stages = stages_in(after)
            if not stages and e.label != "Organization":
                # Else what the sentence said before it (从…开工，到…竣工，…极地馆二期项目…); the clauses
                # after it are about other things (…，协调顺迈医院尽快开业).
                stages = stages_in(self.clean[sent.start : m.start])
            if e.label != "Organization":
                stages = [x for x in stages if x != "上市"]  # only a company lists
            if stages:
                best = max(stages, key=STAGES.index)
                # Across mentions, the furthest stage the text reports.
                if STAGES.index(best) > STAGES.index(e.properties.get("status", STAGES[0])):
                    e.properties["status"] = best
                else:
                    e.properties.setdefault("status", best)
        for sent in self.sents:
            ms = [m for m in self.in_sentence(sent) if self.ent(m).label in ("Park", "Project")]
            if not ms and not _ANAPHOR.search(sent.text):
                continue
            for g in _MONEY.finditer(sent.text):
                at = sent.start + g.start()
                after = re.match(r"\s*的", sent.text[g.end() :])
                if after and g.group("cue") != "完成投资":
                    pos = sent.start + g.end() + after.end()
                    target = next((m for m in ms if m.start == pos), None)
                else:
                    target = next((m for m in reversed(ms) if m.end <= at), None)
                    if target is None:
                        target = self.anaphor(sent.start, at)
                    # 甲、乙等20个项目集中签约，总投资86.5亿元: the sum of a group, not of its last item.
                    if target is not None and _GROUP_TOTAL.search(self.clean[target.end : at]):
                        target = None
                if target is not None:
                    self.ent(target).properties.setdefault("investment", g.group("v").replace(" ", ""))
            for g in _AREA.finditer(sent.text if ms else ""):
                self.ent(ms[0]).properties.setdefault("area", g.group("v").replace(" ", ""))

    def anaphor(self, start: int, end: int) -> Mention | None:
        """What ``该项目`` / ``该基地`` in ``[start, end)`` refers to: the last Project or Park mention
        before it printed with that noun (…基地项目 for 该项目), else named with it."""
        g = _ANAPHOR.search(self.clean, start, end)
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

    def indicator_properties(self) -> None:
        year = plan_year(self.clean)
        for m in self.mentions:
            e = self.ent(m)
            if e.label != "Indicator":
                continue
            os_, oe = self.text.to_original(m.start, m.end)
            box = self.innermost(os_, oe, kinds=("targets", "indicator"))
            reading = read_value(self.clean, m.end, box is not None, year)
            if reading is None:
                continue
            obs = {
                "kind": reading.kind,
                "year": reading.year,
                "value": reading.value,
                "unit": reading.unit,
                "text": reading.text,
            }
            e.properties.setdefault("observations", [])
            if obs in e.properties["observations"]:
                continue
            e.properties["observations"].append(obs)
            if "text" not in e.properties or reading.kind == "target":
                e.properties.update({k: v for k, v in obs.items()})
            if reading.kind == "target":
                source = box.id if box is not None else f"document:{self.document}"
                self.add_rel(source, "TARGETS", e.id, [(m.start, reading.end)], dict(obs))

    # ---- relationships

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
        if any(s <= link.start < e for s, e in self.regions):
            props["proposed"] = True
        self.add_rel(src, link.type, dst, [(link.start, link.end)], props)

    def area(self) -> Mention | None:
        """The document's area: its most-named 新区, else its most-named park, else place."""
        datelines = [(d.start(), d.end()) for d in _DATELINE.finditer(self.clean)]
        about = [
            m
            for m in self.mentions
            if not any(a <= m.start < b for a, b in datelines) and not _OUTLET_AFTER.match(self.clean, m.end)
        ]
        counts: Counter[str] = Counter(self.entity_of[self.key(m)] for m in about)
        first: dict[str, int] = {}
        for m in about:
            first.setdefault(self.entity_of[self.key(m)], m.start)
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
        return next(m for m in about if self.entity_of[self.key(m)] == best)

    def opening_end(self) -> int:
        """Where the text's opening ends: its first two sentences after any 来源 line (title, lead)."""
        body = [x for x in self.sents if not any(a <= x.start < b for a, b in self.source_lines)]
        return body[1].end if len(body) > 1 else (body[0].end if body else 0)

    def relations(self) -> None:
        area = self.area()
        for link in rel.composition_links(self.mentions) + rel.adjacency_links(self.clean, self.mentions):
            self.link(link)
        for sent in self.sents:
            ms = self.in_sentence(sent)
            if not ms:
                continue
            for fn in (rel.construction_links, rel.industry_links, rel.operator_links):
                for link in fn(self.clean, sent, ms):
                    self.link(link)
            for link in rel.sponsor_links(self.clean, sent, ms, self.anaphor):
                self.link(link)
            for link in rel.location_links(self.clean, sent, ms, area) + rel.cooperation_links(
                self.clean, sent, ms, area
            ):
                self.link(link)
        self.abbreviation_relations(area)
        self.lexicon_links()
        self.place_in_name_links()
        self.brand_links()
        self.main_park_links(area)

    def abbreviation_relations(self, area: Mention | None) -> None:
        """深哈合作: the two cities cooperate; 对俄合作: the area cooperates with Russia."""
        for m in self.mentions:
            if m.source == "pair" and "pair" in m.properties:
                i = m.properties["pair"]
                first = next((x for x in self.mentions if x.start == i and x.source == "pair"), None)
                if first is not None:
                    self.link(rel.Link(first, "COOPERATES_WITH", m, i, i + 4))
            elif m.source in ("toward", "abbreviation") and area is not None:
                # 对俄合作, 对日、韩经贸合作: the listed countries, then a word of cooperation.
                list_end = m.end
                while self.clean[list_end : list_end + 1] == "、":
                    list_end += 2
                if self.clean[m.start - 1 : m.start] == "、":
                    lead = m.start
                    while self.clean[lead - 1 : lead] == "、":
                        lead -= 2
                    if self.clean[lead - 1 : lead] != "对":
                        continue
                elif m.source != "toward":
                    continue
                if _COOP_AFTER.match(self.clean, list_end):
                    self.link(rel.Link(area, "COOPERATES_WITH", m, m.start, list_end + 2))

    def lexicon_links(self) -> None:
        """Facts of the lexicon (a 片区 belongs to its 自贸试验区) between entities both named here."""
        by_lex: dict[str, Entity] = {}
        first: dict[str, Mention] = {}
        for m in self.mentions:
            lk = m.key or self.lex.canonical_of(m.name)
            if lk:
                by_lex.setdefault(lk, self.ent(m))
                first.setdefault(lk, m)
        for lk, e in by_lex.items():
            for type_, target in self.lex.entries[lk].links:
                tk = self.lex.canonical_of(target)
                if tk in by_lex and by_lex[tk].id != e.id:
                    m = first[lk]
                    self.add_rel(e.id, type_, by_lex[tk].id, [(m.start, m.end)], {"source": "lexicon"})

    def brand_links(self) -> None:
        """联东U谷·香坊科技创新谷 is run by 联东集团: a project or park named with a company's brand
        (its name without 集团/公司/控股…) is the company's. A brand that is a known place or park is
        not a brand (哈尔滨…集团 does not own every 哈尔滨… project)."""
        run = {r.source for r in self.rels.values() if r.type == "OPERATED_BY"}
        for org in list(self.entities.values()):
            if org.label != "Organization":
                continue
            brand = _LEGAL_TAIL.sub("", org.name)
            if len(brand) < 2 or brand == org.name:
                continue
            key = self.lex.canonical_of(brand)
            if key is not None and self.lex.entries[key].label != "Organization":
                continue
            for e in list(self.entities.values()):
                if e.label in ("Project", "Park") and e.id not in run and e.name.startswith(brand):
                    m = e.mentions[0]
                    self.add_rel(e.id, "OPERATED_BY", org.id, [(m.start, m.end)], {"source": "name"})

    def place_in_name_links(self) -> None:
        """黑龙江呼兰经济开发区 is in 呼兰区: a park named after a place the text names is located in
        the most specific one (printed last), by its full or short name (呼兰 for 呼兰区)."""
        places: dict[str, Entity] = {}
        for m in self.mentions:
            e = self.ent(m)
            key = m.key or self.lex.canonical_of(m.name)
            if e.label == "Place" and key:
                places.setdefault(key, e)
        located = {r.source for r in self.rels.values() if r.type == "LOCATED_IN"}
        for e in list(self.entities.values()):
            if e.label != "Park" or e.id in located:
                continue
            best: tuple[int, int, Entity] | None = None
            for key, place in places.items():
                entry = self.lex.entries[key]
                forms = [entry.name, *entry.aliases]
                forms += [f[:-1] for f in forms if len(f) >= 3 and f[-1] in "区县市"]
                for f in forms:
                    at = e.name.rfind(f)
                    if at >= 0 and len(f) >= 2 and (best is None or (at, len(f)) > best[:2]):
                        best = (at, len(f), place)
            if best is not None and best[2].id != e.id:
                m = e.mentions[0]
                self.add_rel(e.id, "LOCATED_IN", best[2].id, [(m.start, m.end)], {"source": "name"})

    def main_park_links(self, area: Mention | None) -> None:
        """A project the text places nowhere belongs to the park the document is about: the park it
        names most (and more than any other), else its area."""
        # A park read only as an item of a counted group (新材料…等15个特色产业园区) is no evidence.
        counts: Counter[str] = Counter(
            self.entity_of[self.key(m)]
            for m in self.mentions
            if self.ent(m).label == "Park" and m.source != "group"
        )
        area_id = self.entity_of[self.key(area)] if area is not None else None
        ranked = counts.most_common(2)
        area_is_place = area_id is not None and self.entities[area_id].label == "Place"
        if ranked and ranked[0][1] >= 2 and (len(ranked) == 1 or ranked[0][1] > ranked[1][1]):
            main = ranked[0][0]
            if area_is_place and self.entities[main].mentions[0].start >= self.opening_end():
                main = area_id  # a city's text that names a park only later: projects are the city's
        elif area_id is not None:
            main = area_id
        else:
            return
        # Who runs a project says nothing of where it is: only a place or park places it.
        placed = {r.source for r in self.rels.values() if r.type in ("BELONGS_TO", "LOCATED_IN")}
        for e in self.entities.values():
            if e.label != "Project" or e.id in placed or e.id == main:
                continue
            if all(self.visited(x) for x in e.mentions):
                continue  # 赴联东集团总部考察: a place the delegation went to, elsewhere
            m = e.mentions[0]
            type_ = "LOCATED_IN" if main == area_id else "BELONGS_TO"
            self.add_rel(e.id, type_, main, [(m.start, m.end)], {"source": "document"})
        if self.entities[main].label == "Park":
            self.settled_in_park(main)

    def visited(self, m: Mention) -> bool:
        """Whether ``m`` is where someone went to look (赴X考察, 前往X调研)."""
        before = self.clean[max(0, m.start - 2) : m.start]
        return bool(re.search(r"(?:赴|前往|到)$", before)) and bool(_VISIT.match(self.clean, m.end))

    def settled_in_park(self, main: str) -> None:
        """``华为、东软…等一批企业落户园区``: companies settling in a park text's bare 园区 are in it."""
        for sent in self.sents:
            g = _SETTLED.search(sent.text)
            if g is None:
                continue
            for m in self.in_sentence(sent):
                e = self.ent(m)
                if e.label == "Organization" and m.end <= sent.start + g.start() and e.id != main:
                    self.add_rel(
                        e.id, "LOCATED_IN", main, [(m.start, sent.start + g.end())], {"source": "document"}
                    )

    def person_relations(self, persons: list[PersonFind], paper: str | None) -> None:
        """Delegates and their bodies, reporters and their paper, officials and their organization."""
        ending_at: dict[int, list[Mention]] = {}  # mentions by end offset, in order
        for m in self.mentions:
            ending_at.setdefault(m.end, []).append(m)
        for p in persons:
            pid = self.entity_of.get(self.key(p.mention))
            if pid is None:
                continue
            person = self.entities[pid]
            if p.body:
                person.properties.setdefault("body", p.body)
            if p.titles:
                person.properties.setdefault("title", p.titles[0])
            if len(p.titles) > 1:
                # 管委会主任、区政府区长: every title, in printed order (the nearest is ``title``).
                person.properties.setdefault("titles", [*reversed(p.titles[1:]), p.titles[0]])
            body_name = p.body
            span = p.body_span
            if p.role in ("记者", "通讯员") and paper:
                # The paper is an entity where the article names it; a 来源 line alone is metadata.
                at = self._named_outside_source(paper)
                if at < 0:
                    person.properties.setdefault("paper", paper)
                    continue
                body_name, span = paper, (at, at + len(paper))
            if body_name and span:
                bid = self.body_entity(body_name, span, p.titles)
                # Body and person printed apart (来源 line, byline): one provenance for each.
                if self.sentence(span[0]) == self.sentence(p.mention.start):
                    spans = [(min(span[0], p.mention.start), max(span[1], p.mention.end))]
                else:
                    spans = [span, (p.mention.start, p.mention.end)]
                self.add_rel(pid, "MEMBER_OF", bid, spans, {"role": p.role})
                continue
            org = next(
                (m for m in ending_at.get(p.role_start, ()) if self.ent(m).label == "Organization"),
                None,
            )
            if org is not None:
                # The title as printed: 中国（黑龙江）自由贸易试验区哈尔滨片区管委会副主任.
                person.properties["title"] = self.ent(org).name + p.role
                self.add_rel(
                    pid, "MEMBER_OF", self.ent(org).id, [(org.start, p.mention.end)], {"role": p.role}
                )

    def _named_outside_source(self, name: str) -> int:
        for m in re.finditer(re.escape(name), self.clean):
            if not any(a <= m.start() < b for a, b in self.source_lines):
                return m.start()
        return -1

    def body_entity(self, name: str, span: tuple[int, int], titles: list[str]) -> str:
        lk = self.lex.canonical_of(name)
        if lk:
            name = display_name(self.lex.entries[lk].name)
        eid = node_id("Organization", name)
        e = self.entities.get(eid)
        m = Mention(span[0], span[1], "Organization", name, "body", aliases={name, *titles})
        if e is None:
            e = Entity(eid, "Organization", name, {t for t in titles if t != name}, {}, [])
            self.entities[eid] = e
        e.mentions.append(m)
        self.entity_of[self.key(m)] = eid
        return eid

    def proposal_nodes(self, persons: list[PersonFind]) -> None:
        """Each delegate's suggestions, PROPOSED_BY the delegate."""
        delegates: list[tuple[str, str, int]] = []
        seen: set[str] = set()
        for p in sorted(persons, key=lambda p: p.mention.start):
            if p.role in DELEGATE_ROLES and p.mention.name not in seen:
                seen.add(p.mention.name)
                delegates.append((p.mention.name, p.role, p.role_start))
        regions = self.statement_regions(delegates)
        self.regions = [(r[2], r[3]) for r in regions]
        for f in proposals(self.clean, regions, self.seg):
            person_id = node_id("Person", f.person)
            if person_id not in self.entities:
                continue
            pid = node_id("Proposal", f"{f.person}:{f.summary}")
            prov = self.provenance(f.start, f.end)
            props = {"proposed": True, "by": f.person, "role": f.role, "text": prov.quote}
            self.extra_nodes.append(Node(pid, "Proposal", f.summary, [], props, [prov]))
            self.add_rel(pid, "PROPOSED_BY", person_id, [(f.start, f.end)], {"proposed": True})

    def statement_regions(self, delegates: list[tuple[str, str, int]]) -> list[tuple[str, str, int, int]]:
        """Where each delegate speaks: from the introduction to the end of its paragraph, and on
        over paragraphs that name them again or go on with 他/她 (never past the next delegate)."""
        ordered = sorted(delegates, key=lambda d: d[2])
        out = []
        for i, (person, role, at) in enumerate(ordered):
            # Delegates listed together (郭宏伟、杨艳杰代表…) share one statement.
            limit = next((d[2] for d in ordered[i + 1 :] if d[2] > at), len(self.clean))
            end = self.clean.find("\n", at)
            end = limit if end < 0 else min(end, limit)
            line = self.clean[self.clean.rfind("\n", 0, at) + 1 : end].strip()
            if len(line) <= 16 and not re.search(r"[。，,;；:：!?！？]", line) and i + 1 < len(ordered):
                # 市人大代表 白雪峰⏎: a line that only introduces the delegate heads their statement,
                # which runs to the next delegate.
                end = limit
            while end < limit:
                nxt = self.clean.find("\n", end + 1)
                nxt = limit if nxt < 0 else min(nxt, limit)
                para = self.clean[end:nxt].strip()
                if para and not (person in para or para.startswith(("他", "她"))):
                    break
                end = nxt
            out.append((person, role, at, end))
        return out

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

    def section_mentions(self) -> None:
        for m in self.mentions:
            os_, oe = self.text.to_original(m.start, m.end)
            s = self.innermost(os_, oe)
            if s is not None:
                self.add_rel(s.id, "MENTIONS", self.ent(m).id, [(m.start, m.end)])

    # ---- output

    def nodes(self) -> list[Node]:
        out: list[Node] = []
        for e in self.entities.values():
            provs = sorted({self.provenance(m.start, m.end) for m in e.mentions})
            aliases = sorted(a for a in e.aliases if a != e.name)
            out.append(Node(e.id, e.label, e.name, aliases, dict(sorted(e.properties.items())), provs))
        out += self.extra_nodes
        return sorted(out, key=lambda n: n.id)
