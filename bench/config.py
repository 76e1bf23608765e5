"""Sizes and durations of a benchmark run: the full run, a medium one, or the quick one CI runs."""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from bench.graphs import FULL, MEDIUM, QUICK, GraphSpec

BENCH_DIR = Path(__file__).resolve().parent
CACHE_DIR = BENCH_DIR / "out"  # generated corpora, store files, profiles (git-ignored)

# The private Neo4j server of the full run (ports no other engineer uses).
PRIVATE_NEO4J = {"NEO4J_BOLT_PORT": "7692", "NEO4J_HTTP_PORT": "7479", "KG_NEO4J_HOME": "/tmp/neo4j-bench"}


@dataclass(frozen=True)
class BenchConfig:
    """What one run measures and how long it may take."""

    quick: bool  # sizes too small for the targets: figures are shown, not judged
    cache: Path = CACHE_DIR
    seed: int = 2021
    runs: int = 3  # runs per figure; the median is reported
    seed_bytes: int = 5 * 2**20  # the seed report repeated to this size
    one_text_timeout: float = 120.0  # the seed repeated as ONE text: give up after this
    corpus_sizes: tuple[int, ...] = (1000, 10000)
    corpus_runs_large: int = 1  # runs on the largest corpus (long)
    corpus_budget: float = 90.0  # seconds of loading: how much of the largest corpus is measured
    graph: GraphSpec = FULL
    load_budget: float = 60.0  # seconds before a load of many documents is stopped, extrapolated
    neighbour_queries: int = 2000
    # Documents of the graph loaded row by row (then extrapolated), and batched for the same-data
    # ratio: one (600 relationships, ~0.2 s batched) gave 16-44× from run to run.
    naive_documents: int = 3
    api_seconds: float = 30.0
    api_clients: int = 32
    api_workers: int = 2  # the embedded store is measured again with this many server processes (1: not)
    private_neo4j: bool = True  # start the private server; quick mode uses NEO4J_URI instead

    @classmethod
    def for_mode(cls, mode: str, cache: Path = CACHE_DIR, private_neo4j: bool | None = None) -> BenchConfig:
        """The ``full``, ``medium`` or ``quick`` configuration.

        ``private_neo4j`` overrides which Neo4j server is used (quick: NEO4J_URI; others: private).
        """
        cfg = MODES[mode](cache)
        return cfg if private_neo4j is None else replace(cfg, private_neo4j=private_neo4j)


def _full(cache: Path) -> BenchConfig:
    return BenchConfig(quick=False, cache=cache)


def _medium(cache: Path) -> BenchConfig:
    """A fifth of the graph, a fifth of the seed bytes, short loads: the harness at scale, ~6 min."""
    return BenchConfig(
        quick=False,
        cache=cache,
        seed_bytes=2**20,
        one_text_timeout=60.0,
        corpus_sizes=(100, 1000),
        corpus_budget=20.0,
        graph=MEDIUM,
        load_budget=30.0,
        neighbour_queries=500,
        naive_documents=1,
        api_seconds=5.0,
    )


def _quick(cache: Path) -> BenchConfig:
    """Small sizes, under a minute: CI runs it so that the benchmarks keep working."""
    return BenchConfig(
        quick=True,
        cache=cache,
        runs=1,  # quick mode checks that the harness works; its figures are not the record
        seed_bytes=100 * 2**10,
        one_text_timeout=30.0,
        corpus_sizes=(20,),
        graph=QUICK,
        neighbour_queries=200,
        naive_documents=1,
        api_seconds=2.0,
        api_workers=1,
        private_neo4j=False,
    )


MODES = {"full": _full, "medium": _medium, "quick": _quick}
