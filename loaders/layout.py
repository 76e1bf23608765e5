"""Layout recovery: the structure of a page from its cleaned lines.

A newspaper page printed from a work report scatters its parts: the pillar headings (坚定不移…) sit
before or after their numbered items, some lost their printed number, a delegate's article has its
title below its paragraphs. This module reads every line as a *unit* (pillar heading, item, bullet,
value, headline, byline, dateline, paragraph), then rebuilds:

- pillars: item runs (一是, 二是 … restarting at 一是) matched to pillar headings by shared vocabulary
  (an assignment problem), ordinals from printed numbers, missing ones filled in reading order;
- the targets box (labels and values, 预期目标);
- the news report (本报讯…) and its paragraphs;
- delegates' statements (a paragraph naming 政协委员/人大代表 X, with its subtitle) grouped into
  articles by the list of names printed with each article's title;
- bylines, headings and loose paragraphs; a plain article when nothing else is found.

Spans are offsets into the original text; ids are ``section:{document}:{path}``.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass, field

from loaders.lexicon import delegate_titles
from loaders.ocr import BULLET, BYLINE, DATELINE, ITEM, PILLAR, width
from loaders.text import CleanText, SectionSpan

_CN_DIGITS = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}
_PUNCT = re.compile(r"[，。；、：,;:！？!?]")
_SENTENCE = re.compile(r"[^。！？；!?;]*[。！？；!?;]?")
_VALUE = re.compile(
    r"^(?:同比|比上年|年均)?(?:增长|下降|提高|达到|突破)?\s*[\d.]+\s*(?:%|％|亿元|万元|亿|万|个|家)?"
    r"\s*(?:左右|以上|以下)?$"
)
_CJK_RUN = re.compile(r"[\u3400-\u9fff]+")
_ROLE = "|".join([*(d.title for d in delegate_titles()), *(d.short for d in delegate_titles())])
_INTRO = re.compile(rf"({_ROLE})([\u3400-\u9fff]{{2,3}})")
# What follows a delegate's name where the paper introduces them.
_AFTER_NAME = re.compile(
    r"^(?:认为|说|表示|建议|指出|提出|谈到|介绍|告诉|格外|充分|十分|对|在|也|[，,：:。])"
)
# The target label's lead-in words: 力争实现地区生产总值 → 地区生产总值.
_LABEL_LEAD = re.compile(r"^(?:力争|确保|实现|完成|推动)+")
# 本报讯（记者薛婧李爱民）3日， — what precedes a news report's first clause.
_DATELINE_HEAD = re.compile(
    r"^\s*本报(?:\d{1,2}日)?讯\s*(?:[（(][^）)]*[）)])?\s*(?:\d{1,2}日(?:上午|下午|电)?[，,]?)?"
)
# A headline titles a news report when this share of its bigrams (at least this many) occur in it.
_TITLE_SHARE = 0.75
_TITLE_MIN_BIGRAMS = 4
# Exact assignment up to this many headings and runs (8! permutations); beyond, nearby pairs only.
_EXACT_LIMIT = 8
_NEAR = 16
# Headline: short, no clause punctuation.
_HEADLINE_WIDTH = 24.0


@dataclass(eq=False)
class Unit:
    """One cleaned line: its kind, text (clean and as printed) and spans (clean and original).

    Units compare by identity: two lines with the same text are still two lines.
    """

    index: int
    kind: str
    text: str
    shown: str
    clean_start: int
    clean_end: int
    start: int
    end: int
    blank_before: bool
    used: bool = False


@dataclass
class Run:
    """A run of numbered items (一是, 二是 …) with the bullets under each item."""

    items: list[tuple[Unit, list[Unit]]] = field(default_factory=list)

    @property
    def start(self) -> int:
        return self.items[0][0].start

    @property
    def end(self) -> int:
        item, bullets = self.items[-1]
        return (bullets[-1] if bullets else item).end

    def profile(self) -> Counter[str]:
        """How characteristic each bigram is of the run: the share of its items that use it.

        A bigram in an item's title counts 2 (titles carry the theme), in its bullets only 1; shares
        rather than counts, so that a long run does not outscore a short one by sheer length.
        """
        share: Counter[str] = Counter()
        for item, bullets in self.items:
            title = set(bigrams(_strip_marker(item.text)))
            body = {b for u in bullets for b in bigrams(u.text)} - title
            for b in title:
                share[b] += 2 / len(self.items)
            for b in body:
                share[b] += 1 / len(self.items)
        return share


def bigrams(text: str) -> list[str]:
    """Character bigrams inside each run of CJK characters (the vocabulary unit: no segmenter needed)."""
    return [run[i : i + 2] for run in _CJK_RUN.findall(text) for i in range(len(run) - 1)]


def _strip_marker(text: str) -> str:
    return ITEM.sub("", text, count=1)


def classify(text: str) -> str:
    """The kind of one cleaned line."""
    if PILLAR.match(text) and not _PUNCT.search(text) and width(text) <= 40:
        return "pillar"
    if ITEM.match(text):
        return "item"
    if BULLET.match(text):
        return "bullet"
    if BYLINE.match(text):
        return "byline"
    if DATELINE.match(text):
        return "dateline"
    if _VALUE.match(text):
        return "value"
    if not _PUNCT.search(text) and width(text) <= _HEADLINE_WIDTH:
        return "headline"
    return "paragraph"


def units_of(text: CleanText) -> list[Unit]:
    """Every non-blank cleaned line as a unit, in reading order."""
    units: list[Unit] = []
    pos = 0
    blank = True
    for line in text.clean.split("\n"):
        stripped = line.strip()
        if stripped:
            cs = pos + (len(line) - len(line.lstrip()))
            ce = cs + len(stripped)
            s, e = text.to_original(cs, ce)
            shown = text.shown(cs, ce).strip()
            units.append(Unit(len(units), classify(stripped), stripped, shown, cs, ce, s, e, blank))
            blank = False
        else:
            blank = True
        pos += len(line) + 1
    return units


# --------------------------------------------------------------------------- pillars and item runs


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


def best_assignment(scores: list[list[float]]) -> dict[int, int]:
    """Row → column, one-to-one, maximising the total score (exact up to 8 rows/columns, greedy beyond).

    Ties go to the earlier permutation, so the answer is deterministic.
    """
    rows, cols = len(scores), len(scores[0]) if scores else 0
    if rows == 0 or cols == 0:
        return {}
    if max(rows, cols) <= 8:
        if rows <= cols:
            perm = _first_best_injection(scores)
            return dict(enumerate(perm))
        perm = _first_best_injection([list(col) for col in zip(*scores, strict=True)])
        return {r: c for c, r in enumerate(perm)}
    pairs = sorted((-scores[r][c], r, c) for r in range(rows) for c in range(cols))
    out: dict[int, int] = {}
    taken: set[int] = set()
    for _, r, c in pairs:
        if r not in out and c not in taken:
            out[r] = c
            taken.add(c)
    return out


def _first_best_injection(scores: list[list[float]]) -> tuple[int, ...]:
    """The permutation ``itertools.permutations(range(cols), rows)`` would settle on when keeping
    the first one whose total beats the best so far by more than 1e-12 (from -1.0), found without
    trying them all (8 of 8 is 40,320 permutations).

    The same permutations in the same order, but a prefix is dropped when even each remaining
    row's largest score cannot lift its total past the best so far: nothing it leads to would have
    been kept. Totals of the permutations tried are summed exactly as before, row by row.
    """
    rows, cols = len(scores), len(scores[0])
    # Room for rounding: a bound in real numbers must not fall below a float total it bounds.
    slack = 1e-9 * (1.0 + sum(abs(x) for row in scores for x in row))
    rest = [0.0] * (rows + 1)  # rest[k]: the rows from k on, each at its largest score
    for k in range(rows - 1, -1, -1):
        rest[k] = rest[k + 1] + max(scores[k])
    best_total, best_perm = -1.0, ()
    perm: list[int] = []
    used = [False] * cols

    def extend(k: int, partial: float) -> None:
        nonlocal best_total, best_perm
        if k == rows:
            total = sum(scores[r][c] for r, c in enumerate(perm))
            if total > best_total + 1e-12:
                best_total, best_perm = total, tuple(perm)
            return
        for c in range(cols):
            if used[c]:
                continue
            p = partial + scores[k][c]
            if p + rest[k + 1] + slack <= best_total + 1e-12:
                continue
            used[c] = True
            perm.append(c)
            extend(k + 1, p)
            perm.pop()
            used[c] = False

    extend(0, 0.0)
    return best_perm


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


# --------------------------------------------------------------------------- assembling sections


class _Builder:
    """Collects SectionSpans with ids ``section:{document}:{path}``, unique and stable."""

    def __init__(self, document: str) -> None:
        self.document = document
        self.sections: list[SectionSpan] = []
        self._paths: set[str] = set()

    def add(
        self,
        path: str,
        kind: str,
        name: str,
        start: int,
        end: int,
        parent: SectionSpan | None = None,
        ordinal: int | None = None,
        **properties: object,
    ) -> SectionSpan:
        full = f"{parent.id.split(':', 2)[2]}/{path}" if parent else path
        base, k = full, 2
        while full in self._paths:
            full = f"{base}-{k}"
            k += 1
        self._paths.add(full)
        span = SectionSpan(
            id=f"section:{self.document}:{full}",
            kind=kind,
            name=name,
            start=start,
            end=end,
            parent=parent.id if parent else None,
            ordinal=ordinal,
            properties={k: v for k, v in properties.items() if v not in (None, "", [])},
        )
        self.sections.append(span)
        return span


def _first_clause(text: str, limit: int = 40) -> str:
    """A short name from a line: its first clause, without the bullet and the final stop."""
    body = BULLET.sub("", text, count=1).strip()
    clause = re.split(r"[，。；,;！？!?]", body, maxsplit=1)[0].strip()
    return (clause or body)[:limit]


def _first_sentence(text: str, limit: int = 40) -> str:
    """A short name from a paragraph: its first sentence (after any dateline), without the stop."""
    text = _DATELINE_HEAD.sub("", text, count=1) or text
    m = _SENTENCE.match(text)
    sentence = (m.group() if m else text).rstrip("。！？；!?;").strip()
    return (sentence or text)[:limit]


def _add_pillars(b: _Builder, pillars: list[Pillar]) -> None:
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
                    _first_clause(bullet.shown),
                    bullet.start,
                    bullet.end,
                    node,
                    ordinal=j,
                )


def _add_targets(b: _Builder, units: list[Unit]) -> None:
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


def _add_news(b: _Builder, units: list[Unit]) -> None:
    """A news report: its dateline paragraph, the plain paragraphs that follow it, and its headline.

    The headline is often printed away from the report (the seed prints it among the delegates'
    articles); a headline block whose words the report's text nearly all uses is taken as its title.
    """
    for i, u in enumerate(units):
        if u.kind != "dateline" or u.used:
            continue
        parts = [u]
        for v in units[i + 1 :]:
            if v.kind != "paragraph" or v.used:
                break
            parts.append(v)
        for v in parts:
            v.used = True
        titles = _titles_for(units, "".join(v.text for v in parts))
        if titles:
            name = " ".join(" ".join(v.shown for v in block) for block in titles)
        else:
            name = _first_clause(_DATELINE_HEAD.sub("", u.shown, count=1) or u.shown)
        news = b.add(
            "news",
            "news",
            name,
            u.start,
            parts[-1].end,
            title_starts=[block[0].start for block in titles],
            title_ends=[block[-1].end for block in titles],
        )
        for k, v in enumerate(parts, start=1):
            b.add(f"paragraph-{k}", "paragraph", _first_sentence(v.shown), v.start, v.end, news, ordinal=k)


def _titles_for(units: list[Unit], body: str) -> list[list[Unit]]:
    """Unclaimed headline blocks that read as a summary of ``body`` (most of their bigrams occur in it)."""
    words = set(bigrams(body))
    blocks: list[list[Unit]] = []
    for u in units:
        if u.kind != "headline" or u.used or len(u.text.split()) > 1:
            continue  # gapped headlines and name lists title pages and articles, not reports
        if blocks and not u.blank_before and blocks[-1][-1].index == u.index - 1:
            blocks[-1].append(u)
        else:
            blocks.append([u])
    chosen = []
    for block in blocks:
        grams = set(bigrams("".join(v.text for v in block)))
        if len(grams) >= _TITLE_MIN_BIGRAMS and len(grams & words) >= _TITLE_SHARE * len(grams):
            chosen.append(block)
            for v in block:
                v.used = True
    return chosen


@dataclass
class Statement:
    speaker: str
    role: str
    subtitle: list[Unit]
    paragraphs: list[Unit]

    @property
    def start(self) -> int:
        return (self.subtitle or self.paragraphs)[0].start

    @property
    def end(self) -> int:
        return self.paragraphs[-1].end


def _name_lists(units: list[Unit]) -> list[tuple[Unit, list[str]]]:
    """Lines that only list people (`许春生 施元春 王少杰`): 2+ tokens of 2–3 Chinese characters."""
    out = []
    for u in units:
        tokens = u.text.split()
        if (
            u.kind == "headline"
            and len(tokens) >= 2
            and all(re.fullmatch(r"[\u3400-\u9fff]{2,3}", t) for t in tokens)
        ):
            out.append((u, tokens))
    return out


def _speaker(text: str, known: set[str]) -> tuple[str, str] | None:
    """The delegate a paragraph introduces (政协委员许春生认为 → 许春生, 政协委员), if any."""
    for m in _INTRO.finditer(text):
        after = text[m.start(2) :]
        for name in sorted(known, key=len, reverse=True):
            if after.startswith(name):
                return name, m.group(1)
        for size in (2, 3):
            name = after[:size]
            if len(name) == size and _AFTER_NAME.match(after[size:]):
                return name, m.group(1)
    return None


def _statements(units: list[Unit], known: set[str]) -> list[Statement]:
    """Delegates' statements: an introducing paragraph, its subtitle lines, the paragraphs that follow."""
    out: list[Statement] = []
    current: Statement | None = None
    for i, u in enumerate(units):
        if u.used:
            current = None
            continue
        if u.kind != "paragraph":
            current = None
            continue
        found = _speaker(u.text, known)
        if found and not (current and found[0] == current.speaker):
            subtitle: list[Unit] = []
            k = i - 1
            while k >= 0 and len(subtitle) < 2 and units[k].kind == "headline" and not units[k].used:
                if len(units[k].text.split()) > 1:
                    break  # a title with gaps or a list of names heads an article, not a statement
                subtitle.insert(0, units[k])
                if units[k].blank_before:
                    break
                k -= 1
            current = Statement(found[0], found[1], subtitle, [u])
            out.append(current)
        elif current is not None:
            current.paragraphs.append(u)
    return out


