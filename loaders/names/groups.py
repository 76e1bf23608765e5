"""Counted groups: ``龙江碳谷等14个项目开工`` → 龙江碳谷, with the stage printed after the group as its
status; the group itself is not an entity."""

from __future__ import annotations

import re

from loaders import grammar
from loaders.mentions import Mention
from loaders.names.candidates import (
    ACTION_END,
    DESCRIPTIVE,
    QUANTITY_TOKEN,
    STAGES,
    STATUS_VERBS,
    STOP_TOKENS,
    NameCandidates,
)
from loaders.names.forms import SUFFIX_RE, SUFFIXES, display_name, name_chars, split_phase
from loaders.names.organizations import firm_kind
from loaders.segmentation import tagger

_STATUS_VERB = re.compile("|".join(sorted(STATUS_VERBS, key=len, reverse=True)))

# A group "of these kinds" (等方面的, 等领域), and items named like an industry (无人机制造, 先进制造).
_KINDS = re.compile(r"方面|领域|类|行业|产业|角度")

_KIND_END = re.compile(r"(?:产业|行业|制造|服务|技术|经济|物流|旅游)$")

_GROUP = re.compile(
    # …等14个项目; a list of firms closed by their count alone (…、大益汽车配件9家企业)
    r"(?:等\s*|(?<=[\u4e00-\u9fff])(?=\d+家(?:企业|公司)))"
    r"(?P<count>(?:\d+|[一二三四五六七八九十百几多数两]+)\s*(?:个|家|项|所|座|批|条)|一批)?"
    r"(?P<mid>[^、,，。;；等]{0,10}?)"
    r"(?P<noun>项目|企业|公司|机构|产业园区|产业园|园区|区域|单位|高校|医院|银行|平台)"
)
# Every match of _GROUP holds 等 or the 家 of a firms' count: a clause without either has no group
# (most clauses; searched for _GROUP, each would be tried at every position).
_GROUP_NEEDLE = re.compile("[等家]")

# A list of situations or problems (等情况, 等问题) whose noun comes later in the clause; a list of
# ways of doing projects (等项目建设新模式, 等项目管理机制); regions of the world (等全球10个区域).
_NOT_THINGS = re.compile(r"情况|问题|现象|困难|短板")
_WAY_AFTER = re.compile(r"[\u4e00-\u9fff]{0,4}?(?:模式|机制|方式|制度|体系|政策|办法|流程)")
_WORLD = re.compile(r"全球|世界|海外|国际")

# Conjunctions that join a list's last item to the one before it (A、B和C等).
_JOINS = frozenset({"和", "及", "以及"})  # 与 joins the parts of one name (…技术与产业联盟)

# Tokens before which a counted group's list cannot reach: an earlier list's 等, or a preposition
# that makes the items fields of work (在农产品精深加工、无人机制造等16个项目签约).
_LIST_OPENERS = frozenset({"等", "在", "围绕", "涉及", "聚焦", "涵盖"})

GROUP_LABELS = {
    "项目": "Project",
    "企业": "Organization",
    "公司": "Organization",
    "机构": "Organization",
    "园区": "Park",
    "产业园区": "Park",  # 等现代化创新型产业园区: 产业 is part of the noun, not a field (等…产业的项目)
    "产业园": "Park",
    "区域": "Park",
    "单位": "Organization",
    "高校": "Organization",
    "医院": "Organization",
    "银行": "Organization",
    "平台": "Project",
}


# A park's name opening a listed project's, with at least four characters after it.
_PARK_OPENING = re.compile(
    r"[\u4e00-\u9fff]{2,8}?(?:"
    + "|".join(sorted((k for k, v in SUFFIXES.items() if v == "Park" and len(k) >= 3), key=len, reverse=True))
    + r")(?=[\u4e00-\u9fff]{4})"
)


# How often a word must occur in jieba's dictionary, tagged as a common noun, to be a kind of thing
# (机场 7741, 高校 3824, 车站 946, 地块 112) rather than a name (腾讯 98 is nz; 万科 75 nz).
_COMMON_FREQ = 100


def _common_noun(word: str) -> bool:
    freq = tagger().tokenizer.FREQ.get(word, 0)
    return freq >= _COMMON_FREQ and tagger().word_tag_tab.get(word) in ("n", "vn", "s", "v", "a")


