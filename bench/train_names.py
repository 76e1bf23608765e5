"""Train the loader's name CRF (loaders/stages/crf.py) on every annotated document, or measure it.

    python -m bench.train_names [--shared PATH] [--out loaders/models/names.crfsuite]
    python -m bench.train_names --loo [--shared PATH] [--folds 12] [--json FILE] [--jobs 2]
    python -m bench.train_names --kfold 5 [--models DIR] [--thresholds …] [--replace …] [--json FILE]
    python -m bench.train_names --time [--shared PATH]

(``--word-features``, with any of them: jieba's word features too, as the first shipped model had.)

Training data: tests/corpus (texts + blind gold) and, from ``--shared``, the seed and the dev articles.
``--only DIR`` keeps of tests/corpus only the documents with a text in DIR: to hold a batch out of
training as a validation set, point it at a folder of the other batches' texts.
Each text is read as the loader reads it (``read_document`` + ``repair``: the clean text), labelled
BIO from every occurrence of each gold name and alias (longest first, never overlapping), and
featured by the stage's own :func:`~loaders.stages.crf.sentence_features` over the same
:class:`~loaders.segmentation.Segmentation`, so training sees what tagging will see. Training is
L-BFGS from zero (c1 0.1, c2 0.05, 100 iterations): the same data gives the same model file.

``--loo``: for each of the 12 full-length reports of tests/corpus (batch 1), a model trained on every
other document tags it inside the whole loader at each candidate threshold; the team's scorer scores
the loader's graph. ``--folds 4`` holds out three reports per model instead of one (four trainings
instead of twelve; each model then sees two fewer reports of the kind it is measured on). The
threshold is chosen leave one document out too (for each report, the one with the best pooled F1 on
the other 11), so the pooled figure is never read off the data it reports.

``--kfold K``: every tests/corpus document held out once (K models, each trained on the other folds'
documents and the seed/dev articles, kept in ``--models`` and reused), loaded by the whole loader at
each threshold and replacement cut; pooled figures per config and a nested choice (each fold's config
from the other folds).

``--time``: CPU seconds of the loader and of the CRF stage inside it on each of the 135 Shenzhen
reports (shipped model).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

REPO_ROOT = Path(__file__).resolve().parent.parent
SHIPPED = REPO_ROOT / "loaders" / "models" / "names.crfsuite"
TRAINING = {"c1": 0.1, "c2": 0.05, "max_iterations": 100, "feature.possible_transitions": True}
THRESHOLDS = (0.3, 0.5, 0.6, 0.7, 0.8, 0.9)
# Batch 1: the full-length reports the leave-one-out figure is about.
REPORTS = (
    "guangdong-2015",
    "shenzhen-2017",
    "state-council-2019",
    "sz-baoan-2023",
    "sz-futian-2021",
    "sz-guangming-2023",
    "sz-longgang-2024",
    "sz-longhua-2020",
    "sz-longhua-rule-of-law-2019",
    "sz-nanshan-2022",
    "sz-pingshan-2020",
    "sz-yantian-2018",
)


@dataclass
class Document:
    name: str
    text_path: Path
    gold_path: Path


def find_shared(start: Path) -> Path | None:
    for folder in [start, *start.parents]:
        if (folder / "shared" / "gold").is_dir():
            return folder / "shared"
    return None


def annotated(shared: Path | None) -> list[Document]:
    """tests/corpus, then the seed and dev articles of ``shared`` (where given), in name order."""
    corpus = REPO_ROOT / "tests" / "corpus"
    pairs = [(t, corpus / "gold" / f"{t.stem}.gold.json") for t in sorted((corpus / "texts").glob("*.txt"))]
    if shared is not None:
        pairs += [
            (t, shared / "gold" / f"{t.stem}.gold.json")
            for t in sorted((shared / "corpus/seed").glob("*.txt"))
        ]
        pairs += [
            (t, shared / "gold/dev" / f"{t.stem}.gold.json")
            for t in sorted((shared / "corpus/dev").glob("*.txt"))
        ]
    return [Document(t.stem, t, g) for t, g in pairs if g.is_file()]


def labels_of(clean: str, gold: dict[str, Any]) -> list[str]:
    """BIO labels from every occurrence of each gold name or alias, longest first, never overlapping."""
    from loaders.stages.crf import LABELS

    forms: dict[str, str] = {}
    for entity in gold["entities"]:
        label = entity["types"][0]
        if label not in LABELS:
            continue
        for form in [entity["name"], *entity.get("aliases", [])]:
            if len(form) >= 2:
                forms.setdefault(form, label)
    labels = ["O"] * len(clean)
    for form in sorted(forms, key=lambda f: (-len(f), f)):
        start = clean.find(form)
        while start >= 0:
            end = start + len(form)
            if all(x == "O" for x in labels[start:end]):
                labels[start] = f"B-{forms[form]}"
                labels[start + 1 : end] = [f"I-{forms[form]}"] * (end - start - 1)
            start = clean.find(form, start + 1)
    return labels


def sequences(document: Document) -> list[tuple[list[list[str]], list[str]]]:
    """(features, labels) per sentence of the document's clean text."""
    from loaders.mentions import sentences
    from loaders.ocr import repair
    from loaders.reading import read_document
    from loaders.segmentation import Segmentation
    from loaders.stages.crf import sentence_features

    clean = repair(read_document(document.text_path)).clean
    labels = labels_of(clean, json.loads(document.gold_path.read_text(encoding="utf-8")))
    seg = Segmentation(clean)
    return [(sentence_features(seg, s), labels[s.start : s.end]) for s in sentences(clean)]


