"""Stage 4: people with their bodies (delegates and their 政协/人大, reporters and their paper,
officials and their organization), and what delegates propose, PROPOSED_BY them."""

from __future__ import annotations

import bisect
import re

from graph.core.model import Node, node_id
from loaders.mentions import Mention
from loaders.names import display_name
from loaders.people import _ROLE_WORDS, DELEGATE_ROLES, PersonFind, delegate_bodies, proposals
from loaders.stages.state import Entity, ExtractionState

_DELEGATE_BODIES = delegate_bodies()
# A delegate's title with the place of its body, as printed in a chain of titles (成都市政协委员).
_DELEGATE_TITLE = re.compile(
    r"(?P<place>[\u3400-\u9fff]{1,6}?(?<!全)(?:区|市|省|县)|^(?:区|市|省|县)|全国)(?P<role>"
    + "|".join(_DELEGATE_BODIES)
    + ")$"
)
# What may stand between a body's name and the title it gives (市委常委, 省政协副主席, 县委副书记).
_TITLE_AFTER_BODY = re.compile(
    r"(?:党组|党工委|工委|党委|常务|执行|代理|第一)*副?(?:" + _ROLE_WORDS + r"|常委|主委|委员|成员)$"
)
# The kind of reporter between the outlet and 记者: 黄冈广播电视台全媒体记者, 人民日报首席记者.
_REPORTER_KIND = re.compile(r"(?:全媒体|融媒体|首席|特约|见习|实习|驻站|摄影)$")
# A rank printed between a body and a title the role words hold bare (区政协副主席, 常务副院长).
_RANK_BEFORE = re.compile(r"(?:常务|执行)?副$")
# A head of government by its level: 县长, 副市长, 代理区长 → the 县/市/区 人民政府.
_HEAD_OF_GOVERNMENT = re.compile(r"(?:常务|代理)?副?(?P<level>省|市|区|县)长$")


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
    governments = document_governments(state)
    for p in persons:
        pid = state.entity_of.get(state.key(p.mention))
        if pid is None:
            continue
        person = state.entities[pid]
        delegated = chain_bodies(state, p, pid)
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
        if not body_name and p.role in assemblies and not delegated:
            # 朱军委员 in a report on 合川区政协's session: the one such body the text names (and the
            # company of the post printed before the name, below).
            bid = assemblies[p.role]
            spans = [(p.mention.start, p.mention.end)]
            person.properties.setdefault("body", state.entities[bid].name)
            state.add_rel(pid, "MEMBER_OF", bid, spans, {"role": p.role})
            delegated = True
        if body_name and span:
            bid = body_entity(state, body_name, span, p.titles)
            # Body and person printed apart (来源 line, byline): one provenance for each.
            if state.sentence(span[0]) == state.sentence(p.mention.start):
                spans = [(min(span[0], p.mention.start), max(span[1], p.mention.end))]
            else:
                spans = [span, (p.mention.start, p.mention.end)]
            state.add_rel(pid, "MEMBER_OF", bid, spans, {"role": p.role})
            continue
        org_end = _outlet_end(state.clean, p) if p.role in ("记者", "通讯员") else p.role_start
        rank = _RANK_BEFORE.search(state.clean, max(0, org_end - 4), org_end)
        if rank is not None and not ending_at.get(org_end):
            org_end = rank.start()  # 区政协副主席由文斌: the body ends before 副
        org = next(
            (m for m in ending_at.get(org_end, ()) if state.ent(m).label == "Organization"),
            None,
        )
        if org is not None:
            # The title as printed: 中国（黑龙江）自由贸易试验区哈尔滨片区管委会副主任.
            post = state.clean[org.end : p.mention.start].strip() or p.role
            person.properties["title"] = state.ent(org).name + post
            state.add_rel(pid, "MEMBER_OF", state.ent(org).id, [(org.start, p.mention.end)], {"role": post})
            continue
        head = _HEAD_OF_GOVERNMENT.search(p.titles[0] if p.titles else p.role)
        if head is not None and not delegated:
            gid = _government_of(state, governments, head.group("level"), p.titles)
            if gid is not None:
                # 县长郭志勇 in a county's report: the county's government (县人民政府).
                state.add_rel(pid, "MEMBER_OF", gid, [(p.role_start, p.mention.end)], {"role": p.role})


def _outlet_end(clean: str, p: PersonFind) -> int:
    """Where a reporter's outlet ends: before 记者 and its kind (黄冈广播电视台全媒体记者 刘新球)."""
    k = p.role_start
    while k > 0 and clean[k - 1] in " \u3000":
        k -= 1
    if clean.endswith(p.role, 0, k):
        k -= len(p.role)
    kind = _REPORTER_KIND.search(clean, max(0, k - 4), k)
    return kind.start() if kind is not None else k


