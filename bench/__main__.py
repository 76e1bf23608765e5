"""``python -m bench``: run the benchmarks and write bench/RESULTS.md.

python -m bench                      # full run (~15 min; starts a private Neo4j on 7692/7479)
python -m bench --quick --out /tmp/r.md   # small sizes, < 1 min, Neo4j from NEO4J_URI if it answers
python -m bench --only embedded --out /tmp/e.md
python -m bench --render             # RESULTS.md again from RESULTS.json, with the current FINDINGS.md
"""

from __future__ import annotations

import argparse
import importlib.util
import sys
import time
import traceback
from collections.abc import Callable
from pathlib import Path

from bench.config import BENCH_DIR, CACHE_DIR, BenchConfig
from bench.report import Run, Section, load_average, machine, written_now

# The bench extra's packages (psutil for memory, pyinstrument for profiles, httpx for the API load),
# checked up front: a missing one would otherwise surface as a traceback minutes into a run.
BENCH_PACKAGES = ("psutil", "pyinstrument", "httpx")
SECTIONS = ("extraction", "reports", "formats", "embedded", "neo4j", "api", "profile")
TITLES = {
    "extraction": "Extraction throughput",
    "reports": "Extraction on the Shenzhen reports",
    "formats": "Reading published formats",
    "embedded": "Embedded store (NetworkX)",
    "neo4j": "Neo4j store: batched vs naive load",
    "api": "HTTP API under load",
    "profile": "Profiles of the slowest paths",
}


def _timed(key: str, work: Callable[[], Section]) -> Section:
    """Run one benchmark; a failure becomes a section that says so (the others still run)."""
    t = time.perf_counter()
    print(f"bench: {key} …", file=sys.stderr, flush=True)
    try:
        section = work()
    except Exception as exc:
        traceback.print_exc()
        section = Section(key, TITLES[key], skipped=f"FAILED: {exc.__class__.__name__}: {exc}")
    section.seconds = time.perf_counter() - t
    print(f"bench: {key} done in {section.seconds:.0f} s", file=sys.stderr, flush=True)
    return section


def run(cfg: BenchConfig, only: list[str]) -> tuple[list[Section], str | None]:
    from bench import api_load, embedded, extraction, formats, neo4j_load, neo4j_server, profile, reports

    sections: list[Section] = []
    if "extraction" in only:
        sections.append(_timed("extraction", lambda: extraction.run(cfg)))
    if "reports" in only:
        sections.append(_timed("reports", lambda: reports.run(cfg)))
    if "formats" in only:
        sections.append(_timed("formats", lambda: formats.run(cfg)))
    if "embedded" in only:
        sections.append(_timed("embedded", lambda: embedded.run(cfg)))
    neo4j_version = None
    if "neo4j" in only or "api" in only:
        # Started only now, and stopped before the profiles, so it idles through no other measurement.
        target = neo4j_server.connect(cfg)
        if not isinstance(target, str):
            neo4j_version = target.version
        try:
            graph_in_neo4j = False
            if "neo4j" in only:
                s = _timed("neo4j", lambda: neo4j_load.run(cfg, target))
                graph_in_neo4j = not s.skipped
                sections.append(s)
            if "api" in only:

                def api() -> Section:
                    store_dir = embedded.ensure_store(cfg)
                    if not isinstance(target, str) and not graph_in_neo4j:
                        neo4j_load.load_full(target, cfg.graph)
                    return api_load.run(cfg, store_dir, target)

                sections.append(_timed("api", api))
        finally:
            if not isinstance(target, str):
                if not target.private:
                    neo4j_server.remove_documents(target, neo4j_load.document_ids(cfg.graph))
                neo4j_server.stop(target)
    if "profile" in only:
        sections.append(_timed("profile", lambda: profile.run(cfg)))
    order = {key: k for k, key in enumerate(SECTIONS)}
    return sorted(sections, key=lambda s: order[s.key]), neo4j_version


