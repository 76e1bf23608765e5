"""Names by context: a short name that opens a clause before a project verb (科友半导体投产运营,
北方药谷正式开工), a maker named before a long product phrase (…6条产线投入生产), and companies
listed before the kind of firm they are (小鹏、箭牌等龙头民企)."""

from __future__ import annotations

import re

from loaders import grammar
from loaders.mentions import Mention
from loaders.names.candidates import CUT_TOKENS, DESCRIPTIVE, STAGES, STOP_TOKENS, NameCandidates
from loaders.names.forms import SUFFIX_RE, display_name, name_chars, stretch_matches
from loaders.names.organizations import company_short_name, firm_kind, trade_name

_CONTEXT_VERBS = frozenset(STAGES.read_in("context"))

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


# A list of names, then 等 and the kind of firm they are: 引进小鹏、箭牌等龙头民企, 茂荣制衣、
# 森美浪皮具…等企业, 华润水泥、时硕科技等产业链中高端重点企业. What comes between 等 and the firm
# says which firms (一批, 5家, 龙头, 知名); a field or a way (等领域企业, 等多角度支持企业) is no list
# of names.
_FIRM_KIND_AFTER = (
    r"等(?:一大批|一批|\d+家|\d+个)?(?P<kind>[\u4e00-\u9fff]{0,10}?)(?:企业|民企|外企|名企|公司)"
)
_FIRM_LIST = re.compile(
    r"(?P<items>[^，,。；;：:、\s“”()（）]{2,16}(?:、[^，,。；;：:、\s“”()（）]{2,12})+)" + _FIRM_KIND_AFTER
)
# No match of _FIRM_LIST holds one of these breaks, and each holds its 等 with the firms' kind after it
# (see stretch_matches).
_FIRM_LIST_STRETCH = (
    re.compile(r"[，,。；;：:\s“”()（）]"),
    re.compile(_FIRM_KIND_AFTER),
    0,
)
_NOT_FIRM_KIND = re.compile(r"领域|行业|方面|角度|方式|[为向对的等]$")
# Tags after which a list's first name starts (引进|小鹏, 调研组深入到|茂荣制衣, 支持|周大福).
_OPENS_LIST = re.compile(r"^(?:v\w*|p|u\w*|d|c|ad|r\w*|m|q|f|x)$")
_FIRM_WORDS = ("企业", "产业", "行业", "领域", "冠军", "公司", "集团", "机构", "单位")


# A list of companies by their short names, a clause or after 分别是/包括 (分别是环欧电气、北纬光电).
_COMPANY_LIST = re.compile(
    r"(?:^|(?<=[，,。；;：:\s]))(?:分别是|分别为|包括)?"
    r"(?P<items>[\u4e00-\u9fff]{4,8}(?:[、和][\u4e00-\u9fff]{4,8})+)(?=[，,。；;]|$)",
    re.M,
)
# Its matches hold Chinese characters and 、 only, each its last 、 or 和 and last item before the end of
# a clause, and read one character past their end (see stretch_matches).
_COMPANY_LIST_STRETCH = (
    re.compile(r"[^\u4e00-\u9fff、]"),
    re.compile(r"[、和][\u4e00-\u9fff]{4,8}(?=[，,。；;]|$)", re.M),
    1,
)

# A clause that opens with its investor: 东方希望集团投资40亿元, 桑圆门业投资1.24亿元建设….
_INVESTOR = re.compile(
    r"(?:^|(?<=[，,。；;、\s：:）)]))(?P<name>[\u4e00-\u9fffA-Za-z]{2,12}?)(?:计划|拟|将|追加)?投资"
    r"(?:约|近|超)?[\d.]+(?:亿|万)"
)
# No match of _INVESTOR holds one of these breaks, and each holds its 投资 (see stretch_matches).
_INVESTOR_STRETCH = (re.compile(r"[，,。；;、\s：:）)]"), re.compile("投资"), 0)
# A project said to be built by its investor: …项目由中核资源投资建设, 由某某集团承建.
_BUILT_BY_VERB = "(?:投资建设|投资兴建|承建)"
_BUILT_BY = re.compile(r"(?<=由)(?P<name>[\u4e00-\u9fffA-Za-z]{2,12}?)" + _BUILT_BY_VERB)
# Its matches hold Han characters and letters only, each its verb (see stretch_matches).
_BUILT_BY_STRETCH = (re.compile(r"[^\u4e00-\u9fffA-Za-z]"), re.compile(_BUILT_BY_VERB), 0)
_NOUN_TAGS = re.compile(r"^(?:n\w*|j|x|eng)$")


