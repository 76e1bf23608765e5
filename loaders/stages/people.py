"""Stage 4: people with their bodies (delegates and their 政协/人大, reporters and their paper,
officials and their organization), and what delegates propose, PROPOSED_BY them."""

from __future__ import annotations

import re

from graph.core.model import Node, node_id
from loaders.mentions import Mention
from loaders.names import display_name
from loaders.people import DELEGATE_ROLES, PersonFind, delegate_bodies, proposals
from loaders.stages.state import Entity, ExtractionState

_DELEGATE_BODIES = delegate_bodies()


def read_people(state: ExtractionState) -> None:
    persons = state.candidates.persons
    person_relations(state, persons, state.candidates.paper)
    proposal_nodes(state, persons)


def person_relations(state: ExtractionState, persons: list[PersonFind], paper: str | None) -> None:
    """Delegates and their bodies, reporters and their paper, officials and their organization."""
    ending_at: dict[int, list[Mention]] = {}  # mentions by end offset, in order
    for m in state.mentions:
        ending_at.setdefault(m.end, []).append(m)
    assemblies = document_assemblies(state)
    for p in persons:
        pid = state.entity_of.get(state.key(p.mention))
        if pid is None:
            continue
        person = state.entities[pid]
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
            at = _named_outside_source(state, paper)
            if at < 0:
                person.properties.setdefault("paper", paper)
                continue
            body_name, span = paper, (at, at + len(paper))
        if not body_name and p.role in assemblies:
            # 朱军委员 in a report on 合川区政协's session: the one such body the text names.
            bid = assemblies[p.role]
            spans = [(p.mention.start, p.mention.end)]
            person.properties.setdefault("body", state.entities[bid].name)
            state.add_rel(pid, "MEMBER_OF", bid, spans, {"role": p.role})
            continue
        if body_name and span:
            bid = body_entity(state, body_name, span, p.titles)
            # Body and person printed apart (来源 line, byline): one provenance for each.
            if state.sentence(span[0]) == state.sentence(p.mention.start):
                spans = [(min(span[0], p.mention.start), max(span[1], p.mention.end))]
            else:
                spans = [span, (p.mention.start, p.mention.end)]
            state.add_rel(pid, "MEMBER_OF", bid, spans, {"role": p.role})
            continue
        org = next(
            (m for m in ending_at.get(p.role_start, ()) if state.ent(m).label == "Organization"),
            None,
        )
        if org is not None:
            # The title as printed: 中国（黑龙江）自由贸易试验区哈尔滨片区管委会副主任.
            person.properties["title"] = state.ent(org).name + p.role
            state.add_rel(pid, "MEMBER_OF", state.ent(org).id, [(org.start, p.mention.end)], {"role": p.role})


def document_assemblies(state: ExtractionState) -> dict[str, str]:
    """The body of each delegate's title when the text names exactly one of its kind
    (合川区政协 for 政协委员; 区政协 alone says no more than its short form)."""
    out: dict[str, str] = {}
    for title, (_, short) in _DELEGATE_BODIES.items():
        ids = {
            e.id
            for e in state.entities.values()
            if e.label == "Organization" and e.name.endswith(short) and len(e.name) > len(short) + 1
        }
        if len(ids) == 1:
            out[title] = ids.pop()
    return out


def _named_outside_source(state: ExtractionState, name: str) -> int:
    for m in re.finditer(re.escape(name), state.clean):
        if not any(a <= m.start() < b for a, b in state.source_lines):
            return m.start()
    return -1


def body_entity(state: ExtractionState, name: str, span: tuple[int, int], titles: list[str]) -> str:
    lk = state.lex.canonical_of(name)
    if lk:
        name = display_name(state.lex.entries[lk].name)
    eid = node_id("Organization", name)
    e = state.entities.get(eid)
    m = Mention(span[0], span[1], "Organization", name, "body", aliases={name, *titles})
    if e is None:
        e = Entity(eid, "Organization", name, {t for t in titles if t != name}, {}, [])
        state.entities[eid] = e
    e.mentions.append(m)
    state.entity_of[state.key(m)] = eid
    return eid


def proposal_nodes(state: ExtractionState, persons: list[PersonFind]) -> None:
    """Each delegate's suggestions, PROPOSED_BY the delegate."""
    delegates: list[tuple[str, str, int]] = []
    seen: set[str] = set()
    for p in sorted(persons, key=lambda p: p.mention.start):
        if p.role in DELEGATE_ROLES and p.mention.name not in seen:
            seen.add(p.mention.name)
            delegates.append((p.mention.name, p.role, p.role_start))
    regions = statement_regions(state, delegates)
    state.regions = [(r[2], r[3]) for r in regions]
    for f in proposals(state.clean, regions, state.seg):
        person_id = node_id("Person", f.person)
        if person_id not in state.entities:
            continue
        pid = node_id("Proposal", f"{f.person}:{f.summary}")
        prov = state.provenance(f.start, f.end)
        props = {"proposed": True, "by": f.person, "role": f.role, "text": prov.quote}
        state.extra_nodes.append(Node(pid, "Proposal", f.summary, [], props, [prov]))
        state.add_rel(pid, "PROPOSED_BY", person_id, [(f.start, f.end)], {"proposed": True})


def statement_regions(
    state: ExtractionState, delegates: list[tuple[str, str, int]]
) -> list[tuple[str, str, int, int]]:
    """Where each delegate speaks: from the introduction to the end of its paragraph, and on
    over paragraphs that name them again or go on with 他/她 (never past the next delegate)."""
    ordered = sorted(delegates, key=lambda d: d[2])
    out = []
    for i, (person, role, at) in enumerate(ordered):
        # Delegates listed together (郭宏伟、杨艳杰代表…) share one statement.
        limit = next((d[2] for d in ordered[i + 1 :] if d[2] > at), len(state.clean))
        end = state.clean.find("\n", at)
        end = limit if end < 0 else min(end, limit)
        line = state.clean[state.clean.rfind("\n", 0, at) + 1 : end].strip()
        if len(line) <= 16 and not re.search(r"[。，,;；:：!?！？]", line) and i + 1 < len(ordered):
            # 市人大代表 白雪峰⏎: a line that only introduces the delegate heads their statement,
            # which runs to the next delegate.
            end = limit
        while end < limit:
            nxt = state.clean.find("\n", end + 1)
            nxt = limit if nxt < 0 else min(nxt, limit)
            para = state.clean[end:nxt].strip()
            if para and not (person in para or para.startswith(("他", "她"))):
                break
            end = nxt
        out.append((person, role, at, end))
    return out
