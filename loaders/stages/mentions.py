"""Stage 1: every candidate mention, before overlaps are resolved.

Lexicon matches (:mod:`loaders.mentions`), one-character places and listed kin
(:mod:`loaders.listings`), short names the text defines (:mod:`loaders.aliases`, 简称), rule names
(:mod:`loaders.names`, checked by part of speech in :mod:`loaders.grammar`), the siblings of rule and
lexicon names in the lists they are items of (last: they read what the others found), and people
with their titles (:mod:`loaders.people`).
"""

from __future__ import annotations

import bisect
import itertools

from loaders.aliases import attach_short_names, short_name_definitions, short_name_mentions
from loaders.listings import abbreviation_mentions, field_lists, listed_kin
from loaders.mentions import LexiconMatcher, Mention
from loaders.names import NameRules
from loaders.people import PeopleRules
from loaders.stages.state import Candidates, ExtractionState


def find_mentions(state: ExtractionState) -> None:
    """Fill ``state.candidates`` (and ``state.rules``, which resolution asks again)."""
    lex, clean = state.lex, state.clean
    known = LexiconMatcher(lex, clean, state.seg).find(clean)
    known += abbreviation_mentions(lex, clean, known)
    listed = listed_kin(lex, clean, known)
    listed += field_lists(lex, clean, known + listed)
    known = _outside(known, listed) + listed
    shorts = short_name_definitions(clean, known)
    known += short_name_mentions(clean, shorts, known)
    known.sort(key=lambda m: m.start)
    rules = state.rules = NameRules(lex, clean, known, state.seg)
    rules.define_short_names([(d.open, d.close) for d in shorts])
    # Bodies first: a span the suffix rule reads too (区福利中心 …中心) is the body's.
    found = rules.government_bodies() + rules.vet_organizations(rules.suffix_names()) + rules.counted_groups()
    found += (
        rules.listed_companies()
        + rules.awarded_companies()
        + rules.context_names()
        + rules.place_names()
        + rules.division_places()
        + rules.town_places()
    )
    rules.counties_under_cities(found + known)
    # A town or county read as an item of a list of projects (五里桥镇、丹水镇…等项目) is the place.
    places = {m.name for m in found if m.source == "division"}
    found = [m for m in found if m.source == "division" or m.label == "Place" or m.name not in places]
    rules.capacity_owners(found)
    rules.sub_parks(found)
    found += rules.branches(found)
    found += rules.list_siblings(found)
    found = rules.registered_companies(found)
    found += rules.firms_before_heads(found)
    attach_short_names(shorts, found + known)
    people = PeopleRules(lex, clean, state.seg)
    state.candidates = Candidates(known, found, people.find(), people.paper())


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
