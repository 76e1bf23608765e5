"""Write tests/corpus/floors.json: each development document's required recall and precision now,
rounded down to the tenth strictly below (the floors tests/test_corpus_scores.py holds).

    python -m bench.corpus_floors [--scorer ../shared/eval/score.py]

Run it after an improvement has been measured, never to make a failing test pass.
"""

from __future__ import annotations

import argparse
import json
import math
import re
import subprocess
import sys
import tempfile
from pathlib import Path

from loaders.report import document_json, load_report

REPO = Path(__file__).resolve().parent.parent
CORPUS = REPO / "tests" / "corpus"


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m bench.corpus_floors", description=__doc__.split("\n")[0])
    p.add_argument("--scorer", type=Path, default=REPO.parent / "shared" / "eval" / "score.py")
    args = p.parse_args(argv)
    if not args.scorer.is_file():
        print(f"bench.corpus_floors: no scorer at {args.scorer} (give --scorer)", file=sys.stderr)
        return 1
    floors = {}
    with tempfile.TemporaryDirectory() as tmp:
        for text in sorted((CORPUS / "texts").glob("*.txt")):
            out = Path(tmp) / f"{text.stem}.json"
            out.write_text(document_json(load_report(text)), encoding="utf-8")
            gold = CORPUS / "gold" / f"{text.stem}.gold.json"
            line = (
                subprocess.run(
                    [sys.executable, str(args.scorer), str(gold), str(out)],
                    capture_output=True,
                    text=True,
                    check=True,
                )
                .stdout.strip()
                .splitlines()[-1]
            )
            values = dict(re.findall(r"(\w+)=([\d.]+)", line))
            floors[text.stem] = {
                key: math.floor(float(values[key]) * 10 - 1e-9) / 10 if float(values[key]) > 0 else 0.0
                for key in ("recall", "precision")
            }
            print(f"{text.stem:32} {line}")
    (CORPUS / "floors.json").write_text(json.dumps(floors, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    print(f"wrote {CORPUS / 'floors.json'} ({len(floors)} documents)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
