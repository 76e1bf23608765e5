"""Relationships between resolved mentions, read from patterns of the clean text.

Each rule yields :class:`Link` objects (source mention, type, target mention, evidence span); the
assembly in :mod:`loaders.entities` turns them into relationships with provenance.

- BELONGS_TO / OPERATED_BY: a name built on another (哈工大创新中心 → 哈工大), ``X附属Y``, a park's
  construction sentence that names its projects, lexicon facts (a 片区 and its 自贸试验区).
- LOCATED_IN: ``X完全在Y内``, ``X整体落位Y``, ``位于Y内的X``, ``X选址在Y``, ``X落户Y``; adjacent
  names (哈尔滨新区江北一体发展区).
- COOPERATES_WITH: ``(S)与A、B…合作/协作/交流/一体化``, ``对俄合作``, ``深哈合作``; an implicit subject is
  the document's area.
- IN_INDUSTRY: ``以X为龙头，大力发展计算产业``.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from loaders.mentions import Mention, Sentence

ACTORS = ("Park", "Organization", "Place", "Project")
_COOP = re.compile(r"合作|协作|交流|一体化|对接|联动|协同|携手|签署|签约|签订|协议|共建")
# 与/同 open the partner list; 和 does only when there is no 与/同 (A与B和C: 和 joins B and C).
# 参与/与会/给与 are words, not the preposition.
_WITH = re.compile(r"(?<![参给赋])(?:与|同)(?!会)")
_AND = re.compile(r"和")
# 甲与乙分别代表A与B签订…: the bodies after 分别代表 are the parties, not the people.
_ON_BEHALF = re.compile(r"分别代表")
_LOCATED = re.compile(
    r"^\s*(?:整体|完全|已|将)?\s*(?:落位|位于|坐落于|坐落在|选址在|选址于|选址|地处|在|落户|落户在|落户于|入驻)\s*"
)
_LOCATED_BEFORE = re.compile(r"位于\s*$")
_PART = re.compile(r"^\s*(?:附属|下属|旗下|所属)\s*$")
_BUILDS = re.compile(r"^\s*(?:建设|开发|一期|二期)")
_DEVELOP = re.compile(r"发展|主攻|聚焦|培育|壮大|集聚")


@dataclass
class Link:
    source: Mention
    type: str
    target: Mention
    start: int
    end: int
    properties: dict[str, Any] = field(default_factory=dict)


def _between(clean: str, a: Mention, b: Mention) -> str:
    return clean[a.end : b.start] if a.end <= b.start else ""


def composition_links(mentions: list[Mention]) -> list[Link]:
    """Names built on another name: the inner name owns (Organization) or contains (Park/Project) it."""
    out: list[Link] = []
    for m in mentions:
        o = m.owner
        if o is None:
            continue
        if m.label == "Organization" and o.label == "Park" and _ADMINISTRATION.search(m.name):
            # 哈尔滨片区管委会 administers 哈尔滨片区: the zone is run by its committee.
            out.append(Link(o, "OPERATED_BY", m, m.start, m.end))
            continue
        if o.label == "Organization" and m.label in ("Project", "Park"):
            type_ = "OPERATED_BY"
        elif o.label == "Place":
            type_ = "LOCATED_IN"
        else:
            type_ = "BELONGS_TO"
        out.append(Link(m, type_, o, m.start, m.end))
    return out


def adjacency_links(clean: str, mentions: list[Mention]) -> list[Link]:
    """``哈尔滨新区江北一体发展区``: a park or place right before another name contains it;
    ``新区医学中心附属伍连德医院``: 附属 makes the second belong to the first."""
    out: list[Link] = []
    ordered = sorted(mentions, key=lambda m: m.start)
    for a, b in itertools.pairwise(ordered):
        gap = _between(clean, a, b)
        if (
            a.end == b.start
            and a.label in ("Park", "Place")
            and b.label in ("Park", "Project", "Organization")
        ):
            if a.label == "Place" and b.label == "Park" and b.name.startswith(a.name):
                continue
            out.append(Link(b, "BELONGS_TO" if a.label == "Park" else "LOCATED_IN", a, a.start, b.end))
        elif a.end < b.start and _PART.match(gap) and a.label != "Place":
            out.append(Link(b, "BELONGS_TO", a, a.start, b.end))
    return out


def location_links(clean: str, sent: Sentence, ms: list[Mention], area: Mention | None) -> list[Link]:
    """``X完全在Y内``, ``X整体落位Y``, ``位于Y内的X``, ``X选址在Y``; bare 新区 is the document's area."""
    out: list[Link] = []
    for i, a in enumerate(ms):
        if a.label not in ("Park", "Project", "Organization"):
            continue
        rest = clean[a.end : sent.end]
        loc = _LOCATED.match(rest)
        if not loc:
            continue
        at = a.end + loc.end()
        target = next((b for b in ms[i + 1 :] if b.start == at and b.label in ("Park", "Place")), None)
        if (
            target is None
            and area is not None
            and clean.startswith("新区", at)
            and area.name.endswith("新区")
        ):
            target = area
        if target is not None and target is not a:
            out.append(Link(a, "LOCATED_IN", target, a.start, at + 2))
    for i, b in enumerate(ms):
        # 位于Y内的X
        if b.label not in ("Park", "Place") or not _LOCATED_BEFORE.search(clean[sent.start : b.start]):
            continue
        after = re.match(r"\s*(?:内|境内|中)?\s*的\s*", clean[b.end : sent.end])
        if not after:
            continue
        at = b.end + after.end()
        x = next(
            (m for m in ms[i + 1 :] if m.start == at and m.label in ("Park", "Project", "Organization")), None
        )
        if x is not None:
            out.append(Link(x, "LOCATED_IN", b, b.start, x.end))
    return out


