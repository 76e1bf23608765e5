"""Stage 3: properties read around the mentions: a project's stage (status), investment and area; an
indicator's values and the targets set for it."""

from __future__ import annotations

import re

from loaders.indicators import plan_year, read_value
from loaders.lexicon import project_stages
from loaders.mentions import RULE_SOURCES
from loaders.stages.state import ANAPHOR, ExtractionState

# How far a project has come (lexicon/stages.tsv); a sentence naming several stages gives the furthest.
_STAGES = project_stages()
STAGES = tuple(w for w in _STAGES.read_in("sentence") if _STAGES.stage_of(w) == w)
# Stages spelled otherwise (开复工 is 开工, 投入使用 is 投用).
_SPELLINGS = [(w, _STAGES.stage_of(w)) for w in _STAGES.read_in("sentence") if _STAGES.stage_of(w) != w]
_STAGE_PATTERNS = [(s, re.compile(s + r"(?!企业|项目|单位|率|仪式|数)")) for s in STAGES]
# Any stage word: most clauses hold none, and one search tells (each pattern opens with its word).
_ANY_STAGE = re.compile("|".join(STAGES))
_MONEY = re.compile(
    r"(?P<cue>完成投资|计划总投资|总投资额|投资总额|总投资|投资额|签约额|合同额|协议额|投资)"
    r"(?:约|超过|达|为)*(?P<v>\d+(?:\.\d+)?\s*(?:亿元|万元|亿美元|亿(?![\u3400-\u9fff])))"
)
_AREA = re.compile(
    r"(?:首期|一期|总)?(?:规划|占地|总)?面积(?:约|为|达|近|超过)*(?P<v>\d+(?:\.\d+)?\s*(?:平方公里|万平方米|平方米|亩|公顷))"
)
_GROUP_TOTAL = re.compile(r"等\s*\d+\s*[个家项]|\d+\s*个(?:重点)?项目")


def read_properties(state: ExtractionState) -> None:
    project_properties(state)
    indicator_properties(state)


def stages_in(text: str) -> list[str]:
    """The project stages a text reports (开复工 counts as 开工, 投入使用 as 投用); a stage word
    that qualifies a noun (入驻企业, 签约项目) reports nothing."""
    for spelled, stage in _SPELLINGS:
        text = text.replace(spelled, stage)
    if _ANY_STAGE.search(text) is None:
        return []
    return [s for s, pattern in _STAGE_PATTERNS if pattern.search(text)]


def project_properties(state: ExtractionState) -> None:
    """Status from the verbs around a project; investment and area where the sentence gives them."""
    owners = {id(m.owner) for m in state.mentions if m.owner is not None}
    for m in state.mentions:
        e = state.ent(m)
        if e.label not in ("Project", "Park", "Organization") or m.source not in RULE_SOURCES:
            continue
        if id(m) in owners:
            continue  # 深哈产业园 inside 深哈产业园综合服务中心: the sentence is about the whole name
        if m.properties.get("status"):
            continue  # a counted group's verb is the status of its items
        sent = state.sentence(m.start)
        clause_end = min(
            [p for p in (state.clean.find(c, m.end, sent.end) for c in ",，;；") if p >= 0] or [sent.end]
        )
        after = state.clean[m.end : clause_end]
        stages = stages_in(after)
        if not stages and e.label != "Organization":
            # Else what the sentence said before it (从…开工，到…竣工，…极地馆二期项目…); the clauses
            # after it are about other things (…，协调顺迈医院尽快开业).
            stages = stages_in(state.clean[sent.start : m.start])
        if e.label != "Organization":
            stages = [x for x in stages if x != "上市"]  # only a company lists
        if stages:
            best = max(stages, key=_STAGES.rank)
            # Across mentions, the furthest stage the text reports (a group's 运营 included).
            if _STAGES.rank(best) > _STAGES.rank(e.properties.get("status", STAGES[0])):
                e.properties["status"] = best
            else:
                e.properties.setdefault("status", best)
    for sent in state.sents:
        ms = [m for m in state.in_sentence(sent) if state.ent(m).label in ("Park", "Project")]
        if not ms and not ANAPHOR.search(sent.text):
            continue
        for g in _MONEY.finditer(sent.text):
            at = sent.start + g.start()
            after = re.match(r"\s*的", sent.text[g.end() :])
            if after and g.group("cue") != "完成投资":
                pos = sent.start + g.end() + after.end()
                target = next((m for m in ms if m.start == pos), None)
            else:
                target = next((m for m in reversed(ms) if m.end <= at), None)
                if target is None:
                    target = state.anaphor(sent.start, at)
                # 甲、乙等20个项目集中签约，总投资86.5亿元: the sum of a group, not of its last item.
                if target is not None and _GROUP_TOTAL.search(state.clean[target.end : at]):
                    target = None
            if target is not None:
                state.ent(target).properties.setdefault("investment", g.group("v").replace(" ", ""))
        for g in _AREA.finditer(sent.text if ms else ""):
            state.ent(ms[0]).properties.setdefault("area", g.group("v").replace(" ", ""))


def indicator_properties(state: ExtractionState) -> None:
    year = plan_year(state.clean)
    for m in state.mentions:
        e = state.ent(m)
        if e.label != "Indicator":
            continue
        os_, oe = state.text.to_original(m.start, m.end)
        box = state.innermost(os_, oe, kinds=("targets", "indicator"))
        reading = read_value(state.clean, m.end, box is not None, year)
        if reading is None:
            continue
        obs = {
            "kind": reading.kind,
            "year": reading.year,
            "value": reading.value,
            "unit": reading.unit,
            "text": reading.text,
        }
        e.properties.setdefault("observations", [])
        if obs in e.properties["observations"]:
            continue
        e.properties["observations"].append(obs)
        if "text" not in e.properties or reading.kind == "target":
            e.properties.update({k: v for k, v in obs.items()})
        if reading.kind == "target":
            source = box.id if box is not None else f"document:{state.document}"
            state.add_rel(source, "TARGETS", e.id, [(m.start, reading.end)], dict(obs))
