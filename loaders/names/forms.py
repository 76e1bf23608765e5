"""Name forms: the suffixes that end a name and the label each gives, the characters a name may
hold, and a name as the graph shows it (quotes dropped, full-width brackets, its phase split off)."""

from __future__ import annotations

import re
from functools import lru_cache

from graph.core.forms import nfkc
from loaders.lexicon import suffix_table

# Suffix → label (lexicon/suffixes.tsv, in its order); the label is what a name with that suffix
# usually is.
_SUFFIX_ROWS = suffix_table()
SUFFIXES: dict[str, str] = {suffix: label for suffix, label, _ in _SUFFIX_ROWS}


def longest_word_pattern(words: list[str]) -> str:
    """A regex matching any of ``words``, the longest where several start at one place: the words
    as a tree of their characters (产业(?:园区?|带|城)), so the engine reads each character once
    where ``"|".join`` of the words, longest first, tries every word that opens with it (a
    quarter faster over the reports; tests/test_loader_shortcuts.py compares the two)."""
    tree: dict[str, dict] = {}
    for word in words:
        node = tree
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def pattern(node: dict[str, dict]) -> str:
        branches = [re.escape(ch) + pattern(child) for ch, child in node.items() if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        if "" not in node:
            return body
        return f"(?:{body})?"  # a word ends here: longer ones first (the regex is greedy)

    return pattern(tree)


SUFFIX_RE = re.compile(longest_word_pattern(list(SUFFIXES)))

# Specific enough that a generic head still makes a name (国际陆港, 招商代表处).
STRONG_SUFFIXES = frozenset(suffix for suffix, _, flags in _SUFFIX_ROWS if "strong" in flags)

# Common enough that only a proper noun, a known name or a number before it makes a name (深中通道,
# not 对外战略通道).
PROPER_SUFFIXES = frozenset(suffix for suffix, _, flags in _SUFFIX_ROWS if "proper" in flags)

# Lines (…号线, …铁路, …大道): a section after the suffix belongs to the name (光明段, 北延段, 支线).
LINE_SUFFIXES = frozenset(suffix for suffix, _, flags in _SUFFIX_ROWS if "line" in flags)
# A section may be in brackets (10号线东延（深圳段）), run from one place to another (前海至皇岗口岸段),
# or be one side (北段) or a named branch (大鹏支线); 阶段, 手段, 片段 are no sections; a station is one.
_SECTION = (
    r"(?:[\u4e00-\u9fff]{0,4}?支线|[东西南北]延(?:段|线)?|[\u4e00-\u9fff]{1,6}?至[\u4e00-\u9fff]{1,8}?段"
    r"|[\u4e00-\u9fff]{1,4}?(?<![阶手片时地路分])段"
    # or a station of the line (轨道1号线朝天门站, 5号线歇台子站)
    r"|[\u4e00-\u9fff]{2,4}?(?<![车总分])站(?![点长台])"
    r")(?![落时期])"
)
SECTION = re.compile(rf"{_SECTION}|[（(]{_SECTION}[）)]")

# A suffix that marks the owner inside a longer name (哈医大新区医学中心 | 科教创新园).
OWNER_SUFFIXES = frozenset(suffix for suffix, _, flags in _SUFFIX_ROWS if "owner" in flags)

# A phase or lot after the suffix belongs to the name (科创总部一期, …一标段项目).
# A bracketed phase (粤海体育休闲公园（一期）) stays outside: the stage it reports is the site's.
PHASE = re.compile(r"(?:[一二三四五六七八九十\d]+(?:期|号|标段))?(?:项目)?")

# Work on a line or site named after it (机荷高速改扩建, 滨海大道深超总段综合改造, 妈湾电厂升级改造一期,
# 梅观高速市政化), with its phase.
SITE_WORK = re.compile(
    r"(?:(?:改扩建|扩建|迁建|综合改造|市政化(?!改造))(?:[一二三四五六七八九十\d]+期)?"
    # 升级改造 alone says what is done to a site (完成中英街历史博物馆升级改造); with a phase it is one.
    r"|(?:升级改造|提标改造|提质改造)[一二三四五六七八九十\d]+期)(?:项目)?"
)

# A phase in brackets after a name (粤海体育休闲公园（一期）).
BRACKETED_PHASE = r"[（(][一二三四五六七八九十\d]+期[）)]"
# A later phase of an institution's site is building work (沙井医院（二期）, 区人民医院扩建（二期）).
BUILT_PHASE = re.compile(r"(?:改扩建|扩建|迁建|新建)?(?:[一二三四五六七八九十\d]+期|" + BRACKETED_PHASE + ")")

_PHASE_TAIL = re.compile(r"[一二三四五六七八九十\d]+(?:期|号|标段)$")

# Characters a name may hold; anything else breaks a run.
_NAME_CHAR = re.compile(r"[\u3400-\u9fffA-Za-z0-9()（）·“”‘’《》+.]")

_NAME_CHARS = re.compile(_NAME_CHAR.pattern + "*")


def name_chars(text: str) -> bool:
    """Whether every character of ``text`` may sit in a name."""
    return _NAME_CHARS.fullmatch(text) is not None


QUOTES = "“”‘’\"'《》"


@lru_cache(maxsize=8192)
def display_name(surface: str) -> str:
    """A name as the graph shows it: no quotes, full-width brackets (深圳（哈尔滨）产业园区)."""
    s = "".join(ch for ch in nfkc(surface) if ch not in QUOTES and not ch.isspace())
    return s.strip("·•").replace("(", "（").replace(")", "）")


def base_forms(name: str) -> list[str]:
    """``name`` and its shorter forms: without a trailing 项目, without a phase (科创总部一期 → 科创总部)."""
    forms = [name]
    if name.endswith("项目") and len(name) > 4:
        name = name[:-2]
        forms.append(name)
    tail = _PHASE_TAIL.search(name)
    if tail and len(name) - len(tail.group()) >= 3:
        forms.append(name[: tail.start()])
    return forms


def quoted_head(surface: str) -> bool:
    """Whether everything before the last word sits in quotes (“重量级”项目)."""
    return bool(re.fullmatch(r"[“\"‘][^”\"’]+[”\"’][\u3400-\u9fff]{1,3}", surface))


def split_phase(name: str) -> tuple[str, str | None]:
    """``科创总部一期项目`` → (科创总部, 一期): the name without 项目 and without its first phase or lot.

    A later phase is a project of its own (哈尔滨极地馆二期 extends 哈尔滨极地馆), so it stays in the name;
    its phase is still returned.
    """
    base = name[:-2] if name.endswith("项目") and len(name) > 4 else name
    tail = _PHASE_TAIL.search(base)
    if tail and len(base) - len(tail.group()) >= 3:
        phase = tail.group()
        if phase in ("一期", "1期") or not phase.endswith("期"):
            short = base[: tail.start()]
            # …基地项目一期: 项目 before the phase is not part of the name either.
            return (short[:-2] if short.endswith("项目") and len(short) > 4 else short), phase
        return base, phase
    return base, None


def stretch_matches(
    pattern: re.Pattern[str], text: str, breaks: re.Pattern[str], needle: re.Pattern[str], ahead: int = 0
) -> list[re.Match[str]]:
    """``pattern.finditer(text)``, searched only in the stretches between ``breaks`` that hold a
    ``needle``: for a pattern no match of which holds a break, every match of which holds a needle,
    and which reads at most ``ahead`` characters past its match's end (it may look behind its
    start). Such a pattern tried at every position of a report costs more than the rule that
    reads its few matches (tests/test_loader_shortcuts.py compares)."""
    out: list[re.Match[str]] = []
    last_break = _last_break(breaks.pattern)
    pos = 0
    while (hit := needle.search(text, pos)) is not None:
        before = last_break.match(text, pos, hit.start())
        start = before.end() if before is not None else pos
        after = breaks.search(text, hit.end())
        stop = after.start() if after is not None else len(text)
        # What the pattern reads after a match is in the window; a match past the break is the
        # next stretch's (found there if that stretch holds a needle).
        out += (m for m in pattern.finditer(text, start, stop + ahead) if m.end() <= stop)
        pos = stop
    return out


@lru_cache(maxsize=16)
def _last_break(breaks: str) -> re.Pattern[str]:
    """Up to the last match of ``breaks`` (a character class) before where the match is told to stop."""
    return re.compile("(?s:.*)" + breaks)
