"""Names read from lists: one-character places (对俄合作, 俄、日、韩, 深哈合作) and unknown items listed
with known ones (莫斯科、大阪、首尔及格林伍德 → 格林伍德 is a place).

Both return mentions of the lexicon's kinds, like :class:`loaders.mentions.LexiconMatcher`.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator
from functools import lru_cache

from loaders.lexicon import Lexicon
from loaders.mentions import Mention, tokens
from loaders.names import CUT_TOKENS, STOP_TOKENS

# 对俄合作, 对日、韩…: a one-character country after 对, before a word of exchange or a list.
_TOWARD = re.compile(r"对(?P<a>.)(?=合作|贸易|开放|交流|经贸|投资|出口|产业合作|、)")
# 俄、日、韩: one-character items in a list.
_ABBR_LIST = re.compile(r"(?P<a>.)(?:、.)+")
# How an industry's name ends (冰雪装备制造, 寒地测试服务).
_INDUSTRY_END = re.compile(
    r"(?:产业|行业|技术|制造|医药|食品|材料|能源|服务业?|经济|装备|农业|旅游|物流|金融|电商|健康)$"
)
# One item between two listed names: 、生物经济、.
_GAP = re.compile(r"、(?P<x>[\u3400-\u9fff]{2,8})、")
# A two-city pair that cooperates: 深哈合作, 哈深对口合作, 深哈两市.
_COOP_PAIR = r"(?:合作|两市|两地|双城|对口|协作|两国)"


@lru_cache(maxsize=4)
def _pairs(chars: frozenset[str]) -> re.Pattern[str]:
    """Where two one-character places stand before a word of cooperation (every such position,
    overlapping ones too): one regex pass instead of a look at every character."""
    if not chars:
        return re.compile(r"(?!)")  # no one-character places: no pairs
    one = "[" + "".join(re.escape(c) for c in sorted(chars)) + "]"
    return re.compile(f"(?={one}{one}{_COOP_PAIR})")


def _abbreviation_lists(clean: str) -> Iterator[re.Match[str]]:
    """``_ABBR_LIST.finditer(clean)``, tried only before each 、 (a match holds one right after its
    first character): the regex alone tries every position of a report."""
    pos = 0
    while (at := clean.find("、", pos + 1)) >= 0:
        m = _ABBR_LIST.match(clean, at - 1)
        if m is None:
            pos = at
            continue
        yield m
        pos = m.end()


def abbreviation_mentions(lex: Lexicon, clean: str, known: list[Mention]) -> list[Mention]:
    """One-character places where they are unambiguous: 对俄合作, 俄、日、韩, 深哈合作."""
    abbr = lex.abbreviations
    taken = set()
    for k in known:
        taken.update(range(k.start, k.end))
    out: list[Mention] = []

    def place(pos: int, ch: str, how: str) -> Mention | None:
        """The place ``ch`` abbreviates at ``pos``, unless that character is already read."""
        if pos in taken or ch not in abbr:
            return None
        key = lex.canonical_of(abbr[ch])
        if key is None:
            return None
        e = lex.entries[key]
        return Mention(pos, pos + 1, e.label, e.name, how, key=key, aliases={e.name})

    def add(pos: int, ch: str, how: str) -> None:
        m = place(pos, ch, how)
        if m is not None:
            taken.add(pos)
            out.append(m)

    for m in _TOWARD.finditer(clean):
        add(m.start("a"), m.group("a"), "toward")
    for m in _abbreviation_lists(clean):
        chars = m.group()[::2]
        if all(c in abbr for c in chars) and _isolated(clean, m.start()):
            for i, c in enumerate(chars):
                add(m.start() + 2 * i, c, "abbreviation")
    for m in _pairs(frozenset(c for c in abbr if len(c) == 1)).finditer(clean):
        i = m.start()
        a, b = clean[i], clean[i + 1]
        if a == b:
            continue
        first, second = place(i, a, "pair"), place(i + 1, b, "pair")
        # A pair is two places side by side; where one character is already part of a longer name
        # (粤港澳合作: 港澳 inside 粤港澳), the other is no pair either.
        if first is None or second is None:
            continue
        second.properties["pair"] = i
        taken.update((i, i + 1))
        out += [first, second]
    return out


def listed_kin(lex: Lexicon, clean: str, known: list[Mention]) -> list[Mention]:
    """An unknown name listed after known places is a place (莫斯科、大阪、首尔及格林伍德); after
    known industries, an industry when it is worded like one (…、绿色食品、冰雪装备制造)."""
    out: list[Mention] = []
    starts = {k.start for k in known}
    for label, limit in (("Place", 6), ("Industry", 8)):
        kin = sorted((k for k in known if k.label == label), key=lambda k: k.start)
        for a, b in itertools.pairwise(kin):
            gap = _GAP.fullmatch(clean, a.end, b.start)
            if gap and len(gap.group("x")) <= limit and not lex.canonical_of(gap.group("x")):
                # 数字经济、生物经济、冰雪经济: an unknown item between two known kin is their kin.
                x = gap.group("x")
                if label != "Industry" or _INDUSTRY_END.search(x):
                    at = gap.start("x")
                    out.append(Mention(at, at + len(x), label, x, "listed", aliases={x}))
                    starts.add(at)
            if clean[a.end : b.start] != "、":
                continue
            pos = b.end
            while clean[pos : pos + 1] in ("、", "及", "和", "与") and pos + 1 not in starts:
                name = ""
                for word, _, _ in tokens(clean[pos + 1 : pos + 1 + limit + 4]):
                    stop = word in STOP_TOKENS or word in CUT_TOKENS
                    if stop or not _cjk(word[0]):
                        break
                    name += word
                if not 2 <= len(name) <= limit or lex.canonical_of(name):
                    break
                if label == "Industry" and not _INDUSTRY_END.search(name):
                    break
                out.append(Mention(pos + 1, pos + 1 + len(name), label, name, "listed", aliases={name}))
                starts.add(pos + 1)
                pos += 1 + len(name)
    return out


def _cjk(ch: str) -> bool:
    return "\u3400" <= ch <= "\u9fff"


def _isolated(clean: str, start: int) -> bool:
    """A list of one-character names stands apart (对俄、日、韩…; “俄、日、韩”)."""
    before = clean[start - 1] if start else ""
    return before in '对“"与和' or not _cjk(before)
