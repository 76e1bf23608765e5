"""List siblings: the items of an enumeration are things of one kind. An item listed with a name the
rules (or the lexicon) recognised, that ends in a suffix of the same label, is a name of that label
even when its head alone would not make one (航天公园、人才公园等特色主题公园: 人才 is a common
word; 南坪快速三期、坪盐通道、坂银通道: 坪盐 is no proper noun jieba knows)."""

from __future__ import annotations

import re

from loaders import grammar
from loaders.mentions import Mention
from loaders.names.candidates import (
    _BUILD,
    _CATEGORY_END,
    _CONJUNCTION,
    _KIND_OF_PROJECT,
    _LONG_CUT,
    _STAGE_IN,
    ACTION_END,
    CUT_TOKENS,
    DESCRIPTIVE,
    NameCandidates,
)
from loaders.names.forms import BUILT_PHASE, PHASE, SUFFIX_RE, SUFFIXES, display_name, name_chars, split_phase

# Where an item of a list ends: the next item, 等 closing the list, or the clause.
_ITEM_END = re.compile(r"[、等，,。；;：:！？!?\n]")
# What may follow a list's last item before the clause goes on (…、坂银通道建设).
_AFTER_LAST = ("", "建设", "项目", "工程")
# A count before an item (3条, 4个): the list counts kinds of thing.
_QUANTITY_LEAD = re.compile(r"[\d一二三四五六七八九十百千两几多]+[个条座家所处项批类种大]")
_QUANTITY_BEFORE = re.compile(r"[\d一二三四五六七八九十百千两几多]+[个条座家所处项批类种]$")
# What may end an item after the name read in it: its phase, 项目.
_TAIL = re.compile(r"(?:[一二三四五六七八九十\d]+期)?(?:项目)?")
_CLAUSE_END = re.compile(r"[，,。；;：:！？!?\n]")
# A list closed by a count of kinds (“三大定位”, 等五大中心): its items are kinds, or goals.
_KINDS_CLOSE = re.compile(r"(?:等|“)[一二三四五六七八九十两]+大")
# A count or a measure inside an item (两大基地, 6.9公里…大道), or a phase opening it (一期临床…).
_COUNT_INSIDE = re.compile(
    r"[一二两三四五六七八九十]大|\d+(?:\.\d+)?(?:公里|米|亩|万|亿)|^[一二三四五六七八九十\d]+期"
)
_PLACE_BRACKET = re.compile(r"^[\u4e00-\u9fff]{2,4}（[\u4e00-\u9fff]{2,4}）")
# Verbs of a gloss or a listing, after which its first item starts (…指, 包括, 即).
_OPENS_GLOSS = frozenset({"指", "即", "包括", "包含", "涵盖", "是", "为", "有"})
# Labels a list spreads to its items.
_LABELS = ("Project", "Park")
_OTHER_LABELS = {"Project": ("Park", "Organization", "Place"), "Park": ("Project", "Organization", "Place")}


