"""The suffix rule: a run of name-like tokens that ends in a suffix (…产业园, …中心, …集团), and
coordinated owners that share its head (哈工大、哈工程创新中心 → 哈工大创新中心)."""

from __future__ import annotations

import bisect
import re

from loaders.lexicon import word_list
from loaders.mentions import Mention
from loaders.names.candidates import CUT_TOKENS, DESCRIPTIVE, NameCandidates, Run
from loaders.names.forms import (
    BUILT_PHASE,
    LINE_SUFFIXES,
    PHASE,
    SECTION,
    SITE_WORK,
    SUFFIX_RE,
    SUFFIXES,
    display_name,
    name_chars,
)
from loaders.segmentation import tagger

_NAME_GOES_ON = frozenset("网报社台刊局委办处")

# A county, city or district: one word of jieba's that ends in 县/市/区/旗 (建宁县, 淮南市, 甘州区).
_PLACE_END = re.compile(r"[县市区旗]")
_PLACE_HEAD_KINDS = frozenset(word_list("place_heads.txt"))
_PLACE_TAGS = frozenset({"ns", "nr", "nrt", "nz"})
# A party committee or a government of a place (鲤城区委, 永济市委, 合川区政协, 建宁县人民政府).
_GOVERNED = re.compile(r"[县市区旗](?P<body>委|政府|人民政府|人大|政协)")
_BODY_AFTER = re.compile(r"委|政府|人民政府|人大|政协|党组|常委")

# …and after a given suffix (中国工程院, 工程师, 高速公路, 高速增长).
_GOES_ON_AFTER = {"工程": "院师学局队处部", "中心": "区站", "基地": "区", "高速": "公增发运"}


