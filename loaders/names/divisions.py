"""China's provinces, prefectures and counties by their names in the national table
(``lexicon/divisions.tsv``): 龙子湖区, 陇县, 楚雄彝族自治州, and the short forms a text uses for them
(黄冈 for 黄冈市, 峡江 for 峡江县, 楚雄 for 楚雄彝族自治州).

jieba's dictionary knows many of these but tags few as places, and a short form is never read by the
place rule of :mod:`loaders.names.suffix` (which needs 县/市/区/旗): the table names them whatever
jieba thinks. A name counts only where jieba's segmentation of its clause starts and ends a word
there (长治 is no place in 长治久安, nor 江南区 in 浙江南区), and one whose head makes a kind of place
(新城区, 城区, 郊区) never counts: those are common words first.
"""

from __future__ import annotations

import bisect
import itertools
import re
from dataclasses import dataclass
from functools import lru_cache

from loaders.lexicon import DATA, Lexicon, word_list
from loaders.mentions import Mention, tokenizer
from loaders.names.candidates import NameCandidates
from loaders.names.forms import name_chars
from loaders.pairs import CharacterPairs
from loaders.segmentation import tagger

# A level's rank: a short form two places share (河南: the province and a county) is the higher one's.
_RANK = {"province": 0, "prefecture": 1, "county": 2}
_PLACE_HEAD_KINDS = frozenset(word_list("place_heads.txt"))
# jieba's tags of a place or a name, and its counts (of about 60 million words) from which a word is
# common (合作 13478, 资源 17453, 公安 2800, 延长 1229 are read as words; 荆州 11210 is tagged a place).
_NAME_TAGS = frozenset({"ns", "nrt", None})
_COMMON = 100
_VERY_COMMON = 3000
# jieba's tags of a town's word or head: a place, a name, or no word of its dictionary at all.
_TOWN_TAGS = frozenset({"ns", "nr", "nrt", "nz", None})
_TOWN_END = re.compile(r"[镇乡]")
# A character after 镇/乡 that makes a word with it: no town's name ends there (乡村, 乡镇, 镇街).
_TOWN_WORD_GOES_ON = re.compile(r"[村镇亲愁贤土风情音邻里街长党政域区]")
# A town's party committee or government after 镇/乡.
_TOWN_BODY = re.compile(r"委|党委|政府|人民政府|人大")
# After a short form: it names a town, village or street of the same name, not the county.
_TOWN_AFTER = re.compile(r"[镇乡村]|古镇|街道|社区")
# A county or a city just before (廉江市横山镇): what follows up to 镇 is a town's name.
_AFTER_COUNTY = re.compile(r"[县市区旗]")
_TOWN_KINDS = tuple(word_list("town_kinds.txt"))
_SHORTS_READ_AS_WORDS = frozenset(word_list("division_words.txt"))


@dataclass(frozen=True)
class Division:
    """One province, prefecture or county: its name, level and parent (empty where unknown)."""

    name: str
    level: str
    parent: str


@dataclass(frozen=True)
class DivisionForms:
    """Every form a division is printed in, by its first two characters: (form, division)."""

    by_two: dict[str, list[tuple[str, Division]]]
    names: frozenset[str]
    pairs: CharacterPairs  # the first two characters of every form: where one may begin
    parents: dict[str, str]  # a county's or prefecture's parent, where one division has the name


@lru_cache(maxsize=1)
def division_forms() -> DivisionForms:
    """The full names and the short forms of ``divisions.tsv``, longest first per two characters.

    A name several divisions share (鼓楼区, four cities have one) is one form with no parent; a
    short form goes to the highest level that has it, and to none when two of that level share it."""
    by_name: dict[str, list[Division]] = {}
    by_short: dict[str, list[Division]] = {}
    for line in (DATA / "divisions.tsv").read_text(encoding="utf-8").splitlines():
        if not line or line.startswith("#"):
            continue
        name, level, parent, short = line.split("\t")
        if len(name) < 2 or name[:-1] in _PLACE_HEAD_KINDS:
            continue
        d = Division(name, level, parent)
        by_name.setdefault(name, []).append(d)
        if short:
            by_short.setdefault(short, []).append(d)
    forms: dict[str, Division] = {}
    for name, ds in by_name.items():
        forms[name] = ds[0] if len(ds) == 1 else Division(name, ds[0].level, "")
    freq, tags = tokenizer().FREQ, tagger().word_tag_tab
    for short, ds in by_short.items():
        if short in forms or not _plausible_short(short, ds, freq.get(short, 0), tags.get(short)):
            continue
        top = min(_RANK[d.level] for d in ds)
        best = [d for d in ds if _RANK[d.level] == top]
        if len(best) == 1:
            forms[short] = best[0]
    by_two: dict[str, list[tuple[str, Division]]] = {}
    for form in sorted(forms, key=lambda f: (-len(f), f)):
        by_two.setdefault(form[:2], []).append((form, forms[form]))
    parents = {name: ds[0].parent for name, ds in by_name.items() if len(ds) == 1 and ds[0].parent}
    return DivisionForms(by_two, frozenset(by_name), CharacterPairs(by_two), parents)


def _plausible_short(short: str, ds: list[Division], freq: int, tag: str | None) -> bool:
    """Whether a short form reads as the place more often than as a common word, by jieba's
    dictionary: a county's that it tags other than a place or a name and counts often (合作 of 合作市,
    比如 of 比如县, 资源 of 资源县) is the word; so is a county's that is very common whatever its tag
    (平原)."""
    if short in _SHORTS_READ_AS_WORDS:
        return False
    county = all(d.level == "county" for d in ds)
    if county and tag not in _NAME_TAGS and freq >= _COMMON:
        return False
    # A city's or province's short form is its everyday name whatever jieba tags it (嘉兴 nr, 合肥 n,
    # 大连 d); those read as words first are listed (lexicon/division_words.txt).
    return freq < _VERY_COMMON or not county


