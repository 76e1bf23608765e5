"""Extraction throughput: ``load_text`` against ``jieba.lcut`` on the same texts, same run.

Three inputs: the seed report repeated to 5 MB *as many documents* (one ``load_text`` call per
copy: how users load years of reports), the same bytes *as one text* (a stress test of layout
recovery on a huge page, in a subprocess with a time limit), and the synthetic corpora.
Runs of the loader and of jieba alternate so that noise from other processes hits both alike.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

from bench.config import BenchConfig
from bench.corpus import cached_corpus
from bench.report import Figure, Section, median, ratio_figure

KIB = 1024
TARGET_RATIO = 0.5


def seed_text() -> str:
    from settings import SAMPLE_REPORT

    return SAMPLE_REPORT.read_text(encoding="utf-8")


def seed_copies(total_bytes: int) -> list[str]:
    """The seed report, repeated until the copies hold at least ``total_bytes`` of UTF-8."""
    text = seed_text()
    n = -(-total_bytes // len(text.encode("utf-8")))
    return [text] * n


def _load_all(texts: list[str], names: list[str], entities: set[str], budget: float, done: list[int]) -> None:
    """``load_text`` the texts until ``budget`` seconds have passed; collect the entity ids found.

    Appends to ``done`` how many texts were loaded (structure nodes are not entities).
    """
    from graph.core.model import STRUCTURE_LABELS
    from loaders.report import clear_caches, load_text

    clear_caches()  # each run reads the texts as new: nothing memoised from the previous run
    t = time.perf_counter()
    n = 0
    for text, name in zip(texts, names, strict=True):
        graph = load_text(text, name)
        entities.update(n.id for n in graph.nodes if n.label not in STRUCTURE_LABELS)
        n += 1
        if time.perf_counter() - t > budget:
            break
    done.append(n)


def _jieba_all(texts: list[str]) -> None:
    import jieba

    for text in texts:
        jieba.lcut(text)


def _timed(fn: Callable[[], None]) -> tuple[float, float]:
    """Wall-clock and CPU seconds of ``fn()`` (CPU time shows what other processes took from us)."""
    t, c = time.perf_counter(), time.process_time()
    fn()
    return time.perf_counter() - t, time.process_time() - c


def _warm_up() -> None:
    """Load jieba's dictionary and the loader's lexicons before any timing."""
    import jieba

    from loaders.report import load_text

    jieba.initialize()
    load_text(seed_text(), "warm-up")


def compare(texts: list[str], names: list[str], runs: int, budget: float = float("inf")) -> dict[str, float]:
    """Median KB/s of the loader and of jieba over ``runs`` alternating runs, and their ratio.

    With a ``budget``, the first run decides how many texts are measured (those it loaded in time).
    """
    loader, jieba_ = [], []
    entities: set[str] = set()
    done: list[int] = []
    for _ in range(runs):
        loader.append(_timed(partial(_load_all, texts, names, entities, budget, done)))
        texts, names, budget = texts[: done[0]], names[: done[0]], float("inf")
        jieba_.append(_timed(partial(_jieba_all, texts)))
    size = sum(len(t.encode("utf-8")) for t in texts)
    lk, jk = size / KIB / median([w for w, _ in loader]), size / KIB / median([w for w, _ in jieba_])
    cpu_ratio = median([c for _, c in jieba_]) / median([c for _, c in loader])
    return {
        "bytes": size,
        "loader_kbs": lk,
        "jieba_kbs": jk,
        "ratio": lk / jk,
        "cpu_ratio": cpu_ratio,
        "entities": len(entities),
        "documents": len(texts),
    }


def _ratio_figure(
    name: str, r: dict[str, float], runs: int, extra: str = "", judged: bool = True
) -> list[Figure]:
    """load_text, jieba and their ratio; ``judged``: against the target (text the loader reads as new)."""
    mb = r["bytes"] / 2**20
    note = f"{mb:.2f} MiB, median of {runs} run{'s' if runs > 1 else ''}{extra}"
    return [
        Figure(
            f"{name}: load_text",
            f"{r['loader_kbs']:,.0f} KB/s",
            note=f"{note}; {r['entities']:,} distinct entities found",
        ),
        Figure(f"{name}: jieba.lcut", f"{r['jieba_kbs']:,.0f} KB/s", note=note),
        ratio_figure(
            f"{name}: load_text / jieba",
            r["ratio"],
            TARGET_RATIO if judged else None,
            note=f"wall-clock; by CPU time {r['cpu_ratio']:.2f}×"
            + ("" if judged else "; not judged: identical copies are not new text (see How)"),
        ),
    ]


PROFILED_DOCUMENTS = 200


def _module(filename: str) -> str | None:
    """``loaders/names.py`` for the project's files, the package for others; None for C code."""
    if not filename or filename.startswith("<"):
        return None
    path = Path(filename)
    for parent in path.parents:
        if parent.name == "loaders":
            return f"loaders/{path.relative_to(parent).as_posix()}"
        if parent.name == "site-packages":
            return path.relative_to(parent).parts[0]
    return "Python's standard library"


