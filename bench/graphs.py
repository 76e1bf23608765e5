"""Synthetic graph documents for the stores: exactly N distinct nodes and R distinct relationships.

The graph has the contract's shape: each document has a Document node and Section nodes joined by
PART_OF; every entity is *homed* in one document (a section MENTIONS it, or TARGETS it for an
Indicator) and its outgoing relationships (BELONGS_TO, LOCATED_IN, OPERATED_BY, COOPERATES_WITH,
IN_INDUSTRY, MEMBER_OF, PROPOSED_BY) are written with that document; their targets appear in that
document's nodes too, so an entity is often written by several documents (provenance merges).
A third of the targets are *hubs* (the first 1% of each label), like 哈尔滨新区 in the real data.

Everything is a function of the spec and the seed; documents are produced one at a time so the
generator's own memory stays small when measuring a store's peak RSS.

>>> spec = GraphSpec(nodes=400, relationships=1200, documents=5)
>>> docs = list(iter_documents(spec))
>>> len({n.id for d in docs for n in d.nodes}), len({r.key for d in docs for r in d.relationships})
(400, 1200)
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property

from bench.corpus import (
    GIVEN_CHARS,
    INDICATORS,
    INDUSTRIES,
    ORG_SUFFIXES,
    PARK_SUFFIXES,
    PLACE_SUFFIXES,
    PROGRAM_NAMES,
    PROJECT_CORES,
    PROJECT_SUFFIXES,
    PROPOSALS,
    STEM_CHARS,
    SURNAMES,
)
from graph.core.model import GraphDocument, Node, Provenance, Relationship, node_id

# Share of the entity nodes by label (Document and Section nodes come first, per document).
LABEL_SHARES: tuple[tuple[str, float], ...] = (
    ("Project", 0.30),
    ("Organization", 0.20),
    ("Person", 0.12),
    ("Proposal", 0.10),
    ("Park", 0.08),
    ("Indicator", 0.08),
    ("Place", 0.06),
    ("Program", 0.05),
    ("Industry", 0.01),
)
# What each label points at: (type, target label). Labels absent here have no outgoing edges.
OUT_EDGES: dict[str, tuple[tuple[str, str], ...]] = {
    "Project": (
        ("BELONGS_TO", "Park"),
        ("LOCATED_IN", "Place"),
        ("LOCATED_IN", "Park"),
        ("OPERATED_BY", "Organization"),
        ("IN_INDUSTRY", "Industry"),
        ("COOPERATES_WITH", "Organization"),
    ),
    "Park": (
        ("BELONGS_TO", "Park"),
        ("LOCATED_IN", "Place"),
        ("IN_INDUSTRY", "Industry"),
        ("COOPERATES_WITH", "Park"),
    ),
    "Organization": (
        ("BELONGS_TO", "Organization"),
        ("LOCATED_IN", "Place"),
        ("IN_INDUSTRY", "Industry"),
        ("COOPERATES_WITH", "Organization"),
    ),
    "Person": (("MEMBER_OF", "Organization"),),
    "Proposal": (("PROPOSED_BY", "Person"),),
}
ONE_EDGE_LABELS = frozenset({"Person", "Proposal"})  # exactly one outgoing edge each
HUB_SHARE = 1 / 3  # targets drawn from the hubs
HUB_FRACTION = 0.01  # the first 1% of each label are hubs


@dataclass(frozen=True)
class GraphSpec:
    """How big: distinct nodes and relationships in total, spread over ``documents``."""

    nodes: int = 100_000
    relationships: int = 300_000
    documents: int = 500
    sections: int = 19  # per document: 4 pillars and their items
    seed: int = 2021

    @cached_property
    def entities(self) -> int:
        return self.nodes - self.documents * (1 + self.sections)

    @cached_property
    def labels(self) -> list[str]:
        """The label of each entity index, in blocks of LABEL_SHARES (largest remainder)."""
        counts = _apportion(self.entities, [share for _, share in LABEL_SHARES])
        out: list[str] = []
        for (label, _), c in zip(LABEL_SHARES, counts, strict=True):
            out.extend([label] * c)
        return out

    @cached_property
    def by_label(self) -> dict[str, list[int]]:
        out: dict[str, list[int]] = {label: [] for label, _ in LABEL_SHARES}
        for i, label in enumerate(self.labels):
            out[label].append(i)
        return out

    @cached_property
    def out_degree(self) -> list[int]:
        """How many outgoing semantic edges each entity has, summing exactly to what is left."""
        structural = self.documents * self.sections + self.entities  # PART_OF + MENTIONS/TARGETS
        left = self.relationships - structural
        fixed = sum(1 for label in self.labels if label in ONE_EDGE_LABELS)
        free = [
            i for i, label in enumerate(self.labels) if label in OUT_EDGES and label not in ONE_EDGE_LABELS
        ]
        if left < fixed or not free:
            raise ValueError(f"{self}: too few relationships for its nodes")
        degree = [1 if label in ONE_EDGE_LABELS else 0 for label in self.labels]
        base, extra = divmod(left - fixed, len(free))
        for k, i in enumerate(free):
            degree[i] = base + (1 if k < extra else 0)
        return degree


def _apportion(total: int, shares: list[float]) -> list[int]:
    raw = [total * s / sum(shares) for s in shares]
    counts = [int(r) for r in raw]
    order = sorted(range(len(raw)), key=lambda k: raw[k] - counts[k], reverse=True)
    for k in order[: total - sum(counts)]:
        counts[k] += 1
    return counts


def _unique(chars: str) -> str:
    return "".join(dict.fromkeys(chars))


STEMS = _unique(STEM_CHARS)
GIVEN = _unique(GIVEN_CHARS)
FAMILY = _unique(SURNAMES)


def _digits(index: int, bases: tuple[int, ...]) -> list[int]:
    """``index`` in mixed radix, after a bijective scramble so neighbours do not share a prefix."""
    space = 1
    for b in bases:
        space *= b
    if index >= space:
        raise ValueError(f"index {index} outside the {space} names of the pools")
    # 7919 is prime and larger than every pool, so it is coprime with ``space``: a bijection.
    index = (index * 7919 + 104_729) % space
    out = []
    for b in bases:
        index, d = divmod(index, b)
        out.append(d)
    return out


def entity_name(label: str, index: int) -> str:
    """A unique, Chinese-looking name for entity ``index`` of ``label`` (index within the label)."""
    if label == "Person":
        a, b, c = _digits(index, (len(FAMILY), len(GIVEN), len(GIVEN)))
        return FAMILY[a] + GIVEN[b] + GIVEN[c]
    a, b, c = _digits(index, (len(STEMS),) * 3)
    stem = STEMS[a] + STEMS[b] + STEMS[c]
    if label == "Project":
        return (
            stem + PROJECT_CORES[index % len(PROJECT_CORES)] + PROJECT_SUFFIXES[index % len(PROJECT_SUFFIXES)]
        )
    if label == "Park":
        return stem + PARK_SUFFIXES[index % len(PARK_SUFFIXES)]
    if label == "Organization":
        return stem + ORG_SUFFIXES[index % len(ORG_SUFFIXES)]
    if label == "Place":
        return stem + PLACE_SUFFIXES[index % len(PLACE_SUFFIXES)]
    if label == "Program":
        return f"“{stem}”{PROGRAM_NAMES[index % len(PROGRAM_NAMES)]}"
    if label == "Industry":
        return stem + INDUSTRIES[index % len(INDUSTRIES)]
    if label == "Indicator":
        return stem + INDICATORS[index % len(INDICATORS)]
    return stem + PROPOSALS[index % len(PROPOSALS)][:10]  # Proposal


class Entities:
    """Names, ids and home documents of the entities of a spec."""

    def __init__(self, spec: GraphSpec) -> None:
        self.spec = spec
        self.rank = [0] * spec.entities  # index within its label
        for indices in spec.by_label.values():
            for r, i in enumerate(indices):
                self.rank[i] = r

    def label(self, i: int) -> str:
        return self.spec.labels[i]

    def name(self, i: int) -> str:
        return entity_name(self.label(i), self.rank[i])

    def id(self, i: int) -> str:
        return node_id(self.label(i), self.name(i))

    def home(self, i: int) -> int:
        return i % self.spec.documents

    def properties(self, i: int) -> dict[str, object]:
        label = self.label(i)
        if label == "Project":
            return {"status": ("开工", "复工", "投产运营", "落地")[i % 4], "year": 2021}
        if label == "Indicator":
            return {"kind": "target", "year": 2021, "value": f"同比增长{5 + i % 15}%左右", "unit": "%"}
        return {}


def _targets(spec: GraphSpec, ents: Entities, i: int) -> list[tuple[str, int]]:
    """The outgoing edges of entity ``i``: distinct (type, target) pairs, COOPERATES_WITH once per pair."""
    options = OUT_EDGES.get(ents.label(i), ())
    rng = random.Random(spec.seed * 10_000_019 + i)
    chosen: set[tuple[str, int]] = set()
    out: list[tuple[str, int]] = []
    tries = 0
    while len(out) < spec.out_degree[i]:
        tries += 1
        if tries > 1000:
            raise ValueError(f"entity {i}: cannot find {spec.out_degree[i]} distinct targets")
        type_, target_label = rng.choice(options)
        pool = spec.by_label[target_label]
        hubs = max(1, int(len(pool) * HUB_FRACTION))
        t = pool[rng.randrange(hubs)] if rng.random() < HUB_SHARE else rng.choice(pool)
        # Symmetric: only the lower index writes the pair, so A↔B is never written twice.
        if t == i or (type_ == "COOPERATES_WITH" and t < i) or (type_, t) in chosen:
            continue
        chosen.add((type_, t))
        out.append((type_, t))
    return out


def _quote(name: str) -> str:
    return f"加快推进{name}建设"


def iter_documents(spec: GraphSpec) -> Iterator[GraphDocument]:
    """The spec's documents, one at a time, in order."""
    ents = Entities(spec)
    homed: list[list[int]] = [[] for _ in range(spec.documents)]
    for i in range(spec.entities):
        homed[ents.home(i)].append(i)
    for d in range(spec.documents):
        yield _document(spec, ents, d, homed[d])


