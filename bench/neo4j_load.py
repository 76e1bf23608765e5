"""Neo4j store: its batched load (``UNWIND $rows … MERGE``) against a naive one-MERGE-per-row load.

Both write the same rows: the naive load builds them with the store's own public row functions
(``node_properties``, ``relationship_properties``) from the same write plans, then sends one
auto-commit ``MERGE`` statement per node and per relationship, as a first attempt would.
The naive load is slow, so it runs on the first documents only and its rows/s is extrapolated to
the whole graph; the batched load is measured on that same subset too, for a same-data ratio.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, replace
from typing import Any

from bench import cpu
from bench.config import BenchConfig
from bench.graphs import GraphSpec, iter_documents
from bench.neo4j_server import Neo4jTarget, remove_documents
from bench.report import Figure, Section, extrapolate, median, ratio_figure
from graph.core.model import ENTITY_LABELS, LABELS, RELATIONSHIP_TYPES, GraphDocument

TARGET_RATIO = 20.0
TARGET_RELS_PER_S = 10_000.0


@dataclass
class Rows:
    """What one document writes: node rows (label, id, props) and relationship rows."""

    nodes: list[tuple[str, str, dict[str, Any]]]
    relationships: list[tuple[str, str, str, str, str, dict[str, Any]]]  # type, a label, b label, a, b, props


def naive_rows(doc: GraphDocument) -> Rows:
    """The rows the store would write for ``doc`` into an empty database, built by the store's code."""
    from graph.core import merge
    from graph.neo4j.mapping import node_properties, relationship_properties

    plan = merge.plan_write(doc, merge.document_id(doc), {}, {})
    labels = {n.id: n.label for n in plan.nodes}
    nodes = [(n.label, n.id, node_properties(n)) for n in plan.nodes]
    rels = [
        (r.type, labels[r.source], labels[r.target], r.source, r.target, relationship_properties(r))
        for r in plan.relationships
    ]
    return Rows(nodes, rels)


def naive_load(target: Neo4jTarget, rows: list[Rows]) -> float:
    """One auto-commit MERGE per row; seconds taken. Labels and types come from the whitelists."""
    from neo4j import GraphDatabase

    s = target.settings
    password = s.neo4j_password.get_secret_value() if s.neo4j_password else None
    auth = (s.neo4j_user, password) if password else None
    with (
        GraphDatabase.driver(s.neo4j_uri, auth=auth, notifications_min_severity="OFF") as driver,
        driver.session(database=s.neo4j_database) as ses,
    ):
        t = time.perf_counter()
        for r in rows:
            for label, id, props in r.nodes:
                assert label in LABELS
                extra = " SET n:Entity" if label in ENTITY_LABELS else ""
                ses.run(f"MERGE (n:{label} {{id: $id}}) SET n = $props{extra}", id=id, props=props).consume()
            for type_, a, b, source, target_id, props in r.relationships:
                assert type_ in RELATIONSHIP_TYPES and a in LABELS and b in LABELS
                ses.run(
                    f"MATCH (a:{a} {{id: $source}}) MATCH (b:{b} {{id: $target}}) "
                    f"MERGE (a)-[r:{type_}]->(b) SET r = $props",
                    source=source,
                    target=target_id,
                    props=props,
                ).consume()
        return time.perf_counter() - t


@dataclass
class Load:
    """A batched load: the seconds of each write, and the CPU seconds the client and the server used."""

    times: list[float]
    relationships: int  # written by the documents of ``times``
    client_cpu: float
    server_cpu: float | None  # None: the server's process is not known (not the private server)

    def cpu_note(self) -> str:
        """CPU per relationship on each side, and the rate the server's CPU alone allows."""
        rels = max(self.relationships, 1)
        note = f"; CPU per relationship: client (Python) {self.client_cpu / rels * 1e6:,.0f} µs"
        if self.server_cpu:
            n_cores = cpu.cores()
            note += (
                f", Neo4j server {self.server_cpu / rels * 1e6:,.0f} µs: with the client idle, "
                f"{n_cores} cores would write at most {n_cores * rels / self.server_cpu:,.0f} rel/s"
            )
        return note


