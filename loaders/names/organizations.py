"""The grammar of organizations' names, shared by the rule families that read companies and bodies.

- A **kind of firm or field** is no name: every word of it is a dictionary word of a common class
  (独角兽, 隐形冠军, 检验检测, 食品深加工, 天使投资), where a name holds a proper noun or a word
  jieba's dictionary does not know (欣旺达, 华谷高科, 港昌印刷).
- A **company's short name** is a brand and its trade (华星光电, 信维通信, 伍佰生物, 共进电子): the
  trade words are ``lexicon/trades.txt``; the brand is what the dictionary does not hold as a common
  word.
"""

from __future__ import annotations

import re

from loaders.grammar import Tagging
from loaders.lexicon import word_list
from loaders.mentions import RULE_SOURCES, Mention, tokenizer
from loaders.names.candidates import CUT_TOKENS, NameCandidates
from loaders.names.divisions import division_forms
from loaders.names.forms import SUFFIX_RE, SUFFIXES, display_name, name_chars, stretch_matches
from loaders.segmentation import tagger

# Dictionary tags of words that name something: people, places, other proper nouns, abbreviations.
_PROPER_TAGS = re.compile(r"^(?:nr\w*|ns|nz|j|eng)$")

# Ranks and kinds before an institution's suffix (品牌学校, 专科医院): no name of their own.
_INSTITUTION_KINDS = frozenset(word_list("institution_kinds.txt"))

TRADES = tuple(sorted(word_list("trades.txt"), key=len, reverse=True))
_TRADE_END = re.compile("(?:" + "|".join(TRADES) + ")$")
_YE_TRADE = re.compile(r"(?<![产企行事专创就作职学毕营])[\u4e00-\u9fff]业$")
# What a firm's project says next after the firm: how much it will make (鼎诚工贸年产10万吨活性石灰).
# A registered company's legal form, and what a registered name never holds before it: a
# delimiter, a function word, a count (总投资8000万元的秦皇岛满仓面业有限公司).
# (?:股份)? spelled out as an alternative: a pattern that opens with characters is searched faster.
_REGISTERED = re.compile(r"股份有限(?:责任)?公司|有限(?:责任)?公司")
_COMPANY_OPEN = re.compile(r"[^\u4e00-\u9fff（）()]|[的了在和与及对由为是将向从]|[（(]")
_CLOSE = re.compile(r"[)）]")
_UNCLOSED = re.compile(r"[（(][^)）]*$")
_COMPANY_REACH = 24  # characters before the legal form where the name may open
_BARE_BRAND = 12  # a name with no place in it, between a bracket or comma and the legal form
# A 、-list of firms closed by their heads (…、山水环境产业集团负责人分别发言).
_FIRM_HEADS = "(?:负责人|主要负责人|代表|董事长|总经理)"
_HEADS_AFTER_LIST = re.compile(
    r"(?:^|(?<=[,，。;；:：\s]))(?P<items>[^、,，。;；:：\s等的和与及]{2,16}(?:、[^、,，。;；:：\s等的和与及]{2,16}){2,})"
    r"(?:等(?:\d+家)?(?:企业|公司)?)?(?:的)?" + _FIRM_HEADS
)
# No match of _HEADS_AFTER_LIST holds one of these breaks, and each holds its head (see stretch_matches).
_HEADS_AFTER_LIST_STRETCH = (re.compile(r"[,，。;；:：\s]"), re.compile(_FIRM_HEADS), 0)
_CAPACITY = re.compile(
    r"(?:年产|日产|年加工|年处理|年出栏|年屠宰)[\d.万千百亿]|\d[\d.]*[万千]?(?:吨|千瓦|兆瓦|平方米|台套|套|台|辆|头|只)"
)


def name_word(word: str) -> bool:
    """Whether ``word`` names something: a word the dictionary does not hold (a brand, 欣旺), one it
    holds as a proper noun (华为, 天虹), or Latin letters of three or more (ABB)."""
    if re.fullmatch(r"[A-Za-z]{3,}[A-Za-z\d]*", word):
        return True
    if not re.search(r"[\u3400-\u9fff]", word):
        return False
    if tokenizer().FREQ.get(word) is None:
        return len(word) >= 2
    tag = tagger().word_tag_tab.get(word)
    return tag is not None and _PROPER_TAGS.match(tag) is not None