def train(data: list[tuple[list[list[str]], list[str]]], out: Path) -> None:
    import pycrfsuite

    trainer = pycrfsuite.Trainer(verbose=False)
    for xseq, yseq in data:
        trainer.append(xseq, yseq)
    trainer.set_params(TRAINING)
    out.parent.mkdir(parents=True, exist_ok=True)
    trainer.train(str(out))


# --- leave one document out -------------------------------------------------------------------------


def _fold(args: tuple[list[str], list[tuple[list[list[str]], list[str]]], list[str], list[str], str]) -> dict:
    """Train without the held-out reports, then run the whole loader on each at each threshold."""
    names, data, text_paths, gold_paths, scorer = args
    from loaders.report import document_json, load_report
    from loaders.stages import crf

    with tempfile.TemporaryDirectory() as folder:
        model = Path(folder) / "fold.crfsuite"
        started = time.process_time()
        train(data, model)
        trained = time.process_time() - started
        scores: dict[str, dict[str, list[int]]] = {}
        for name, text_path, gold_path in zip(names, text_paths, gold_paths, strict=True):
            scores[name] = {}
            for threshold in ("rules", *THRESHOLDS):
                off = threshold == "rules"
                crf.settings = crf.Settings(model, 2.0 if off else float(threshold))
                graph = Path(folder) / "graph.json"
                graph.write_text(document_json(load_report(Path(text_path))), encoding="utf-8")
                scores[name][str(threshold)] = score(Path(scorer), Path(gold_path), graph)
    result = {"held_out": names, "training_s": trained, "scores": scores}
    print(json.dumps(result), file=sys.stderr, flush=True)  # a fold's figures survive a later failure
    return result


def score(scorer: Path, gold: Path, graph: Path) -> list[int]:
    """[hit, required, good, judged] from the team's scorer."""
    import re

    out = subprocess.run(
        [sys.executable, str(scorer), str(gold), str(graph)], capture_output=True, text=True, check=True
    ).stdout

    def counts(prefix: str) -> tuple[int, int]:
        line = next(x for x in out.splitlines() if x.strip().startswith(prefix))
        found = re.search(r"(\d+)/(\d+)", line)
        return (int(found.group(1)), int(found.group(2))) if found else (0, 0)

    return [*counts("entities, required"), *counts("precision over")]


def pooled(rows: list[list[int]]) -> tuple[float, float, float, str]:
    hit, req, good, judged = (sum(r[i] for r in rows) for i in range(4))
    recall, precision = hit / req if req else 0.0, good / judged if judged else 0.0
    f1 = 2 * recall * precision / (recall + precision) if recall + precision else 0.0
    return recall, precision, f1, f"{hit}/{req} = {recall:.3f} / {good}/{judged} = {precision:.3f}"