def batched_load(target: Neo4jTarget, docs: list[GraphDocument], budget: float = float("inf")) -> Load:
    """The store's own load: ``write_document`` per document (one transaction each).

    Records the seconds of each write; stops once ``budget`` seconds have passed.
    """
    from graph.stores import open_store

    store = open_store(target.settings)
    times: list[float] = []
    rels = 0
    try:
        server0 = cpu.process_cpu(target.pid) if target.pid else None
        client0 = time.process_time()
        t = time.perf_counter()
        for doc in docs:
            t0 = time.perf_counter()
            store.write_document(doc)
            times.append(time.perf_counter() - t0)
            rels += len(doc.relationships)
            if time.perf_counter() - t > budget:
                break
        client = time.process_time() - client0
        server = cpu.process_cpu(target.pid) - server0 if target.pid and server0 is not None else None
        return Load(times, rels, client, server)
    finally:
        store.close()


def document_ids(spec: GraphSpec) -> list[str]:
    return [f"bench-graph-{spec.seed}-{d:05d}" for d in range(spec.documents)]


BIG_DOCUMENTS = 1  # the whole graph as one document: the store writes it in parts (max_transaction_rows)


def big_documents(spec: GraphSpec) -> GraphSpec:
    """The same graph in BIG_DOCUMENTS large graph document(s) (same nodes, same entity ids)."""
    structure = spec.documents * (1 + spec.sections)
    return replace(spec, documents=BIG_DOCUMENTS, sections=structure // BIG_DOCUMENTS - 1)


def load_full(target: Neo4jTarget, spec: GraphSpec) -> Load:
    """Load the whole graph as BIG_DOCUMENTS documents (it stays loaded for the API benchmark)."""
    big = big_documents(spec)
    remove_documents(target, document_ids(spec) + document_ids(big))
    return batched_load(target, list(iter_documents(big)))


def run(cfg: BenchConfig, target: Neo4jTarget | str) -> Section:
    spec = cfg.graph
    section = Section("neo4j", "Neo4j store: batched vs naive load")
    if isinstance(target, str):
        section.skipped = target
        return section
    section.method = [
        f"Server: {target.version} on {target.settings.neo4j_uri}"
        + (" (the bench's private server)" if target.private else " (NEO4J_URI)")
        + "; the schema (constraints, indexes) is applied by the store before loading.",
        f"Batched: `Neo4jStore.write_document` for each of the {spec.documents} documents of the "
        f"{spec.nodes:,}-node / {spec.relationships:,}-relationship graph, into an empty database "
        "(each document is one transaction: it reads what it touches, then UNWIND-batches per label/type). "
        f"Stopped after {cfg.load_budget:.0f} s and extrapolated if not finished (said next to the figure).",
        f"Batched, {BIG_DOCUMENTS} document(s): the same graph in {BIG_DOCUMENTS} large graph document(s); "
        "one transaction of it would exceed the server's transaction memory (70% of the 1 GiB heap), so "
        "the store writes a document of more than `MAX_TRANSACTION_ROWS` rows in parts, one transaction "
        "each; this load stays for the API benchmark.",
        f"Naive: the same rows for the first {cfg.naive_documents} document(s), one auto-commit "
        "`MERGE` per node and per relationship, each its own transaction (the store's row functions "
        "build the rows); its rows/s is extrapolated to the whole graph.",
        "Same-data ratio: the batched load of those same documents into an empty database; both loads "
        "run once untimed first (the server's JIT compilation and query planning), then alternate.",
    ]
    docs = list(iter_documents(spec))
    subset = docs[: cfg.naive_documents]
    sub_rows = [naive_rows(d) for d in subset]
    n_rows = sum(len(r.nodes) + len(r.relationships) for r in sub_rows)
    sub_rels = sum(len(r.relationships) for r in sub_rows)
    all_docs = document_ids(spec)
    sub_docs = all_docs[: cfg.naive_documents]

    remove_documents(target, all_docs)  # whatever an interrupted run left
    # Not timed: a fresh server's first writes pay for JIT compilation and query planning, which
    # weigh on a document of ~1,000 rows (the same-data ratio ranged 16-44× without this).
    naive_load(target, sub_rows[:1])
    remove_documents(target, sub_docs)
    batched_load(target, subset)
    remove_documents(target, sub_docs)
    naive, batched_sub = [], []
    for _ in range(cfg.runs):
        naive.append(naive_load(target, sub_rows))
        remove_documents(target, sub_docs)
        batched_sub.append(sum(batched_load(target, subset).times))
        remove_documents(target, sub_docs)
    naive_s, batched_sub_s = median(naive), median(batched_sub)
    naive_rows_per_s = n_rows / naive_s
    section.figures += [
        Figure(
            f"naive load, first {cfg.naive_documents} document(s)",
            f"{naive_s:.1f} s ({naive_rows_per_s:,.0f} rows/s)",
            note=f"{n_rows:,} rows ({sub_rels:,} relationships), median of {cfg.runs}",
        ),
        Figure(
            f"batched load, same {cfg.naive_documents} document(s)",
            f"{batched_sub_s:.2f} s ({sub_rels / batched_sub_s:,.0f} rel/s)",
            note=f"median of {cfg.runs}",
        ),
        ratio_figure(
            "batched vs naive, same data",
            naive_s / batched_sub_s,
            TARGET_RATIO,
            note=f"{n_rows:,} rows: small documents, so the store's per-document reads weigh more",
            digits=1,
        ),
    ]

    many = batched_load(target, docs, cfg.load_budget)
    times = many.times
    complete = len(times) == len(docs)
    many_s = sum(times) if complete else extrapolate(times, len(docs))
    how = (
        f"1 run (long); {len(docs)} documents"
        if complete
        else f"stopped after {sum(times):.0f} s with {len(times)} of {len(docs)} documents; last write "
        f"{times[-1]:.2f} s vs first {times[0]:.2f} s; total extrapolated from a linear fit; 1 run (long)"
    )
    total_rows = sum(len(d.nodes) + len(d.relationships) for d in docs)
    naive_full_est = total_rows / naive_rows_per_s
    judged = not cfg.quick
    section.figures += [
        Figure(
            f"batched load as {spec.documents} documents",
            f"{'' if complete else '≈ '}{many_s:,.1f} s ({spec.relationships / many_s:,.0f} rel/s)",
            target=f"≥ {TARGET_RELS_PER_S:,.0f} rel/s",
            met=(spec.relationships / many_s >= TARGET_RELS_PER_S) if judged else None,
            note=how + ("" if judged else "; quick mode: small graph, not judged") + many.cpu_note(),
        ),
        ratio_figure(
            "batched vs naive, whole graph",
            naive_full_est / many_s,
            TARGET_RATIO,
            note=f"naive extrapolated to {total_rows:,} rows: {naive_full_est:,.0f} s",
            digits=1,
        ),
    ]
    one = load_full(target, spec)
    one_s = sum(one.times)
    section.figures.append(
        Figure(
            f"batched load as {BIG_DOCUMENTS} document{'s' if BIG_DOCUMENTS > 1 else ''}",
            f"{one_s:.1f} s ({spec.relationships / one_s:,.0f} rel/s)",
            target=f"≥ {TARGET_RELS_PER_S:,.0f} rel/s",
            met=(spec.relationships / one_s >= TARGET_RELS_PER_S) if judged else None,
            note="1 run (long)" + one.cpu_note(),
        )
    )
    return section
