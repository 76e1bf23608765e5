"""The junk-rate estimate on the Shenzhen reports: a judged sample in, rates with intervals out.

`python -m bench.junk rate FILE` is what a reader runs after judging a sample by hand; these tests
check the table it prints and that an unjudged row stops it with one line (bench/ runs as a module).
"""

from __future__ import annotations

import csv
import subprocess
import sys
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
COLUMNS = ("row", "report", "type", "name", "origin", "sentence", "verdict")


def judged(path: Path, rows: list[tuple[str, str, str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, delimiter="\t")
        w.writerow(COLUMNS)
        for k, (label, name, verdict) in enumerate(rows, 1):
            w.writerow((k, "report", label, name, "suffix:园", f"建设【{name}】。", verdict))
    return path


def rate(path: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "bench.junk", "rate", str(path)], cwd=REPO_ROOT, capture_output=True, text=True
    )


def test_the_rate_table_counts_junk_and_wrong_types_by_type(tmp_path: Path) -> None:
    sample = judged(
        tmp_path / "sample.tsv",
        [
            ("Project", "深圳国际会展中心", "ok"),
            ("Project", "不断完善重点片区", "junk"),
            ("Project", "华为", "type"),
            ("Park", "前海合作区", "ok"),
        ],
    )
    done = rate(sample)
    assert done.returncode == 0, done.stderr
    rows = {line.split()[0]: line.split() for line in done.stdout.splitlines()[1:]}
    assert rows["Project"][1:4] == ["3", "1", "0.33"] and rows["Project"][-1] == "1"
    assert rows["Park"][1:4] == ["1", "0", "0.00"]
    assert rows["all"][1:4] == ["4", "1", "0.25"]


def test_an_unjudged_row_stops_the_rate_with_one_line(tmp_path: Path) -> None:
    sample = judged(tmp_path / "sample.tsv", [("Project", "深圳国际会展中心", "ok"), ("Park", "前海", "")])
    done = rate(sample)
    assert done.returncode == 2
    assert (
        done.stderr.strip().count("\n") == 0
        and "rows without a verdict" in done.stderr
        and ": 2" in done.stderr
    )