def leave_out(documents: list[Document], shared: Path, folds: int, jobs: int) -> dict[str, Any]:
    prepared = {d.name: sequences(d) for d in documents}
    reports = [d for d in documents if d.name in REPORTS]
    groups = [reports[i::folds] for i in range(folds)]
    work = [
        (
            [d.name for d in group],
            [s for o in documents if o not in group for s in prepared[o.name]],
            [str(d.text_path) for d in group],
            [str(d.gold_path) for d in group],
            str(shared / "eval" / "score.py"),
        )
        for group in groups
    ]
    with ProcessPoolExecutor(jobs) as pool:
        results = list(pool.map(_fold, work))
    by_doc = {name: by for r in results for name, by in r["scores"].items()}
    keys = ["rules", *map(str, THRESHOLDS)]
    lines = [
        "| threshold | pooled recall / precision (12 reports, leave one out) | F1 |",
        "| --- | --- | --- |",
    ]
    for k in keys:
        _, _, f1, shown = pooled([by_doc[d][k] for d in by_doc])
        lines.append(f"| {k} | {shown} | {f1:.3f} |")
    # The threshold chosen without the report it is applied to.
    chosen, rows = {}, []
    for d in by_doc:
        others = [o for o in by_doc if o != d]
        best = max(THRESHOLDS, key=lambda t: (pooled([by_doc[o][str(t)] for o in others])[2], t))
        chosen[d] = best
        rows.append(by_doc[d][str(best)])
    overall = max(THRESHOLDS, key=lambda t: (pooled([by_doc[o][str(t)] for o in by_doc])[2], t))
    lines += [
        "",
        f"Nested choice (each report's threshold from the other 11): {pooled(rows)[3]}; "
        f"thresholds chosen {sorted(set(chosen.values()))}.",
        f"Threshold with the best F1 on all 12 (the shipped one): {overall}.",
        f"Folds: {folds} ({len(reports) // folds} reports held out each, trained on the other "
        f"{len(documents) - len(reports) // folds} documents).",
        f"Training CPU per fold: {sum(r['training_s'] for r in results) / len(results):.0f} s.",
    ]
    return {"table": "\n".join(lines), "per_document": by_doc, "chosen": chosen, "overall": overall}


# --- k folds over every document of tests/corpus ---------------------------------------------------

# What each held-out document is loaded with: the rules alone, rules + CRF at a threshold, and (with
# --replace) rules + CRF where a confident CRF span replaces the rule names it overlaps.
Config = tuple[str, float, float | None]  # (key, threshold, replace cut)


def configs(thresholds: tuple[float, ...], replace: list[float]) -> list[Config]:
    out: list[Config] = [("rules", 2.0, None)]
    out += [(f"{t}", t, None) for t in thresholds]
    out += [(f"{t}+replace{r}", t, r) for t in thresholds for r in replace]
    return out


_SCORER: dict[str, Any] = {}


def score_in_process(scorer: Path, gold: Path, graph: Path) -> list[int]:
    """[hit, required, good, judged]: the team's scorer run in this process (its main, its output)."""
    import contextlib
    import importlib.util
    import io
    import re

    module = _SCORER.get(str(scorer))
    if module is None:
        spec = importlib.util.spec_from_file_location("team_score", scorer)
        assert spec is not None and spec.loader is not None
        module = _SCORER[str(scorer)] = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
    buffer, argv = io.StringIO(), sys.argv
    sys.argv = ["score.py", str(gold), str(graph)]
    try:
        with contextlib.redirect_stdout(buffer), contextlib.suppress(SystemExit):
            module.main()
    finally:
        sys.argv = argv
    out = buffer.getvalue()

    def counts(prefix: str) -> tuple[int, int]:
        line = next(x for x in out.splitlines() if x.strip().startswith(prefix))
        found = re.search(r"(\d+)/(\d+)", line)
        return (int(found.group(1)), int(found.group(2))) if found else (0, 0)

    return [*counts("entities, required"), *counts("precision over")]