class ListSiblings(NameCandidates):
    """Names read from the lists they are items of."""

    def list_siblings(self, found: list[Mention]) -> list[Mention]:
        taken = {(m.start, m.end) for m in found} | {(k.start, k.end) for k in self.known}
        # Where a name of another label already ends: an item ending there is that name, not a
        # sibling to relabel.
        self._read_ends = {(m.end, m.label) for m in [*found, *self.known]}
        anchors = [m for m in found if m.label in _LABELS] + [k for k in self.known if k.label in _LABELS]
        anchors.sort(key=lambda m: (m.start, m.end))
        out: list[Mention] = []
        seen: set[tuple[int, int]] = set()
        queue = list(anchors)
        while queue:
            a = queue.pop(0)
            for s, e in self._neighbour_items(a):
                if (s, e) in seen or (s, e) in taken:
                    continue
                seen.add((s, e))
                m = self._sibling(s, e)
                if m is not None:
                    out.append(m)
                    queue.append(m)
        return out

    def _neighbour_items(self, a: Mention) -> list[tuple[int, int]]:
        """The items right before and right after ``a`` in a 、 list (spans as printed); an item
        that joins two names by a conjunction (穗莞深城际线和深中通道) is two items."""
        out: list[tuple[int, int]] = []
        clean = self.clean
        if _QUANTITY_BEFORE.search(clean, max(0, a.start - 4), a.start):
            return out  # 4个花漾街区: a count of a kind of thing, its list is of kinds too
        close = _CLAUSE_END.search(clean, a.end)
        if _KINDS_CLOSE.search(clean, a.end, close.start() if close else len(clean)):
            return out  # 中央创新区、中央商务区、中央活力区“三大定位”: a list of kinds (or goals)
        after = _TAIL.match(clean, a.end).end()  # 山地自行车体育公园项目、: the item goes on to 、
        if clean[after : after + 1] == "、":
            s = after + 1
            m = _ITEM_END.search(clean, s)
            out += self._split(s, m.start() if m else len(clean))
        if a.start > 0 and clean[a.start - 1] == "、":
            e = a.start - 1
            at = max(clean.rfind(c, 0, e) for c in "、，,。；;：:\n")
            out += self._split(at + 1, e)
        return out

    def _split(self, s: int, e: int) -> list[tuple[int, int]]:
        """``[s, e)`` cut at a conjunction whose left side ends in a suffix (A城际线和B通道)."""
        out, pos = [], s
        for m in _CONJUNCTION.finditer(self.clean, s, e):
            if self._suffix_ending(m.start()) and m.start() > pos:
                out.append((pos, m.start()))
                pos = m.end()
        out.append((pos, e))
        return out

    def _sibling(self, s: int, e: int) -> Mention | None:
        """The name of an item ``[s, e)``: it ends in a suffix of a project or a park (and a phase),
        or in an institution's with a later phase (中山大学附属第七医院一期); the first item of a
        list starts where the suffix rule would start it."""
        text = self.clean[s:e]
        if not text or len(text) > 36 or not name_chars(text) or _QUANTITY_LEAD.match(text):
            return None  # 3条花景大道: a count of a kind, not one thing
        if DESCRIPTIVE.search(text) or _LONG_CUT.search(text) or _COUNT_INSIDE.search(text):
            return None  # 实施一批花景大道, 九围片区打造成国际总部区
        end, label = None, ""
        for m in SUFFIX_RE.finditer(text):
            kind = SUFFIXES[m.group()]
            if m.group() == "工程":
                kind = "Project"  # works listed among projects are one (…燃气管道工程), not a programme
            phase = PHASE.match(text, m.end())
            stop = phase.end() if phase else m.end()
            if (
                kind == "Organization"
                and (built := BUILT_PHASE.match(text, m.end()))
                and built.end() > m.end()
            ):
                kind, stop = "Project", built.end()
            if kind in _LABELS and text[stop:] in _AFTER_LAST:
                end, suffix, label = s + stop, m.group(), kind
        if end is None or any((end, x) in self._read_ends for x in _OTHER_LABELS[label]):
            return None
        toks = [(w, s + a, s + b) for w, a, b in self.seg.words_at(s, end)]
        after_comma = self.clean[s - 1 : s] == "、"
        if not toks or (after_comma and self._opens_clause(toks)):
            return None  # 打通东部快速通道: a clause, not an item
        # An item after 、 starts there; only the list's first item has a clause before it, and
        # a gloss's list opens after its verb (“三横”指公园大道、…).
        if self.clean[s - 1 : s] != "、":
            opens = [i + 1 for i, t in enumerate(toks[:-1]) if t[0] in _OPENS_GLOSS]
            toks = toks[max(opens, default=0) :]
        # An item that opens with a verb (…中心、建设对俄合作产业园区) is a clause too: its name starts
        # where the suffix rule starts it.
        verb = toks[0][0] in _BUILD  # not 跨越速运…, 发那科…: brands jieba reads as verbs
        start = s if after_comma and not verb else self._left_edge(toks, end)
        if start is None:
            return None
        known = self._known_end.get(end)
        if known is not None and known.start >= start:
            return None  # 内部与黑河片区: the lexicon reads the item's name (黑河片区) already
        particle = self.clean.rfind("的", start, end)
        if particle >= 0:
            start = particle + 1  # 新材料产业项目中的超高分子量聚乙烯板材项目: the name follows 的
        if self.known_covering(start, end) is not None:
            return None
        name = display_name(self.clean[start:end])
        if not self._sibling_name(name, suffix, after_comma):
            return None
        m = Mention(start, end, label, name, "sibling", aliases={name, split_phase(name)[0]})
        m.owner = self._owner(start, end, name)
        return m

    def _opens_clause(self, toks: list[tuple[str, int, int]]) -> bool:
        """Whether an item is a clause: it opens with a cut verb, or holds one that jieba reads as a
        plain verb (成为, 纳入; not 运营 of …运营物流结算中心, a verbal noun there)."""
        if toks[0][0] in CUT_TOKENS:
            return True
        cuts = {w for w, _, _ in toks if w in CUT_TOKENS}
        if not cuts:
            return False
        tags = self.seg.tags("".join(w for w, _, _ in toks))
        return any(w in cuts and f == "v" for w, f, _, _ in tags)

    def _sibling_name(self, name: str, suffix: str, listed: bool) -> bool:
        """A name, not a phrase, though its head may be a common word: what the list vouches for."""
        if len(name) < 3 or len(name) > 32 or DESCRIPTIVE.search(name) or grammar.slogan(name):
            return False
        base = split_phase(name)[0]
        at = base.rfind(suffix)
        head = base[:at] if at >= 0 else base
        if len(head) < 2:
            return False
        # A place in brackets names whose site it is (中以（东莞）产业园): the head is a name even
        # where jieba reads its first characters as grammar (中|以).
        if not _PLACE_BRACKET.search(head) and grammar.phrase_not_name(
            self._after_brand(head) if listed else head, self._route_tags
        ):
            return False
        if _STAGE_IN.search(head) or self._generic_head(head):
            return False
        if all(t.startswith("v") for _, t, _, _ in self.seg.tags(head)):
            return False  # 生产基地, 展示交易中心: what is done there, not a name
        # A category or a kind of work, listed beside a project, is no project; a short head
        # without a proper noun is (平安保险项目 beside 亨特燃气锅炉项目).
        work = ACTION_END.search(head) and len(head) <= 8  # 老旧小区改造; a place's …道路建设 names it
        kind = _CATEGORY_END.search(head) or work or _KIND_OF_PROJECT.search(head)
        return not (suffix == "项目" and kind)

    def _route_tags(self, text: str) -> tuple:
        """Tags with 至 between two places read as part of the name (a listed line or pipe from one
        end to another: …调压站至二官坝工业小区…燃气管道工程), not as a preposition."""
        return tuple((w, "c" if w == "至" else f, a, b) for w, f, a, b in self.seg.tags(text))

    def _after_brand(self, head: str) -> str:
        """``head`` without a brand that jieba cut into single characters (鼎|尚 of 鼎尚产业发展基金:
        尚 read as an adverb), which the grammar check would take for a phrase."""
        toks = self.seg.tags(head)
        if len(toks) > 2 and len(toks[0][0]) == 1 and len(toks[1][0]) == 1:
            return head[2:]
        return head

    def _generic_head(self, head: str) -> bool:
        """A head of nothing but kind words (重点, 市级, 人才服务): a category, not one thing."""
        words = [w for w, _, _ in self.seg.words(head)]
        if all(w in self.lex.trim or self.generic(w) for w in words):
            return True
        return bool(re.search(r"[级类型]$", head))