def _merged(saved: Run, partial: Run) -> Run:
    """A full run's results with the sections of a later ``--only`` run put in (replacing their own).

    So one section can be measured again (or a new one added) without the 15 minutes of the rest;
    each section measured later says by which command, when, and under what load.
    """
    if any(flag in saved.command for flag in ("--quick", "--medium")):
        return partial  # nothing full to keep
    load = next((line for line in partial.machine if line.startswith("Load average")), "")
    by_key = {s.key: s for s in saved.sections}
    for section in partial.sections:
        section.notes.append(
            f"Measured separately by `{partial.command}` on {partial.written}. {load}".strip()
        )
        by_key[section.key] = section
    order = {key: k for k, key in enumerate(SECTIONS)}
    sections = sorted(by_key.values(), key=lambda s: order.get(s.key, len(order)))
    return Run(saved.command, saved.machine, saved.seconds, saved.written, sections)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m bench", description=__doc__.split("\n")[0])
    p.add_argument("--quick", action="store_true", help="small sizes, under a minute (CI)")
    p.add_argument(
        "--medium", action="store_true", help="a fifth of the sizes: the harness at scale (~6 min)"
    )
    p.add_argument("--only", action="append", choices=SECTIONS, help="run only this benchmark (repeatable)")
    p.add_argument(
        "--neo4j",
        choices=("private", "env"),
        help="private: start the bench's own server (7692/7479, default of the full run); "
        "env: the server of NEO4J_URI (default of --quick)",
    )
    p.add_argument(
        "--cache", type=Path, default=CACHE_DIR, help="generated corpora, store files, profiles (bench/out)"
    )
    p.add_argument(
        "--out", type=Path, default=BENCH_DIR / "RESULTS.md",
        help="where to write the results (and the same figures as data, with the suffix .json)",
    )  # fmt: skip
    p.add_argument(
        "--render", action="store_true",
        help="measure nothing: write --out again from its .json (after editing bench/FINDINGS.md)",
    )  # fmt: skip
    args = p.parse_args(argv)
    missing = [name for name in BENCH_PACKAGES if importlib.util.find_spec(name) is None]
    if missing and not args.render:
        print(f"bench: needs {', '.join(missing)}: pip install -e '.[bench]'", file=sys.stderr)
        return 1
    data_file = args.out.with_suffix(".json")
    findings_file = BENCH_DIR / "FINDINGS.md"
    if args.render:
        if not data_file.is_file():
            p.error(f"{data_file} does not exist: run the benchmarks first")
        saved = Run.from_json(data_file.read_text(encoding="utf-8"))
        full = not any(flag in saved.command for flag in ("--quick", "--medium"))
        findings = findings_file.read_text(encoding="utf-8") if full and findings_file.is_file() else ""
        args.out.write_text(saved.render(findings), encoding="utf-8")
        print(f"bench: wrote {args.out} from {data_file}", file=sys.stderr)
        return 0
    private = None if args.neo4j is None else args.neo4j == "private"
    mode = "quick" if args.quick else "medium" if args.medium else "full"
    cfg = BenchConfig.for_mode(mode, cache=args.cache, private_neo4j=private)
    only = args.only or list(SECTIONS)
    command = "python -m bench" + (" " + " ".join(argv if argv is not None else sys.argv[1:])).rstrip()
    load_at_start = load_average()
    t = time.perf_counter()
    sections, neo4j_version = run(cfg, only)
    machine_lines = machine(neo4j_version, load_at_start)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    # What the numbers mean, written by hand after a full run; quick runs are smoke tests, left bare.
    findings = findings_file.read_text(encoding="utf-8") if findings_file.is_file() and mode == "full" else ""
    done = Run(command, machine_lines, time.perf_counter() - t, written_now(), sections)
    if args.only and mode == "full" and data_file.is_file():
        done = _merged(Run.from_json(data_file.read_text(encoding="utf-8")), done)
    data_file.write_text(done.to_json(), encoding="utf-8")
    args.out.write_text(done.render(findings), encoding="utf-8")
    print(f"bench: wrote {args.out} and {data_file}", file=sys.stderr)
    failed = [s.key for s in sections if s.skipped and s.skipped.startswith("FAILED")]
    if failed:
        print(f"bench: failed: {', '.join(failed)}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