class ContextNames(NameCandidates):
    """Names read from the verb after them."""

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
                or SUFFIX_RE.search(name)
                or DESCRIPTIVE.search(self.clean[head[0][1] : end])
                or self.generic(words[0])
                or any(w in STOP_TOKENS or w in CUT_TOKENS or self.generic(w) for w in words[-1:])
                or self.known_covering(start, end) is not None
                or any(self._known_inside(t[1], start) for t in head if t[1] >= start)
            ):
                continue
            if grammar.phrase_not_name(name, self.seg.tags) or not grammar.has_proper_noun(
                name, self.seg.tags
            ):
                continue  # 这比常规开复工, 截至目前已开复工: a clause, not a name
            status = toks[j][0]
            m = Mention(start, end, "Project", name, "context", aliases={name})
            m.properties["status"] = STAGES.stage_of(status)
            out.append(m)
        return out + self.firm_lists() + self.investors() + self.company_lists()

    def _known_inside(self, at: int, start: int) -> bool:
        """Whether a lexicon name starts at ``at`` inside a candidate that starts at ``start``: it is
        the subject (哈尔滨新区开工…), unless it is the place that opens the name (深圳棋院加快落地)."""
        k = self._known_at.get(at)
        return k is not None and not (at == start and k.label == "Place")

    def firm_lists(self) -> list[Mention]:
        """``引进小鹏、箭牌等龙头民企``: each name of a list before 等 and a kind of firm is a company
        (a name: a proper noun or a word jieba does not know, no count, no kind of firm itself)."""
        out: list[Mention] = []
        for g in stretch_matches(_FIRM_LIST, self.clean, *_FIRM_LIST_STRETCH):
            if _NOT_FIRM_KIND.search(g.group("kind")):
                continue
            items: list[tuple[int, int]] = []
            pos = g.start("items")
            for k, item in enumerate(g.group("items").split("、")):
                s, e = pos, pos + len(item)
                pos = e + 1
                if k == 0:
                    toks = self.seg.tags_at(s, e)
                    cut = max((i + 1 for i, t in enumerate(toks) if _OPENS_LIST.match(t[1])), default=0)
                    if cut == len(toks):
                        break
                    s += toks[cut][2]
                items.append((s, e))
            if len(items) < 2:
                continue
            names = [display_name(self.clean[s:e]) for s, e in items]
            if any(
                not 2 <= len(n) <= 10
                or re.search(r"\d", n)
                or not name_chars(n)
                or n.endswith(_FIRM_WORDS)
                or self.generic(n)
                for n in names
            ):
                continue  # an item that is no name: a list of kinds (世界500强、独角兽等)
            kinds = sum(firm_kind(n, self.seg.tags) for n in names)
            if 2 * kinds > len(names):
                continue  # mostly common words: a list of fields (海洋生物、海洋旅游等, 精细化工、深加工等)
            found = [
                Mention(s, e, "Organization", n, "context", aliases={n})
                for (s, e), n in zip(items, names, strict=True)
                if self.known_covering(s, e) is None
            ]
            out += found
        return out

    def company_lists(self) -> list[Mention]:
        """``分别是环欧电气、北纬光电``: a list whose every item is a brand and its trade, half of them a
        brand that names something (环欧电气), is a list of companies."""
        out: list[Mention] = []
        for g in stretch_matches(_COMPANY_LIST, self.clean, *_COMPANY_LIST_STRETCH):
            items = re.split("[、和]", g.group("items"))
            if not all(trade_name(n) for n in items):
                continue
            if 2 * sum(company_short_name(n, self.seg.tags) for n in items) < len(items):
                continue
            pos = g.start("items")
            for n in items:
                if self.known_covering(pos, pos + len(n)) is None:
                    out.append(Mention(pos, pos + len(n), "Organization", n, "context", aliases={n}))
                pos += len(n) + 1
        return out

    def investors(self) -> list[Mention]:
        """``东方希望集团投资40亿元``: a clause that opens with a name (nouns only, a proper noun among
        them, not a place) and 投资 with an amount names its investor; so does ``由湖南鑫汇能印业投资建设``
        (where the name may open with its province: only a place alone is no investor)."""
        out: list[Mention] = []
        for g in stretch_matches(_INVESTOR, self.clean, *_INVESTOR_STRETCH):
            m = self._investor(*g.span("name"), placed=False)
            if m is not None:
                out.append(m)
        for g in stretch_matches(_BUILT_BY, self.clean, *_BUILT_BY_STRETCH):
            m = self._investor(*g.span("name"), placed=True)
            if m is not None:
                out.append(m)
        return out

    def _investor(self, s: int, e: int, placed: bool) -> Mention | None:
        name = display_name(self.clean[s:e])
        toks = self.seg.tags_at(s, e)
        if (
            not toks
            or not all(_NOUN_TAGS.match(t) for _, t, _, _ in toks)
            or not grammar.has_proper_noun(name, self.seg.tags)
            or all(self.generic(w) for w, _, _, _ in toks)
            or (toks[0][1].startswith("ns") and not (placed and len(toks) > 1))
            or self.known_covering(s, e) is not None
            or self._known_at.get(s) is not None
        ):
            return None
        return Mention(s, e, "Organization", name, "context", aliases={name})

    def _producer(self, start: int, end: int, verb: str) -> Mention | None:
        """``同创普润芯片超高纯金属材料6条产线投入生产``: a long product phrase before a production
        verb opens with its maker's name (a brand not in any dictionary): that is the company."""
        short = end - start <= 12 and len(self.seg.words_at(start, end)) <= 3
        if STAGES.stage_of(verb) != "投产" or short:
            return None
        brand = grammar.brand_prefix(self.clean[start:end], self.seg.tags)
        if not brand or self._known_at.get(start) is not None or self.generic(brand):
            return None
        m = Mention(start, start + len(brand), "Organization", brand, "context", aliases={brand})
        m.properties["status"] = "投产"
        return m
