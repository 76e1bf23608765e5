"""Profiles (pyinstrument) of the paths the measurements show slow: where the time goes.

- ``embedded-write``: ``EmbeddedStore.write_document`` of a few small documents into a store that
  already holds a larger graph (the cost of each write of a many-document load);
- ``embedded-search``: ``search`` on the embedded store holding the whole graph (the API's slowest route);
- ``extraction``: ``load_text`` on copies of the seed report.

The full profile of each is written to ``bench/out/profile-NAME.txt``; RESULTS.md quotes its top.
"""

from __future__ import annotations

import shutil
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from urllib.parse import unquote

from bench.config import BenchConfig
from bench.graphs import GraphSpec, iter_documents
from bench.report import Section

TOP_LINES = 45


def _profile(work: Callable[[], None]) -> tuple[str, float]:
    from pyinstrument import Profiler

    profiler = Profiler(interval=0.001)
    t = time.perf_counter()
    profiler.start()
    work()
    profiler.stop()
    seconds = time.perf_counter() - t
    return profiler.output_text(unicode=True, color=False, show_all=False), seconds


def embedded_write(cfg: BenchConfig) -> tuple[str, str, float]:
    """Write 5 documents onto a store holding a base graph (a fifth of the benchmark graph)."""
    from graph.embedded.store import EmbeddedStore

    base = cfg.graph
    small = GraphSpec(
        nodes=base.nodes // 5, relationships=base.relationships // 5, documents=1,
        sections=(base.documents // 5) * (1 + base.sections) - 1, seed=base.seed,
    )  # fmt: skip
    extra = list(iter_documents(replace(base, seed=base.seed + 1)))[:5]
    folder = cfg.cache / "profile-embedded"
    shutil.rmtree(folder, ignore_errors=True)
    store = EmbeddedStore(folder / "graph.json")
    for doc in iter_documents(small):
        store.write_document(doc)

    def work() -> None:
        for doc in extra:
            store.write_document(doc)

    text, seconds = _profile(work)
    store.close()
    shutil.rmtree(folder, ignore_errors=True)
    what = (
        f"5 × `write_document` (graph documents of ~{base.nodes // base.documents} nodes) onto an "
        f"embedded store already holding {small.nodes:,} nodes / {small.relationships:,} relationships"
    )
    return what, text, seconds


def extraction(cfg: BenchConfig) -> tuple[str, str, float]:
    from bench.extraction import seed_text
    from loaders.report import load_text

    text = seed_text()
    load_text(text, "warm-up")
    copies = 3 if cfg.quick else 20

    def work() -> None:
        for k in range(copies):
            load_text(text, f"seed-copy-{k}")

    out, seconds = _profile(work)
    return f"{copies} × `load_text` of the seed report (15 KB)", out, seconds


def embedded_search(cfg: BenchConfig) -> tuple[str, str, float]:
    """``search`` on the embedded store holding the whole benchmark graph (the API's slowest route)."""
    from bench.api_paths import search_paths
    from bench.embedded import ensure_store
    from graph.embedded.store import EmbeddedStore

    store = EmbeddedStore(ensure_store(cfg) / "graph.json")
    queries = [unquote(p.split("=", 1)[1]) for p in search_paths(cfg.graph, 200, cfg.seed + 2)]
    store.search("哈尔滨")  # loads the graph and builds the search index, once per process: not profiled

    def work() -> None:
        for q in queries:
            store.search(q)

    out, seconds = _profile(work)
    store.close()
    what = (
        f"{len(queries)} × `EmbeddedStore.search` (name prefixes), {cfg.graph.nodes:,} nodes, "
        "after a first search has built the index"
    )
    return what, out, seconds


PATHS: dict[str, Callable[[BenchConfig], tuple[str, str, float]]] = {
    "embedded-write": embedded_write,
    "embedded-search": embedded_search,
    "extraction": extraction,
}


def _top(text: str) -> str:
    lines = [line for line in text.splitlines() if line.strip()]
    return "\n".join(lines[:TOP_LINES])


def run(cfg: BenchConfig, out_dir: Path | None = None) -> Section:
    section = Section("profile", "Profiles of the slowest paths")
    folder = out_dir or cfg.cache
    folder.mkdir(parents=True, exist_ok=True)
    section.method = [
        "pyinstrument (1 ms sampling), wall-clock; the full text of each profile is in "
        "bench/out/profile-NAME.txt (not committed); the top of each call tree is below."
    ]
    for name, path in PATHS.items():
        what, text, seconds = path(cfg)
        (folder / f"profile-{name}.txt").write_text(text, encoding="utf-8")
        section.notes += [f"### {name}", "", f"{what}: {seconds:.2f} s under the profiler.", "", "```",
                          _top(text), "```", ""]  # fmt: skip
    return section