def _kfold(
    args: tuple[
        str,
        list[tuple[list[list[str]], list[str]]] | None,
        list[str],
        list[str],
        list[str],
        str,
        list[Config],
    ],
) -> dict:
    """Train a fold's model (unless saved already), then load each held-out document per config."""
    model_path, data, names, text_paths, gold_paths, scorer, configs_ = args
    from loaders.report import document_json, load_report
    from loaders.stages import crf

    model = Path(model_path)
    trained = 0.0
    if data is not None:
        started = time.process_time()
        train(data, model)
        trained = time.process_time() - started
    # The tagging of a text does not depend on the threshold: tag once, reuse for every config.
    tagged: dict[tuple[str, int, int], list[Any]] = {}
    tag_spans = crf.tag_spans

    def memo_tag(seg: Any, sents: list[Any], m: Path) -> list[Any]:
        key = (seg.text, len(sents), hash(str(m)))
        if key not in tagged:
            tagged[key] = tag_spans(seg, sents, m)
        return tagged[key]

    crf.tag_spans = memo_tag
    scores: dict[str, dict[str, list[int]]] = {}
    with tempfile.TemporaryDirectory() as folder:
        graph = Path(folder) / "graph.json"
        for name, text_path, gold_path in zip(names, text_paths, gold_paths, strict=True):
            scores[name] = {}
            for key, threshold, cut in configs_:
                crf.settings = crf.Settings(model, threshold, cut)
                graph.write_text(document_json(load_report(Path(text_path))), encoding="utf-8")
                scores[name][key] = score_in_process(Path(scorer), Path(gold_path), graph)
            tagged.clear()
    crf.tag_spans = tag_spans
    result = {"held_out": names, "training_s": trained, "scores": scores}
    print(json.dumps({"fold": model.name, "training_s": trained}), file=sys.stderr, flush=True)
    return result


def kfold(
    documents: list[Document], shared: Path, folds: int, jobs: int, models: Path, configs_: list[Config]
) -> dict[str, Any]:
    """Every tests/corpus document held out once (``folds`` models, each trained on the other folds'
    documents and the seed/dev articles); each held-out document loaded with each config."""
    corpus = [d for d in documents if d.text_path.parent == REPO_ROOT / "tests" / "corpus" / "texts"]
    groups = [corpus[i::folds] for i in range(folds)]
    models.mkdir(parents=True, exist_ok=True)
    need = [not (models / f"fold{i}.crfsuite").is_file() for i in range(folds)]
    prepared = {d.name: sequences(d) for d in documents} if any(need) else {}
    work = [
        (
            str(models / f"fold{i}.crfsuite"),
            [s for o in documents if o not in group for s in prepared[o.name]] if need[i] else None,
            [d.name for d in group],
            [str(d.text_path) for d in group],
            [str(d.gold_path) for d in group],
            str(shared / "eval" / "score.py"),
            configs_,
        )
        for i, group in enumerate(groups)
    ]
    with ProcessPoolExecutor(jobs) as pool:
        results = list(pool.map(_kfold, work))
    by_doc = {name: by for r in results for name, by in r["scores"].items()}
    keys = [c[0] for c in configs_]
    lines = [
        f"| config | pooled recall / precision ({len(by_doc)} documents, held out) | F1 |",
        "| --- | --- | --- |",
    ]
    for k in keys:
        _, _, f1, shown = pooled([by_doc[d][k] for d in by_doc])
        lines.append(f"| {k} | {shown} | {f1:.3f} |")
    # The config chosen without the fold it is applied to: best pooled F1 over the other folds.
    crf_keys = [k for k in keys if k != "rules"]
    rows, chosen = [], {}
    for group in groups:
        others = [d.name for d in corpus if d not in group]
        best = max(crf_keys, key=lambda k: pooled([by_doc[o][k] for o in others])[2])
        for d in group:
            chosen[d.name] = best
            rows.append(by_doc[d.name][best])
    lines += [
        "",
        f"Nested choice (each fold's config from the other folds): {pooled(rows)[3]}; "
        f"configs chosen {sorted(set(chosen.values()))}.",
        f"Folds: {folds} over {len(corpus)} documents; training CPU per fold "
        f"{sum(r['training_s'] for r in results) / len(results):.0f} s.",
    ]
    return {"table": "\n".join(lines), "per_document": by_doc, "chosen": chosen}


