"""Names of projects, parks and organizations read by rules over jieba-segmented text.

The rules, in the order a sentence meets them:

- **Suffix rule**: a run of name-like tokens ending in a suffix (…产业园, …片区, …中心, …集团) is a
  candidate; its left edge is trimmed of verbs, adverbs and scope words (重点推动龙江碳谷 → 龙江碳谷),
  and it is kept only with a distinctive head (龙头项目, 总部项目 are phrases, not names).
- **Coordination**: ``哈工大、哈工程创新中心`` → 哈工大创新中心 and 哈工程创新中心.
- **Counted groups**: ``龙江碳谷等14个项目开工`` → 龙江碳谷 (status 开工); the group is not an entity.
- **Government bodies**: a place followed by 市政府/发改委/市委 … (哈尔滨市发改委).
- **Listed companies**: ``新光光电成为…上市企业``.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import lru_cache

from loaders import grammar
from loaders.lexicon import Lexicon, project_stages, word_list
from loaders.mentions import CLAUSE_END, Mention, nfkc
from loaders.segmentation import Segmentation

# Suffix → label. Longest first when matched; the label is what a name with that suffix usually is.
SUFFIXES: dict[str, str] = {
    # parks and zones
    "产业园区": "Park",
    "工业园区": "Park",
    "园区": "Park",
    "产业园": "Park",
    "科技园": "Park",
    "工业园": "Park",
    "软件园": "Park",
    "物流园": "Park",
    "片区": "Park",
    "试验区": "Park",
    "示范区": "Park",
    "新区": "Park",
    "开发区": "Park",
    "高新区": "Park",
    "保税区": "Park",
    "综保区": "Park",
    "经济区": "Park",
    "合作区": "Park",
    "自贸区": "Park",
    "启动区": "Park",
    "发展区": "Park",
    "创新城": "Park",
    "科学城": "Park",
    # projects and facilities
    "创新园": "Project",
    "孵化园": "Project",
    "中心": "Project",
    "基地": "Project",
    "总部": "Project",
    "工作站": "Project",
    "实验室": "Project",
    "项目": "Project",
    "陆港": "Project",
    "工厂": "Project",
    "风景区": "Project",
    "景区": "Project",
    "小镇": "Project",
    "大厦": "Project",
    "广场": "Project",
    "综合体": "Project",
    "科技城": "Project",
    "产业城": "Project",
    "公园": "Project",
    "博物馆": "Project",
    "科技馆": "Project",
    "展览馆": "Project",
    "体育馆": "Project",
    # organizations
    "有限公司": "Organization",
    "总公司": "Organization",
    "公司": "Organization",
    "集团": "Organization",
    "银行": "Organization",
    "分行": "Organization",
    "支行": "Organization",
    "大学": "Organization",
    "学院": "Organization",
    "研究院": "Organization",
    "研究所": "Organization",
    "交易所": "Organization",
    "仲裁院": "Organization",
    "法院": "Organization",
    "医院": "Organization",
    "代表处": "Organization",
    "管委会": "Organization",
    "协会": "Organization",
    "商会": "Organization",
    # programmes (only with a quoted or distinctive head)
    "行动计划": "Program",
    "工程": "Program",
}
_SUFFIX_RE = re.compile("|".join(sorted(SUFFIXES, key=len, reverse=True)))
# Specific enough that a generic head still makes a name (国际陆港, 招商代表处).
STRONG_SUFFIXES = frozenset({"陆港", "仲裁院", "交易所", "工作站", "代表处"})
# A suffix that marks the owner inside a longer name (哈医大新区医学中心 | 科教创新园).
OWNER_SUFFIXES = frozenset({"中心", "医院", "大学", "集团", "公司", "银行", "产业园", "产业园区", "园区"})
# A phase or lot after the suffix belongs to the name (科创总部一期, …一标段项目).
_PHASE = re.compile(r"(?:[一二三四五六七八九十\d]+(?:期|号|标段))?(?:项目)?")
_PHASE_TAIL = re.compile(r"[一二三四五六七八九十\d]+(?:期|号|标段)$")

# Characters a name may hold; anything else breaks a run.
_NAME_CHAR = re.compile(r"[\u3400-\u9fffA-Za-z0-9()（）·“”‘’《》+.]")
_NAME_CHARS = re.compile(_NAME_CHAR.pattern + "*")


def name_chars(text: str) -> bool:
    """Whether every character of ``text`` may sit in a name."""
    return _NAME_CHARS.fullmatch(text) is not None


_QUOTES = "“”‘’\"'《》"
_NAME_GOES_ON = frozenset("网报社台刊局委办处")
# …and after a given suffix (中国工程院, 工程师).
_GOES_ON_AFTER = {"工程": "院师学局队处部", "中心": "区站", "基地": "区"}
# Single tokens that end a run (function words); 与/和 are kept inside a listed name, see below.
STOP_TOKENS = frozenset(word_list("stop.txt"))
# Verbs that cannot sit inside a name: a candidate is cut after the last of them.
CUT_TOKENS = frozenset(word_list("cut.txt"))
# Stage verbs (lexicon/stages.tsv) after a counted group give its items their status, the furthest
# printed; 开复工 is read whole, not as 复工.
_STAGES = project_stages()
STATUS_VERBS = tuple(_STAGES.read_in("group"))
_STATUS_VERB = re.compile("|".join(sorted(STATUS_VERBS, key=len, reverse=True)))
# A group "of these kinds" (等方面的, 等领域), and items named like an industry (无人机制造, 先进制造).
_KINDS = re.compile(r"方面|领域|类|行业|产业")
_KIND_END = re.compile(r"(?:产业|行业|制造|服务|技术|经济|物流|旅游)$")
_COMPANY_END = re.compile(r"有限公司|集团|公司")
_STAGE_IN = re.compile("|".join(_STAGES.read_in("name")))
# A status verb inside a candidate ends a clause too (哈市计划开工重点项目 → 重点项目, a phrase).
CUT_TOKENS = CUT_TOKENS | frozenset(STATUS_VERBS)
# A description, not a name: quantities inside (首个…项目, 第二个科教中心, 一批…).
_DESCRIPTIVE = re.compile(
    r"首个|首批|第[一二三四五六七八九十\d]+个|一批|一个|多个|各类|若干|\d+个|\d+家|\d+项"
)
# Leading characters that are never part of a name: bullets, closing quotes, quantities (101天, 64个),
# a role before a name (投资方为…: jieba reads 为腾 as one word).
_LEAD_CHARS = re.compile(
    r"(?:投资方|投资主体|建设方|实施主体|建设单位)(?:为|是|系)|[·•”’\s]+|(?:\d+(?:\.\d+)?|[一二三四五六七八九十百千万两几]+)(?:[个家所项批天年月日人座条届次期]|余个)+|[个家所项批]"
)
_QUANTITY_TOKEN = re.compile(
    r"^(?:[\d.]+|[一二三四五六七八九十百千万两几]+)(?:[个家所项批天年月日人座条届次期]|余个)?$"
)
# Words that end a description rather than a name in a counted group (老旧小区改造, 重点产业配套).
_ACTION_END = re.compile(
    r"(?:改造|建设|提升|治理|改革|配套|升级|整治|落实|淘汰|禁烧|工作|服务|管理|发展|规划)$"
)
_GROUP = re.compile(
    r"等\s*(?:(?:\d+|[一二三四五六七八九十百几多数两]+)\s*(?:个|家|项|所|座|批|条)|一批)?"
    r"(?P<mid>[^、,，。;；等]{0,10}?)"
    r"(?P<noun>项目|企业|公司|机构|园区|区域|单位|高校|医院|银行|平台)"
)
# Nouns that end a facility's name (检测室, 仓库, 生产线): a conjunction after one joins two facilities.
_FACILITY_END = frozenset("室库线楼馆厂站")
# Nouns that end the name of a building or site (极地馆, 体育场, 大剧院): one such word names a thing.
_BUILDING_END = frozenset("馆场院城港站楼桥路线厂园谷湾岛塔")
# A scope word inside a candidate ends the clause before the name (破题全市园区…): cut there.
_SCOPE = frozenset({"全市", "全省", "全区", "全县", "全域"})
# A list closed by 等功能/等领域 names kinds of function, not things (生产制造、生产企业总部等功能).
_CATEGORY_LIST = re.compile(r"(?:[、和及与][^,，。;；、]{1,15})*等(?:功能|业务|领域|方面|环节|用途|业态)")
# A ministry, commission or bureau as a name's first word (教育部, 发改委, 科技厅).
_GOV_HEAD = re.compile(r"^[\u3400-\u9fff]{2,}(?:部|委|局|厅|署)$")
# Tokens before which a counted group's list cannot reach: an earlier list's 等, or a preposition
# that makes the items fields of work (在农产品精深加工、无人机制造等16个项目签约).
_LIST_OPENERS = frozenset({"等", "在", "围绕", "涉及", "聚焦", "涵盖"})
GROUP_LABELS = {
    "项目": "Project",
    "企业": "Organization",
    "公司": "Organization",
    "机构": "Organization",
    "园区": "Park",
    "区域": "Park",
    "单位": "Organization",
    "高校": "Organization",
    "医院": "Organization",
    "银行": "Organization",
    "平台": "Project",
}
_GOV = re.compile(
    r"(?:市|省|区|县)?(?:人民政府|政府|发展和改革委员会|发改委|管委会|市委|省委|区委|县委|人大常委会|"
    r"(?:科技|商务|工信|财政|教育|交通|文旅|卫健|人社|自然资源|生态环境|住建|农业农村|发改|经发|"
    r"市场监管|营商环境建设监督|税务|统计)(?:厅|局|部门))"
)
_TO_LIST = re.compile(
    r"^(?:支持|推动|助推|推进)(?P<x>[^,，。、;；等\s]{2,8}?)(?:在[^,，。]{2,8})?(?:挂牌)?上市$"
)
_CONTEXT_VERBS = frozenset(_STAGES.read_in("context"))
# A clause without one of these characters' strings holds no such token: no need to segment it.
_CONTEXT_VERB_RE = re.compile("|".join(sorted(_CONTEXT_VERBS, key=len, reverse=True)))
_ADVERBS = frozenset(
    [
        "已",
        "已经",
        "正式",
        "成功",
        "顺利",
        "将",
        "全面",
        "率先",
        "陆续",
        "相继",
        "先后",
        "集中",
        "均",
        "都",
        "也",
        "即将",
        "尽快",
        "加快",
        "年内",
    ]
)
_LISTED = re.compile(r"成为[^,，。;；]{0,16}上市(?:企业|公司)")


@dataclass
class Run:
    """Consecutive name-like tokens of one clause (clean offsets), and what precedes it."""

    start: int
    end: int
    toks: list[tuple[str, int, int]]
    after_enum: bool  # the run follows 、 (an item of a list)


@lru_cache(maxsize=8192)
def display_name(surface: str) -> str:
    """A name as the graph shows it: no quotes, full-width brackets (深圳（哈尔滨）产业园区)."""
    s = "".join(ch for ch in nfkc(surface) if ch not in _QUOTES and not ch.isspace())
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


class NameRules:
    """The rules, bound to a lexicon and the lexicon mentions of one text."""

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
        self._ends: list[int] | None = None

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

    # ---- clauses and runs

    def _clause_ends(self) -> list[int]:
        """Offsets of the characters that end a clause, in order."""
        if self._ends is None:
            self._ends = [m.start() for m in CLAUSE_END.finditer(self.clean)]
        return self._ends

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
            if w in ("与", "和") and cur and after_enum and self._listed_pair(cur, toks[i + 1 :]):
                stop = False  # 科技创新与成果转化服务中心, an item of a 、 list
            if len(w) == 2 and w[1] in "及和" and w[0] in _FACILITY_END:
                stop = True  # 验证室及规划中心: jieba glued the conjunction to a facility noun
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

    def _listed_pair(self, left: list[tuple[str, int, int]], right: list[tuple[str, int, int]]) -> bool:
        """Whether ``left 与 right`` is one listed name: left names nothing itself, right ends in a suffix."""
        if any(t[1] in self._known_at for t in left):
            return False
        left_text = "".join(t[0] for t in left)
        if _SUFFIX_RE.search(left_text) or left_text[-1:] in _FACILITY_END:
            return False  # 3D检测室和动力验证室: the left part is a facility of its own
        text = ""
        for w, _, _ in right:
            if not name_chars(w) or w in STOP_TOKENS:
                break
            text += w
        return bool(_SUFFIX_RE.search(text))

    # ---- the suffix rule

    def suffix_names(self) -> list[Mention]:
        out: list[Mention] = []
        for cstart, cend in self.clauses():
            if _SUFFIX_RE.search(self.clean, cstart, cend) is None:
                continue  # no run of this clause can end in a suffix: no need to segment it
            clause_mentions: list[Mention] = []
            for run in self.runs(cstart, cend):
                m = self._chunk(run)
                if m:
                    clause_mentions.append(m)
            clause_mentions += self._coordinated(cstart, cend, clause_mentions)
            out += clause_mentions
        return out

    def _chunk(self, run: Run) -> Mention | None:
        """The longest valid name of a run that ends in a suffix (tried from the last suffix back)."""
        text = self.clean[run.start : run.end]
        ends = []
        for m in _SUFFIX_RE.finditer(text):
            # 中国产业园区网: the name goes on past the suffix, it is not this suffix's name.
            nxt = text[m.end() : m.end() + 1]
            if nxt and (nxt in _NAME_GOES_ON or nxt in _GOES_ON_AFTER.get(m.group(), "")):
                continue
            ends.append(m)
        for last in reversed(ends):
            end = run.start + last.end()
            phase = _PHASE.match(self.clean, end, run.end)
            if phase and SUFFIXES[last.group()] != "Organization":
                end = phase.end()
            toks = [t for t in run.toks if t[1] < end]
            start = self._left_edge(toks, end)
            if start is None:
                continue
            mention = self._candidate(start, end, last.group(), "rule")
            if mention is not None:
                return mention
        return None

    def _left_edge(self, toks: list[tuple[str, int, int]], end: int) -> int | None:
        """Where the name starts: after the last verb inside, then past leading trim words,
        quantities (64个, 101天), quotes and bullets."""
        # A company's name often is a place or park and its business (深圳（哈尔滨）产业园投资开发有限公司).
        company = bool(_COMPANY_END.search(self.clean, max(0, end - 4), end))
        cut = 0
        for i, (w, _, _) in enumerate(toks):
            if w in CUT_TOKENS or (i > 0 and w in _SCOPE):
                cut = i + 1
        if cut >= len(toks):
            return None
        start = toks[cut][1]
        while start < end:
            lead = _LEAD_CHARS.match(self.clean, start, end)
            if lead and lead.end() > start:
                start = lead.end()
                continue
            sub = self.seg.words_at(start, end)
            if not sub:
                return None
            w = sub[0][0]
            if w in self.lex.trim or _QUANTITY_TOKEN.match(w) or self._two_trims(w):
                start += len(w)
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
            skip = (
                grammar.leading_clause_end(surface, self.seg.tags)
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
                    sub[1][0] in _QUOTES
                    or (self.clean[start - 1 : start] == "、" and self._single_char_item(start - 2))
                )
            ):
                start += len(w)
                continue
            break
        return start if start < end else None

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
        ):
            return None
        if _CATEGORY_LIST.match(self.clean, end):
            return None
        quoted = label == "Program" and re.search(r"“[^”]+”", surface)
        if not quoted and not self.is_name(name, suffix):
            return None
        ends = self._clause_ends()
        at = bisect.bisect_left(ends, start)
        clause_start = ends[at - 1] + 1 if at else 0
        if grammar.predicate_description(self.clean[clause_start:start]):
            return None  # …是一个系统工程, 打造成为…的低碳智慧园区: says what something is
        if suffix == "项目" and self._organization_project(start, end, name):
            return None
        if suffix == "项目" and quoted_head(nfkc(self.clean[start:end])):
            return None  # “重量级”项目, “飞地经济”项目: a description in quotes
        if label == "Program" and "“" not in self.clean[start:end] and suffix != "工程":
            return None
        if suffix == "工程" and re.search(r"(?:扩建|新建|改扩建|改造|建设|[一二三四五\d]期)$", name[:-2]):
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

    def _organization_project(self, start: int, end: int, name: str) -> bool:
        """``哈尔滨玻璃钢研究院有限公司项目``, ``哈玻院项目现场管理经理``, ``新区江北一体发展区项目现场``:
        项目 after names the text already knows (an organization, a park) is their work, not a
        name of its own (those names are the mentions)."""
        base = split_phase(name)[0]
        inner = _SUFFIX_RE.search(base[-5:]) if base != name else None
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
        if len(name) < 3 or re.search(r"[，,。；;、：:]", name) or _DESCRIPTIVE.search(name):
            return False
        base = base_forms(name)[-1]
        head = base[: len(base) - len(suffix)] if base.endswith(suffix) else base
        head = head.strip("·")
        if len(head) < 2 or grammar.slogan(base) or grammar.phrase_not_name(head, self.seg.tags):
            return False
        if _STAGE_IN.search(head):
            return False  # 新开工项目, 计划开复工项目: a stage, not a name
        if suffix == "项目" and _ACTION_END.search(head) and not grammar.has_proper_noun(head, self.seg.tags):
            return False  # 制造业改造升级项目: a kind of work; 东安…升级改造 names its owner
        if suffix in STRONG_SUFFIXES:
            return True
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
            w for w in words if not self.generic(w) and not _QUANTITY_TOKEN.match(w) and w not in _QUOTES
        ]
        if not distinctive:
            return False
        # Numbers and Latin letters alone (“6+6”园区) do not name anything.
        return bool(re.search(r"[\u3400-\u9fff]", "".join(distinctive)))

    def _is_place(self, word: str) -> bool:
        key = self.lex.canonical_of(word)
        return key is not None and self.lex.entries[key].label == "Place"

    def _proper(self, head: str) -> bool:
        """A proper noun, a lexicon name or a word jieba does not know."""
        known = self.lex.canonical_of(head) is not None
        return (
            grammar.has_proper_noun(head, self.seg.tags)
            or known
            or re.search(r"[A-Za-z\d]", head) is not None
        )

    def generic(self, word: str) -> bool:
        """A generic word, or one jieba joined from two (龙头企业 = 龙头 + 企业)."""
        g = self.lex.generic
        return word in g or any(word[:i] in g and word[i:] in g for i in range(1, len(word)))

    def _owner(self, start: int, end: int, name: str) -> Mention | None:
        """Who a name belongs to: an inner name with an owner suffix (哈医大新区医学中心 | 科教创新园),
        else a known organization or park it starts with (华为黑龙江鲲鹏创新中心 → 华为)."""
        inner_text = self.clean[start:end]
        for m in _SUFFIX_RE.finditer(inner_text):
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

    # ---- coordination

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

    # ---- counted groups

    def counted_groups(self) -> list[Mention]:
        out: list[Mention] = []
        for cstart, cend in self.clauses():
            clause = self.clean[cstart:cend]
            g = _GROUP.search(clause)
            if not g:
                continue
            if _KINDS.search(g.group("mid")):
                continue  # 物流、旅游…等方面的30个项目: the items are kinds of project, not names
            label = GROUP_LABELS[g.group("noun")]
            after = clause[g.end() :]
            printed = [_STAGES.stage_of(v.group()) for v in _STATUS_VERB.finditer(after[:8])]
            status = max(printed, key=_STAGES.rank) if printed else None
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
            for s, e in reversed(items):
                m = self._group_item(s, e, label)
                if m is None:
                    continue
                if fields and (_ACTION_END.search(m.name) or _KIND_END.search(m.name)):
                    continue  # 新能源新材料开发建设: a field of work, even with a proper noun inside
                if status:
                    self.statuses.append((m.start, m.end, status))
                    m.properties["status"] = status
                out.append(m)
        return out

    def _group_item(self, s: int, e: int, label: str) -> Mention | None:
        toks = [(w, s + a, s + b) for w, a, b in self.seg.words_at(s, e)]
        toks = [t for t in toks if not t[0].isspace()]
        # Only what follows the last function word (推动自贸区哈尔滨片区与哈经开区 → 哈经开区).
        stops = [i for i, t in enumerate(toks) if t[0] in STOP_TOKENS]
        if stops:
            toks = toks[stops[-1] + 1 :]
        if not toks:
            return None
        start = self._left_edge(toks, e)
        if start is None:
            return None
        surface = self.clean[start:e]
        if not name_chars(surface):
            return None
        name = display_name(surface)
        if len(name) < 2 or len(name) > 20 or _DESCRIPTIVE.search(name) or grammar.slogan(name):
            return None
        if (_ACTION_END.search(name) or _KIND_END.search(name)) and not grammar.has_proper_noun(
            name, self.seg.tags
        ):
            return None  # 老旧小区改造: a kind of work; 东安航空产品…升级改造 is someone's project
        if self._covered_by_known(start, e):
            return None  # 新材料绿色食品: two known industries run together, no new name
        closing = self._known_end.get(e)
        if closing is not None and closing.start > start and closing.label != "Industry":
            return None  # 园区现有哈尔滨综合保税区: the item is the known name at its end
        suffix = next((m.group() for m in _SUFFIX_RE.finditer(name)), "")
        if suffix and name.endswith(suffix):
            label = SUFFIXES[suffix]
        if self.known_covering(start, e) is not None:
            return None  # a known name: the lexicon mention stands
        words = [w for w, _, _ in self.seg.words(name)]
        if all(self.generic(w) or _QUANTITY_TOKEN.match(w) for w in words):
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

    # ---- government bodies and listed companies

    def context_names(self) -> list[Mention]:
        """``科友半导体投产运营``, ``北方药谷正式开工``: a clause that opens with a short name and a
        project verb names a project, even without a suffix."""
        out: list[Mention] = []
        for cstart, cend in self.clauses():
            if _CONTEXT_VERB_RE.search(self.clean, cstart, cend) is None:
                continue  # none of the verbs is printed: no token can be one
            toks = [(w, cstart + a, cstart + b) for w, a, b in self.seg.words_at(cstart, cend)]
            j = next((i for i, t in enumerate(toks) if t[0] in _CONTEXT_VERBS), None)
            if not j:
                continue
            head = toks[:j]
            while head and head[-1][0] in _ADVERBS:
                head.pop()
            if not head:
                continue
            end = head[-1][2]
            start = self._left_edge(head, end)
            if start is None:
                continue
            surface = self.clean[start:end]
            name = display_name(surface)
            words = [w for w, _, _ in self.seg.words(name)]
            producer = self._producer(start, end, toks[j][0])
            if producer is not None:
                out.append(producer)
                continue
            if (
                not 3 <= len(name) <= 12
                or len(words) > 3
                or not name_chars(surface)
                or _SUFFIX_RE.search(name)
                or _DESCRIPTIVE.search(self.clean[head[0][1] : end])
                or self.generic(words[0])
                or any(w in STOP_TOKENS or w in CUT_TOKENS or self.generic(w) for w in words[-1:])
                or self.known_covering(start, end) is not None
                or any(self._known_at.get(t[1]) for t in head if t[1] >= start)
            ):
                continue
            if grammar.phrase_not_name(name, self.seg.tags) or not grammar.has_proper_noun(
                name, self.seg.tags
            ):
                continue  # 这比常规开复工, 截至目前已开复工: a clause, not a name
            status = toks[j][0]
            m = Mention(start, end, "Project", name, "context", aliases={name})
            m.properties["status"] = _STAGES.stage_of(status)
            out.append(m)
        return out

    def _producer(self, start: int, end: int, verb: str) -> Mention | None:
        """``同创普润芯片超高纯金属材料6条产线投入生产``: a long product phrase before a production
        verb opens with its maker's name (a brand not in any dictionary): that is the company."""
        short = end - start <= 12 and len(self.seg.words_at(start, end)) <= 3
        if _STAGES.stage_of(verb) != "投产" or short:
            return None
        brand = grammar.brand_prefix(self.clean[start:end], self.seg.tags)
        if not brand or self._known_at.get(start) is not None or self.generic(brand):
            return None
        m = Mention(start, start + len(brand), "Organization", brand, "context", aliases={brand})
        m.properties["status"] = "投产"
        return m

    def government_bodies(self) -> list[Mention]:
        out: list[Mention] = []
        for k in self.known:
            # A city or a new area has its government (哈尔滨市发改委, 哈尔滨新区发改部门).
            if k.label != "Place" and not (k.label == "Park" and k.name.endswith("新区")):
                continue
            g = _GOV.match(self.clean, k.end)
            if not g:
                continue
            name = display_name(self.clean[k.start : g.end()])
            m = Mention(k.start, g.end(), "Organization", name, "government", aliases={name})
            if "人民政府" in name:
                m.aliases.add(name.replace("人民政府", "政府"))
            elif name.endswith("政府"):
                m.aliases.add(name[:-2] + "人民政府")
            if name.endswith("发改委"):
                m.aliases.add(name[:-3] + "发展和改革委员会")
            m.owner = k
            out.append(m)
        return out

    def listed_companies(self) -> list[Mention]:
        """``新光光电成为…上市企业``, ``支持奥来德光电上市``: a company by its listing."""
        out: list[Mention] = []
        for cstart, cend in self.clauses():
            clause = self.clean[cstart:cend]
            for pattern in (_LISTED, _TO_LIST):
                g = pattern.search(clause)
                if g is None:
                    continue
                s, e = (0, g.start()) if pattern is _LISTED else g.span("x")
                if not 2 <= e - s <= 8:
                    continue
                name = display_name(clause[s:e])
                if (
                    name_chars(name)
                    and not self.generic(name)
                    and self.known_covering(cstart + s, cstart + e) is None
                ):
                    out.append(
                        Mention(cstart + s, cstart + e, "Organization", name, "listed", aliases={name})
                    )
        return out