def cooperation_links(clean: str, sent: Sentence, ms: list[Mention], area: Mention | None) -> list[Link]:
    """``(S)与A、B…合作/协作``: S (or the document's area) cooperates with each listed partner."""
    out: list[Link] = []
    for coop in _COOP.finditer(sent.text):
        kw = sent.start + coop.start()
        # The first 与/同 (else 和) before the keyword, in the same clause.
        clause_start = max(clean.rfind(c, sent.start, kw) for c in ",，;；。") + 1
        clause_start = max(clause_start, sent.start)
        behalf = _ON_BEHALF.search(clean, clause_start, kw)
        if behalf is not None:
            clause_start = behalf.end()
        w = _pivot(clean, clause_start, kw, ms)
        if w is None:
            continue
        partners = [m for m in ms if w.end() <= m.start and m.end <= kw and m.label in ACTORS]
        # Only a list right after 与: names joined by 、 / 和 / 及, up to 等 or the keyword.
        listed: list[Mention] = []
        pos = w.end()
        # The whole of each name: 绥芬河片区管委会, not the 绥芬河片区 or 绥芬河 inside it.
        for p in sorted(partners, key=lambda m: (m.start, m.start - m.end)):
            if p.start < pos:
                continue
            gap = clean[pos : p.start]
            if gap.strip(" 、和及与") != "":
                break
            listed.append(p)
            pos = p.end
        if not listed:
            continue
        before = [m for m in ms if m.end <= w.start() and m.start >= clause_start]
        # The name closest to 与, the whole of it (黑龙江省科技厅, not the 黑龙江 inside it).
        subject = max(before, key=lambda m: (m.end, m.end - m.start), default=None)
        if subject is not None and subject.label not in ACTORS:
            # A person (孙喆与联东集团…交流) speaks for a body the sentence does not name: no link,
            # and never the document's area in their place.
            continue
        if subject is None:
            subject = area
        if subject is None:
            continue
        for p in listed:
            if p.name != subject.name:
                out.append(
                    Link(subject, "COOPERATES_WITH", p, min(subject.start, w.start()), kw + len(coop.group()))
                )
    return out