def _headline_block(units: list[Unit], end: int) -> list[Unit]:
    """The headline lines printed together (no blank line between) just before ``units[end]``."""
    block: list[Unit] = []
    k = end - 1
    while k >= 0 and units[k].kind == "headline" and not units[k].used:
        block.insert(0, units[k])
        if units[k].blank_before:
            break
        k -= 1
    return block


@dataclass
class Article:
    """A delegates' article as assembled: its name list, title, bylines, lead and statements."""

    names: list[str]
    name_list: Unit | None = None
    title: list[Unit] = field(default_factory=list)
    bylines: list[Unit] = field(default_factory=list)
    lead: list[Unit] = field(default_factory=list)
    statements: list[Statement] = field(default_factory=list)

    def units(self) -> list[Unit]:
        return self.title + self.bylines + self.lead + ([self.name_list] if self.name_list else [])


def _add_articles(b: _Builder, units: list[Unit]) -> None:
    """Delegates' articles: statements grouped by the name list printed with each article's title."""
    lists = _name_lists(units)
    known = {name for _, names in lists for name in names}
    statements = _statements(units, known)
    if not statements:
        return
    # An article per name list that names a speaker; its title is the headline block just before.
    articles: list[Article] = []
    for unit, names in lists:
        if any(s.speaker in names for s in statements):
            unit.used = True
            articles.append(Article(names, unit))
    if not articles:
        articles.append(Article([]))
    for s in statements:
        next((a for a in articles if s.speaker in a.names), articles[-1]).statements.append(s)
        for u in s.subtitle + s.paragraphs:
            u.used = True

    # Where each article shows first after a byline: its name list, a statement's first line.
    shows: dict[int, Article] = {}
    for a in articles:
        if a.name_list is not None:
            shows[a.name_list.index] = a
        for s in a.statements:
            for u in [*s.subtitle, s.paragraphs[0]]:
                shows[u.index] = a

    def article_after(i: int) -> Article | None:
        """The article of the first statement or name list after unit ``i`` (over paragraphs, bylines)."""
        for v in units[i + 1 :]:
            if v.index in shows:
                return shows[v.index]
            if v.kind not in ("paragraph", "byline", "headline"):
                return None
        return None

    for i, u in enumerate(units):
        if u.kind == "byline" and not u.used:
            article = article_after(i)
            if article is None:
                continue
            u.used = True
            article.bylines.append(u)
            for v in units[i + 1 :]:
                if v.kind != "paragraph" or v.used:
                    break
                v.used = True
                article.lead.append(v)
            if not article.title:
                article.title = _headline_block(units, i)
    for a in articles:
        if not a.title and a.name_list is not None:
            a.title = _headline_block(units, a.name_list.index)
        for u in a.title:
            u.used = True

    for n, a in enumerate(articles, start=1):
        starts = [u.start for u in a.units()] + [s.start for s in a.statements]
        ends = [u.end for u in a.units()] + [s.end for s in a.statements]
        if a.title:
            name = " ".join(u.shown for u in a.title)
        else:
            name = "、".join(a.names) or _first_sentence(a.statements[0].paragraphs[0].shown)
        art = b.add(f"article-{n}", "article", name, min(starts), max(ends), speakers=list(a.names))
        for k, u in enumerate(a.bylines, start=1):
            _add_byline(b, u, k, art)
        for k, u in enumerate(a.lead, start=1):
            b.add(f"paragraph-{k}", "paragraph", _first_sentence(u.shown), u.start, u.end, art, ordinal=k)
        for k, s in enumerate(a.statements, start=1):
            title = " ".join(u.shown for u in s.subtitle)
            b.add(
                f"statement-{k}",
                "statement",
                f"{s.speaker}：{title}" if title else s.speaker,
                s.start,
                s.end,
                art,
                ordinal=k,
                speaker=s.speaker,
                role=s.role,
            )