def _document(spec: GraphSpec, ents: Entities, d: int, homed: list[int]) -> GraphDocument:
    doc = f"bench-graph-{spec.seed}-{d:05d}"
    doc_node = Node(
        id=node_id("Document", doc),
        label="Document",
        name=f"合成文档{d}",
        properties={"document": doc, "title": f"合成文档{d}"},
    )
    nodes: dict[str, Node] = {doc_node.id: doc_node}
    rels: list[Relationship] = []
    pillars = 4
    section_ids = []
    for s in range(spec.sections):
        sid = f"section:{doc}:s{s}"
        section_ids.append(sid)
        kind = "pillar" if s < pillars else "item"
        nodes[sid] = Node(
            id=sid,
            label="Section",
            name=f"第{s}节",
            properties={"kind": kind, "ordinal": s + 1, "document": doc},
        )
        parent = doc_node.id if s < pillars else section_ids[s % pillars]
        rels.append(Relationship(sid, parent, "PART_OF"))

    def add(i: int, at: int) -> str:
        nid = ents.id(i)
        if nid not in nodes:
            name = ents.name(i)
            prov = Provenance(doc, at, at + len(name), _quote(name))
            nodes[nid] = Node(nid, ents.label(i), name, properties=ents.properties(i), provenance=[prov])
        return nid

    for k, i in enumerate(homed):
        at = 100 * k
        nid = add(i, at)
        section = section_ids[pillars + k % (spec.sections - pillars)]
        type_ = "TARGETS" if ents.label(i) == "Indicator" else "MENTIONS"
        quote = _quote(ents.name(i))
        rels.append(
            Relationship(section, nid, type_, provenance=[Provenance(doc, at, at + len(quote), quote)])
        )
        for type_, t in _targets(spec, ents, i):
            tid = add(t, at + 10)
            props: dict[str, object] = {"proposed": True} if ents.label(i) == "Proposal" else {}
            prov = Provenance(doc, at, at + len(quote), quote)
            rels.append(Relationship(nid, tid, type_, properties=props, provenance=[prov]))
    return GraphDocument(document=doc_node, nodes=list(nodes.values()), relationships=rels)


QUICK = GraphSpec(nodes=600, relationships=1_800, documents=20, sections=5)
MEDIUM = GraphSpec(nodes=20_000, relationships=60_000, documents=100)
FULL = GraphSpec()
