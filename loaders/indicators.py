"""Indicators: an economic measure named in the text, with the value the text gives it.

``地区生产总值 同比增长10%左右`` in a targets box is a *target* for the plan's year;
``2020年，松北地区生产总值突破500亿元`` is an *actual* for 2020. The plan's year is read from the
text (the latest year it names, or the first year of a five-year plan whose 开局之年 it is).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_VALUE = re.compile(
    r"(?P<text>(?:(?:同比|比上年|年均)?(?:增长|下降|提高|突破|达到|达|超过|增至|增加至|增加到|为|完成)\s*)?"
    r"(?:约|近|超)?(?P<num>\d+(?:\.\d+)?)\s*(?P<unit>%|亿元|万元|亿美元|万美元|万户|户|家|个|万人|人)"
    r"(?:左右|以上|以下)?(?:大关)?)"
)
_TARGET_CUE = re.compile(r"力争|预期|目标|计划|争取|确保|预计")
_YEAR = re.compile(r"(20\d\d)\s*年")
_FIVE_YEAR_START = {"十四五": 2021, "十五五": 2026, "十三五": 2016}


@dataclass
class Reading:
    """One value read for an indicator mention."""

    start: int
    end: int
    text: str
    value: float
    unit: str
    kind: str
    year: int | None


def plan_year(clean: str) -> int | None:
    """The year the document plans for: the latest year it names, or its five-year plan's first year."""
    years = [int(y) for y in _YEAR.findall(clean)]
    latest = max(years) if years else None
    if "开局之年" in clean:
        for plan, first in _FIVE_YEAR_START.items():
            if plan in clean and (latest is None or first > latest):
                latest = first
    return latest


def read_value(clean: str, end: int, in_targets: bool, year: int | None) -> Reading | None:
    """The value that follows an indicator mention ending at ``end`` (within its clause), if any."""
    window = clean[end : end + 40]
    # The value sits in the same clause; a targets box puts it on the next line.
    clause = re.split(r"[,，。;；]", window)[0]
    lines = clause.split("\n")
    clause = lines[0] if lines[0].strip() else "\n".join(lines[:3])
    m = None
    for cand in _VALUE.finditer(clause):
        gap = clause[: cand.start()]
        # Only what follows the indicator closely (由2016年不足…增加至2020年的4.2亿美元: take the last).
        if len(gap.strip()) > 24:
            break
        m = cand
        if not re.search(r"由|从", gap):
            break
    if m is None:
        return None
    start = end + m.start("text")
    stop = end + m.end("text")
    text = clean[start:stop].strip()
    own_year = None
    before_value = clause[: m.start()]
    y = _YEAR.findall(before_value)
    if y:
        own_year = int(y[-1])
    else:
        sent_start = max(clean.rfind("。", 0, end), clean.rfind("\n", 0, end)) + 1
        y = _YEAR.findall(clean[sent_start:end])
        if y:
            own_year = int(y[-1])
    sent_start = max(clean.rfind(c, 0, end) for c in "。\n;；") + 1
    back = clean[max(0, end - 120) : end]
    back = back[back.rfind("。") + 1 :]
    if in_targets or _TARGET_CUE.search(clean[sent_start:end]):
        target = True
    elif own_year is not None and year is not None and own_year < year:
        target = False  # 2020年，…突破500亿元: a year before the plan's is a result
    else:
        target = bool(_TARGET_CUE.search(back)) or bool(re.search(r"左右|以上$", text) and "同比" in text)
    kind = "target" if target else "actual"
    return Reading(
        start=start,
        end=stop,
        text=text,
        value=float(m.group("num")),
        unit=m.group("unit"),
        kind=kind,
        year=year if kind == "target" and own_year is None else own_year,
    )