_BYLINE_PART = re.compile(r"([文摄图])\s*/\s*((?:本报|新华社)?(?:特约)?(?:记者|通讯员)?)\s*([^文摄图/]*)")


def _add_byline(b: _Builder, u: Unit, k: int, parent: SectionSpan | None) -> None:
    """A byline section with the people it names (文/本报记者 薛婧 李爱民 → 薛婧, 李爱民)."""
    people: list[str] = []
    roles: list[str] = []
    organization = None
    for m in _BYLINE_PART.finditer(u.text):
        roles.append(m.group(1))
        if m.group(2).startswith("本报"):
            organization = "本报"
        people += [p for p in m.group(3).split() if re.fullmatch(r"[\u3400-\u9fff]{2,4}", p)]
    source = re.match(r"来源\s*[:：]\s*(\S+)", u.text)
    b.add(
        f"byline-{k}",
        "byline",
        u.shown,
        u.start,
        u.end,
        parent,
        ordinal=k,
        people=list(dict.fromkeys(people)),
        roles=list(dict.fromkeys(roles)),
        organization=organization,
        source=source.group(1) if source else None,
    )


def _add_rest(b: _Builder, units: list[Unit]) -> None:
    """What no structure claimed: headings (adjacent headline lines together), bylines, paragraphs."""
    n_head = n_para = n_byline = 0
    i = 0
    while i < len(units):
        u = units[i]
        if u.used:
            i += 1
            continue
        if u.kind in ("headline", "pillar"):
            block = [u]
            while (
                i + len(block) < len(units)
                and units[i + len(block)].kind == "headline"
                and not units[i + len(block)].used
                and not units[i + len(block)].blank_before
            ):
                block.append(units[i + len(block)])
            n_head += 1
            b.add(
                f"heading-{n_head}",
                "heading",
                " ".join(v.shown for v in block),
                block[0].start,
                block[-1].end,
            )
            for v in block:
                v.used = True
            i += len(block)
            continue
        if u.kind == "byline":
            n_byline += 1
            _add_byline(b, u, n_byline, None)
        else:
            n_para += 1
            b.add(
                f"paragraph-{n_para}", "paragraph", _first_sentence(u.shown), u.start, u.end, ordinal=n_para
            )
        u.used = True
        i += 1


