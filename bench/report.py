"""What a benchmark returns (sections of figures with targets) and the RESULTS.md they make."""

from __future__ import annotations

import json
import os
import platform
import statistics
import subprocess
import sys
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path


@dataclass
class Figure:
    """One measured value, formatted, with its target and whether it was met (None: no target)."""

    name: str
    value: str
    target: str = ""
    met: bool | None = None
    note: str = ""


@dataclass
class Section:
    """The result of one benchmark. ``skipped`` says why it did not run (the section is still written)."""

    key: str
    title: str
    method: list[str] = field(default_factory=list)
    figures: list[Figure] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    skipped: str | None = None
    seconds: float = 0.0


def ratio_figure(name: str, ratio: float, floor: float | None, note: str = "", digits: int = 2) -> Figure:
    """A ratio (``0.21×``) judged against the ``floor`` it must reach; ``None``: shown, not judged."""
    return Figure(
        name,
        f"{ratio:.{digits}f}×",
        target="" if floor is None else f"≥ {floor:g}×",
        met=None if floor is None else ratio >= floor,
        note=note,
    )


def median(values: list[float]) -> float:
    return statistics.median(values)


def percentile(values: list[float], q: float) -> float:
    """The ``q``-th percentile (0-100) by the nearest-rank method."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    rank = max(1, min(len(ordered), round(q / 100 * len(ordered) + 0.5)))
    return ordered[rank - 1]


def extrapolate(times: list[float], total: int) -> float:
    """Seconds to write ``total`` documents, from the first ones: per-document time fitted as a + b·i."""
    n = len(times)
    if n >= total:
        return sum(times)
    if n < 3:
        return sum(times) / n * total
    xs = range(n)
    mx, my = (n - 1) / 2, sum(times) / n
    b = sum((x - mx) * (y - my) for x, y in zip(xs, times, strict=True)) / sum((x - mx) ** 2 for x in xs)
    a = my - b * mx
    return sum(max(a + b * i, 0.0) for i in range(total))


def _run(cmd: list[str]) -> str:
    try:
        return subprocess.run(cmd, capture_output=True, text=True, timeout=10).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return ""


def load_average() -> str:
    load = os.getloadavg() if hasattr(os, "getloadavg") else (float("nan"),) * 3
    return f"{load[0]:.2f} / {load[1]:.2f} / {load[2]:.2f}"


def machine(neo4j_version: str | None, load_at_start: str) -> list[str]:
    """Lines describing the machine the figures were measured on."""
    cpu = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        cpu = platform.processor()
    mem = ""
    try:
        import psutil

        mem = f"{psutil.virtual_memory().total / 2**30:.1f} GiB"
    except ImportError:
        pass
    wrk = _run(["wrk", "--version"]).splitlines()
    return [
        f"CPU: {cpu or 'unknown'}, {os.cpu_count()} logical cores; memory {mem or 'unknown'}",
        f"OS: {platform.platform()}",
        f"Python {sys.version.split()[0]} ({platform.python_implementation()})",
        f"Neo4j: {neo4j_version or 'not used in this run'}",
        f"Load generator: {wrk[0] if wrk else 'wrk not installed: Python httpx generator'}",
        f"Load average (1/5/15 min) at the start: {load_at_start}; at the end: {load_average()}",
    ]


def written_now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")


@dataclass
class Run:
    """A whole run as data (saved beside RESULTS.md as JSON): RESULTS.md can be written again from it
    with the current FINDINGS.md, without measuring again."""

    command: str
    machine: list[str]
    seconds: float
    written: str
    sections: list[Section]

    def to_json(self) -> str:
        return json.dumps(asdict(self), ensure_ascii=False, indent=1)

    @classmethod
    def from_json(cls, text: str) -> Run:
        data = json.loads(text)
        sections = [
            Section(**{**s, "figures": [Figure(**f) for f in s["figures"]]}) for s in data.pop("sections")
        ]
        return cls(**data, sections=sections)

    def render(self, findings: str = "") -> str:
        return render(self.sections, self.command, self.machine, self.seconds, findings, self.written)


def _met(m: bool | None) -> str:
    return "" if m is None else ("met" if m else "**not met**")


def reproduce(command: str) -> list[str]:
    """How to run this file's measurements again, from a clone (RESULTS.md's "Reproduce" section)."""
    return [
        "```sh",
        "python3 -m venv .venv && .venv/bin/pip install -e '.[bench]'  # and wrk: apt-get install wrk",
        f".venv/bin/{command}",
        "```",
        "",
        "`--only SECTION` runs one section, `--help` lists the options. Neo4j: a private server the bench "
        "starts on ports 7692/7479 (Java 17 and Maven, as for `scripts/neo4j`), or with `--quick` or "
        "`--neo4j env` the server of `NEO4J_URI`. Without wrk the API is loaded by `bench.load_client` "
        "(Python, httpx).",
    ]


def render(
    sections: list[Section],
    command: str,
    machine_lines: list[str],
    total_seconds: float,
    findings: str = "",
    written: str | None = None,
) -> str:
    """The Markdown of RESULTS.md; ``findings`` (bench/FINDINGS.md, written by hand) goes last.

    ``written``: when the run ended (default: now).
    """
    now = written or written_now()
    out = [
        "# Benchmark results",
        "",
        f"Written by `{command}` on {now}, in {total_seconds:.0f} s. Do not edit by hand: run it again.",
        "",
        "## Machine",
        "",
        *[f"- {line}" for line in machine_lines],
        "",
        "## Reproduce",
        "",
        *reproduce(command),
        "",
        "## Summary",
        "",
        "| benchmark | figure | value | target | |",
        "|---|---|---|---|---|",
    ]
    for s in sections:
        if s.skipped:
            out.append(f"| {s.title} | — | skipped | | {s.skipped} |")
            continue
        for f in s.figures:
            if f.target:
                out.append(f"| {s.title} | {f.name} | {f.value} | {f.target} | {_met(f.met)} |")
    for s in sections:
        out += ["", f"## {s.title}", ""]
        if s.skipped:
            out += [f"Skipped: {s.skipped}", ""]
        if s.method:
            out += ["How:", "", *[f"- {m}" for m in s.method], ""]
        if s.figures:
            out += ["| figure | value | target | | note |", "|---|---|---|---|---|"]
            for f in s.figures:
                out.append(f"| {f.name} | {f.value} | {f.target} | {_met(f.met)} | {f.note} |")
            out.append("")
        if s.notes:
            out += [*s.notes, ""]
        out.append(f"_Section time: {s.seconds:.0f} s._")
    if findings:
        out += ["", findings.strip()]
    return "\n".join(out).rstrip() + "\n"