def chain_bodies(state: ExtractionState, p: PersonFind, pid: str) -> bool:
    """省人大代表、浠水县…村委会主任张成清, 县委副书记、县长黄会安: the bodies of the earlier titles of
    a chain (a delegate's assembly, an organization printed before its title), each MEMBER_OF. True
    when one of them is a delegate's assembly."""
    delegated = False
    for a, b in p.chain:
        title = state.clean[a:b]
        d = _DELEGATE_TITLE.search(title)
        if d is not None:
            full, short = _DELEGATE_BODIES[d.group("role")]
            name = d.group("place") + full
            span = (a + d.start("place"), a + d.end("place") + len(short))
            bid = body_entity(state, name, span, [d.group("place") + short])
            both = (min(a, p.mention.start), max(b, p.mention.end))  # (the name may come first)
            state.add_rel(pid, "MEMBER_OF", bid, [both], {"role": d.group("role")})
            delegated = True
            continue
        orgs = [
            m
            for m in state.mentions[
                bisect.bisect_left(state.mention_starts, a) : bisect.bisect_left(state.mention_starts, b)
            ]
            if m.start >= a
            and m.end < b
            and state.ent(m).label == "Organization"
            and _TITLE_AFTER_BODY.fullmatch(state.clean, m.end, b)
        ]
        if orgs:
            org = max(orgs, key=lambda m: (m.end, -m.start))
            role = state.clean[org.end : b]
            both = (min(org.start, p.mention.start), max(b, p.mention.end))
            state.add_rel(pid, "MEMBER_OF", state.ent(org).id, [both], {"role": role})
    return delegated


def document_governments(state: ExtractionState) -> dict[str, list[Entity]]:
    """The governments the text names, by level: 县 → [县人民政府, 梨树县政府]."""
    out: dict[str, list[Entity]] = {}
    for e in state.entities.values():
        g = re.fullmatch(r"(?P<place>[\u3400-\u9fff]{0,8}?)(?P<level>省|市|区|县)(?:人民)?政府", e.name)
        if e.label == "Organization" and g is not None:
            out.setdefault(g.group("level"), []).append(e)
    return out


def _government_of(
    state: ExtractionState, governments: dict[str, list[Entity]], level: str, titles: list[str]
) -> str | None:
    """The government a head of it belongs to: the one of the place printed in a title of the chain
    (平阴县代理县长; 鲤城区委副书记、区长 → 鲤城区's), else the level's own bare one (县人民政府), else,
    for a title with no place, the only one of the level the text names."""
    found = governments.get(level, [])
    heads = [
        re.search(
            r"([\u3400-\u9fff]{1,8}?" + level + r")(?:人民政府|政府)?(?:常务|代理)?副?" + level + "长$", t
        )
        for t in titles[:1]
    ]
    bodies = [
        re.match(r"([\u3400-\u9fff]{1,8}?" + level + r")(?:委|人民政府|政府|人大|政协)", t)
        for t in titles[1:]
    ]
    placed = next((p for p in (*heads, *bodies) if p is not None), None)
    if placed is not None:
        named = [e for e in found if e.name.startswith(placed.group(1))]
        if named:
            return min(named, key=lambda e: len(e.name)).id
    bare = [e for e in found if e.name in (level + "人民政府", level + "政府")]
    if bare:
        # 平阴县代理县长 where the text says 县人民政府: the county's own (never another place's).
        return min(bare, key=lambda e: -len(e.name)).id
    if placed is not None:
        return None
    places = {e.name.replace("人民政府", "政府") for e in found}
    return found[0].id if len(places) == 1 else None


def document_assemblies(state: ExtractionState) -> dict[str, str]:
    """The body of each delegate's title when the text names exactly one of its kind (合川区政协 for
    政协委员), else the one short form it names (市人大 for 王晓明代表 in a report on the city's session)."""
    out: dict[str, str] = {}
    for title, (_, short) in _DELEGATE_BODIES.items():
        bodies = [e for e in state.entities.values() if e.label == "Organization" and e.name.endswith(short)]
        named = {e.id for e in bodies if len(e.name) > len(short) + 1}
        if len(named) == 1:
            out[title] = named.pop()
            continue
        if not named and len(bodies) == 1:
            out[title] = bodies[0].id
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


def _quote_before(clean: str, at: int, floor: int) -> int | None:
    """Where a quote printed right before a delegate's introduction (its titles) opens, if one is."""
    k = at
    while k > floor and ("\u3400" <= clean[k - 1] <= "\u9fff" or clean[k - 1] == "、"):
        k -= 1
    if clean[k - 1 : k] != "”":
        return None
    opening = clean.rfind("“", max(floor, k - 400), k)
    return opening if opening >= 0 else None


def _topic_before(clean: str, at: int, floor: int) -> int | None:
    """就发挥律师队伍的专业优势,…,委员张龙提出了5条具体建议: the topic opens the clauses before the
    introduction, where 就 begins them."""
    start = max(clean.rfind(c, floor, at) for c in "。;；!?\n") + 1
    start = max(start, floor)
    while start < at and clean[start] in " \u3000":
        start += 1
    return start if clean.startswith("就", start) and at - start <= 80 else None


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
        opening = _quote_before(state.clean, at, ordered[i - 1][2] if i else 0)
        if opening is None:
            opening = _topic_before(state.clean, at, ordered[i - 1][2] if i else 0)
        if opening is not None:
            # “…想建议政府…”成都市政协委员、…教授舒泽亮告诉记者: the quote before the introduction
            # is theirs.
            at = opening
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