class DivisionPlaces(NameCandidates):
    """Places of the national table, where the lexicon names nothing there."""

    lex: Lexicon

    def division_places(self) -> list[Mention]:
        """A Place mention for each division name or short form the text prints as a word of its
        clause. Its name is the division's full name; the printed form is an alias."""
        division_table = division_forms()
        by_two = division_table.by_two
        clean = self.clean
        out: list[Mention] = []
        resume = 0  # a form read: the next may start where it ends
        for i in division_table.pairs.starts(clean):
            if i < resume:
                continue
            for form, division in by_two[clean[i : i + 2]]:
                end = i + len(form)
                full = form == division.name
                if not clean.startswith(form, i) or not self._word_at(i, end, full):
                    continue
                if not full and _TOWN_AFTER.match(clean, end):
                    break  # 大邑县安仁古镇: a town named like a county elsewhere (安仁县)
                if self.lex.canonical_of(form) is None and self.known_covering(i, end) is None:
                    out.append(Mention(i, end, "Place", division.name, "division", aliases={form}))
                resume = end
                break
        return out

    def counties_under_cities(self, mentions: list[Mention]) -> None:
        """遂宁市安居区, 杭州市萧山区: a county printed right after its city (prefecture) is also named
        by the two together; the county's mention takes that form as an alias."""
        places = sorted((m for m in mentions if m.label == "Place"), key=lambda m: m.start)
        parents = division_forms().parents
        for city, county in itertools.pairwise(places):
            parent = parents.get(county.name)
            if city.end == county.start and parent and (parent == city.name or parent in city.aliases):
                county.aliases.add(self.clean[city.start : county.end])

    def _word_at(self, start: int, end: int, full: bool) -> bool:
        """Whether jieba's segmentation of the clause around ``[start, end)`` has a word boundary at
        both ends; a full name's level word may open a word of jieba's (江南|区中|广核: 江南区)."""
        bounds = self.seg.clause_bounds(start, end)
        if bounds is None:
            return False
        starts, stops = bounds
        return start in starts and (end in stops or (full and end - 1 in starts))

    def town_places(self) -> list[Mention]:
        """Towns and townships (横山镇, 宗加镇, 安宁乡), which the national table does not list: a word
        of jieba's ending in 镇/乡 (香日德镇), or a word of two or three characters before 镇/乡 read
        as a word of its own (宗加|镇), or any name right after a county or a city (廉江市横山镇);
        never a kind of town (中心镇, 特色小镇). Every other occurrence of a town so read counts."""
        clean, ends = self.clean, self._clause_ends()
        tags = tagger().word_tag_tab
        names: set[str] = set()
        for m in _TOWN_END.finditer(clean):
            end = m.end()
            body = _TOWN_BODY.match(clean, end) is not None  # 横山|镇委书记, 黄圃镇党委
            if not body and _TOWN_WORD_GOES_ON.match(clean, end):
                continue  # 乡村, 乡镇, 镇街: the character opens a word, no town ends here
            at = bisect.bisect_left(ends, m.start())
            cstart = ends[at - 1] + 1 if at else 0
            cend = ends[at] if at < len(ends) else len(clean)
            words = [(cstart + a, cstart + b) for _, a, b in self.seg.words_at(cstart, cend)]
            for a, b in words:
                if b == end and 3 <= b - a <= 5 and tags.get(clean[a:b]) in _TOWN_TAGS:
                    names.add(clean[a:b])  # 香日德镇: one word (its head is checked below)
                elif (
                    b == m.start()
                    and 2 <= b - a <= 3
                    and (b, end) in words
                    and tags.get(clean[a:b]) in _TOWN_TAGS
                ):
                    names.add(clean[a:end])  # 宗加|镇 (not 实现|乡村)
                elif body and b == m.start() and 2 <= b - a <= 3 and tags.get(clean[a:b]) == "ns":
                    names.add(clean[a:end])  # 横山|镇委: a place jieba knows, then its town's body
            for size in (2, 3):
                start = m.start() - size
                if start > cstart and self._county_ends_at(start, words, tags):
                    names.add(clean[start:end])  # 廉江市|横山镇
        names = {w for w in names if self._town_name(w)}
        out: list[Mention] = []
        for w in sorted(names, key=lambda w: (-len(w), w)):
            for m in re.finditer(re.escape(w), clean):
                a, b = m.span()
                if self.known_covering(a, b) is None and not any(o.start < b and a < o.end for o in out):
                    out.append(Mention(a, b, "Place", w, "division", aliases={w}))
        return sorted(out, key=lambda m: m.start)

    def _county_ends_at(self, at: int, words: list[tuple[int, int]], tags: dict[str, str]) -> bool:
        """Whether a county, city or district's name ends at ``at``: a division of the table (廉江市),
        or a word jieba tags a place ending in 县/市/区 (深汕合作区 is not; 湛江市 is)."""
        if not _AFTER_COUNTY.match(self.clean, at - 1):
            return False
        forms = division_forms().names
        if any(self.clean[max(0, at - k) : at] in forms for k in range(2, 9)):
            return True
        return any(b == at and tags.get(self.clean[a:b]) == "ns" for a, b in words)

    def _town_name(self, w: str) -> bool:
        head = w[:-1]
        return (
            name_chars(head)
            and head[0] not in "县市区旗"
            and not head.endswith("族")  # 民族乡: the county's name comes first (三都水族乡)
            and head not in _PLACE_HEAD_KINDS
            and not self.generic(head)
            and not any(head == k or head.endswith(k) for k in _TOWN_KINDS)
        )
