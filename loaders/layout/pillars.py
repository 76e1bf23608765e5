"""The work report's plan: pillar headings (坚定不移…) matched to their item runs by shared vocabulary,
ordinals from printed numbers or reading order, and the targets box (labels and values, 预期目标)."""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass

from loaders.layout.assignment import best_assignment
from loaders.layout.sections import Builder, first_clause
from loaders.layout.units import Run, Unit, bigrams
from loaders.ocr import ITEM, PILLAR

_CN_DIGITS = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}

# The target label's lead-in words: 力争实现地区生产总值 → 地区生产总值.
_LABEL_LEAD = re.compile(r"^(?:力争|确保|实现|完成|推动)+")

# Exact assignment up to this many headings and runs (8! permutations); beyond, nearby pairs only.
_EXACT_LIMIT = 8

_NEAR = 16


def item_runs(units: list[Unit]) -> list[Run]:
    """Runs of numbered items with their bullets; a run restarts at 一是 or when numbering breaks.

    A line that is neither an item nor a bullet (a stray headline) interrupts the run: bullets after
    it are not the item's, but an item numbered next (三是 after 二是) still continues the run.
    """
    runs: list[Run] = []
    current: Run | None = None
    last = 0
    interrupted = False
    for u in units:
        if u.kind == "item":
            n = _item_number(u.text)
            if current is None or n != last + 1 or n == 1:
                current = Run()
                runs.append(current)
            current.items.append((u, []))
            last, interrupted = n, False
        elif u.kind == "bullet" and current is not None and not interrupted:
            current.items[-1][1].append(u)
        else:
            interrupted = True
    return runs


def chinese_number(marker: str) -> int:
    """一 → 1, 十二 → 12, 二十 → 20 (up to 99); 0 when it is not a Chinese numeral."""
    if marker in _CN_DIGITS:
        return _CN_DIGITS[marker]
    if len(marker) == 2 and marker[0] == "十":
        return 10 + _CN_DIGITS.get(marker[1], 0)
    if len(marker) in (2, 3) and marker[1] == "十" and marker[0] in _CN_DIGITS:
        return 10 * _CN_DIGITS[marker[0]] + (_CN_DIGITS.get(marker[2], 0) if len(marker) == 3 else 0)
    return 0


def _item_number(text: str) -> int:
    m = ITEM.match(text)
    return chinese_number(m.group().strip()[:-1]) if m else 0


def match_headings(headings: list[Unit], runs: list[Run]) -> dict[int, int]:
    """Heading index → run index maximising shared vocabulary (heading bigrams × run profile × idf)."""
    if not headings or not runs:
        return {}
    profiles = [r.profile() for r in runs]
    df = Counter(b for p in profiles for b in p)
    n = len(runs)
    idf = {b: math.log((n + 1) / (df[b] + 0.5)) for b in df}
    themes = [set(bigrams(_heading_theme(h.text))) for h in headings]

    def score(i: int, j: int) -> float:
        return sum(idf.get(b, 0.0) * profiles[j][b] for b in themes[i])

    if len(headings) <= _EXACT_LIMIT and len(runs) <= _EXACT_LIMIT:
        return best_assignment([[score(i, j) for j in range(n)] for i in range(len(headings))])
    # A long text holds many plans: pair only headings and runs printed near each other, best first.
    events = sorted(
        [(h.index, 0, i) for i, h in enumerate(headings)]
        + [(r.items[0][0].index, 1, j) for j, r in enumerate(runs)]
    )
    rank = {(side, k): pos for pos, (_, side, k) in enumerate(events)}
    candidates = []
    for pos, (_, side, i) in enumerate(events):
        if side != 0:
            continue
        for _, other, j in events[max(0, pos - _NEAR) : pos + _NEAR + 1]:
            if other == 1:
                candidates.append((-score(i, j), abs(rank[(1, j)] - pos), i, j))
    out: dict[int, int] = {}
    taken: set[int] = set()
    for _, _, i, j in sorted(candidates):
        if i not in out and j not in taken:
            out[i] = j
            taken.add(j)
    return out


def _heading_number(text: str) -> int | None:
    """The number printed before a pillar heading (6, ６, 六、, （六）), if any."""
    m = PILLAR.match(text)
    if not m or not m.group(1):
        return None
    marker = m.group(1)
    return int(marker) if marker.isdigit() else chinese_number(marker) or None


def _heading_theme(text: str) -> str:
    """The heading without its number and the shared 坚定不移 (which says nothing about the theme)."""
    return PILLAR.sub("", text, count=1)


def _heading_name(text: str) -> str:
    m = PILLAR.match(text)
    return text[m.start(0) + len(m.group(0)) - len("坚定不移") :].strip() if m else text.strip()


def _stated_count(units: list[Unit]) -> int:
    """A count the page states for its pillars (重点做好6个坚定不移), if printed; 0 otherwise."""
    for u in units:
        m = re.search(r"(\d+)\s*个\s*坚定不移", u.text)
        if m:
            return int(m.group(1))
    return 0


