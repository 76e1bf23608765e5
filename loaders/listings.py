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
from loaders.names.forms import stretch_matches

# 对俄合作, 对日、韩…: a one-character country after 对, before a word of exchange or a list.
_TOWARD = re.compile(r"对(?P<a>.)(?=合作|贸易|开放|交流|经贸|投资|出口|产业合作|、)")
# 俄、日、韩: one-character items in a list.
_ABBR_LIST = re.compile(r"(?P<a>.)(?:、.)+")
# How an industry's name ends (冰雪装备制造, 寒地测试服务).
_INDUSTRY_END = re.compile(
    r"(?:产业|行业|技术|制造|医药|食品|材料|能源|服务业?|经济|装备|农业|旅游|物流|金融|电商|健康)$"
)
# How a list of fields closes: 等, a count or a rank, then 领域/产业/行业.
_FIELD_END = (
    r"等(?:多个|\d+个|[一二三四五六七八九十几]+大)?(?:核心|重点|主导|优势|特色|新兴|支柱|主要)?"
    r"(?:领域|产业|行业|板块)"
)
# A list of fields closed by 等…领域/产业 (涵盖服装加工、绿色食品加工等领域, 围绕陶瓷、新型材料等重点产业):
# the items are industries, known or not. The list opens at its clause, its first item after a verb of
# scope (_FIELD_SCOPE): without one, where the first field starts is a guess (壮大海洋新能源).
_FIELD_LIST = re.compile(
    r"(?:^|(?<=[,，。;；:：\n(（“]))"
    r"(?P<items>[\u4e00-\u9fff]{2,16}?(?:(?:、|和|及|以及)[\u4e00-\u9fff]{2,10}){1,9}?)"
    + _FIELD_END
    + r"(?!园|链|集群|基地|项目)",
    re.M,
)
_FIELD_SCOPE = re.compile(
    r"^[\u4e00-\u9fff]{0,8}?(?:涵盖|覆盖|涉及|围绕|聚焦|包括|包含|瞄准|主攻|集中在|主要为|主要是)了?"
)
# Items that name an area of spending or policy, not a field of industry (民生工程, 基础设施, 人才引进).
_NOT_FIELD = re.compile(
    r"(?:工程|资金|项目|事业|实事|建设|设施|引进|扶持|改造|治理|创新|改善|保障|教育|民生|产业)$"
)
# A list names fields of industry only where its sentence speaks of projects signed or firms brought
# in (not 在政务服务、城市管理等领域, 推动服装、珠宝首饰等行业转型: a work report's areas of policy).
_FIELD_OF_INDUSTRY = re.compile(r"项目|签约|招商|引进|落户|入驻")
_FIELD_SEP = re.compile(r"、|以及|和|及")
# Stretches (see stretch_matches) of _FIELD_LIST: no match holds a character its start may follow,
# each holds its closing 等…领域; the lookahead reads two characters past a match.
_FIELD_LIST_STRETCH = (re.compile(r"[,，。;；:：\n(（“]"), re.compile(_FIELD_END), 2)
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


def field_lists(lex: Lexicon, clean: str, known: list[Mention]) -> list[Mention]:
    """The items of a list of fields (覆盖有色金属、高端制造、化工新材料等核心领域) as industries,
    where only industries are known there: a field is not a company or a place."""
    out: list[Mention] = []
    for g in stretch_matches(_FIELD_LIST, clean, *_FIELD_LIST_STRETCH):
        s, e = g.span("items")
        if any(k.start < e and s < k.end and k.label != "Industry" for k in known):
            continue
        sentence = max(clean.rfind(c, 0, s) for c in "。；;\n") + 1
        if not _FIELD_OF_INDUSTRY.search(clean, sentence, e):
            continue
        scope = _FIELD_SCOPE.match(g["items"])
        if scope is None:
            continue
        at = s + scope.end()
        for item in _FIELD_SEP.split(clean[at:e]):
            at = clean.index(item, at) + len(item)
            start = at - len(item)
            # 化工新材料 holds the known 新材料: the longer field is the item.
            if not 2 <= len(item) <= 8 or _NOT_FIELD.search(item) or lex.canonical_of(item):
                continue
            if not any(
                k.start < at and start < k.end and not (k.label == "Industry" and start <= k.start)
                for k in known
            ):
                out.append(Mention(start, at, "Industry", item, "listed", aliases={item}))
    return out


def _cjk(ch: str) -> bool:
    return "\u3400" <= ch <= "\u9fff"


def _isolated(clean: str, start: int) -> bool:
    """A list of one-character names stands apart (对俄、日、韩…; “俄、日、韩”)."""
    before = clean[start - 1] if start else ""
    return before in '对“"与和' or not _cjk(before)
