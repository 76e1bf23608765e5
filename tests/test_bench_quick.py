"""The benchmark harness keeps working: `python -m bench --quick` runs every benchmark and writes them all.

A smoke test of the harness, not of speed: it checks that each section was measured (not failed,
not skipped) and that the figures a reader looks for are there; it asserts nothing about timings.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parent.parent
# The headings bench/__main__.py writes, one per benchmark (bench/ is run as a module, not installed).
SECTIONS = {
    "extraction": "Extraction throughput",
    "formats": "Reading published formats",
    "embedded": "Embedded store (NetworkX)",
    "neo4j": "Neo4j store: batched vs naive load",
    "api": "HTTP API under load",
    "profile": "Profiles of the slowest paths",
}

pytestmark = pytest.mark.neo4j


@pytest.fixture(scope="module")
def quick_results(neo4j_settings, tmp_path_factory: pytest.TempPathFactory) -> tuple[int, str, str, Path]:
    """Exit status, RESULTS text, stderr and RESULTS path of one quick run against the test suite's Neo4j."""
    folder = tmp_path_factory.mktemp("bench")
    out = folder / "RESULTS.md"
    env = {**os.environ, "NEO4J_URI": neo4j_settings.neo4j_uri}
    proc = subprocess.run(
        [sys.executable, "-m", "bench", "--quick", "--cache", str(folder / "cache"), "--out", str(out)],
        cwd=REPO_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    return proc.returncode, out.read_text(encoding="utf-8") if out.exists() else "", proc.stderr, out


def test_quick_run_completes_and_writes_results(quick_results: tuple[int, str, str, Path]) -> None:
    code, text, stderr, _ = quick_results
    assert code == 0, stderr[-3000:]
    assert text.startswith("# Benchmark results")
    assert "## Machine" in text and "Neo4j Kernel 5." in text
    reproduce = text.split("## Reproduce\n", 1)[1].split("\n## ", 1)[0]
    assert ".venv/bin/python -m bench --quick" in reproduce, "the command that wrote the file, to run again"


@pytest.mark.parametrize("key", SECTIONS)
def test_every_benchmark_has_a_measured_section(quick_results: tuple[int, str, str, Path], key: str) -> None:
    _, text, stderr, _ = quick_results
    heading = f"## {SECTIONS[key]}\n"
    assert heading in text, stderr[-2000:]
    body = text.split(heading, 1)[1].split("\n## ", 1)[0]
    assert "Skipped:" not in body, body
    assert "| figure | value |" in body or "```" in body, body


@pytest.mark.parametrize(
    "figure",
    [
        "load_text / jieba",
        "peak RSS",
        "neighbours depth 1: p50 / p99",
        "batched vs naive, whole graph",
        "embedded related: p50 / p99",
        "neo4j search: p50 / p99",
        "embedded related / trivial throughput",
        "extraction: two-column text PDF (5 pages)",
        "OCR: four-column newspaper page, PNG (OCR)",
    ],
)
def test_results_name_each_target_figure(quick_results: tuple[int, str, str, Path], figure: str) -> None:
    assert figure in quick_results[1]


def test_api_figures_say_what_cpu_each_request_took(quick_results: tuple[int, str, str, Path]) -> None:
    """The reason a latency target is missed on a small machine: the CPU per request, by process."""
    lines = quick_results[1].splitlines()
    related = next(line for line in lines if line.startswith("| embedded related: p50"))
    assert "CPU per request: API" in related and "load generator" in related


def test_results_can_be_written_again_from_their_data(quick_results: tuple[int, str, str, Path]) -> None:
    """`--render` rewrites RESULTS.md from RESULTS.json (after FINDINGS.md is edited) without measuring."""
    _, text, _, out = quick_results
    assert out.with_suffix(".json").is_file()
    out.write_text("stale", encoding="utf-8")
    proc = subprocess.run(
        [sys.executable, "-m", "bench", "--render", "--out", str(out)],
        cwd=REPO_ROOT, capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    assert out.read_text(encoding="utf-8") == text


def test_only_one_section_replaces_that_section_of_the_full_run_and_keeps_the_others(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.syspath_prepend(str(REPO_ROOT))  # bench/ is run as a module, not installed
    from bench.__main__ import _merged
    from bench.report import Figure, Run, Section

    def section(key: str, value: str) -> Section:
        return Section(key, key, figures=[Figure("f", value)])

    full = Run("python -m bench", ["CPU: x"], 900, "then", [section("extraction", "1"), section("api", "2")])
    again = Run(
        "python -m bench --only formats --only api",
        ["Load average (1/5/15 min) at the start: 1 / 1 / 1"],
        60,
        "now",
        [section("formats", "3"), section("api", "4")],
    )
    merged = _merged(full, again)
    assert [(s.key, s.figures[0].value) for s in merged.sections] == [
        ("extraction", "1"),
        ("formats", "3"),
        ("api", "4"),
    ]
    assert (merged.command, merged.written) == ("python -m bench", "then")
    assert "--only formats" in merged.sections[1].notes[-1] and "now" in merged.sections[1].notes[-1]
    assert merged.sections[0].notes == []
    quick = Run("python -m bench --quick", [], 30, "then", [section("extraction", "1")])
    assert _merged(quick, again) is again  # a quick run is not kept as the full results
