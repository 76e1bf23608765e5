"""Stage 5: relationships: those the sentences state (:mod:`loaders.relations`), the lexicon's facts
between entities both named, those names imply (a park named after a place, a project named after a
company's brand), and the document's own park for projects placed nowhere else."""

from __future__ import annotations

import re
from collections import Counter

from loaders import relations as rel
from loaders.mentions import Mention
from loaders.stages.state import Entity, ExtractionState

_VISIT = re.compile(r"\s*(?:考察|调研|参观|学习|观摩|走访)")
_LEGAL_TAIL = re.compile(r"(?:集团|控股|股份|有限责任公司|有限公司|公司)+$")
# Settling in the document's own park, named only by its kind (落户园区, 入驻该园区).
_SETTLED = re.compile(
    r"(?:落户|入驻|入园|进驻|落地)(?:到|在|于)?(?:该|本)?(?:园区|产业园)(?![\u3400-\u9fff])"
)
# Who speaks a work report: 我代表坪山区人民政府向大会作工作报告 (the government, named with its place).
_SPEAKER = re.compile(r"我代表(?P<gov>[\u3400-\u9fff]{2,12}?(?:人民政府|政府|管委会))")
_COOP_AFTER = re.compile(r"[\u3400-\u9fff]{0,4}?(?:合作|交流|经贸)")


def read_relations(state: ExtractionState) -> None:
    area = state.area()
    speaker = report_speaker(state)
    for link in rel.composition_links(state.mentions) + rel.adjacency_links(state.clean, state.mentions):
        state.link(link)
    for sent in state.sents:
        ms = state.in_sentence(sent)
        if not ms:
            continue
        for fn in (rel.construction_links, rel.industry_links, rel.operator_links):
            for link in fn(state.clean, sent, ms):
                state.link(link)
        for link in rel.sponsor_links(state.clean, sent, ms, state.anaphor):
            state.link(link)
        for link in rel.location_links(state.clean, sent, ms, area) + rel.cooperation_links(
            state.clean, sent, ms, speaker or area
        ):
            state.link(link)
    abbreviation_relations(state, area)
    lexicon_links(state)
    place_in_name_links(state)
    brand_links(state)
    main_park_links(state, area)


def report_speaker(state: ExtractionState) -> Mention | None:
    """The government that speaks a work report (我代表坪山区人民政府向大会…), named with its place: the
    one who cooperates where a sentence names no one (深化与北京中医药大学、汕头大学合作)."""
    g = _SPEAKER.search(state.clean, 0, 600)
    if g is None or len(g.group("gov")) <= 5:
        return None  # (我代表区人民政府: no place, no name to link)
    at, end = g.start("gov"), g.end("gov")
    return next(
        (
            m
            for m in state.mentions
            if m.start == at and m.end == end and state.ent(m).label == "Organization"
        ),
        None,
    )


def abbreviation_relations(state: ExtractionState, area: Mention | None) -> None:
    """深哈合作: the two cities cooperate; 对俄合作: the area cooperates with Russia."""
    for m in state.mentions:
        if m.source == "pair" and "pair" in m.properties:
            i = m.properties["pair"]
            first = next((x for x in state.mentions if x.start == i and x.source == "pair"), None)
            if first is not None:
                state.link(rel.Link(first, "COOPERATES_WITH", m, i, i + 4))
        elif m.source in ("toward", "abbreviation") and area is not None:
            # 对俄合作, 对日、韩经贸合作: the listed countries, then a word of cooperation.
            list_end = m.end
            while state.clean[list_end : list_end + 1] == "、":
                list_end += 2
            if state.clean[m.start - 1 : m.start] == "、":
                lead = m.start
                while state.clean[lead - 1 : lead] == "、":
                    lead -= 2
                if state.clean[lead - 1 : lead] != "对":
                    continue
            elif m.source != "toward":
                continue
            if _COOP_AFTER.match(state.clean, list_end):
                state.link(rel.Link(area, "COOPERATES_WITH", m, m.start, list_end + 2))


def lexicon_links(state: ExtractionState) -> None:
    """Facts of the lexicon (a 片区 belongs to its 自贸试验区) between entities both named here."""
    by_lex: dict[str, Entity] = {}
    first: dict[str, Mention] = {}
    for m in state.mentions:
        lk = m.key or state.lex.canonical_of(m.name)
        if lk:
            by_lex.setdefault(lk, state.ent(m))
            first.setdefault(lk, m)
    for lk, e in by_lex.items():
        for type_, target in state.lex.entries[lk].links:
            tk = state.lex.canonical_of(target)
            if tk in by_lex and by_lex[tk].id != e.id:
                m = first[lk]
                state.add_rel(e.id, type_, by_lex[tk].id, [(m.start, m.end)], {"source": "lexicon"})