def kind_not_name(text: str, tags: Tagging) -> bool:
    """Whether ``text`` holds no word that names anything: a kind of firm or a field (风投, 审计)."""
    return not any(name_word(w) or f == "ns" for w, f, _, _ in tags(text))


def firm_kind(text: str, tags: Tagging) -> bool:
    """An item of a list of firms that names a kind (独角兽, 检验检测): no word that names anything,
    nor a brand before a trade (龙腾科技, 北极星传媒 name companies even of dictionary words)."""
    trade = _TRADE_END.search(text)
    return kind_not_name(text, tags) and not (trade is not None and 2 <= trade.start() <= 4)


def trade_name(name: str) -> bool:
    """A brand of two to four characters and a trade word (北纬光电), whatever the brand."""
    trade = _TRADE_END.search(name)
    return trade is not None and 2 <= trade.start() <= 4


def company_short_name(name: str, tags: Tagging) -> bool:
    """``华星光电``, ``信维通信``, ``西部镁业``: a brand of two to four characters, then a trade word (or
    any trade in …业 but the generic 产业/企业/行业…); the brand holds a word that names something (not
    数字经济, 生物医药)."""
    trade = _TRADE_END.search(name) or _YE_TRADE.search(name)
    if trade is None:
        return False
    brand = name[: trade.start()]
    if not 2 <= len(brand) <= 4:
        return False
    return not kind_not_name(brand, tags)


# Tags of a word that opens a clause inside a candidate (出席, 来到, 办好; 严厉查处, 不断完善; 无论是).
_CLAUSE_TAGS = frozenset({"v", "l", "i", "c"})
# Tags of what may come before such a verb in a clause: verbs, adverbs, conjunctions.
_PREDICATE_TAGS = re.compile(r"^(?:v\w*|d|ad|c|l|i)$")


def clause_splits(name: str, tags: Tagging, suffix_at: int) -> list[tuple[str, str]]:
    """``镇出席正大集团`` → [("镇出席", "正大集团")]: each place where a verb of two characters or more
    (a verb in jieba's dictionary: 超滑 in 清华大学超滑技术研究所 is only the tagger's guess) in an
    organization's candidate (before its suffix, which starts at ``suffix_at``) may split a clause
    from a name, the last first."""
    dictionary = tagger().word_tag_tab
    toks = [t for t in tags(name) if t[3] <= suffix_at]
    return [
        (name[:s], name[e:])
        for w, f, s, e in reversed(toks)
        if len(w) > 1 and dictionary.get(w) in _CLAUSE_TAGS
    ]


# A company's own facilities (希玛眼科大湾区总部, 江州汇鑫建材5800吨水泥生产线).
_COMPANY_FACILITY = re.compile(
    r"(?:总部|总部大厦|运营中心|研发中心|生产线|生产基地|工厂|迁建|扩建|技改|改扩建|新建)(?:[一二三\d]期)?(?:项目)?$"
)


# A rank before a company's name (世界500强魏桥创业集团, 中国500强企业…).
_RANK = re.compile(r"(?:世界|中国|全球|财富|民营)?\d+强(?:企业)?")


_SUFFIX_LENGTHS = sorted({len(s) for s in SUFFIXES if s}, reverse=True)


def _org_suffix(name: str) -> str:
    # The longest suffix ending the name, by length (of one length at most one ends it).
    suffix = next((name[-k:] for k in _SUFFIX_LENGTHS if k <= len(name) and name[-k:] in SUFFIXES), "")
    return suffix if suffix and SUFFIXES[suffix] == "Organization" else ""


