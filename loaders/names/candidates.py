"""Name candidates: clauses and runs of name-like tokens, the left edge of a name (verbs, trim words,
quantities cut off), and the checks every rule family shares (a distinctive head, an owner inside,
a lexicon name covering it)."""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from graph.core.forms import nfkc
from loaders import grammar
from loaders.lexicon import Lexicon, project_stages, word_list
from loaders.mentions import CLAUSE_END, Mention, clause_ends
from loaders.names.forms import (
    LINE_SUFFIXES,
    OWNER_SUFFIXES,
    PHASE,
    PROPER_SUFFIXES,
    QUOTES,
    STRONG_SUFFIXES,
    SUFFIX_RE,
    SUFFIXES,
    base_forms,
    display_name,
    name_chars,
    quoted_head,
    split_phase,
)
from loaders.segmentation import Segmentation

# Single tokens that end a run (function words); 与/和 are kept inside a listed name, see below.
STOP_TOKENS = frozenset(word_list("stop.txt"))

# Verbs that cannot sit inside a name: a candidate is cut after the last of them.
CUT_TOKENS = frozenset(word_list("cut.txt"))

# Stage verbs (lexicon/stages.tsv) after a counted group give its items their status, the furthest
# printed; 开复工 is read whole, not as 复工.
STAGES = project_stages()

STATUS_VERBS = tuple(STAGES.read_in("group"))

_COMPANY_END = re.compile(r"有限公司|集团|公司")

_STAGE_IN = re.compile("|".join(STAGES.read_in("name")))

_LONG_CUT = re.compile("|".join(sorted((w for w in CUT_TOKENS if len(w) >= 3), key=len, reverse=True)))

# A status verb inside a candidate ends a clause too (哈市计划开工重点项目 → 重点项目, a phrase).
CUT_TOKENS = CUT_TOKENS | frozenset(STATUS_VERBS)
# jieba reads some of them with the adverb before (已达成, 正推进): a clause as well.
CUT_TOKENS = CUT_TOKENS | {adverb + w for adverb in "已正将" for w in CUT_TOKENS}

# A description, not a name: quantities inside (首个…项目, 第二个科教中心, 一批…).
DESCRIPTIVE = re.compile(
    r"首个|首批|第[一二三四五六七八九十\d]+[个批]|一批|一个|多个|各类|若干|\d+个|\d+家|\d+项"
    # A count of kinds opening the name (五大中心, 三小场所, 两大基地): the kinds, not one thing.
    r"|^[一二三四五六七八九十两几]+[大小]"
)

# Leading characters that are never part of a name: bullets, closing quotes, quantities (101天, 64个),
# a role before a name (投资方为…: jieba reads 为腾 as one word), a list's cue (签约项目有…).
# A rank or standing printed before a firm's name (世界500强企业, 中国民营企业500强, 行业领军企业).
_HONOUR = re.compile(r"[\u4e00-\u9fff\d]{0,14}?(?:\d+强(?:企业)?|(?:领军|龙头|知名|骨干|百强)企业)")
_LEAD_CHARS = re.compile(
    r"(?:投资方|投资主体|建设方|实施主体|建设单位)(?:为|是|系)|(?:项目|企业|园区)(?:有|包括|包含|分别是|分别为)|[·•”’\s]+|(?:\d+(?:\.\d+)?|[一二三四五六七八九十百千万两几]+)(?:[个家所项批天年月日人座条届次期]|余个|余?公里|平方公里|平方米|米|亩)+|[个家所项批]"
    # A list's number, as (二) or (6) before an item or a heading: （二）全球海洋中心.
    r"|[（(][一二三四五六七八九十\d]{1,3}[）)]"
    # A bracket the name does not close: it opens what the name is in ((永昌县融媒体中心)).
    r"|[（(](?=[^)）]*$)"
    # A gloss of a road network's or a plan's parts (“三纵”指南光高速, 一核即…): the name follows.
    r"|“?[一二三四五六七八九十两]+[横纵带核轴廊心区园城]”?(?:即|指)"
)

# A line's ends and the places it runs through (龙岩至龙川, 定西经固原至平凉至庆阳).
_LINE_ENDS = re.compile(r"[\u4e00-\u9fff]{2,6}?(?:(?:经|至)[\u4e00-\u9fff]{2,6}?){1,4}")
# The number of a national or provincial road (241国道, G312国道, S305省道).
_ROAD_NUMBER = re.compile(r"[GS]?\d{2,4}")
QUANTITY_TOKEN = re.compile(
    r"^(?:[\d.]+|[一二三四五六七八九十百千万两几]+)(?:[个家所项批天年月日人座条届次期]|余个)?$"
    r"|^(?:亿|千万|百万)元?$|^万元$"  # the unit of an amount jieba splits from its digits (5 | 亿元)
)