def _self_time(frame: Any, owner: str, out: Counter[str]) -> None:
    """Add each leaf of pyinstrument's call tree to its module; C code counts for the Python
    module that called it (a regex run by names.py is names.py's time)."""
    here = _module(frame.file_path or "") or owner
    if not frame.children:
        out[here] += frame.time
    for child in frame.children:
        _self_time(child, here, out)


def time_by_module(
    texts: list[str], names: list[str], ratio: float, what: str = "synthetic documents"
) -> Figure:
    """Where ``load_text``'s time goes: self time by module, sampled by pyinstrument (1 ms).

    ``ratio``: load_text / jieba measured on these texts; the note says what share of the loader's
    time would have to go to reach the target. A sampler, unlike cProfile, adds no cost per call,
    so call-heavy code is not overstated.
    """
    from pyinstrument import Profiler

    from loaders.report import clear_caches, load_text

    clear_caches()
    profiler = Profiler(interval=0.001)
    profiler.start()
    for text, name in zip(texts, names, strict=True):
        load_text(text, name)
    session = profiler.stop()
    by_module: Counter[str] = Counter()
    _self_time(session.root_frame(), "(the benchmark)", by_module)
    total = sum(by_module.values()) or 1.0
    top = by_module.most_common(6)
    needed = 1 - ratio / TARGET_RATIO  # at ratio r, load_text takes 1/r jieba-times; the target 2
    largest = top[0][1] / total
    # In units of jieba.lcut's time on the same texts: load_text takes 1 / ratio of them.
    in_jieba = f"{top[0][0]} alone takes {largest / ratio:.1f}× the time of jieba.lcut"
    verdict = (
        f"the largest part is {largest:.0%} ({in_jieba}): no single part, made free, would get there"
        if largest < needed
        else f"the largest part is {largest:.0%} ({in_jieba})"
    )
    return Figure(
        f"where load_text's time goes ({len(texts)} {what}, pyinstrument)",
        "; ".join(f"{m} {t / total:.0%}" for m, t in top),
        note=f"self time by module, C code counted for the module that called it. At {ratio:.2f}× "
        f"jieba, reaching {TARGET_RATIO}× means cutting {needed:.0%} of load_text's time; " + verdict,
    )


def one_text_child(total_bytes: int) -> None:
    """In a subprocess: time ``load_text`` and ``jieba.lcut`` on the seed repeated as ONE text."""
    import jieba

    from loaders.report import load_text

    _warm_up()
    text = "\n".join(seed_copies(total_bytes))
    jieba_s, jieba_cpu = _timed(lambda: jieba.lcut(text))
    size = len(text.encode("utf-8"))
    print(json.dumps({"bytes": size, "jieba_s": jieba_s, "jieba_cpu": jieba_cpu}), flush=True)
    loader_s, loader_cpu = _timed(lambda: load_text(text, "seed-as-one-text"))
    print(json.dumps({"loader_s": loader_s, "loader_cpu": loader_cpu}), flush=True)