# Firms that win a prize or a rank, a clause's subject: 主力智业获中国专利金奖, 新产业、捷佳伟创分别获
# 市技术发明奖, 周大福荣获…创新企业大奖 (a list of names, an adverb, the verb, then what they won).
_AWARDED = re.compile(
    r"(?:^|(?<=[，,。；;：:\s]))(?P<items>[\u4e00-\u9fffA-Za-z]{2,8}?(?:、[\u4e00-\u9fffA-Za-z]{2,8}?)*)"
    r"(?:分别|先后|相继|均|再次|首次)?(?:获评|荣获|获得|获|入选|跻身|荣登)"
    r"(?P<what>[^，,。；;]{0,30}?(?:奖|称号|企业|冠军|榜|品牌|标杆|专精特新|领跑者))",
    re.M,
)
# No match of _AWARDED holds one of these breaks, and each holds its verb (see stretch_matches).
_AWARDED_STRETCH = (re.compile(r"[，,。；;]"), re.compile("获|入选|跻身|荣登"), 0)
# Ends of a place's, site's or park's name (欢乐港湾, 马峦创谷): what wins there is no firm.
_SITE_END = re.compile(
    r"(?:谷|湾|港|城|园|馆|院|台|岛|中心|基地|小镇|街区|广场|公园|项目|工程|奖|家庭|教师|院士|专家|学生|选手|运动员|首)$"
)
# Tags of a first word that opens no firm's name: a place, a pronoun, a verb, a function word.
_NOT_FIRM_START = re.compile(r"^(?:ns|r\w*|p|d|c|m|q|v|vn|t|f|u\w*)$")