# Words that end a description rather than a name in a counted group (老旧小区改造, 重点产业配套).
ACTION_END = re.compile(
    r"(?:改造|建设|提升|治理|改革|配套|升级|整治|落实|淘汰|禁烧|工作|服务|管理|发展|规划)$"
)

# Nouns that end a facility's name (检测室, 仓库, 生产线): a conjunction after one joins two facilities.
_FACILITY_END = frozenset("室库线楼馆厂站")

# Nouns that end the name of a building or site (极地馆, 体育场, 大剧院): one such word names a thing.
_BUILDING_END = frozenset("馆场院城港站楼桥路线厂园谷湾岛塔")

# 建设 inside a candidate, not right before 项目/工程: the builder, then the name built.
_BUILD = frozenset({"建设", "规划建设", "筹建", "改建"})
_COMPANY_BUSINESS = frozenset(word_list("company_business.txt"))
_WORK = frozenset({"项目", "工程", "一期", "二期"})

# Nouns that end the name of a built or natural site (水库, 航道, 海堤, 水厂, 道路): work on one is a project.
_SITE_END = _BUILDING_END | frozenset("库河湖堤渠管道池山溪岸")

# Words of water, power and gas works (供水, 引水, 调蓄, 水源, 输电, 燃气).
_UTILITY = re.compile(r"[供引输调排治污]水|水[源资库厂网]|调蓄|[输供配]电|燃气|管网")

# Characters that open a phrase before a line's suffix, never a line's end (新建高速, 该铁路, 各通道).
_NOT_LINE_END = frozenset("新该各这那其本此对向在从到与和及等以由为将把被一二三四五六七八九十两")
_LINE_KINDS = frozenset(word_list("line_kinds.txt"))

# Kinds joined by + (城市管家+街区, 互联网+医疗健康, CBD+高新区): a model, not a name (“6+6”园区 is
# one, digits).
_KINDS_JOINED = re.compile(r"[A-Za-z\u4e00-\u9fff][+＋][\u4e00-\u9fff]")

# A township or county's name (六广镇, 大石布依族乡, 扎佐街道, 修文县).
_TOWNSHIP = re.compile(r"[\u4e00-\u9fff]{2,6}?(?:镇|乡|街道|县)")

# A modifier that ends a category of projects (市级重大项目, 招商引资重点项目).
_CATEGORY_END = re.compile(r"(?:重大|重点|重要|招商引资|攻坚|储备|备选)$")

# A class or size of projects before 项目 (基建类, 科技人才类, 百亿级, 投资额超亿元, 以上…), or the kind
# of thing or people it brings (代表性, 科研团队, 文旅精品).
_KIND_OF_PROJECT = re.compile(r"[类级性]$|亿元|万元|以上|以下|(?:企业|领域|行业|团队|人才|精品)$")

# Words before a name that close a list (高等, 中等, 平等 are words of their own): what follows 等 is
# the category of the items before it (…广州东北货车外绕线等铁路项目), not a name.
_AFTER_LIST = re.compile(r"(?<![高中初平同上次均相对])等$")
_LIST_INSIDE = re.compile(r"(?<![高中初平同上次均相对])等(?!级)")

# A scope word inside a candidate ends the clause before the name (破题全市园区…): cut there.
_SCOPE = frozenset({"全市", "全省", "全区", "全县", "全域"})

# A list closed by 等功能/等领域 names kinds of function, not things (生产制造、生产企业总部等功能).
# A count right after a project's suffix: the projects of a kind were counted (…光伏项目211个).
_COUNT_AFTER = re.compile(r"\d+(?:\.\d+)?(?:个|项|宗)")
_CATEGORY_LIST = re.compile(r"(?:[、和及与][^,，。;；、]{1,15})*等(?:功能|业务|领域|方面|环节|用途|业态)")

# Conjunctions between two names, and the nouns that end a site's name before one.
_CONJUNCTION = re.compile(r"以及|[和及与]")
_NAME_END = _BUILDING_END | _FACILITY_END | frozenset("村")

# A dash between two names joins them into one (罗田水库—铁岗水库输水隧洞工程, 马峦山—田头山生态绿廊,
# 青岛-安顺共建产业园): the ends of a line or the partners of a shared park.
_JOIN_DASHES = frozenset({"—", "-", "－", "–"})
_JOIN_DASH = re.compile("[" + re.escape("".join(sorted(_JOIN_DASHES))) + "]")
_CHAIN_GOES_ON = re.compile(r"[\u4e00-\u9fff]{0,6}[—\-－–]")

# A ministry, commission or bureau as a name's first word (教育部, 发改委, 科技厅).
_GOV_HEAD = re.compile(r"^[\u3400-\u9fff]{2,}(?:部|委|局|厅|署)$")


# is_name's answers (loaders/names/organizations.py) per lexicon, by (name, suffix): they depend on
# those alone, and reports share names (17,904 distinct of 31,254 per report over the Shenzhen
# reports). The lexicon is held so that its id is not reused.
_NAMES_READ: dict[int, tuple[Lexicon, dict[tuple[str, str], bool]]] = {}


