"""Embedded store: load of the synthetic graph (time, peak RSS), reopening it, neighbour queries.

Each measurement runs in a fresh subprocess (``python -m bench.embedded …``) so that the peak RSS
(``ru_maxrss``) is that of one load and nothing else. The child generates the graph documents
first (not timed; their memory is reported apart), then writes them with ``write_document`` one
document at a time, as ``kg load`` does.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import shutil
import subprocess
import sys
import time
from dataclasses import asdict, replace
from pathlib import Path

from bench.config import BenchConfig
from bench.graphs import Entities, GraphSpec, iter_documents
from bench.report import Figure, Section, extrapolate, median, percentile
from graph.core.protocol import GraphStore

TARGET_LOAD_S = 20.0
TARGET_RSS_MIB = 2048.0
MIB = 2**20
LONG_RUN_S = 30.0  # a load longer than this is run once


def _rss_mib() -> float:
    import psutil

    return psutil.Process().memory_info().rss / MIB


def _peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def open_embedded(data_dir: Path) -> GraphStore:
    from graph.stores import open_store
    from settings import Settings

    return open_store(Settings(kg_store="embedded", kg_data_dir=data_dir))


def query_ids(spec: GraphSpec, count: int, seed: int) -> list[str]:
    """Entity ids to ask about: a uniform sample of the entities (1% of them are hubs)."""
    ents = Entities(spec)
    rng = random.Random(seed)
    return [ents.id(rng.randrange(spec.entities)) for _ in range(count)]


def child_load(spec: GraphSpec, data_dir: Path, budget: float, batch: bool = False) -> dict:
    """Write the documents of ``spec`` into a fresh embedded store, one ``write_document`` each.

    With ``batch``: one ``write_documents(docs)`` call instead (the store saves once).
    Stops after ``budget`` seconds of writing (the rest is extrapolated by the parent); ``close``
    is timed with the writes (the store saves on each write, so it is cheap).
    """
    docs = list(iter_documents(spec))
    input_mib = _rss_mib()
    _warm_up()
    store = open_embedded(data_dir)
    times = []
    t = time.perf_counter()
    cpu = time.process_time()
    if batch:
        store.write_documents(docs)  # type: ignore[attr-defined]
        times = [(time.perf_counter() - t) / len(docs)] * len(docs)
    for doc in [] if batch else docs:
        t0 = time.perf_counter()
        store.write_document(doc)
        times.append(time.perf_counter() - t0)
        if time.perf_counter() - t > budget:
            break
    store.close()
    total_s = time.perf_counter() - t
    cpu_s = time.process_time() - cpu
    return {
        "total_s": total_s,
        "cpu_s": cpu_s,
        "times": times,
        "input_mib": input_mib,
        "peak_mib": _peak_mib(),
    }


def one_document(spec: GraphSpec) -> GraphSpec:
    """The same graph as ONE graph document: same nodes and entities, one write."""
    return replace(spec, documents=1, sections=spec.documents * (1 + spec.sections) - 1)


def _warm_up() -> None:
    """Import the store's modules and load pypinyin's dictionary: once per process, not per load."""
    import pypinyin

    import graph.stores  # noqa: F401

    pypinyin.lazy_pinyin("预热")


def child_open(data_dir: Path) -> dict[str, float]:
    """Open the persisted store (read its file): time and peak RSS."""
    _warm_up()
    base = _peak_mib()
    t = time.perf_counter()
    store = open_embedded(data_dir)
    counts = store.counts()
    open_s = time.perf_counter() - t
    store.close()
    return {
        "open_s": open_s,
        "peak_mib": _peak_mib(),
        "base_mib": base,
        "nodes": sum(counts.nodes.values()),
        "relationships": sum(counts.relationships.values()),
    }


def search_queries(spec: GraphSpec, count: int, seed: int) -> list[str]:
    """Name prefixes of 2 to 4 characters of sampled entities (what a user types into a search box)."""
    ents = Entities(spec)
    rng = random.Random(seed)
    return [ents.name(rng.randrange(spec.entities))[: rng.randint(2, 4)] for _ in range(count)]


def child_query(spec: GraphSpec, data_dir: Path, count: int, seed: int) -> dict[str, list[float]]:
    """Latency of ``neighbours`` (depth 1 and 2, limit 100) on ``count`` sampled entities, and of
    ``search`` (default page of 20) on ``count`` name prefixes; the first search (which builds the
    store's search index) is timed apart."""
    store = open_embedded(data_dir)
    ids = query_ids(spec, count, seed)
    out: dict[str, list[float]] = {}
    for depth in (1, 2):
        times = []
        for i in ids:
            t = time.perf_counter()
            store.neighbours(i, depth=depth, limit=100)
            times.append(time.perf_counter() - t)
        out[f"depth{depth}"] = times
    queries = search_queries(spec, count + 1, seed + 1)
    t = time.perf_counter()
    store.search(queries[0])
    out["first_search"] = [time.perf_counter() - t]
    times = []
    for q in queries[1:]:
        t = time.perf_counter()
        store.search(q)
        times.append(time.perf_counter() - t)
    out["search"] = times
    store.close()
    return out


def _child(args: list[str]) -> dict:
    cmd = [sys.executable, "-m", "bench.embedded", *args]
    proc = subprocess.run(cmd, capture_output=True, text=True)
    if proc.returncode != 0:
        raise RuntimeError(f"{' '.join(args[:1])} child failed: {proc.stderr.strip()[-800:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def _spec_args(spec: GraphSpec) -> list[str]:
    return ["--spec", json.dumps(asdict(spec))]


def data_dir(cfg: BenchConfig) -> Path:
    """Where the embedded store of the whole benchmark graph lives (the API benchmark serves it)."""
    g = cfg.graph
    return cfg.cache / f"embedded-{g.nodes}-{g.relationships}-{g.seed}"


def ensure_store(cfg: BenchConfig) -> Path:
    """The store folder holding the whole benchmark graph, loaded (untimed) if it is not there yet."""
    target = data_dir(cfg)
    if not (target / "graph.json").is_file():
        _child(["load", *_spec_args(one_document(cfg.graph)), "--dir", str(target)])
    return target


def _load_figures(cfg: BenchConfig, name: str, loads: list[dict], documents: int) -> list[Figure]:
    spec = cfg.graph
    complete = all(len(r["times"]) == documents for r in loads)
    if complete:
        load_s = median([r["total_s"] for r in loads])
        runs = ", ".join(f"{r['total_s']:.1f}" for r in loads)
        cpu = ", ".join(f"{r['cpu_s']:.1f}" for r in loads if "cpu_s" in r)
        value = f"{load_s:.1f} s ({spec.relationships / load_s:,.0f} rel/s)"
        note = f"median of {len(loads)}; runs: {runs} s (CPU time of the process: {cpu} s)" + (
            " (long: fewer runs)" if len(loads) < cfg.runs else ""
        )
    else:
        r = loads[0]
        done = len(r["times"])
        load_s = extrapolate(r["times"], documents)
        value = f"≈ {load_s:,.0f} s (estimated)"
        note = (
            f"stopped after {r['total_s']:.0f} s with {done} of {documents} documents written; "
            f"last write {r['times'][-1]:.2f} s vs first {r['times'][0]:.2f} s; total extrapolated "
            "from a linear fit of the per-document time; 1 run (long)"
        )
    if cfg.quick:
        note += "; quick mode: small graph, not judged"
    peak = max(r["peak_mib"] for r in loads)
    input_mib = median([r["input_mib"] for r in loads])
    return [
        Figure(
            f"load {spec.nodes:,} nodes / {spec.relationships:,} rel. {name}",
            value,
            target=f"≤ {TARGET_LOAD_S:.0f} s",
            met=None if cfg.quick else (complete and load_s <= TARGET_LOAD_S),
            note=note,
        ),
        Figure(
            f"peak RSS, {name}",
            f"{peak:,.0f} MiB",
            target=f"≤ {TARGET_RSS_MIB / 1024:.0f} GiB",
            met=peak <= TARGET_RSS_MIB,
            note=f"max of {len(loads)} run(s); the input documents alone: {input_mib:,.0f} MiB"
            + ("" if complete else "; the load did not finish, so the peak at the end would be higher"),
        ),
    ]


def _loads(cfg: BenchConfig, spec: GraphSpec, target: Path, budget: float, batch: bool = False) -> list[dict]:
    """Up to ``cfg.runs`` loads; one only if it ran out of budget (long)."""
    loads: list[dict] = []
    extra = ["--batch"] if batch else []
    while len(loads) < cfg.runs:
        shutil.rmtree(target, ignore_errors=True)
        loads.append(
            _child(["load", *_spec_args(spec), "--dir", str(target), "--budget", str(budget), *extra])
        )
        if len(loads[-1]["times"]) < spec.documents or loads[-1]["total_s"] > LONG_RUN_S:
            break
    return loads


def run(cfg: BenchConfig) -> Section:
    spec = cfg.graph
    section = Section("embedded", "Embedded store (NetworkX)")
    section.method = [
        f"Graph from bench/graphs.py: {spec.nodes:,} distinct nodes, {spec.relationships:,} distinct "
        f"relationships in {spec.documents} graph documents (an entity appears in several documents), "
        "and the same graph as one graph document.",
        "Load: a fresh subprocess per run writes the documents with `write_document` (one call per "
        "document, as `kg load` and POST /documents do) into an empty store, then `close()`; then with "
        "one `EmbeddedStore.write_documents(docs)` call (one journal append); peak RSS is the child's "
        "`ru_maxrss`, which includes the input documents held in memory (reported apart).",
        f"A load that has not finished after {cfg.load_budget:.0f} s is stopped and its total "
        "extrapolated (said next to the figure).",
        "Open: a fresh subprocess opens the persisted store and counts it.",
        "Neighbours: `neighbours(id, depth, limit=100)` called in-process on a uniform sample of entity "
        "ids (no HTTP), one call at a time, on the store holding the whole graph.",
        "Search: `search(q)` (first page of 20) in-process on name prefixes of 2-4 characters of sampled "
        "entities, one call at a time; the first search of the process builds the search index and is "
        "reported apart.",
    ]
    many_dir = cfg.cache / "embedded-many-documents"
    many = _loads(cfg, spec, many_dir, cfg.load_budget)
    shutil.rmtree(many_dir, ignore_errors=True)
    section.figures += _load_figures(cfg, f"as {spec.documents} documents", many, spec.documents)
    from graph.embedded.store import EmbeddedStore

    if hasattr(EmbeddedStore, "write_documents"):
        batch = _loads(cfg, spec, many_dir, cfg.load_budget, batch=True)
        shutil.rmtree(many_dir, ignore_errors=True)
        name = f"as {spec.documents} documents in one write_documents call"
        section.figures += _load_figures(cfg, name, batch, spec.documents)
    target = data_dir(cfg)
    one = _loads(cfg, one_document(spec), target, cfg.load_budget)
    section.figures += _load_figures(cfg, "as one document", one, 1)
    opens = [_child(["open", "--dir", str(target)]) for _ in range(cfg.runs)]
    section.figures.append(
        Figure(
            "open the persisted store",
            f"{median([o['open_s'] for o in opens]):.2f} s",
            note=f"median of {cfg.runs}; peak RSS {max(o['peak_mib'] for o in opens):,.0f} MiB; "
            f"counted {opens[0]['nodes']:,} nodes / {opens[0]['relationships']:,} relationships",
        )
    )
    if (opens[0]["nodes"], opens[0]["relationships"]) != (spec.nodes, spec.relationships):
        section.notes.append(
            f"The reopened store counts {opens[0]['nodes']:,} nodes / {opens[0]['relationships']:,} "
            f"relationships, not the {spec.nodes:,} / {spec.relationships:,} written."
        )
    q = _child(["query", *_spec_args(spec), "--dir", str(target), "--count", str(cfg.neighbour_queries)])
    for depth in (1, 2):
        times = [t * 1000 for t in q[f"depth{depth}"]]
        section.figures.append(
            Figure(
                f"neighbours depth {depth}: p50 / p99",
                f"{percentile(times, 50):.2f} / {percentile(times, 99):.2f} ms",
                note=f"{len(times):,} queries, max {max(times):.1f} ms",
            )
        )
    times = [t * 1000 for t in q["search"]]
    section.figures.append(
        Figure(
            "search (name prefix): p50 / p99",
            f"{percentile(times, 50):.2f} / {percentile(times, 99):.2f} ms",
            note=f"{len(times):,} queries, max {max(times):.1f} ms; "
            f"the first search (builds the index) {q['first_search'][0] * 1000:,.0f} ms",
        )
    )
    return section


def main(argv: list[str]) -> None:
    p = argparse.ArgumentParser(prog="python -m bench.embedded", description="One measurement, as JSON.")
    p.add_argument("what", choices=("load", "open", "query"))
    p.add_argument("--spec", default="{}")
    p.add_argument("--dir", type=Path, required=True)
    p.add_argument("--count", type=int, default=1000)
    p.add_argument("--seed", type=int, default=8)
    p.add_argument("--budget", type=float, default=float("inf"))
    p.add_argument("--batch", action="store_true", help="one write_documents call")
    a = p.parse_args(argv)
    spec = GraphSpec(**json.loads(a.spec))
    if a.what == "load":
        result: dict = child_load(spec, a.dir, a.budget, a.batch)
    elif a.what == "open":
        result = child_open(a.dir)
    else:
        result = child_query(spec, a.dir, a.count, a.seed)
    print(json.dumps(result))


if __name__ == "__main__":
    main(sys.argv[1:])