def _one_text(cfg: BenchConfig) -> tuple[list[Figure], list[str]]:
    cmd = [sys.executable, "-m", "bench.extraction", str(cfg.seed_bytes)]
    try:
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=cfg.one_text_timeout)
        stdout, failed = proc.stdout, proc.returncode != 0
    except subprocess.TimeoutExpired as exc:
        out = exc.stdout or b""
        stdout, failed = (out.decode() if isinstance(out, bytes) else out), False
    lines = [json.loads(line) for line in stdout.splitlines() if line.startswith("{")]
    result: dict[str, float] = {}
    for line in lines:
        result.update(line)
    if "jieba_s" not in result:
        return [], [f"The one-text run failed before measuring: {stdout[-300:]}"]
    kib = result["bytes"] / KIB
    jk = kib / result["jieba_s"]
    figures = [Figure("seed as one text: jieba.lcut", f"{jk:,.0f} KB/s", note="1 run (long)")]
    if "loader_s" in result:
        lk = kib / result["loader_s"]
        figures += [
            Figure("seed as one text: load_text", f"{lk:,.0f} KB/s", note="1 run (long)"),
            ratio_figure(
                "seed as one text: load_text / jieba",
                lk / jk,
                TARGET_RATIO,
                note=f"wall-clock; by CPU time {result['jieba_cpu'] / result['loader_cpu']:.2f}×",
            ),
        ]
        return figures, []
    reason = "failed" if failed else f"did not finish within {cfg.one_text_timeout:.0f} s"
    lower = kib / cfg.one_text_timeout
    figures.append(
        Figure(
            "seed as one text: load_text",
            f"< {lower:,.0f} KB/s",
            target=f"≥ {TARGET_RATIO}× jieba",
            met=False,
            note=f"{reason} on {kib / KIB:.1f} MiB as one text",
        )
    )
    return figures, [f"`load_text` on the seed repeated as one {kib / KIB:.1f} MiB text {reason}."]


def run(cfg: BenchConfig) -> Section:
    section = Section("extraction", "Extraction throughput")
    section.method = [
        "KB = 1024 bytes of UTF-8; time is wall-clock around the calls (perf_counter), after a warm-up "
        "call that loads jieba's dictionary and the loader's lexicons.",
        f"Seed (15 KB) repeated to {cfg.seed_bytes / 2**20:.1f} MiB *as many documents*: one "
        "`load_text(text, name)` per copy, and one `jieba.lcut(text)` per copy.",
        "The same bytes *as one text*: one call each, in a subprocess with a time limit.",
        "Synthetic corpora (bench/corpus.py): one call per document. Loader and jieba runs alternate.",
        "Caches: the loader memoises across texts jieba's words and tags of each span (by its "
        "characters), the HMM's reading of unknown character stretches, display names, identity keys "
        "and OCR line widths (`loaders.report.clear_caches` lists them). "
        "Every loader run starts with them cleared, so each run of a corpus reads it as new text; "
        "within a run, identical seed copies after the first are mostly served from them, so the seed "
        "×N figures overstate throughput on new text and are not judged: the synthetic corpora and the "
        "seed as one text are the figures to read.",
    ]
    _warm_up()
    copies = seed_copies(cfg.seed_bytes)
    r = compare(copies, [f"seed-copy-{k}" for k in range(len(copies))], cfg.runs)
    section.figures += _ratio_figure(f"seed ×{len(copies)} documents", r, cfg.runs, judged=False)
    figures, notes = _one_text(cfg)
    section.figures += figures
    section.notes += notes
    for k, size in enumerate(cfg.corpus_sizes):
        docs = cached_corpus(size, cfg.cache, cfg.seed)
        largest = k == len(cfg.corpus_sizes) - 1 and k > 0
        runs = cfg.corpus_runs_large if largest else cfg.runs
        extra = " (long: fewer runs)" if runs < cfg.runs else ""
        # The largest corpus is too long to load whole here: the documents the loader gets through in
        # the budget are measured, and jieba on exactly those.
        budget = cfg.corpus_budget if largest else float("inf")
        r = compare([d.text for d in docs], [d.document for d in docs], runs, budget)
        if r["documents"] < size:
            extra += f"; the first {r['documents']:,} of {size:,} documents (loaded in {budget:.0f} s)"
        section.figures += _ratio_figure(f"synthetic corpus {size:,} documents", r, runs, extra)
        if k == 0:
            some = docs[:PROFILED_DOCUMENTS]
            texts, names = [d.text for d in some], [d.document for d in some]
            section.figures.append(time_by_module(texts, names, r["cpu_ratio"]))
    return section


if __name__ == "__main__":
    one_text_child(int(sys.argv[1]))