def brand_links(state: ExtractionState) -> None:
    """联东U谷·香坊科技创新谷 is run by 联东集团: a project or park named with a company's brand
    (its name without 集团/公司/控股…) is the company's. A brand that is a known place or park is
    not a brand (哈尔滨…集团 does not own every 哈尔滨… project)."""
    run = {r.source for r in state.rels.values() if r.type == "OPERATED_BY"}
    for org in list(state.entities.values()):
        if org.label != "Organization":
            continue
        brand = _LEGAL_TAIL.sub("", org.name)
        if len(brand) < 2 or brand == org.name:
            continue
        key = state.lex.canonical_of(brand)
        if key is not None and state.lex.entries[key].label != "Organization":
            continue
        for e in list(state.entities.values()):
            if e.label in ("Project", "Park") and e.id not in run and e.name.startswith(brand):
                m = e.mentions[0]
                state.add_rel(e.id, "OPERATED_BY", org.id, [(m.start, m.end)], {"source": "name"})


def place_in_name_links(state: ExtractionState) -> None:
    """黑龙江呼兰经济开发区 is in 呼兰区: a park named after a place the text names is located in
    the most specific one (printed last), by its full or short name (呼兰 for 呼兰区)."""
    places: dict[str, Entity] = {}
    for m in state.mentions:
        e = state.ent(m)
        key = m.key or state.lex.canonical_of(m.name)
        if e.label == "Place" and key:
            places.setdefault(key, e)
    located = {r.source for r in state.rels.values() if r.type == "LOCATED_IN"}
    for e in list(state.entities.values()):
        if e.label != "Park" or e.id in located:
            continue
        best: tuple[int, int, Entity] | None = None
        for key, place in places.items():
            entry = state.lex.entries[key]
            forms = [entry.name, *entry.aliases]
            forms += [f[:-1] for f in forms if len(f) >= 3 and f[-1] in "区县市"]
            for f in forms:
                at = e.name.rfind(f)
                if at >= 0 and len(f) >= 2 and (best is None or (at, len(f)) > best[:2]):
                    best = (at, len(f), place)
        if best is not None and best[2].id != e.id:
            m = e.mentions[0]
            state.add_rel(e.id, "LOCATED_IN", best[2].id, [(m.start, m.end)], {"source": "name"})


def main_park_links(state: ExtractionState, area: Mention | None) -> None:
    """A project the text places nowhere belongs to the park the document is about: the park it
    names most (and more than any other), else its area."""
    # A park read only as an item of a counted group (新材料…等15个特色产业园区) is no evidence.
    counts: Counter[str] = Counter(
        state.entity_of[state.key(m)]
        for m in state.mentions
        if state.ent(m).label == "Park" and m.source != "group"
    )
    area_id = state.entity_of[state.key(area)] if area is not None else None
    ranked = counts.most_common(2)
    area_is_place = area_id is not None and state.entities[area_id].label == "Place"
    if ranked and ranked[0][1] >= 2 and (len(ranked) == 1 or ranked[0][1] > ranked[1][1]):
        main = ranked[0][0]
        if area_is_place and state.entities[main].mentions[0].start >= state.opening_end():
            main = area_id  # a city's text that names a park only later: projects are the city's
    elif area_id is not None:
        main = area_id
    else:
        return
    # Who runs a project says nothing of where it is: only a place or park places it.
    placed = {r.source for r in state.rels.values() if r.type in ("BELONGS_TO", "LOCATED_IN")}
    for e in state.entities.values():
        if e.label != "Project" or e.id in placed or e.id == main:
            continue
        if all(visited(state, x) for x in e.mentions):
            continue  # 赴联东集团总部考察: a place the delegation went to, elsewhere
        m = e.mentions[0]
        type_ = "LOCATED_IN" if main == area_id else "BELONGS_TO"
        state.add_rel(e.id, type_, main, [(m.start, m.end)], {"source": "document"})
    if state.entities[main].label == "Park":
        settled_in_park(state, main)


def visited(state: ExtractionState, m: Mention) -> bool:
    """Whether ``m`` is where someone went to look (赴X考察, 前往X调研)."""
    before = state.clean[max(0, m.start - 2) : m.start]
    return bool(re.search(r"(?:赴|前往|到)$", before)) and bool(_VISIT.match(state.clean, m.end))


def settled_in_park(state: ExtractionState, main: str) -> None:
    """``华为、东软…等一批企业落户园区``: companies settling in a park text's bare 园区 are in it."""
    for sent in state.sents:
        g = _SETTLED.search(sent.text)
        if g is None:
            continue
        for m in state.in_sentence(sent):
            e = state.ent(m)
            if e.label == "Organization" and m.end <= sent.start + g.start() and e.id != main:
                state.add_rel(
                    e.id, "LOCATED_IN", main, [(m.start, sent.start + g.end())], {"source": "document"}
                )