class CountedGroups(NameCandidates):
    """The items of counted groups (甲、乙等N个项目…)."""

    def counted_groups(self) -> list[Mention]:
        out: list[Mention] = []
        for cstart, cend in self.clauses():
            if _GROUP_NEEDLE.search(self.clean, cstart, cend) is None:
                continue
            clause = self.clean[cstart:cend]
            g = _GROUP.search(clause)
            if not g:
                continue
            if not clause.startswith("等", g.start()) and clause.count("、", 0, g.start()) < 2:
                continue  # a count alone closes only a list of three or more (…解决53家企业: no list)
            if _KINDS.search(g.group("mid")):
                continue  # 物流、旅游…等方面的30个项目: the items are kinds of project, not names
            if self._owned_noun(g.group("mid")):
                continue  # 海丰、龙门、惠东等地的园区: the noun is of the items, not what they are
            if _NOT_THINGS.search(g.group("mid")) or _WAY_AFTER.match(clause, g.end()):
                continue  # …招工难、…过长等情况…园区, 代建制、EPC、PPP等项目建设新模式: no things listed
            if g.group("noun") == "区域" and _WORLD.search(g.group("mid")):
                continue  # 西欧、东欧…等全球10个区域: regions of the world, not parks
            label = GROUP_LABELS[g.group("noun")]
            after = clause[g.end() :]
            printed = [STAGES.stage_of(v.group()) for v in _STATUS_VERB.finditer(after[:8])]
            status = max(printed, key=STAGES.rank) if printed else None
            items_end = cstart + g.start()
            pos = items_end
            items: list[tuple[int, int]] = []
            fields = False
            while True:
                cut = self.clean.rfind("、", cstart, pos)
                s = cut + 1 if cut >= 0 else cstart
                # The list opens after an earlier 等 or a preposition (…等在A、B等16个项目签约):
                # what comes before belongs to another list.
                opener = [b for w, _, b in self.seg.words_at(s, pos) if w in _LIST_OPENERS]
                if opener:
                    head = self.clean[s : s + opener[-1]]
                    fields = not head.endswith("等")  # 在/围绕/涉及…: the items are fields of work
                    items.append((s + opener[-1], pos))
                    break
                items.append((s, pos))
                if cut < 0:
                    break
                pos = cut
            if items and len(items) > 1:
                items[0:1] = self._split_last(*items[0])  # …、车公庙-金沙和梅林-彩田等
            found: list[Mention] = []
            common = 0  # items that are one everyday word of the dictionary (机场、车站等): kinds
            for k, (s, e) in enumerate(reversed(items)):
                if k == 0 and label == "Organization":
                    s = self._after_verb(s, e)  # 调研组深入到 | 茂荣制衣
                m = self._group_item(s, e, label)
                if m is None:
                    continue
                if _common_noun(m.name):
                    common += 1
                    continue
                if fields and (ACTION_END.search(m.name) or _KIND_END.search(m.name)):
                    continue  # 新能源新材料开发建设: a field of work, even with a proper noun inside
                found.append(m)
            if not g.group("count"):
                # An uncounted group (土地整备、工业上楼等重点攻坚项目, 机场、车站等区域) lists kinds as
                # often as things: an item is a name only when it reads as one by itself (a suffix, a
                # proper noun, Latin letters or digits).
                kinds = [m for m in found if self._kind_of_work(m.name)]
                if 2 * (len(kinds) + common) > len(found) + common:
                    found = []
            firms = [m for m in found if m.label == "Organization" and not SUFFIX_RE.search(m.name)]
            kinds = sum(firm_kind(m.name, self.seg.tags) for m in firms) + common * (label == "Organization")
            if 2 * kinds > len(firms) + common * (label == "Organization"):
                # 检验检测、标准认证等机构, 隐形冠军、独角兽等优质企业: kinds of firm, not names.
                found = [m for m in found if m not in firms]
            for m in found:
                if status:
                    self.statuses.append((m.start, m.end, status))
                    m.properties["status"] = status
                out.append(m)
        return out

    def _kind_of_work(self, name: str) -> bool:
        """Whether a listed item names a kind of work or thing (土地整备, 统租统管, 概念验证): no
        proper noun, no suffix, and a verb or only generic words at its end."""
        if re.search(r"[A-Za-z\d]", name) or grammar.has_proper_noun(name, self.seg.tags):
            return False
        if self._suffix_ending_in(split_phase(name)[0]) is not None:
            return False
        tags = self.seg.tags(name)
        return tags[-1][1] in ("v", "vn") or all(self.generic(w) for w, _, _, _ in tags)

    def _split_last(self, s: int, e: int) -> list[tuple[int, int]]:
        """A list's last item joined to the one before by a conjunction (A、B和C等): two items, the
        later first (the items run backwards), when the conjunction is a word of its own."""
        toks = self.seg.words_at(s, e)
        at = [(a, b) for w, a, b in toks if w in _JOINS]
        if not at:
            return [(s, e)]
        a, b = at[-1]
        if a < 2 or e - (s + b) < 2:
            return [(s, e)]
        return [(s + b, e), (s, s + a)]

    def _after_verb(self, s: int, e: int) -> int:
        """Where a list's first company starts: after the last verb of two characters or more, or
        particle (推介会邀请了 | …, 调研组深入到 | 茂荣制衣), and the one-character verbs or
        prepositions right after it; ``s`` when none is printed. A name with a suffix has its left
        edge read as the suffix rule reads it (新增 | 深圳计算科学研究院: 计算 is part of it)."""
        if SUFFIX_RE.search(self.clean, s, e):
            return s
        toks = self.seg.tags_at(s, e)
        verbs = [i + 1 for i, (w, f, _, _) in enumerate(toks[:-1]) if (f == "v" and w[1:]) or f[0] == "u"]
        cut = max(verbs, default=0)
        while cut < len(toks) - 1 and len(toks[cut][0]) == 1 and toks[cut][1] in ("v", "p"):
            cut += 1
        return s + toks[cut][2] if cut else s

    def _owned_noun(self, mid: str) -> bool:
        """Whether the group's noun belongs to what the items are (等地的园区, 等一揽子服务的线上平台):
        a noun before 的. An adjective or verb before it describes the items (等一批带动性强的龙头项目)."""
        before = mid.rpartition("的")[0]
        if not before:
            return False
        tag = self.seg.tags(before)[-1][1]
        return tag.startswith("n") or tag == "vn"

    def _group_item(self, s: int, e: int, label: str) -> Mention | None:
        toks = [(w, s + a, s + b) for w, a, b in self.seg.words_at(s, e)]
        toks = [t for t in toks if not t[0].isspace()]
        # Only what follows the last function word (推动自贸区哈尔滨片区与哈经开区 → 哈经开区).
        stops = [i for i, t in enumerate(toks) if t[0] in STOP_TOKENS]
        if stops:
            toks = toks[stops[-1] + 1 :]
        if not toks:
            return None
        dashed = re.search(r"[\u4e00-\u9fff][-—－][\u4e00-\u9fff]", self.clean[s:e])
        if dashed and (self.clean[s - 1 : s] in "、和及与" and s > 0) and toks[0][1] == s:
            start: int | None = s  # an item after 、 starts there; 车公庙-金沙 is one name, dash and all
        else:
            start = self._left_edge(toks, e)
        if start is None:
            return None
        # A project listed under its park (乌兰工业园青海尚品驼奶加工): the park is read on its own.
        park = _PARK_OPENING.match(self.clean, start, e)
        if label == "Project" and park and not SUFFIX_RE.match(self.clean, park.end(), e):
            start = park.end()
        surface = self.clean[start:e]
        # Two places joined by a dash name one area (华强-南园, 车公庙-金沙).
        if not name_chars(re.sub(r"(?<=[\u4e00-\u9fff])[-—－](?=[\u4e00-\u9fff])", "", surface)):
            return None
        name = display_name(surface)
        if len(name) < 2 or len(name) > 20 or DESCRIPTIVE.search(name) or grammar.slogan(name):
            return None
        if (ACTION_END.search(name) or _KIND_END.search(name)) and not grammar.has_proper_noun(
            name, self.seg.tags
        ):
            return None  # 老旧小区改造: a kind of work; 东安航空产品…升级改造 is someone's project
        if self._covered_by_known(start, e):
            return None  # 新材料绿色食品: two known industries run together, no new name
        closing = self._known_end.get(e)
        if closing is not None and closing.start > start and closing.label != "Industry":
            return None  # 园区现有哈尔滨综合保税区: the item is the known name at its end
        suffix = next((m.group() for m in SUFFIX_RE.finditer(name)), "")
        if suffix and name.endswith(suffix):
            label = SUFFIXES[suffix]
        if self.known_covering(start, e) is not None:
            return None  # a known name: the lexicon mention stands
        words = [w for w, _, _ in self.seg.words(name)]
        if all(self.generic(w) or QUANTITY_TOKEN.match(w) for w in words):
            return None
        if label == "Place":
            return None
        m = Mention(start, e, label, name, "group", aliases={name, split_phase(name)[0]})
        m.owner = self._owner(start, e, name)
        return m

    def _covered_by_known(self, start: int, end: int, least: int = 2) -> bool:
        """Whether lexicon mentions (``least`` or more) fill ``[start, end)`` end to end."""
        pos, count = start, 0
        while pos < end:
            k = self._known_at.get(pos)
            if k is None or k.end > end:
                return False
            pos, count = k.end, count + 1
        return count >= least