class SuffixRule(NameCandidates):
    """Names that end in a suffix, and the coordinated names that share their head."""

    def suffix_names(self) -> list[Mention]:
        out: list[Mention] = []
        for cstart, cend in self.clauses():
            if SUFFIX_RE.search(self.clean, cstart, cend) is None:
                continue  # no run of this clause can end in a suffix: no need to segment it
            clause_mentions: list[Mention] = []
            for run in self.runs(cstart, cend):
                m = self._chunk(run)
                while m is not None:
                    clause_mentions.append(m)
                    # A verb cut the run (本征方程石墨烯创新中心先后纳入市十大制造业创新中心): what
                    # comes before the name may end in a name of its own.
                    m = self._chunk_before(run, m.start)
            clause_mentions += self._coordinated(cstart, cend, clause_mentions)
            out += clause_mentions
        return out

    def place_names(self) -> list[Mention]:
        """Counties, cities and districts the lexicon does not list (建宁县, 驻马店市, 甘州区): a word of
        jieba's dictionary ending in 县/市/区/旗, tagged there as a place or a name (the word or its
        head), that is no kind of zone (示范区, 高新区: suffixes of parks) nor a kind of place (大城市).
        Candidates come from the dictionary, longest first; only their clauses are segmented (most
        clauses hold a 市 or 区)."""
        out: list[Mention] = []
        tags = tagger().word_tag_tab
        clean = self.clean
        ends = self._clause_ends()
        governed = self._governed_places()
        for m in _PLACE_END.finditer(clean):
            end = m.end()
            for size in (5, 4, 3):
                start = end - size
                w = clean[max(0, start) : end]
                if len(w) < size or not name_chars(w):
                    continue
                tagged = self._place_word(w, tags)
                if not tagged and not (w in governed and self._place_word(w, tags, governed=True)):
                    continue
                # Only a word of the clause as jieba segments it (not 力争区 in 力争区域…), or its place
                # name before 区/市/县 (合川|区: jieba knows 合川), or a place the text says has a
                # government (鲤城区委, 永济|市委书记), from a word's start.
                at = bisect.bisect_left(ends, start)
                cstart = ends[at - 1] + 1 if at else 0
                cend = ends[at] if at < len(ends) else len(clean)
                words = {(cstart + a, cstart + b) for _, a, b in self.seg.words_at(cstart, cend)}
                # Read from its parts, or by its government alone, only where no body of its own
                # follows (鲤城区委 is the committee's name: read whole, by the rules of organizations)
                # and its last two characters make no word (盐田港区: 港区 is a port's area).
                bare = _BODY_AFTER.match(clean, end) is None and w[-2:] not in tags
                word = (start, end) in words and (tagged or bare)
                head = (start, end - 1) in words and tagged and w[-1] != "旗"  # not 亚洲|旗舰
                opens = w in governed and any(a == start and b - a > 1 for a, b in words)
                if not (word or (bare and (head or opens))):
                    continue  # 工党三明市 (农工党三明市委员会) is no word: try 三明市
                if self.known_covering(start, end) is None:
                    out.append(Mention(start, end, "Place", w, "rule", aliases={w}))
                break
        return out

    def _governed_places(self) -> set[str]:
        """Words of three to five characters ending in 县/市/区/旗 that the text gives a party committee
        or a government (鲤城区委, 永济市委, 合川区政协): administrative places, whatever jieba tags
        them. The word's start is checked where it is read."""
        out: set[str] = set()
        for m in _GOVERNED.finditer(self.clean):
            e = m.start("body")
            out.update(self.clean[max(0, e - n) : e] for n in (3, 4, 5))
        return out

    def _place_word(self, w: str, tags: dict[str, str], governed: bool = False) -> bool:
        head = w[:-1]
        if head in _PLACE_HEAD_KINDS or self.generic(head):
            return False
        if not governed and tags.get(w) not in _PLACE_TAGS and tags.get(head) not in _PLACE_TAGS:
            return False
        if SUFFIX_RE.search(w[-3:]):
            return False
        # 宜居城市, 南校区, 西北地区: kinds of place (晋城市 is a city: jieba tags it one); 阿克苏地区 is a
        # prefecture.
        kind_of_city = w.endswith("城市") and tags.get(w) not in _PLACE_TAGS and not governed
        return not (
            kind_of_city or w.endswith("校区") or (w.endswith("地区") and not self._region(w[:-2], tags))
        )

    @staticmethod
    def _region(head: str, tags: dict[str, str]) -> bool:
        """Whether ``head`` in ``head地区`` names a place (阿克苏), not a direction (西北)."""
        return len(head) >= 2 and tags.get(head) in _PLACE_TAGS and not set(head) <= set("东西南北中华")

    def _chunk(self, run: Run) -> Mention | None:
        """The longest valid name of a run that ends in a suffix (tried from the last suffix back)."""
        text = self.clean[run.start : run.end]
        ends = []
        for m in SUFFIX_RE.finditer(text):
            # 中国产业园区网: the name goes on past the suffix, it is not this suffix's name.
            nxt = text[m.end() : m.end() + 1]
            if nxt and (nxt in _NAME_GOES_ON or nxt in _GOES_ON_AFTER.get(m.group(), "")):
                continue
            if m.group() == "中心" and text.startswith("城市", m.end()):
                continue  # 全球海洋中心城市: a kind of city, the role it aims at
            if m.group() == "项目" and text[m.start() - 1 : m.start()] == "事":
                continue  # 重大行政决策事项目录: 事项 is the word, 项目 no suffix
            ends.append(m)
        for last in reversed(ends):
            end = run.start + last.end()
            phase = PHASE.match(self.clean, end, run.end)
            label = None
            if phase and SUFFIXES[last.group()] != "Organization":
                end = phase.end()
            elif (built := BUILT_PHASE.match(self.clean, end, run.end)) is not None:
                end, label = built.end(), "Project"
            if last.group() in LINE_SUFFIXES:
                end = self._sections(end, run.end)
            site = self._suffix_ending(end - 4) if self.clean.endswith("主体工程", 0, end) else None
            works = 0
            if site is not None and SUFFIXES[site] == "Project":
                # 光明湖碧道主体工程: the site is the name, 主体工程 the stage its works are at (the
                # mention still spans them: they are read, not left to another reading).
                end, works = end - 4, 4
                last = SUFFIX_RE.search(self.clean, end - len(site), end) or last
            if SUFFIXES[last.group()] == "Project" and (work := SITE_WORK.match(self.clean, end, run.end)):
                end = work.end()  # 机荷高速改扩建, 妈湾电厂升级改造一期: the work on a site is a project
            toks = [t for t in run.toks if t[1] < end]
            start = self._left_edge(toks, end)
            if start is None:
                continue
            mention = self._candidate(start, end, last.group(), "rule")
            if mention is not None:
                if label is not None:
                    mention.label = label
                mention.end += works
                return mention
        return None

    def _chunk_before(self, run: Run, start: int) -> Mention | None:
        """A name in the part of ``run`` before ``start``, where a cut verb ends it."""
        toks = [t for t in run.toks if t[2] <= start]
        if not toks or toks[-1][2] != start or not any(t[0] in CUT_TOKENS for t in toks):
            return None
        return self._chunk(Run(toks[0][1], toks[-1][2], toks, run.after_enum))

    def _sections(self, end: int, limit: int) -> int:
        """The end of a line's name with its sections and phases (13号线二期北延, 6号线支线二期)."""
        for _ in range(2):
            m = SECTION.match(self.clean, end, limit)
            if m is None:
                m = PHASE.match(self.clean, end, limit)
            if m is None or m.end() == end:
                break
            end = m.end()
        return end

    def _coordinated(self, cstart: int, cend: int, found: list[Mention]) -> list[Mention]:
        """``哈工大、哈工程创新中心`` → 哈工大创新中心: a listed owner shares the last item's head."""
        out: list[Mention] = []
        for m in found:
            owner = m.owner
            if owner is None or owner.source != "lexicon" or owner.label != "Organization":
                continue
            rest = m.name[len(display_name(self.clean[owner.start : owner.end])) :]
            pos = owner.start
            while pos - 1 >= cstart and self.clean[pos - 1] == "、":
                prev = self._known_end.get(pos - 1)
                if prev is None or prev.label != "Organization":
                    break
                name = display_name(self.clean[prev.start : prev.end]) + rest
                c = Mention(prev.start, prev.end, m.label, name, "coordination", aliases={name})
                c.owner = prev
                c.properties["shares_head_with"] = (m.start, m.end)
                out.append(c)
                pos = prev.start
        return out

    def sub_parks(self, found: list[Mention]) -> None:
        """晋城经济技术开发区金匠工业园区: a park inside the park that opens its name is named by what
        follows (金匠工业园区); the whole printed form stays an alias, the opening park its owner."""
        for m in found:
            o = m.owner
            if (
                m.label != "Park"
                or o is None
                or o.label != "Park"
                or o.start != m.start
                or m.source != "rule"
            ):
                continue
            rest = self.clean[o.end : m.end]
            suffix = SUFFIX_RE.search(rest)
            if suffix is None or suffix.end() != len(rest) or SUFFIXES[suffix.group()] != "Park":
                continue
            head = rest[: suffix.start()]
            if len(head) < 2 or not "\u4e00" <= rest[0] <= "\u9fff" or not name_chars(rest):
                continue  # 深汕特别合作区（南山）高新产业园: the bracket belongs to the whole name
            if self.generic(head) or DESCRIPTIVE.search(rest):
                continue  # 深圳高新区两大核心园区: a count of the park's parts
            m.aliases.add(m.name)
            m.name = display_name(rest)