@dataclass
class Pillar:
    heading: Unit | None
    run: Run | None
    ordinal: int = 0


def recover_pillars(units: list[Unit]) -> list[Pillar]:
    """Pillars with their item runs and ordinals.

    A printed number binds a heading to its ordinal. The other ordinals (1..N, N the larger of the
    headings, runs, printed numbers and a stated count) go to the unnumbered pillars in the reading
    order of their runs (of their headings when they have no run).
    """
    headings = [u for u in units if u.kind == "pillar"]
    if not headings:
        return []  # numbered lists without pillar headings are paragraphs of an article
    runs = item_runs(units)
    matched = match_headings(headings, runs)
    pillars = [Pillar(h, runs[matched[i]] if i in matched else None) for i, h in enumerate(headings)]
    claimed = set(matched.values())
    pillars += [Pillar(None, r) for j, r in enumerate(runs) if j not in claimed]
    if not pillars:
        return []
    numbers = [_heading_number(p.heading.text) if p.heading else None for p in pillars]
    total = max([len(pillars), _stated_count(units)] + [n for n in numbers if n])
    used: set[int] = set()
    for p, n in zip(pillars, numbers, strict=True):
        if n and 1 <= n <= total and n not in used:
            p.ordinal = n
            used.add(n)
    free = iter(o for o in range(1, total + 1) if o not in used)
    for p in sorted((p for p in pillars if not p.ordinal), key=_reading_position):
        p.ordinal = next(free)
    return sorted(pillars, key=lambda p: p.ordinal)


def _reading_position(p: Pillar) -> int:
    if p.run is not None:
        return p.run.start
    return p.heading.start if p.heading else 0


def add_pillars(b: Builder, pillars: list[Pillar]) -> None:
    for p in pillars:
        if p.run is None:
            assert p.heading is not None
            p.heading.used = True
            b.add(
                f"pillar-{p.ordinal}",
                "pillar",
                _heading_name(p.heading.shown),
                p.heading.start,
                p.heading.end,
                ordinal=p.ordinal,
                title_start=p.heading.start,
                title_end=p.heading.end,
            )
            continue
        first_title = p.run.items[0][0].shown.rstrip("。")
        name = _heading_name(p.heading.shown) if p.heading else first_title
        extra = {"title_start": p.heading.start, "title_end": p.heading.end} if p.heading else {}
        if p.heading:
            p.heading.used = True
        pillar = b.add(
            f"pillar-{p.ordinal}", "pillar", name, p.run.start, p.run.end, ordinal=p.ordinal, **extra
        )
        for k, (item, bullets) in enumerate(p.run.items, start=1):
            item.used = True
            end = (bullets[-1] if bullets else item).end
            node = b.add(
                f"item-{k}",
                "item",
                item.shown.rstrip("。"),
                item.start,
                end,
                pillar,
                ordinal=_item_number(item.text),
            )
            for j, bullet in enumerate(bullets, start=1):
                bullet.used = True
                b.add(
                    f"bullet-{j}",
                    "bullet",
                    first_clause(bullet.shown),
                    bullet.start,
                    bullet.end,
                    node,
                    ordinal=j,
                )


def add_targets(b: Builder, units: list[Unit]) -> None:
    """The targets box: label/value pairs (固定资产投资 / 同比增长20%以上) and its title (预期目标)."""
    pairs: list[tuple[Unit, Unit]] = []
    for i, u in enumerate(units):
        if u.kind == "value" and i > 0 and not u.used and units[i - 1].kind in ("headline", "paragraph"):
            pairs.append((units[i - 1], u))
    # Boxes are pairs that follow each other directly; one box per cluster.
    clusters: list[list[tuple[Unit, Unit]]] = []
    for label, value in pairs:
        if clusters and label.index == clusters[-1][-1][1].index + 1:
            clusters[-1].append((label, value))
        else:
            clusters.append([(label, value)])
    for n, cluster in enumerate(c for c in clusters if len(c) >= 2):
        first, last = cluster[0][0], cluster[-1][1]
        i, j = first.index, last.index
        title = None
        for k in (j + 1, i - 1):
            if 0 <= k < len(units) and units[k].kind == "headline" and "目标" in units[k].text:
                title = units[k]
        start = min(first.start, title.start) if title else first.start
        end = max(last.end, title.end) if title else last.end
        if title:
            title.used = True
        box = b.add(
            "targets" if n == 0 else f"targets-{n + 1}",
            "targets",
            title.shown if title else "目标",
            start,
            end,
        )
        for k, (label, value) in enumerate(cluster, start=1):
            label.used = value.used = True
            short = _LABEL_LEAD.sub("", re.split(r"[，,]", label.shown)[-1].strip())
            b.add(
                f"indicator-{k}",
                "indicator",
                f"{short} {value.shown}",
                label.start,
                value.end,
                box,
                ordinal=k,
                label=short,
                value=value.shown,
            )