def _wrap_plain_article(b: _Builder) -> None:
    """A page with no plan and no article becomes one article holding everything (a plain news story)."""
    if not b.sections or any(s.kind in ("pillar", "article") for s in b.sections):
        return
    top = [s for s in b.sections if s.parent is None]
    heading = next((s for s in top if s.kind == "heading"), None)
    name = heading.name if heading else next((s.name for s in top if s.kind != "byline"), top[0].name)
    start, end = min(s.start for s in top), max(s.end for s in top)
    article = SectionSpan(f"section:{b.document}:article-1", "article", name, start, end)
    prefix = f"section:{b.document}:"
    renamed: dict[str, str] = {s.id: f"{prefix}article-1/{s.id[len(prefix) :]}" for s in b.sections}
    b.sections = [article] + [
        SectionSpan(
            renamed[s.id],
            s.kind,
            s.name,
            s.start,
            s.end,
            renamed[s.parent] if s.parent else article.id,
            s.ordinal,
            s.properties,
        )
        for s in b.sections
    ]


def recover_structure(text: CleanText, document: str) -> list[SectionSpan]:
    """The sections of a page, in reading order (by start offset, then outer before inner)."""
    units = units_of(text)
    b = _Builder(document)
    _add_pillars(b, recover_pillars(units))
    _add_targets(b, units)
    _add_articles(b, units)
    _add_news(b, units)
    _add_rest(b, units)
    _wrap_plain_article(b)
    depth = {s.id: s.id.count("/") for s in b.sections}
    return sorted(b.sections, key=lambda s: (s.start, depth[s.id], s.id))


def document_title(sections: list[SectionSpan]) -> str | None:
    """The page's title: its first heading in reading order, else its first article's name."""
    for kind in ("heading", "article"):
        for s in sections:
            if s.kind == kind:
                return s.name
    return None