class OrganizationNames(NameCandidates):
    """The grammar of an organization's name on top of every name's (:meth:`is_name`), and the
    organizations the suffix rule read across a clause cut to their name (:meth:`vet_organizations`)."""

    def is_name(self, name: str, suffix: str) -> bool:
        """Not an organization's name: a clause about kinds (不断完善现代医院, 研究解决社区股份合作公司),
        or a name then a clause (深圳技术大学创建…应用技术大学: the name is the one before the verb).

        The answer depends on the name, the suffix and the lexicon alone: the rules ask again of a
        quarter of the candidates of a text (another suffix's run, the CRF's spans), and reports
        share names, so it is kept for the lexicon (candidates.names_read)."""
        key = (name, suffix)
        known = self.names_read.get(key)
        if known is None:
            known = self.names_read[key] = self._reads_as_name(name, suffix)
        return known

    def _reads_as_name(self, name: str, suffix: str) -> bool:
        if not super().is_name(name, suffix):
            return False
        if SUFFIXES.get(suffix) != "Organization" or not name.endswith(suffix):
            return True
        head = name[: len(name) - len(suffix)]
        words = [w for w, _, _ in self.seg.words(head)]
        if (
            words
            and all(w in _INSTITUTION_KINDS or self.generic(w) for w in words)
            and any(w in _INSTITUTION_KINDS for w in words)
        ):
            return False  # 品牌学校, 基层医疗集团, 首家银行: a kind of institution
        for left, right in clause_splits(name, self.seg.tags, len(name) - len(suffix)):
            if _org_suffix(left) and super().is_name(left, _org_suffix(left)):
                return False
            head = right[: len(right) - len(suffix)]
            predicate = all(_PREDICATE_TAGS.match(f) for _, f, _, _ in self.seg.tags(left)) if left else True
            if predicate and kind_not_name(head or right, self.seg.tags):
                return False  # 不断完善 | 现代医院, 研究解决 | 社区股份合作公司 (人才安居集团 stays)
        return True

    def awarded_companies(self) -> list[Mention]:
        """``主力智业获中国专利金奖``, ``新产业、捷佳伟创分别获市技术发明奖``: the firms of a clause that
        opens with their names and says what prize or rank they won. Names of a place, a kind (企业,
        园区), a known entity or a project's or park's suffix are left to their own rules."""
        out: list[Mention] = []
        for g in stretch_matches(_AWARDED, self.clean, *_AWARDED_STRETCH):
            pos = g.start("items")
            items = g.group("items").split("、")
            found: list[Mention] = []
            for item in items:
                s, e = pos, pos + len(item)
                pos = e + 1
                tags = self.seg.tags(item)
                if (
                    not 2 <= len(item) <= 6
                    or _NOT_FIRM_START.match(tags[0][1])
                    or any(
                        len(t[0]) > 1 and t[1].startswith("v") and (tokenizer().FREQ.get(t[0]) or 0) >= 100
                        for t in tags
                    )
                    or re.fullmatch(r"[A-Za-z]{1,4}", item)
                    or kind_not_name(item, self.seg.tags)
                    or SUFFIX_RE.search(item)
                    or _SITE_END.search(item)
                    or (len(item) <= 3 and item[0] in self.lex.surnames)
                    or self.generic(tags[-1][0])
                    or self.known_covering(s, e) is not None
                    or any(self._known_at.get(s + t[2]) for t in tags)
                ):
                    continue
                found.append(Mention(s, e, "Organization", display_name(item), "awarded", aliases={item}))
            out += found
        return out

    def vet_organizations(self, found: list[Mention]) -> list[Mention]:
        """``领导来到牧原集团`` → 牧原集团, ``严厉查处长春长生公司`` → 长春长生公司: a verb, then a name
        that opens with a word that names something or a place."""
        out: list[Mention] = []
        for m in found:
            if m.label in ("Project", "Park") and m.source == "rule" and m.owner is None:
                m.owner = self._company_opening(m)
            if m.owner is not None and m.owner.source == "rule":
                m.owner = self._cut(m.owner)[-1]  # 世界500强魏桥创业集团 | 深圳总部: its owner
            out += self._cut(m)
        return out

    def capacity_owners(self, found: list[Mention]) -> None:
        """``鼎诚工贸年产10万吨活性石灰``, ``青海西部镁业年产2万吨…``: a project that opens with a firm's
        short name then its capacity is that firm's (a place may open the short name here: what follows
        says it is a firm)."""
        for m in found:
            if m.label != "Project" or m.owner is not None or self.clean[m.start : m.end] != m.name:
                continue
            cap = _CAPACITY.search(m.name)
            if cap is None or not 4 <= cap.start() <= 8:
                continue
            short = m.name[: cap.start()]
            if self._known_at.get(m.start) or not any(
                e == len(short) for _, _, e in self.seg.words_at(m.start, m.end)
            ):
                continue
            tail = short[2:] if self._is_place(short[:2]) and len(short) >= 6 else short
            if company_short_name(tail, self.seg.tags) or company_short_name(short, self.seg.tags):
                m.owner = Mention(
                    m.start, m.start + len(short), "Organization", short, "context", aliases={short}
                )

    def _cut(self, m: Mention) -> list[Mention]:
        """The organization ``m`` names, cut after a clause or before its own name; with it, the
        organization before it where that is what was cut off (吴中集团 | 江苏中元控股集团有限公司)."""
        suffix = _org_suffix(m.name)
        if m.source != "rule" or not suffix or self.clean[m.start : m.end] != m.name:
            return [m]
        splits = clause_splits(m.name, self.seg.tags, len(m.name) - len(suffix))
        for _, right in splits + self._place_openings(m.name, suffix):
            first = self.seg.tags(right)[0]
            if len(right) > len(suffix) and (name_word(first[0]) or first[1] == "ns"):
                start = m.end - len(right)
                cut = Mention(start, m.end, m.label, right, m.source, aliases={right})
                cut.properties = dict(m.properties)
                before = [m.owner] if m.owner is not None and m.owner.end <= start else []
                if m.owner is not None and start <= m.owner.start:
                    cut.owner = m.owner
                return [*before, cut]
        return [m]

    def _place_openings(self, name: str, suffix: str) -> list[tuple[str, str]]:
        """``企业代表东莞市蜀江新能源科技有限公司``, ``吴中集团江苏中元控股集团有限公司``,
        ``世界500强魏桥创业集团``: a company's name that opens at a place (or a brand) inside the
        candidate, after words that name nothing (企业代表, a rank) or after another organization's
        name, starts there."""
        if suffix not in ("有限公司", "公司", "集团", "有限责任公司", "股份有限公司"):
            return []
        rank = _RANK.match(name)
        if rank:
            return [(name[: rank.end()], name[rank.end() :])]
        for w, f, s, _ in self.seg.tags(name)[1:]:
            if f != "ns" or len(w) < 2 or s >= len(name) - len(suffix):
                continue
            left = name[:s]
            if kind_not_name(left, self.seg.tags) or _org_suffix(left):
                return [(left, name[s:])]
        return []

    def _company_opening(self, m: Mention) -> Mention | None:
        """``希玛眼科大湾区总部``, ``江州汇鑫建材5800吨水泥生产线``, ``浙江国镜药业异地迁建项目``: a project
        or site whose name opens with a company's short name (a brand and its trade, ending at a word's
        end; the province or city before the brand with it) is that company's."""
        if not _COMPANY_FACILITY.search(m.name):
            return None
        toks = self.seg.tags_at(m.start, m.end)
        # 浙江 | 国镜药业: a place may open the short name, where a brand and a trade follow it.
        placed = len(toks) > 2 and toks[0][1] == "ns" and 2 <= len(toks[0][0]) <= 3
        first = 1 if placed else 0
        for k in range(len(toks) - 1, first, -1):
            size = toks[k - 1][3]
            if not 4 + toks[first][2] <= size <= 8 + toks[first][2] or any(
                f == "ns" for _, f, _, _ in toks[first:k]
            ):
                continue  # 南山科技…, 龙华能源…: a place and a field, no brand
            short = self.clean[m.start + toks[first][2] : m.start + size]
            known = any(self._known_at.get(m.start + t[2]) for t in toks[first:k])
            if company_short_name(short, self.seg.tags) and not known:
                name = self.clean[m.start : m.start + size]
                return Mention(
                    m.start, m.start + size, "Organization", name, "context", aliases={name, short}
                )
        return None