def _pivot(clean: str, start: int, end: int, ms: list[Mention]) -> re.Match[str] | None:
    """The first 与/同 of ``clean[start:end]`` outside a name, else the first 和 outside a name."""
    for pattern in (_WITH, _AND):
        for w in pattern.finditer(clean, start, end):
            if not any(m.start < w.start() < m.end for m in ms):
                return w
    return None


def construction_links(clean: str, sent: Sentence, ms: list[Mention]) -> list[Link]:
    """``加快深圳（哈尔滨）产业园区建设，…实现科创总部一期投入使用``: the projects of a park's sentence."""
    out: list[Link] = []
    parks = [m for m in ms if m.label == "Park" and _BUILDS.match(clean[m.end : sent.end])]
    if not parks:
        return out
    park = parks[0]
    for m in ms:
        if m.start > park.end and m.label == "Project":
            out.append(Link(m, "BELONGS_TO", park, park.start, m.end))
    return out


def industry_links(clean: str, sent: Sentence, ms: list[Mention]) -> list[Link]:
    """``以X为龙头，大力发展计算产业``: the sentence's first actor is in the industries it develops."""
    out: list[Link] = []
    actor = next((m for m in ms if m.label in ("Project", "Park", "Organization")), None)
    if actor is None:
        return out
    for m in ms:
        if m.label == "Industry" and m.start > actor.end and _DEVELOP.search(clean[actor.end : m.start]):
            out.append(Link(actor, "IN_INDUSTRY", m, actor.start, m.end))
    return out


def operator_links(clean: str, sent: Sentence, ms: list[Mention]) -> list[Link]:
    """``华大基因将…华大智惠龙江未来实验室落户哈尔滨``: an organization bringing a facility runs it."""
    out: list[Link] = []
    for i, org in enumerate(ms):
        if org.label != "Organization" or not clean.startswith("将", org.end):
            continue
        for m in ms[i + 1 :]:
            if m.label == "Project" and m.owner is None:
                out.append(Link(m, "OPERATED_BY", org, org.start, m.end))
    return out


_ADMINISTRATION = re.compile(r"(?:管委会|管理委员会|管理局|管理办公室|管理处)$")
_DESCRIBED = re.compile(r"[^,，。;；]*的")
# X项目签约额3亿元，投资方为Y公司: the investor named as such runs the project.
_INVESTOR_BEFORE = re.compile(r"(?:投资方|投资主体|建设方|投资企业|实施主体|建设单位)\s*(?:为|是|系)?\s*$")
_SPONSOR_AFTER = re.compile(r"\s*(?:计划|拟|将|负责|出资)?\s*(?:总)?(?:投资|建设|开发|运营|承建|兴建|打造)")


def sponsor_links(
    clean: str, sent: Sentence, ms: list[Mention], refer: Callable[[int, int], Mention | None]
) -> list[Link]:
    """``该项目由哈玻院计划总投资10亿元``, ``X由Y投资建设``, ``X项目…，投资方为Y``: whoever invests
    in or builds a project runs it.
    The project is the last Project/Park named before 由 in the sentence, else what 该项目 refers to."""
    out: list[Link] = []
    for org in ms:
        if org.label != "Organization":
            continue
        named = _INVESTOR_BEFORE.search(clean, max(0, org.start - 8), org.start)
        by = clean[org.start - 1 : org.start] == "由" and _SPONSOR_AFTER.match(clean, org.end)
        if not (by or named):
            continue
        subject = next(
            (m for m in reversed(ms) if m.end <= org.start - 1 and m.label in ("Project", "Park")), None
        )
        if subject is None:
            # 由X投资23亿元建设的Y: the project the clause describes comes after it.
            subject = next(
                (
                    m
                    for m in ms
                    if m.start > org.end
                    and m.label in ("Project", "Park")
                    and _DESCRIBED.fullmatch(clean, org.end, m.start)
                ),
                None,
            )
        if subject is None:
            subject = refer(sent.start, org.start)
        if subject is not None:
            out.append(Link(subject, "OPERATED_BY", org, min(subject.start, org.start), org.end))
    return out