def names_read(lexicon: Lexicon) -> dict[tuple[str, str], bool]:
    """is_name's answers so far with ``lexicon``."""
    held = _NAMES_READ.get(id(lexicon))
    if held is None:
        held = _NAMES_READ[id(lexicon)] = (lexicon, {})
    return held[1]


def forget_names_read() -> None:
    """Forget is_name's answers (benchmarks measure text never seen)."""
    _NAMES_READ.clear()


@dataclass
class Run:
    """Consecutive name-like tokens of one clause (clean offsets), and what precedes it."""

    start: int
    end: int
    toks: list[tuple[str, int, int]]
    after_enum: bool  # the run follows 、 (an item of a list)


class NameCandidates:
    """What every rule family shares, bound to a lexicon and the lexicon mentions of one text."""

    def __init__(
        self, lexicon: Lexicon, clean: str, known: list[Mention], seg: Segmentation | None = None
    ) -> None:
        self.lex = lexicon
        self.clean = clean
        # One segmentation of the text serves every span the rules read (see loaders.segmentation).
        self.seg = seg if seg is not None else Segmentation(clean)
        self.known = known
        self._known_at: dict[int, Mention] = {m.start: m for m in known}
        self._known_end: dict[int, Mention] = {m.end: m for m in known}
        self._known_from: dict[int, list[Mention]] = {}
        for m in known:
            self._known_from.setdefault(m.start, []).append(m)
        self.statuses: list[tuple[int, int, str]] = []
        self._by_start = sorted(known, key=lambda m: (m.start, -m.end))
        self._starts = [m.start for m in self._by_start]
        # Brackets that define a short name (（简称哈玻院）): open → close offset, and the short
        # name's mention inside, by close offset (see loaders.aliases).
        self.brackets: dict[int, int] = {}
        self.short_after: dict[int, Mention] = {}
        self._clauses: list[tuple[int, int]] | None = None
        # is_name's answers by (name, suffix), kept across texts (loaders/names/organizations.py).
        self.names_read = names_read(lexicon)

    def define_short_names(self, spans: list[tuple[int, int]]) -> None:
        """Brackets that are no part of a name; a name right after one belongs to its short name."""
        for open_, close in spans:
            self.brackets[open_] = close
            inside = next((k for k in self.known if open_ < k.start and k.end < close), None)
            if inside is not None:
                self.short_after[close] = inside

    def known_covering(self, start: int, end: int) -> Mention | None:
        """A lexicon mention that holds ``[start, end)`` (they do not overlap, so look just left)."""
        i = bisect.bisect_right(self._starts, start) - 1
        while i >= 0 and self._by_start[i].start > start - 40:
            k = self._by_start[i]
            if k.start <= start and end <= k.end:
                return k
            i -= 1
        return None

    def _clause_ends(self) -> list[int]:
        """Offsets of the characters that end a clause, in order."""
        return clause_ends(self.clean)

    def clauses(self) -> list[tuple[int, int]]:
        if self._clauses is not None:
            return self._clauses
        out, start = [], 0
        for m in CLAUSE_END.finditer(self.clean):
            if m.start() > start:
                out.append((start, m.start()))
            start = m.end()
        if start < len(self.clean):
            out.append((start, len(self.clean)))
        self._clauses = out
        return out

    def runs(self, cstart: int, cend: int) -> list[Run]:
        toks = [(w, cstart + s, cstart + e) for w, s, e in self.seg.words_at(cstart, cend)]
        out: list[Run] = []
        cur: list[tuple[str, int, int]] = []
        after_enum = False
        pending_enum = False
        skip_to = -1
        for i, tok in enumerate(toks):
            w = tok[0]
            nxt = toks[i + 1][0] if i + 1 < len(toks) else ""
            if tok[1] in self.brackets:
                skip_to = self.brackets[tok[1]]
            is_name = name_chars(w) and tok[1] >= skip_to
            stop = w in STOP_TOKENS
            if w == "对" and nxt in self.lex.abbreviations:
                stop = False  # 对俄金融结算中心: 对俄 is part of the name
            if w in ("与", "和", "及") and cur and self._listed_pair(cur, toks[i + 1 :], after_enum, w):
                stop = False  # 科技创新与成果转化服务中心, an item of a 、 list
            if len(w) == 2 and w[1] in "及和" and w[0] in _FACILITY_END:
                stop = True  # 验证室及规划中心: jieba glued the conjunction to a facility noun
            if w in _JOIN_DASHES and cur and self._joins_names(cur[-1][0], nxt):
                is_name = True
            if is_name and not stop:
                cur.append(tok)
                continue
            if cur:
                out.append(Run(cur[0][1], cur[-1][2], cur, after_enum))
                cur = []
            pending_enum = w == "、"
            after_enum = pending_enum
        if cur:
            out.append(Run(cur[0][1], cur[-1][2], cur, after_enum))
        return out

    @staticmethod
    def _joins_names(left: str, right: str) -> bool:
        """Whether a dash between ``left`` and ``right`` joins two names (not 2019-2021, not a list)."""
        return (
            len(left) >= 2
            and all("\u4e00" <= ch <= "\u9fff" for ch in left[-1:] + right[:1])
            and name_chars(right)
            and right not in STOP_TOKENS
        )

    def _listed_pair(
        self, left: list[tuple[str, int, int]], right: list[tuple[str, int, int]], listed: bool, conj: str
    ) -> bool:
        """Whether ``left 与 right`` is one name: left names nothing itself, right ends in a suffix;
        in a 、 list (with 与/和), or in a company's project, its two products joined by 及
        (牧原集团永济分公司生猪养殖及饲料厂建设项目: the company opens the name, its work follows)."""
        left_text = "".join(t[0] for t in left)
        company = _COMPANY_END.search(left_text)
        if company and company.end() < len(left_text) and conj == "及":
            pass  # a company, then what it makes: the conjunction joins two of its products
        elif not listed or conj == "及" or any(t[1] in self._known_at for t in left):
            return False
        if self._suffix_ending_in(left_text) or left_text[-1:] in _FACILITY_END:
            return False  # 3D检测室和动力验证室: the left part is a facility of its own
        if not company and SUFFIX_RE.search(left_text):
            return False
        text = ""
        for w, _, _ in right:
            if not name_chars(w) or w in STOP_TOKENS:
                break
            text += w
        return bool(SUFFIX_RE.search(text))

    def _left_edge(self, toks: list[tuple[str, int, int]], end: int) -> int | None:
        """Where the name starts: after the last verb inside, then past leading trim words,
        quantities (64个, 101天), quotes and bullets."""
        # A company's name often is a place or park and its business (深圳（哈尔滨）产业园投资开发有限公司).
        company = bool(_COMPANY_END.search(self.clean, max(0, end - 4), end))
        cut = 0
        for i, (w, _, _) in enumerate(toks):
            if (
                company
                and w in _COMPANY_BUSINESS
                and 0 < i < len(toks) - 1
                and (w not in CUT_TOKENS or toks[i - 1][0] in _COMPANY_BUSINESS)
            ):
                continue  # 中国铁工投资建设集团: the business the company is registered for
            if w in CUT_TOKENS and self._modifies_suffix(toks, i):
                continue  # 青岛-安顺共建产业园, 河源高新区共建产业园: what kind of park, inside the name
            if w in CUT_TOKENS or (i > 0 and w in _SCOPE):
                cut = i + 1
            elif w in _BUILD and 0 < i < len(toks) - 1 and toks[i + 1][0] not in _WORK:
                cut = i + 1  # 中山七院建设国际医疗中心: who builds, then the name; 养猪场建设项目 stays
        # A long cut verb jieba split (打|造成 in 立新湖片区打造成科创总部区): cut after it too.
        for m in _LONG_CUT.finditer(self.clean, toks[0][1], end):
            cut = max(cut, next((i + 1 for i, t in enumerate(toks) if t[2] == m.end()), cut))
        if cut >= len(toks):
            return None
        start = self._after_conjunction(self._dash_start(toks[cut][1], end), end)
        while start < end:
            honour = _HONOUR.match(self.clean, start, end)
            if honour and end - honour.end() >= 4:
                start = honour.end()  # 世界500强企业吉利控股集团: what the firm ranks as, then its name
                continue
            lead = _LEAD_CHARS.match(self.clean, start, end)
            if lead and lead.end() > start:
                start = lead.end()
                continue
            sub = self.seg.words_at(start, end)
            if not sub:
                return None
            w = sub[0][0]
            # 15号线, 241国道: the number is the name
            numbered = w.isdigit() and self.clean.startswith(("号线", "国道", "省道"), start + len(w))
            if w in self.lex.trim or (QUANTITY_TOKEN.match(w) and not numbered) or self._two_trims(w):
                start += len(w)
                continue
            if len(w) >= 3 and w[-1] in "区市县" and (w[:-1] in self.lex.trim or w[:-1] in CUT_TOKENS):
                start += len(w) - 1  # 建成区青少年活动中心: jieba read 建成区 (a built-up area) as one word
                continue
            # A verb before a proper noun opens the clause (走进哈尔滨…); a quantity or adverb
            # before the name describes it (大量科技创新中心).
            surface = self.clean[start:end]
            # A park or a company (…有限公司, …集团) opening the candidate may be the subject of a
            # verb after it (哈尔滨新区集聚产业项目, 北港集团有限公司投资建设冷链基地). A brand
            # known as a company stays (一汽解放新能源基地: 解放 is part of the name).
            subject_ends = {
                k.end - start for k in self._known_from.get(start, ()) if k.end < end and k.label == "Park"
            }
            subject_ends |= {m.end() for m in _COMPANY_END.finditer(surface) if m.end() < len(surface)}
            k = self._known_at.get(start)
            if k is not None and k.end < end and k.label in ("Park", "Place") and not company:
                # 松北建设冷链基地: a place, then a verb that opens a clause (a trim word).
                nxt = self.seg.words_at(k.end, end)[0][0]
                if nxt in self.lex.trim and k.end + len(nxt) < end:
                    start = k.end + len(nxt)
                    continue
            # A registered company name is a place, a brand of any characters, a trade and 有限公司:
            # a one-character "verb" after the place is the brand's (深圳市爱德利能源科技有限公司).
            if company and self._registered_place(sub):
                break
            skip = (
                grammar.leading_clause_end(surface, self.seg.tags, opened=start > toks[0][1])
                or grammar.predicate_after(surface, subject_ends, self.seg.tags)
                or grammar.leading_quantity_end(surface, self.seg.tags)
            )
            if skip:
                start += skip
                continue
            # A one-character country before a name is a coordination remnant (对俄、日、韩招商代表处).
            if (
                w in self.lex.abbreviations
                and len(sub) > 1
                and (
                    sub[1][0] in QUOTES
                    or (self.clean[start - 1 : start] == "、" and self._single_char_item(start - 2))
                )
            ):
                start += len(w)
                continue
            break
        return start if start < end else None

    def _registered_place(self, sub: list[tuple[str, int, int]]) -> bool:
        """The words ``sub`` open with a city or province then a one-character word, and go on."""
        w = sub[0][0]
        if len(sub) < 4 or len(sub[1][0]) != 1 or not (len(w) >= 3 and w[-1] in "省市"):
            return False
        return self._is_place(w)

    def _after_conjunction(self, start: int, end: int) -> int:
        """Two things joined by a conjunction are two names (市文化馆新馆以及龙华文体中心, 大芬油画村和
        大芬美术馆, 东门转型升级和小梅沙片区): the name starts after the last conjunction whose left side
        ends a name (a site's noun, a suffix) or a piece of work. 以及 never sits inside a name;
        科技创新与成果转化服务中心 and 数控机床及零部件加工项目 stay whole."""
        out = start
        kind = None
        for m in _CONJUNCTION.finditer(self.clean, start, end):
            left = self.clean[start : m.start()]
            if not left:
                continue
            if kind is None:
                kind = self._suffix_ending(end) or ""
            if not self.is_name(display_name(self.clean[m.end() : end]), kind):
                continue  # …C塔及周边地块项目: what follows names nothing by itself
            if (
                m.group() == "以及"
                or left[-1] in _NAME_END
                or ACTION_END.search(left)
                or self._suffix_ending_in(left)
            ):
                out = m.end()
        return out

    def _dash_start(self, start: int, end: int) -> int:
        """Two names joined by a dash are one (罗田水库—铁岗水库输水隧洞工程); a chain of three or
        more (笔架山-中心公园-福田河, A公园—B公园—C公园) or two of one kind (虹桥公园—新城公园) is a
        route or a list: the name is its last item."""
        dashes = [m.start() for m in _JOIN_DASH.finditer(self.clean, start, end)]
        if not dashes:
            return start
        chained = _CHAIN_GOES_ON.match(self.clean, end) is not None
        if len(dashes) == 1 and not chained:
            kind = self._suffix_ending(end)
            if kind is None or self.clean[dashes[0] - len(kind) : dashes[0]] != kind:
                return start
        return dashes[-1] + 1

    @staticmethod
    def _suffix_ending_in(text: str) -> str | None:
        """The longest suffix that ends ``text`` (储能产业园 → 产业园)."""
        return next((text[-n:] for n in range(6, 1, -1) if text[-n:] in SUFFIXES and len(text) >= n), None)

    def _suffix_ending(self, at: int) -> str | None:
        """The longest suffix that ends at ``at``."""
        for size in range(6, 1, -1):
            if self.clean[max(0, at - size) : at] in SUFFIXES:
                return self.clean[at - size : at]
        return None

    def _modifies_suffix(self, toks: list[tuple[str, int, int]], i: int) -> bool:
        """Whether the verb ``toks[i]`` is a name word (lexicon/generic.txt: 共建) right before a bare
        suffix, after a name it qualifies (not the first token)."""
        if i == 0 or toks[i][0] not in self.lex.generic:
            return False
        prev, _, prev_end = toks[i - 1]
        if not (prev == "）" or prev_end in self._known_end or grammar.has_proper_noun(prev, self.seg.tags)):
            return False  # 利用原聚豪高尔夫地块启动先导区: a verb after a common noun opens a clause
        rest = "".join(t[0] for t in toks[i + 1 :])
        suffix = SUFFIX_RE.match(rest)
        return suffix is not None and PHASE.fullmatch(rest, suffix.end()) is not None

    def _single_char_item(self, at: int) -> bool:
        """Whether ``clean[at]`` is a one-character item of a list (俄、日、韩)."""
        before = self.clean[at - 1 : at]
        return self.clean[at : at + 1] in self.lex.abbreviations and (
            before in ("、", "对", "“", "") or not "\u3400" <= before <= "\u9fff"
        )

    def _two_trims(self, w: str) -> bool:
        """A token jieba joined from two trim words (全面完成, 加快实施)."""
        return any(w[:i] in self.lex.trim and w[i:] in self.lex.trim for i in range(1, len(w)))

    def _candidate(self, start: int, end: int, suffix: str, source: str) -> Mention | None:
        surface = self.clean[start:end]
        # An opening quote without its closing one is not part of the name.
        if surface.count("“") != surface.count("”"):
            surface = surface.replace("“", "").replace("”", "")
        name = display_name(surface)
        label = SUFFIXES.get(suffix, "Project")
        if label == "Project" and suffix == "中心" and _GOV_HEAD.match(self.seg.words(name)[0][0]):
            label = "Organization"  # 教育部学校规划建设发展中心: a body under a ministry, not a site
        # A lexicon name that covers the candidate, or closes it, is the better reading.
        if self.known_covering(start, end) is not None:
            return None
        closing = self._known_end.get(end)
        if closing is None and self.clean.endswith("项目", start, end):
            closing = self._known_end.get(end - 2)  # 新区江北一体发展区项目: the park's work
        if (
            closing is not None
            and closing.label in ("Park", "Organization", "Place")
            and closing.start > start
            and self.clean[closing.start - 1] not in _JOIN_DASHES  # 珠江—西江经济带 is one name
        ):
            return None
        if suffix in ("项目", "工程") and _COUNT_AFTER.match(self.clean, end):
            return None  # 新增屋顶分布式光伏项目211个: how many projects of a kind, not one project
        if _CATEGORY_LIST.match(self.clean, end):
            return None
        if suffix == "项目" and _AFTER_LIST.search(self.clean, max(0, start - 2), start):
            return None  # …等铁路项目, …等民航项目: the category of a list's items
        quoted = label == "Program" and re.search(r"“[^”]+”", surface)
        if not quoted and not self.is_name(name, suffix):
            return None
        ends = self._clause_ends()
        at = bisect.bisect_left(ends, start)
        clause_start = ends[at - 1] + 1 if at else 0
        if grammar.predicate_description(self.clean[clause_start:start]):
            return None  # …是一个系统工程, 打造成为…的低碳智慧园区: says what something is
        township = _TOWNSHIP.fullmatch(name[:-2]) if suffix == "项目" else None
        if township and not DESCRIPTIVE.search(name):
            # 六广镇项目1个, 扎佐街道项目: the township's projects; the township is the mention.
            return Mention(start, end - 2, "Place", township.group(), source, aliases={township.group()})
        if suffix == "项目" and self._organization_project(start, end, name):
            return None
        if suffix == "项目" and quoted_head(nfkc(self.clean[start:end])):
            return None  # “重量级”项目, “飞地经济”项目: a description in quotes
        if label == "Program" and "“" not in self.clean[start:end] and suffix != "工程":
            return None
        building = re.search(r"(?:扩建|新建|改扩建|改造|建设|[一二三四五\d]期)$", name[:-2])
        if suffix == "工程" and (building or self._works_at_site(name)):
            label = "Project"  # 机场三期扩建工程 is building work; 民生工程, 试点工程 are programmes
        mention = Mention(start, end, label, name, source)
        mention.aliases = {name, split_phase(name)[0]}
        if name.endswith(("集团有限公司", "集团股份有限公司")):
            mention.aliases.add(name[: name.rindex("集团") + 2])  # 大连港集团有限公司 is 大连港集团
        mention.owner = self._owner(start, end, name)
        short = self.short_after.get(start)
        if short is not None and label in ("Project", "Park"):
            # （简称哈玻院）新材料科技产业化基地 is 哈玻院新材料科技产业化基地, run by 哈玻院.
            mention.name = short.name + name
            mention.aliases |= {mention.name, split_phase(mention.name)[0]}
            mention.owner = short
        return mention

    def _works_at_site(self, name: str) -> bool:
        """Whether ``…工程`` is work on a named site (清林径引水调蓄工程, 北江航道扩能升级工程), not a
        programme (信息惠民工程, 创新强校工程): a place name or a built thing inside, unquoted."""
        if "“" in name or "”" in name:
            return False
        head = split_phase(name)[0].removesuffix("工程")
        tags = self.seg.tags(head)
        if any(tag == "ns" for _, tag, _, _ in tags):
            return True  # a place name (珠三角水资源配置工程)
        words = [w for w, _, _ in self.seg.words(head) if len(w) > 1]
        # Water, power and gas works (公明供水调蓄主体工程, 优质饮用水入户工程, 输电工程).
        return any(w[-1] in _SITE_END or _UTILITY.search(w) for w in words)

    def _organization_project(self, start: int, end: int, name: str) -> bool:
        """``哈尔滨玻璃钢研究院有限公司项目``, ``哈玻院项目现场管理经理``, ``新区江北一体发展区项目现场``:
        项目 after names the text already knows (an organization, a park) is their work, not a
        name of its own (those names are the mentions)."""
        base = split_phase(name)[0]
        inner = SUFFIX_RE.search(base[-5:]) if base != name else None
        if inner and base.endswith(inner.group()) and SUFFIXES[inner.group()] == "Organization":
            return True
        base_end = self.clean.rfind("项目", start, end)
        if base_end <= start:
            return False
        # Known names, or generic words beside them (新区江北一体发展区项目现场).
        pos, count = start, 0
        for w, a, b in self.seg.words_at(start, base_end):
            k = self._known_at.get(start + a)
            if start + a < pos:
                continue
            if k is not None and k.end <= base_end and k.label != "Industry":
                pos, count = k.end, count + 1
            elif self.generic(w):
                pos = start + b
            else:
                return False
        return count >= 1 and pos == base_end

    def is_name(self, name: str, suffix: str) -> bool:
        """A name, not a phrase: a distinctive head, no quantities inside, no punctuation."""
        if len(name) < 3 or re.search(r"[，,。；;、：:]", name) or DESCRIPTIVE.search(name):
            return False
        if _KINDS_JOINED.search(name):
            return False  # 城市管家+街区, 总部+研发+生产集聚区: kinds joined
        base = base_forms(name)[-1]
        # The head is what comes before the suffix; a line's section after it (清平高速二期北段,
        # 前海至皇岗口岸段) or a phase in brackets (（二期）) is no part of the head.
        at = base.rfind(suffix)
        head = base[:at] if at >= 0 else base
        head = head.strip("·")
        if self._abbreviated_line(head, suffix):
            return True  # 盐排高速, 深茂铁路, 深中通道: a line named after its two ends
        if suffix in ("国道", "省道") and _ROAD_NUMBER.fullmatch(head):
            return True  # 241国道, G312国道: a national or provincial road by its number
        if suffix in LINE_SUFFIXES and _LINE_ENDS.fullmatch(head) and "至" in head:
            return True  # 龙岩至龙川铁路, 定西经固原至平凉至庆阳铁路: a line named from end to end
        own = self._district_facility(head, suffix)
        short = len(head) < 2 and not (suffix == "号线" and head.isdigit()) and not own  # 6号线 is a name
        if short or grammar.slogan(base) or grammar.phrase_not_name(head, self.seg.tags):
            return False
        if _STAGE_IN.search(head):
            return False  # 新开工项目, 计划开复工项目: a stage, not a name
        if own:
            return True
        if suffix == "项目" and _CATEGORY_END.search(head):
            return False  # 第二季度重大项目, 自治区层面重大项目: a category of projects, not one
        owned = _COMPANY_END.search(head) is not None  # 彩佳印染公司…技术改造项目: a company's work
        if suffix == "项目" and ACTION_END.search(head) and not owned and not self._proper(head):
            return False  # 制造业改造升级项目: a kind of work; 东安…升级改造 names its owner
        if suffix == "项目" and self._project_kind(head):
            return False  # 基建类项目, 百亿级项目, 铁路项目, 创业就业项目: a kind of project, not one
        if self._counted_kinds(head, suffix) or _LIST_INSIDE.search(head):
            return False  # 区两级政府投资项目, 交易四大中心, 方正微等芯片项目: a category or a list
        if suffix in STRONG_SUFFIXES:
            return True
        if suffix in PROPER_SUFFIXES and not self._proper(head):
            return False
        words = [w for w, _, _ in self.seg.words(head)]
        if all(t.startswith("v") for _, t, _, _ in self.seg.tags(head)):
            return False  # 生产制造基地, 研发中心: what is done there, not a name
        if suffix in ("项目", "园区"):
            # 部署项目, 哈尔滨市招商引资项目: one common word (after a place) before a bare 项目/园区
            # is a phrase, not a name.
            rest = words[1:] if len(words) > 1 and self._is_place(words[0]) else words
            if len(rest) == 1 and not self._proper(rest[0]) and rest[0][-1:] not in _BUILDING_END:
                return False  # (哈尔滨极地馆二期项目 stays: 极地馆 is a building)
        distinctive = [
            w for w in words if not self.generic(w) and not QUANTITY_TOKEN.match(w) and w not in QUOTES
        ]
        if not distinctive:
            return False
        # Numbers alone (“6+6”园区) do not name anything; an acronym does (EDA创新中心).
        return bool(re.search(r"[\u3400-\u9fff]|[A-Z]{2,}", "".join(distinctive)))

    def _counted_kinds(self, head: str, suffix: str) -> bool:
        """A head that holds a count of kinds (交易四大中心, 三大工程), or of levels before 项目
        (区两级政府投资): a category. 区街两级基层治理学院 is one school, serving two levels."""
        levels = suffix == "项目" or SUFFIXES.get(suffix) == "Park"  # 四级同创示范区
        count = r"[二两三四五六七八九十]+[级大]" if levels else r"[二两三四五六七八九十]+大"
        return any(f == "m" and re.fullmatch(count, w) for w, f, _, _ in self.seg.tags(head))

    def _abbreviated_line(self, head: str, suffix: str) -> bool:
        """A road or rail line named by a character of each end (盐排高速, 深茂铁路, 坪盐通道): a head of
        two characters before a line's suffix, no kind of line (快速, 疏港, 城际: lexicon/line_kinds.txt)
        and no word of grammar. jieba reads such heads any way (盐|排, 深茂/a, 深中/s)."""
        if suffix not in LINE_SUFFIXES or suffix == "号线" or len(head) != 2 or head in _LINE_KINDS:
            return False
        if not re.fullmatch(r"[\u4e00-\u9fff]+", head) or self.generic(head) or head[0] in _NOT_LINE_END:
            return False
        return not all(self.generic(c) for c in head) and self.lex.canonical_of(head) is None

    def _district_facility(self, head: str, suffix: str) -> bool:
        """The district's or city's own institution or building (区档案馆, 区文化中心, 市第二图书馆,
        区综合医院): 区/市/县 as a word of its own, an optional ordinal and at most a few words, before
        the suffix of a facility (not of a park or a project: 区重点项目 is a category)."""
        if SUFFIXES.get(suffix) not in ("Project", "Organization") or suffix in ("项目", "工程", "中心区"):
            return False
        words = [w for w, _, _ in self.seg.words(head)] if head else []
        return bool(words) and words[0] in ("区", "市", "县") and len(head) <= 5

    def _project_kind(self, head: str) -> bool:
        """Whether ``head项目`` names a kind of project: a class or a size (基建类, 百亿级, 投资额超亿元),
        or a short head with no proper noun in it that is no site (铁路, 分布式光伏, 民生微实事;
        not 猪场, 储能产业园)."""
        if _KIND_OF_PROJECT.search(head):
            return True
        site = self._suffix_ending_in(head)
        return (
            len(head) <= 5
            and head[-1:] not in _BUILDING_END
            and not (site and len(site) < len(head))
            and not self._proper(head)
        )

    def _is_place(self, word: str) -> bool:
        key = self.lex.canonical_of(word)
        return key is not None and self.lex.entries[key].label == "Place"

    def _proper(self, head: str) -> bool:
        """A proper noun, a lexicon name or a word jieba does not know."""
        known = self.lex.canonical_of(head) is not None or any(
            self._known_place_word(w) for w, _, _ in self.seg.words(head)
        )
        return (
            grammar.has_proper_noun(head, self.seg.tags)
            or known
            or re.search(r"[A-Za-z\d]", head) is not None
        )

    def _known_place_word(self, word: str) -> bool:
        """A word that is a known place or park, or one without its 区/市/县 (光明 of 光明区)."""
        if len(word) < 2 or self.generic(word):
            return False
        return any(self.lex.canonical_of(word + end) is not None for end in ("", "区", "市", "县"))

    def generic(self, word: str) -> bool:
        """A generic word, or one jieba joined from two (龙头企业 = 龙头 + 企业)."""
        g = self.lex.generic
        return word in g or any(word[:i] in g and word[i:] in g for i in range(1, len(word)))

    def _owner(self, start: int, end: int, name: str) -> Mention | None:
        """Who a name belongs to: an inner name with an owner suffix (哈医大新区医学中心 | 科教创新园),
        else a known organization or park it starts with (华为黑龙江鲲鹏创新中心 → 华为)."""
        inner_text = self.clean[start:end]
        for m in SUFFIX_RE.finditer(inner_text):
            # A park before a facility (苏州联东U谷工业园区双创中心) owns it too.
            owner_suffix = m.group() in OWNER_SUFFIXES or (
                SUFFIXES[m.group()] == "Park" and "园" in m.group()
            )
            if owner_suffix and 3 <= m.end() < len(inner_text) - 1:
                sub = display_name(inner_text[: m.end()])
                if self.is_name(sub, m.group()):
                    inner = Mention(start, start + m.end(), SUFFIXES[m.group()], sub, "rule", aliases={sub})
                    inner.owner = self._owner(start, start + m.end(), sub)
                    return inner
        k = self._known_at.get(start)
        if k and k.end < end and k.label in ("Organization", "Park"):
            return k
        return None