# A branch after an institution's name: its place in brackets (香港大学（深圳）), or a place and the kind
# of branch (北京大学深圳研究生院, 中山大学深圳校区, 康宁医院坪山院区).
_BRANCH = re.compile(
    r"[（(](?P<bracketed>[\u4e00-\u9fff]{2,4})[）)]|(?P<place>[\u4e00-\u9fff]{2,4}?)(?:校区|院区|研究生院|分院|分校|分中心)"
)
_BRANCH_OF = re.compile(r"(?:大学|学院|职校|医院|研究院|中心)$")


class Branches(NameCandidates):
    """Branches of universities, hospitals and institutes, by the place after the name."""

    def branches(self, found: list[Mention]) -> list[Mention]:
        """``北京大学深圳研究生院``, ``香港大学（深圳）``: an institution (a lexicon or rule name) and its
        branch's place (a place the lexicon knows or jieba tags as one) are one name, an organization."""
        out: list[Mention] = []
        for m in [*self.known, *found]:
            if not _BRANCH_OF.search(self.clean, m.start, m.end) or not (
                m.label == "Organization" or self.clean.endswith("中心", m.start, m.end)
            ):
                continue  # (大湾区国家技术创新中心深圳分中心: a centre the suffix rule types a project)
            g = _BRANCH.match(self.clean, m.end)
            if g is None:
                continue
            place = g.group("bracketed") or g.group("place")
            at = g.start("bracketed") if g.group("bracketed") else g.start("place")
            k = self._known_at.get(at)
            placed = k is not None and k.label == "Place" and k.end == at + len(place)
            tags = self.seg.tags(place)
            if not placed and not (len(tags) == 1 and tags[0][1] == "ns"):
                continue
            name = display_name(self.clean[m.start : g.end()])
            branch = Mention(m.start, g.end(), "Organization", name, "rule", aliases={name})
            branch.owner = m
            out.append(branch)
        return out


