"""Junk rate on the Shenzhen corpus: how many extracted names are not names at all, judged by hand.

    python -m bench.junk sample --out /tmp/junk.tsv [--n 300] [--seed 2026]
    (a reader fills the ``verdict`` column: ok, type or junk)
    python -m bench.junk rate /tmp/junk.tsv

The 135 reports of ``../shared/corpus/reports-shenzhen/`` have no gold, so precision there can only be
estimated from a sample read by hand. ``sample`` extracts every report except those annotated in
``tests/corpus/`` (their precision is measured against gold already), pools the Project, Park,
Organization and Person nodes, and draws a uniform random sample (seeded, so the same extractor draws
the same sample), each with the sentence it was read from and the span marked 【like this】.

A reader marks each row ``ok`` (a name of one definite thing of that type), ``type`` (a name, but the
thing is of another of the four types) or ``junk`` (not a name: a fragment, a generic noun, a
slogan, a verb phrase). ``rate`` prints the junk rate and the wrong-type rate, overall and by type,
with 95 % Wilson intervals, and what they mean in names per report.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import math
import os
import random
import sys
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("KG_SHARED_DIR") or REPO.parent / "shared")
TYPES = ("Project", "Park", "Organization", "Person")
VERDICTS = ("ok", "type", "junk")
COLUMNS = ("row", "report", "type", "name", "origin", "sentence", "verdict")


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def unannotated_reports(folder: Path, annotated: Path) -> list[Path]:
    """The reports of ``folder`` whose text is not one of ``annotated``'s (compared by content)."""
    known = {_digest(p) for p in annotated.glob("*.txt")}
    return [p for p in sorted(folder.glob("*.txt")) if _digest(p) not in known]


def _marked(sentence: str, name: str) -> str:
    at = sentence.find(name)
    if at < 0:
        return sentence
    return f"{sentence[:at]}【{name}】{sentence[at + len(name) :]}"


def sample(out: Path, n: int, seed: int) -> int:
    from loaders.report import load_report

    folder = SHARED / "corpus/reports-shenzhen"
    if not folder.is_dir():
        print(f"bench.junk: no reports at {folder} (set KG_SHARED_DIR)", file=sys.stderr)
        return 2
    reports = unannotated_reports(folder, REPO / "tests/corpus/texts")
    rows: list[tuple[str, str, str, str, str]] = []
    for i, path in enumerate(reports, 1):
        print(f"\rbench.junk: extracting {i}/{len(reports)}", end="", file=sys.stderr, flush=True)
        document = load_report(path)
        for node in document.nodes:
            if node.label not in TYPES:
                continue
            quote = node.provenance[0].quote if node.provenance else ""
            origin = str(node.properties.get("origin", ""))
            rows.append((path.stem, node.label, node.name, origin, _marked(quote, node.name)))
    print(file=sys.stderr)
    drawn = random.Random(seed).sample(rows, min(n, len(rows)))
    with out.open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, delimiter="\t")
        w.writerow(COLUMNS)
        for k, row in enumerate(drawn, 1):
            w.writerow((k, *row, ""))
    per_type = Counter(r[1] for r in rows)
    print(
        f"bench.junk: {len(reports)} reports, {len(rows)} names "
        f"({', '.join(f'{t} {per_type[t]}' for t in TYPES)}); {len(drawn)} drawn to {out}"
    )
    return 0


def wilson(k: int, n: int, z: float = 1.96) -> tuple[float, float]:
    """The 95 % Wilson score interval of a proportion k/n."""
    if n == 0:
        return (0.0, 1.0)
    p = k / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return (max(0.0, centre - half), min(1.0, centre + half))


def rate(path: Path) -> int:
    with path.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f, delimiter="\t"))
    bad = [r["row"] for r in rows if r["verdict"] not in VERDICTS]
    if bad:
        print(
            f"bench.junk: rows without a verdict ({', '.join(VERDICTS)}): {', '.join(bad[:10])}",
            file=sys.stderr,
        )
        return 2
    print(f"{'type':<14}{'judged':>7}{'junk':>6}{'rate':>7}  95 % interval   wrong type")
    for label in (*TYPES, "all"):
        judged = [r for r in rows if label in ("all", r["type"])]
        junk = sum(r["verdict"] == "junk" for r in judged)
        wrong = sum(r["verdict"] == "type" for r in judged)
        lo, hi = wilson(junk, len(judged))
        share = junk / len(judged) if judged else 0.0
        print(f"{label:<14}{len(judged):>7}{junk:>6}{share:>7.2f}  {lo:.2f}–{hi:.2f}      {wrong}")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.junk", description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    s = sub.add_parser("sample", help="extract the unannotated reports and draw names to judge")
    s.add_argument("--out", type=Path, required=True, help="the TSV to write")
    s.add_argument("--n", type=int, default=300, help="how many names to draw (default 300)")
    s.add_argument("--seed", type=int, default=2026, help="the draw's seed (default 2026)")
    r = sub.add_parser("rate", help="the junk rate of a judged TSV")
    r.add_argument("tsv", type=Path)
    args = parser.parse_args(argv)
    if args.command == "sample":
        return sample(args.out, args.n, args.seed)
    return rate(args.tsv)


if __name__ == "__main__":
    sys.exit(main())