def timing(shared: Path) -> str:
    """CPU time of the whole loader and of the CRF stage in it, per Shenzhen report."""
    from loaders import entities
    from loaders.report import load_report
    from loaders.stages import crf

    spent = [0.0]

    def timed_stage(state: Any) -> None:
        started = time.process_time()
        crf.add_crf_mentions(state)
        spent[0] += time.process_time() - started

    entities.STAGES = tuple(timed_stage if s is crf.add_crf_mentions else s for s in entities.STAGES)
    load_report(REPO_ROOT / "tests" / "corpus" / "texts" / "sz-futian-2021.txt")  # models and memos loaded
    rows = []
    for path in sorted((shared / "corpus" / "reports-shenzhen").glob("*.txt")):
        spent[0] = 0.0
        started = time.process_time()
        load_report(path)
        seconds = time.process_time() - started
        rows.append((path.name, len(path.read_text(encoding="utf-8")), seconds, spent[0]))
    chars = sum(r[1] for r in rows)
    total, stage = sum(r[2] for r in rows), sum(r[3] for r in rows)
    slowest = max(rows, key=lambda r: r[2])
    return (
        f"{len(rows)} Shenzhen reports, {chars} characters: loader {total:.1f} s CPU, of it the CRF stage "
        f"{stage:.1f} s ({stage / total:.0%}); per 20,000 characters: loader {total / chars * 2e4:.2f} s, "
        f"CRF stage {stage / chars * 2e4:.2f} s; slowest report {slowest[0]} ({slowest[1]} characters) "
        f"{slowest[2]:.2f} s, of it CRF {slowest[3]:.2f} s."
    )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.train_names", description=__doc__.split("\n")[0])
    parser.add_argument("--shared", type=Path, default=None, help="the shared folder (gold, corpus, scorer)")
    parser.add_argument("--out", type=Path, default=SHIPPED, help="where the trained model goes")
    parser.add_argument("--loo", action="store_true", help="measure leave one document out instead")
    parser.add_argument("--json", type=Path, default=None, help="--loo: per-document scores here")
    parser.add_argument("--time", action="store_true", help="time the stage on the Shenzhen reports")
    parser.add_argument(
        "--thresholds", type=float, nargs="+", default=None, help="--loo: the thresholds tried"
    )
    parser.add_argument(
        "--word-features", action="store_true", help="jieba's word position, tag and word as features too"
    )
    parser.add_argument("--folds", type=int, default=12, help="--loo: 12 = one report out per fold")
    parser.add_argument("--jobs", type=int, default=2, help="--loo: folds trained at once")
    parser.add_argument(
        "--kfold", type=int, default=0, help="hold out every tests/corpus document in this many folds"
    )
    parser.add_argument(
        "--models", type=Path, default=None, help="--kfold: fold models kept (and reused) here"
    )
    parser.add_argument("--replace", type=float, nargs="*", default=[], help="--kfold: replace cuts tried")
    parser.add_argument(
        "--only",
        type=Path,
        default=None,
        help="keep of tests/corpus only the documents with a text in this folder (the others, e.g. a "
        "validation batch, stay out of training and of the held-out figures)",
    )
    args = parser.parse_args(argv)
    shared = args.shared or find_shared(REPO_ROOT)
    if args.word_features:
        from loaders.stages import crf

        crf.WORD_FEATURES = True
    documents = annotated(shared)
    if args.only is not None:
        kept = {t.stem for t in args.only.glob("*.txt")}
        corpus = REPO_ROOT / "tests" / "corpus" / "texts"
        documents = [d for d in documents if d.text_path.parent != corpus or d.name in kept]
    print(f"{len(documents)} annotated documents (shared: {shared})", file=sys.stderr)
    if args.time:
        if shared is None:
            raise SystemExit("bench.train_names: --time needs --shared (the Shenzhen reports)")
        print(timing(shared))
        return
    if args.kfold:
        if shared is None:
            raise SystemExit("bench.train_names: --kfold needs --shared (the scorer)")
        models = args.models or Path(tempfile.mkdtemp(prefix="crf-folds-"))
        tried = tuple(args.thresholds) if args.thresholds else (0.3, 0.5, 0.7, 0.9)
        result = kfold(documents, shared, args.kfold, args.jobs, models, configs(tried, args.replace))
        print(result["table"])
        if args.json:
            args.json.write_text(json.dumps(result, ensure_ascii=False, indent=1), encoding="utf-8")
        return
    if args.loo:
        if args.thresholds:
            global THRESHOLDS
            THRESHOLDS = tuple(args.thresholds)
        if shared is None:
            raise SystemExit("bench.train_names: --loo needs --shared (the scorer)")
        result = leave_out(documents, shared, args.folds, args.jobs)
        print(result["table"])
        if args.json:
            args.json.write_text(json.dumps(result, ensure_ascii=False, indent=1), encoding="utf-8")
        return
    data = [s for d in documents for s in sequences(d)]
    started = time.process_time()
    train(data, args.out)
    print(
        f"{args.out}: {args.out.stat().st_size / 1e6:.2f} MB from {len(data)} sentences "
        f"in {time.process_time() - started:.0f} s CPU",
        file=sys.stderr,
    )


if __name__ == "__main__":
    main()
