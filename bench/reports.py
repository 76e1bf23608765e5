"""Extraction throughput on real reports: ``load_report`` against ``jieba.lcut`` on the 135
full-length Shenzhen work reports (``../shared/corpus/reports-shenzhen/``), with and without the CRF
stage, and where the loader's CPU time goes on them (by stage and by module).

``load_report(path)`` is what ``kg extract report.txt`` runs; jieba reads the same texts as read from
the files. The machine is shared, so the figures judged are CPU time (``time.process_time``), with
wall-clock beside them, and the runs interleave: loader with the CRF, jieba, loader without, jieba.
"""

from __future__ import annotations

import os
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import wraps
from pathlib import Path
from typing import Any

from bench.config import BENCH_DIR, BenchConfig
from bench.extraction import KIB, TARGET_RATIO, time_by_module
from bench.report import Figure, Section, median, ratio_figure

QUICK_REPORTS = 3


def reports_dir() -> Path:
    """``../shared/corpus/reports-shenzhen`` beside the clone, or under ``KG_SHARED_DIR``."""
    shared = Path(os.environ.get("KG_SHARED_DIR") or BENCH_DIR.parent.parent / "shared")
    return shared / "corpus" / "reports-shenzhen"


@contextmanager
def crf_stage(on: bool) -> Iterator[None]:
    """The CRF stage as shipped, or switched off (a threshold no marginal reaches)."""
    from loaders.stages import crf

    saved = crf.settings
    crf.settings = saved if on else crf.Settings(model=saved.model, threshold=2.0)
    try:
        yield
    finally:
        crf.settings = saved


def _timed(fn: Callable[[], None]) -> tuple[float, float]:
    t, c = time.perf_counter(), time.process_time()
    fn()
    return time.perf_counter() - t, time.process_time() - c


def _load_all(paths: list[Path]) -> None:
    from loaders.report import clear_caches, load_report

    clear_caches()  # each run reads the reports as new: nothing memoised from the previous run
    for path in paths:
        load_report(path)


def _jieba_all(texts: list[str]) -> None:
    import jieba

    for text in texts:
        jieba.lcut(text)


def compare(paths: list[Path], texts: list[str], runs: int) -> dict[str, list[tuple[float, float]]]:
    """(wall, CPU) seconds of each run: the loader with and without the CRF stage, and jieba."""
    out: dict[str, list[tuple[float, float]]] = {"crf": [], "no crf": [], "jieba": []}
    for _ in range(runs):
        with crf_stage(True):
            out["crf"].append(_timed(lambda: _load_all(paths)))
        out["jieba"].append(_timed(lambda: _jieba_all(texts)))
        with crf_stage(False):
            out["no crf"].append(_timed(lambda: _load_all(paths)))
        out["jieba"].append(_timed(lambda: _jieba_all(texts)))
    return out


def _median_pair(times: list[tuple[float, float]]) -> tuple[float, float]:
    return median([w for w, _ in times]), median([c for _, c in times])


# What load_report does, in order: the functions timed by stage (module, attribute, label).
_PHASES = (
    ("loaders.formats", "read", "read the file"),
    ("loaders.report", "document_date", "date"),
    ("loaders.report", "repair", "repair (clean text)"),
    ("loaders.report", "recover_structure", "layout"),
    ("loaders.report", "extract_events", "events"),
)


def _stage_label(fn: Callable[..., Any]) -> str:
    return f"stage {fn.__name__}"


def time_by_stage(paths: list[Path]) -> tuple[Counter[str], list[tuple[float, str]]]:
    """CPU seconds of each phase and extraction stage over ``paths`` (CRF on), and of each report."""
    import importlib

    from loaders import entities
    from loaders.report import clear_caches, load_report

    spent: Counter[str] = Counter()

    def timed(fn: Callable[..., Any], label: str) -> Callable[..., Any]:
        @wraps(fn)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            c = time.process_time()
            try:
                return fn(*args, **kwargs)
            finally:
                spent[label] += time.process_time() - c

        return wrapper

    saved: list[tuple[Any, str, Any]] = []
    for module_name, attr, label in _PHASES:
        module = importlib.import_module(module_name)
        saved.append((module, attr, getattr(module, attr)))
        setattr(module, attr, timed(getattr(module, attr), label))
    saved.append((entities, "STAGES", entities.STAGES))
    entities.STAGES = tuple(timed(s, _stage_label(s)) for s in entities.STAGES)
    per_report: list[tuple[float, str]] = []
    try:
        clear_caches()
        with crf_stage(True):
            for path in paths:
                c = time.process_time()
                load_report(path)
                per_report.append((time.process_time() - c, path.name))
    finally:
        for module, attr, value in saved:
            setattr(module, attr, value)
    spent["other (graph document, sorting, provenance)"] = sum(c for c, _ in per_report) - sum(spent.values())
    return spent, per_report


