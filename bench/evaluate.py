"""Precision by origin: which stage or rule of the loader makes the entities (and relationships) the
gold accepts, and which makes the junk.

    python -m bench.evaluate                        # tests/corpus + ../shared seed and dev
    python -m bench.evaluate --texts DIR --gold DIR # one folder pair (repeat for more)
    python -m bench.evaluate --write-confidence     # and write loaders/lexicon/confidence.tsv

Each text is extracted in process, written as the graph JSON and scored by the team's scorer
(``--scorer``, default ``../shared/eval/score.py``): per-document recall and precision as it prints
them, then pooled. Each judged node (an exhaustive type of its gold file) is correct by the scorer's
rule — its name or an alias is a gold name or ``also_ok``, or the scorer's fuzzy match of one — with
the scorer's own functions; the totals are checked against what the scorer printed. A relationship is
judged when both its ends are gold entities and correct when a gold relation between them has its
type; gold relations list only what the text states plainly, so that figure is a lower bound.
Origins are listed weakest first: what a curator should look at.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import re
import subprocess
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Any

REPO = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("KG_SHARED_DIR") or REPO.parent / "shared")
_FIGURE = re.compile(r"(\d+)/(\d+) = ")
# The relations the annotation guide asks for (tests/corpus/README.md).
GOLD_RELATION_TYPES = frozenset({"BELONGS_TO", "LOCATED_IN", "OPERATED_BY", "COOPERATES_WITH", "MEMBER_OF"})


@dataclass
class Tally:
    judged: int = 0
    correct: int = 0

    def add(self, ok: bool) -> None:
        self.judged += 1
        self.correct += ok

    @property
    def precision(self) -> float:
        return self.correct / self.judged if self.judged else 0.0


@dataclass
class Evaluation:
    """What one run measured: per-document scorer lines, and tallies by origin."""

    documents: list[tuple[str, int, int, int, int]] = field(
        default_factory=list
    )  # name, hit, req, good, judged
    nodes: dict[str, Tally] = field(default_factory=dict)
    relationships: dict[str, Tally] = field(default_factory=dict)


def load_scorer(path: Path) -> ModuleType:
    spec = importlib.util.spec_from_file_location("team_score", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def default_pairs() -> list[tuple[Path, Path]]:
    """The development corpus: tests/corpus, and the seed and dev documents of ../shared if present."""
    pairs = [(REPO / "tests/corpus/texts", REPO / "tests/corpus/gold")]
    for texts, gold in (
        (SHARED / "corpus/seed", SHARED / "gold"),
        (SHARED / "corpus/dev", SHARED / "gold/dev"),
    ):
        if texts.is_dir() and gold.is_dir():
            pairs.append((texts, gold))
    return pairs


def correct_node(score: ModuleType, gold: dict[str, Any]) -> Callable[[dict[str, Any]], bool | None]:
    """The scorer's judgement of one node: None when its type is not judged, else whether a gold
    name, alias or ``also_ok`` matches one of its names (exactly or by the scorer's fuzzy rule)."""
    ok_names = {score.norm(x) for e in gold["entities"] for x in [e["name"], *e.get("aliases", [])]}
    ok_names |= {score.norm(x) for x in gold.get("also_ok", [])}
    exhaustive = set(gold.get("exhaustive_types", []))

    def judge(node: dict[str, Any]) -> bool | None:
        if score.label_of(node) not in exhaustive:
            return None
        nms = score.names_of(node)
        return bool(nms & ok_names) or any(
            (x in y or y in x) and min(len(x), len(y)) / max(len(x), len(y)) >= 0.6
            for x in nms
            for y in ok_names
        )

    return judge


def correct_relationship(score: ModuleType, gold: dict[str, Any], nodes: dict[str, dict]) -> Callable:
    """None when an end is no gold entity, else whether a gold relation joins them with this type."""
    entity_of: dict[str, int] = {}
    for i, e in enumerate(gold["entities"]):
        for x in [e["name"], *e.get("aliases", [])]:
            entity_of[score.norm(x)] = i
    stated: set[tuple[int, int, str]] = set()
    for g in gold.get("relations", []):
        for s in g["source"]:
            for t in g["target"]:
                for type_ in g["types"]:
                    a, b = entity_of.get(score.norm(s)), entity_of.get(score.norm(t))
                    if a is not None and b is not None:
                        stated.add((a, b, score.rel_type(type_)))
                        if score.rel_type(type_) == "COOPERATES_WITH":
                            stated.add((b, a, "COOPERATES_WITH"))

    def ends(node_id: str) -> set[int]:
        node = nodes.get(node_id)
        return {entity_of[n] for n in score.names_of(node) if n in entity_of} if node else set()

    def judge(r: dict[str, Any]) -> bool | None:
        type_ = score.rel_type(r["type"])
        if type_ not in GOLD_RELATION_TYPES:
            return None  # MENTIONS, TARGETS, PART_OF: no gold file lists them
        sources, targets = ends(r["source"]), ends(r["target"])
        if not sources or not targets:
            return None
        return any((s, t, type_) in stated for s in sources for t in targets)

    return judge


def scorer_figures(scorer: Path, gold: Path, graph: Path) -> tuple[int, int, int, int]:
    """(required found, required, correct, judged) as the scorer prints them."""
    out = subprocess.run(
        [sys.executable, str(scorer), str(gold), str(graph)], capture_output=True, text=True, check=False
    ).stdout
    rows = {line.split("  ")[1].strip(): line for line in out.splitlines() if line.startswith("  ")}
    recall = next((v for k, v in rows.items() if k.startswith("entities, required")), "")
    precision = next((v for k, v in rows.items() if k.startswith("precision over")), "")
    r, p = _FIGURE.search(recall), _FIGURE.search(precision)
    return (
        int(r.group(1)) if r else 0,
        int(r.group(2)) if r else 0,
        int(p.group(1)) if p else 0,
        int(p.group(2)) if p else 0,
    )


def evaluate(pairs: list[tuple[Path, Path]], scorer: Path, work: Path) -> Evaluation:
    from loaders.report import document_json, load_report

    score = load_scorer(scorer)
    result = Evaluation()
    for texts, gold_dir in pairs:
        for gold_path in sorted(gold_dir.glob("*.gold.json")):
            gold = json.loads(gold_path.read_text(encoding="utf-8"))
            text = texts / gold["document"]
            if not text.is_file():
                continue
            graph_path = work / (text.stem + ".json")
            graph_path.write_text(document_json(load_report(text)), encoding="utf-8")
            nodes, rels = score.load_graph(graph_path)
            judge = correct_node(score, gold)
            mine = Tally()
            for node in nodes.values():
                ok = judge(node)
                if ok is None or score.norm(score.label_of(node)) in score.STRUCTURE:
                    continue
                mine.add(ok)
                origin = (node.get("properties") or {}).get("origin", "unknown")
                result.nodes.setdefault(origin, Tally()).add(ok)
            judge_rel = correct_relationship(score, gold, nodes)
            for r in rels:
                ok = judge_rel(r)
                if ok is not None:
                    origin = (r.get("properties") or {}).get("origin", "unknown")
                    result.relationships.setdefault(origin, Tally()).add(ok)
            hit, required, good, judged = scorer_figures(scorer, gold_path, graph_path)
            if (good, judged) != (mine.correct, mine.judged):
                mismatch = f"{mine.correct}/{mine.judged} here, {good}/{judged} by the scorer"
                raise SystemExit(f"error: {gold_path.name}: nodes judged {mismatch}")
            result.documents.append((text.stem, hit, required, good, judged))
    return result


def _ratio(a: int, b: int) -> str:
    return f"{a}/{b} = {a / b:.3f}" if b else "n/a"


def report(result: Evaluation) -> str:
    lines = [f"{'document':<40} {'recall':>18} {'precision':>18}"]
    for name, hit, required, good, judged in result.documents:
        lines.append(f"{name:<40} {_ratio(hit, required):>18} {_ratio(good, judged):>18}")
    h, r, g, j = (sum(d[k] for d in result.documents) for k in (1, 2, 3, 4))
    lines.append(f"{'POOLED':<40} {_ratio(h, r):>18} {_ratio(g, j):>18}")
    for title, tallies in (("entities", result.nodes), ("relationships (lower bound)", result.relationships)):
        total = sum(t.judged for t in tallies.values())
        lines += [
            "",
            f"precision by origin, {title}, weakest first",
            f"{'origin':<28} judged correct precision share",
        ]
        for origin, t in sorted(tallies.items(), key=lambda kv: (kv[1].precision, -kv[1].judged, kv[0])):
            share = t.judged / total if total else 0.0
            lines.append(f"{origin:<28} {t.judged:>6} {t.correct:>7} {t.precision:>9.3f} {share:>5.3f}")
    return "\n".join(lines)


# Origins whose confidence is the model's own (the CRF's marginal probability, loaders/stages/crf.py),
# not a precision measured on the corpus the model was trained on.
MODEL_ORIGINS = frozenset({"crf"})


def confidence_rows(result: Evaluation) -> str:
    rows = {**result.nodes, **result.relationships}
    out = [
        "# Precision of each origin on the development corpus (tests/corpus, seed, dev), measured by",
        "# python -m bench.evaluate --write-confidence; read by loaders/origin.py. Do not edit by hand.",
        "origin\tjudged\tcorrect\tprecision",
    ]
    for origin in sorted(rows):
        if origin in MODEL_ORIGINS:
            continue  # trained on these very documents: a precision measured here would flatter it
        t = rows[origin]
        out.append(f"{origin}\t{t.judged}\t{t.correct}\t{t.precision:.3f}")
    return "\n".join(out) + "\n"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench.evaluate", description=__doc__.splitlines()[0])
    ap.add_argument("--texts", type=Path, action="append", help="a folder of texts (with --gold)")
    ap.add_argument("--gold", type=Path, action="append", help="the folder of their gold files")
    ap.add_argument("--scorer", type=Path, default=SHARED / "eval/score.py", help="the team's score.py")
    ap.add_argument("--write-confidence", action="store_true", help="write loaders/lexicon/confidence.tsv")
    a = ap.parse_args(argv)
    if not a.scorer.is_file():
        print(
            f"error: no scorer at {a.scorer} (give --scorer PATH to ../shared/eval/score.py)", file=sys.stderr
        )
        return 2
    if bool(a.texts) != bool(a.gold) or (a.texts and len(a.texts) != len(a.gold)):
        print("error: give --texts and --gold in pairs", file=sys.stderr)
        return 2
    pairs = list(zip(a.texts, a.gold, strict=True)) if a.texts else default_pairs()
    missing = [str(p) for pair in pairs for p in pair if not p.is_dir()]
    if missing:
        print(f"error: not a folder: {missing[0]}", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as work:
        result = evaluate(pairs, a.scorer, Path(work))
    if not result.documents:
        print("error: no gold file names a text of the folders given", file=sys.stderr)
        return 2
    print(report(result))
    if a.write_confidence:
        from loaders import origin

        origin.CONFIDENCE_FILE.write_text(confidence_rows(result), encoding="utf-8")
        print(f"\nwrote {origin.CONFIDENCE_FILE.relative_to(REPO)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