class RegisteredCompanies(NameCandidates):
    """Companies by their registered names (…有限公司), wherever a longer reading put them."""

    def registered_companies(self, found: list[Mention]) -> list[Mention]:
        """A registered name opens at the place that opens it (秦皇岛满仓面业有限公司, 固始龙海…有限公司
        after 总投资8000万元的; 安徽乐美达…有限公司 after 视察了安巢经开区), else just after a bracket
        or a list's comma ((中电联合建设有限公司总经理)). The organization the rules read ending
        there takes that start; one is added where they read none."""
        by_end: dict[int, Mention] = {}
        for m in found:
            o: Mention | None = m
            while o is not None:  # a project's owner too (秦皇岛满仓面业有限公司年加工…项目)
                if o.label == "Organization" and o.source in RULE_SOURCES:
                    by_end.setdefault(o.end, o)
                o = o.owner
        out = list(found)
        for g in _REGISTERED.finditer(self.clean):
            end, form = g.end(), g.start()
            if self.clean[form - 1 : form] in ")）":
                continue  # 尚德科技(安徽)有限公司: the bracket is part of the name
            # A bracket opens the name unless it closes before the legal form (松原(安徽)汽车…).
            opens = [
                o
                for o in _COMPANY_OPEN.finditer(self.clean, max(0, form - _COMPANY_REACH), form)
                if o.group() not in "(（" or not _CLOSE.search(self.clean, o.end(), form)
            ]
            left = opens[-1].end() if opens else max(0, form - _COMPANY_REACH)
            prev = by_end.get(end)
            # 成立区环境水务有限公司: the name opens after the last verb that cannot sit inside one.
            cut = [left + b for w, _, b in self.seg.words_at(left, form) if w in CUT_TOKENS]
            left = max([left, *cut])
            start = self._place_opening(left, form)
            if start is None and opens and form - left <= _BARE_BRAND and name_chars(self.clean[left:form]):
                start = left
            if start is None:
                continue
            # A reading the rules made is made longer (面业有限公司 → 秦皇岛满仓面业有限公司), or cut
            # where it runs over an open bracket (机构（深圳市…); never shorter otherwise (国投青海风电…).
            if prev is not None and not (
                start < prev.start or _UNCLOSED.search(self.clean, prev.start, start)
            ):
                continue
            if form - start < 2 or self.known_covering(start, end) is not None:
                continue
            name = display_name(self.clean[start:end])
            if prev is not None:
                prev.start, prev.name, prev.aliases = start, name, {name}
            else:
                out.append(Mention(start, end, "Organization", name, "rule", aliases={name}))
        return out

    def _in_brackets(self, at: int, stop: int) -> bool:
        """Whether ``at`` opens a bracket's content that closes before ``stop``."""
        return at > 0 and self.clean[at - 1] in "(（" and _CLOSE.search(self.clean, at, stop) is not None

    def _place_opening(self, left: int, stop: int) -> int | None:
        """Where the first of the last run of places in ``clean[left:stop]`` starts (安巢经开区|安徽…;
        固始|龙海 is one run: 固始), when a brand of two or more characters follows it."""
        clean = self.clean
        places: list[tuple[int, int]] = []
        for k in self.known:
            if k.label == "Place" and left <= k.start and k.end <= stop:
                places.append((k.start, k.end))
        # A place in brackets is part of the brand (松原(安徽)汽车…): it opens nothing.
        places = [(a, b) for a, b in places if not self._in_brackets(a, stop)]
        by_two = division_forms().by_two
        for i in range(left, stop - 1):
            if self._in_brackets(i, stop):
                continue
            for form, _ in by_two.get(clean[i : i + 2], ()):
                if clean.startswith(form, i) and i + len(form) <= stop:
                    places.append((i, i + len(form)))
                    break
        if not places:
            return None
        places.sort()
        run_start, run_end = places[-1]
        for a, b in reversed(places[:-1]):
            if b == run_start:
                run_start = a
            elif b < run_start:
                break
        if stop - run_end < 2 or not name_chars(clean[run_start:stop]):
            return None
        return run_start


class FirmLists(NameCandidates):
    """Firms listed before the people who speak or sign for them."""

    def firms_before_heads(self, found: list[Mention]) -> list[Mention]:
        """北京荣迁食品、中车科技公司、北京建工华创、山水环境产业集团负责人分别发言: a 、-list closed by the
        firms' heads, one item of it read as an organization, is a list of firms; each other item
        that is a place, a brand and a trade (北京荣迁食品), or a brand and a trade, is one too."""
        orgs = {(m.start, m.end) for m in [*found, *self.known] if m.label == "Organization"}
        taken = [(m.start, m.end) for m in [*found, *self.known] if m.label != "Place"]
        out: list[Mention] = []
        for g in stretch_matches(_HEADS_AFTER_LIST, self.clean, *_HEADS_AFTER_LIST_STRETCH):
            items, at = [], g.start("items")
            for item in g.group("items").split("、"):
                items.append((at, at + len(item)))
                at += len(item) + 1
            if len(items) < 3 or not any(span in orgs for span in items):
                continue
            for a, b in items:
                name = self.clean[a:b]
                if (a, b) in orgs or any(x < b and a < y for x, y in taken):
                    continue
                placed = self._is_place(name[:2])
                tail = name[2:] if placed else name
                tail = tail[1:] if tail[:1] == "市" else tail
                # A place and a brand of the firm's own (北京建工华创) is a firm's name in such a list.
                own = placed and len(tail) >= 2 and name_chars(tail) and not self.generic(tail)
                if own or company_short_name(tail, self.seg.tags) or company_short_name(name, self.seg.tags):
                    out.append(Mention(a, b, "Organization", name, "listed", aliases={name}))
        return out