def run(cfg: BenchConfig) -> Section:
    section = Section("reports", "Extraction on the Shenzhen reports")
    folder = reports_dir()
    paths = sorted(folder.glob("*.txt"))
    if not paths:
        section.skipped = f"{folder} not found (set KG_SHARED_DIR to the shared folder)"
        return section
    if cfg.quick:
        paths = paths[:QUICK_REPORTS]
    import jieba

    from loaders.formats import read
    from loaders.report import load_report

    texts = [read(p).text for p in paths]
    size = sum(len(t.encode("utf-8")) for t in texts)
    chars = sum(len(t) for t in texts)
    runs = cfg.runs
    section.method = [
        f"{len(paths)} government work reports ({size / 2**20:.2f} MiB of UTF-8, {chars:,} characters; "
        "Shenzhen's districts, Shenzhen, Guangdong, 2014–2025) never used to write the rules. "
        "KB = 1024 bytes.",
        "Loader: `load_report(path)` per report, as `kg extract` reads a .txt (format detection, "
        "date, repair, layout, entities, events), its caches cleared before each run. jieba: "
        "`jieba.lcut(text)` of the same texts as read. After a warm-up load of one report.",
        f"Median of {runs} interleaved rounds (loader with the CRF stage, jieba, loader without it, "
        "jieba). The ratio judged is by CPU time (`time.process_time`): the machine is shared, and "
        "wall-clock also counts the time other processes took; wall-clock is in the note.",
        "Without the CRF stage: `loaders.stages.crf.settings` with a threshold no marginal reaches "
        "(the stage tags nothing and returns at once).",
    ]
    from loaders.ocr import word_spans_break

    jieba.initialize()
    word_spans_break("水", "平")  # OCR repair's own jieba loads its dictionary on first use
    load_report(paths[0])
    times = compare(paths, texts, runs)
    jw, jc = _median_pair(times["jieba"])
    note = f"{size / 2**20:.2f} MiB, median of {runs} rounds"
    for key, title in (("crf", "with the CRF stage"), ("no crf", "without the CRF stage")):
        lw, lc = _median_pair(times[key])
        section.figures += [
            Figure(
                f"Shenzhen reports: load_report, {title}",
                f"{size / KIB / lc:,.0f} KB/s CPU",
                note=f"{note}; wall-clock {size / KIB / lw:,.0f} KB/s; {lc:.1f} s CPU",
            ),
            ratio_figure(
                f"Shenzhen reports: load_report / jieba, {title} (CPU time)",
                jc / lc,
                TARGET_RATIO if key == "crf" else None,
                note=f"wall-clock {jw / lw:.2f}×",
            ),
        ]
    section.figures.insert(
        0,
        Figure(
            "Shenzhen reports: jieba.lcut",
            f"{size / KIB / jc:,.0f} KB/s CPU",
            note=f"{note}; wall-clock {size / KIB / jw:,.0f} KB/s; {jc:.1f} s CPU",
        ),
    )
    crf_share = 1 - _median_pair(times["no crf"])[1] / _median_pair(times["crf"])[1]
    section.figures.append(
        Figure("Shenzhen reports: CRF stage's share of load_report's CPU time", f"{crf_share:.0%}")
    )
    spent, per_report = time_by_stage(paths)
    total = sum(spent.values()) or 1.0
    section.figures.append(
        Figure(
            "where load_report's CPU time goes, by stage",
            "; ".join(f"{k} {v / total:.0%}" for k, v in spent.most_common()),
            note=f"{total:.1f} s CPU in one run with the CRF stage; jieba.lcut on the same texts: "
            f"{jc:.1f} s. A stage's share includes the segmentation it asks for (the words and "
            "tags of the spans it reads are computed lazily, where first read)",
        )
    )
    slowest, name = max(per_report)
    section.figures.append(
        Figure(
            "slowest report: load_report",
            f"{slowest:.2f} s CPU",
            target="≤ 2 s",
            met=slowest <= 2.0,
            note=f"{name}; median report {median([c for c, _ in per_report]):.2f} s",
        )
    )
    with crf_stage(True):
        ratio = jc / _median_pair(times["crf"])[1]
        section.figures.append(time_by_module(texts, [p.stem for p in paths], ratio, "Shenzhen reports"))
    return section
