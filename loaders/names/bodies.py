"""Government bodies (a place followed by 市政府, 发改委, 市委…), party and government bodies of any
city or county by the grammar of their names (甘州区委, 进贤县人民政府, 市政协, 区司法局), the CPPCC's
full names, newspapers as publishers (重庆日报讯), and companies named by their listing
(新光光电成为…上市企业, 支持奥来德光电上市)."""

from __future__ import annotations

import bisect
import re

from loaders.lexicon import word_list
from loaders.mentions import Mention
from loaders.names.candidates import CUT_TOKENS, NameCandidates
from loaders.names.divisions import division_forms
from loaders.names.forms import display_name, longest_word_pattern, name_chars, stretch_matches
from loaders.segmentation import tagger

_GOV = re.compile(
    r"(?:市|省|区|县)?(?:人民政府|政府|发展和改革委员会|发改委|管委会|市委|省委|区委|县委|人大常委会|"
    r"(?:科技|商务|工信|财政|教育|交通|文旅|卫健|人社|自然资源|生态环境|住建|农业农村|发改|经发|"
    r"市场监管|营商环境建设监督|税务|统计)(?:厅|局|部门))"
)

# A level of government (省, 市, 区, 县…) and one of its bodies: 市委, 区政府, 县人民政府, 市人大, 区政协.
# 委 is no body before 员 (区委员会 is read as 委员会 elsewhere), 人大 none before 代表's 代 is kept:
# 市人大代表 names its body 市人大 too.
_LEVEL_BODY = re.compile(
    r"(?P<level>自治区|自治州|省|市|区|县|州|旗|镇|乡)"
    r"(?P<body>委(?![员托])|人民政府|政府|党委|党工委|人大常委会|人大|政协|纪委|监委)"
)
# A level's department: 区司法局, 市招商投资局, 自治区工业和信息化厅 (the words between are nouns).
_LEVEL_DEPARTMENT = re.compile(
    r"(?P<level>自治区|省|市|区|县)(?P<body>[\u4e00-\u9fff]{1,8}?(?:局|厅|办公室))(?![长面势部])"
)
# A level's department by a name of lexicon/departments.txt (县发改委, 四川省经信厅, 县委宣传部), not
# a word going on (县委办理, 市发改委员).
_LEVEL_NAMED_DEPARTMENT = re.compile(
    r"(?P<level>自治区|自治州|省|市|区|县|州|旗)(?P<body>"
    + longest_word_pattern(word_list("departments.txt"))
    + r")(?![长理事好法学成结案面势员])"
)
# A level's public institutions, named by their kind alone (区中医院, 市第二儿童医院, 区妇幼保健院,
# 区疾控中心, 区档案馆, 石泉县招商服务中心): hospitals, health and welfare services, archives, and the
# agencies that bring in investment.
_LEVEL_INSTITUTION = re.compile(
    r"(?P<level>省|市|区|县)(?P<body>(?:第[一二三四五六七八九十\d]{1,3})?"
    r"(?:(?:人民|中|中心|综合|儿童|妇女儿童|妇幼保健|妇保|慢病|康复|口腔|精神卫生|传染病)医院"
    r"|(?:妇幼)?保健院|妇保院|慢病院|疾控中心|疾病预防控制中心|(?:社会)?福利(?:中心|院)|档案馆"
    r"|残疾人综合服务中心|颐养院|敬老院|养老院|养老护理院"
    r"|(?:招商|经合|经济合作|投资促进|政务)(?:服务)?中心|(?:社会保障|残疾人)综合服务中心))(?![\u4e00-\u9fff]{0,6}(?:院区|分院|集团))"
)
_DEPARTMENT_TAGS = re.compile(r"^(?:n|nt|nz|vn|j|ns|c)$")
_PLACE_TAGS = re.compile(r"^(?:ns|nr|nz)$")
_FUNCTION_TAGS = re.compile(r"^(?:p|c|u\w*|r\w*|m|q|d|f|x|i|l|a|ad)$")
_PARTY_BODY_AFTER = "委|政府|人民政府|人大|政协|党"
# A park's or zone's own bodies: 上党经济技术开发区党工委, 滨海新区党工委, 信阳工业城招商局, 新区管委会.
_PARK_BODY = re.compile(
    r"(?P<kind>开发区|新区|高新区|园区|工业园|产业园|工业城|经开区|试验区|合作区|示范区)(?P<body>党工委|管委会|综合办|招商局)"
)
_PARTIES_JOIN = frozenset({"与", "和", "及", "同", "、", "管委会", "党工委", "招商局", "代表", "的"})
# 局 ending a word that is no bureau: 布局, 大局, 格局 (区空间布局, 市发展大局).
_NOT_DEPARTMENT = re.compile(r"(?:布|大|格|全|开|变|新|结|僵|骗|定|时|战|残|当)局$")
# The eight democratic parties by their short names.
_DEMOCRATIC_PARTIES = r"(?:民革|民盟|民建|民进|农工党|致公党|九三学社|台盟)"
# A democratic party's committee of a place: 民盟贵港市委会, 九三学社广东省委, 民建深圳市委员会, its
# grassroots committees and branches (民建恩施市基层委员会, 民建恩施市二支部, 民革槐荫区总支部委员会),
# and of the text's own level with no place printed (民建市委, 农工党省委).
_PARTY_COMMITTEE = re.compile(
    _DEMOCRATIC_PARTIES + r"(?P<place>(?:[\u4e00-\u9fff]{2,8}?)?(?:省|市|区|县|州))"
    r"(?:(?:基层)?(?:委员会|委会|委)(?!员)|(?:第?[一二三四五六七八九十\d]{1,3})?(?:总支部?|支部)(?:委员会)?)"
)
# 中国人民政治协商会议上海市宝山区第九届委员会, 政协恩施市第十届委员会: the CPPCC of a place by its
# full name.
_CPPCC = re.compile(
    r"中国人民政治协商会议[\u4e00-\u9fff]{2,16}?委员会|政协[\u4e00-\u9fff]{2,10}?第[一二三四五六七八九十\d]{1,3}届委员会"
)
# A democratic party's committee by its level and short name, as the author of a proposal:
# 市民盟提交了《…》, 省民建提出 (not 市民建议: the verb must follow).
_PARTY_SHORT = re.compile(
    r"(?:^|(?<=[,，。;；:：\n“”\s、]))(?P<name>(?:省|市|区|县)"
    + _DEMOCRATIC_PARTIES
    + r")(?=(?:、|和|与)?[^,，。]{0,12}?(?:提交|提出|递交|联合))"
)
# How the name of a paper, news site, station, news app or county media centre ends.
# How a newspaper's name ends.
_PAPER_END = r"日报|晚报|商报|时报|都市报|青年报|政协报|人大报|法治报|法制报"
_MEDIA_END = r"(?:" + _PAPER_END + r"|新闻网|网|广播电视台|电视台|新闻|客户端|融媒体中心)"
# The day a dateline prints before 讯 or 电 (12月25日).
_DATELINE_DAY = r"\d{1,2}月\d{1,2}日"
# A paper, news site or station as the publisher of the article: 重庆日报讯, 青岛新闻网12月25日讯,
# 湖南日报·新湖南客户端, (黄冈广播电视台全媒体记者 …), a dateline 红星新闻 2025-10-13.
_PUBLISHER = re.compile(
    r"(?:^|(?<=[^\u4e00-\u9fff]))(?P<name>[\u4e00-\u9fff]{2,6}?"
    + _MEDIA_END
    + r")(?=(?:"
    + _DATELINE_DAY
    + r")?(?:讯|记者|全媒体记者|通讯员|消息|·|/|客户端)"
    r"|[ \t]+\d{4}-\d{1,2}-\d{1,2})",
    re.M,
)
# A paper's name opening a headline (贵州政协报:“园区协商”破壁垒); not a bare …网, which ends many
# headings (工业互联网:).
_MASTHEAD = re.compile(
    r"^(?P<name>[\u4e00-\u9fff]{2,6}?(?:" + _PAPER_END + r"|新闻网|电视台))"
    r"[:：](?=\S)",
    re.M,
)
# A page's source line (来源:重庆日报, 来源: 中国西藏网); a site that reposted the article names the
# paper it took it from (来源:腾讯网转载黑龙江日报): that paper is the source. Read by the people
# rules too (a reporter's paper).
SOURCE_LINE = re.compile(
    r"来源\s*[:：]\s*(?:[\u3400-\u9fffA-Za-z]+?转载)?(?P<paper>[\u3400-\u9fffA-Za-z]+?)(?:转载|-|—|\s|\(|（|$)"
)
# A source that is a paper, site or station by its name's ending (not 来源:本站).
MEDIA_NAME = re.compile(r"[\u4e00-\u9fff]{2,8}?" + _MEDIA_END)
# A paper cited as the source of a report: 据湖南日报报道, 经济日报头版刊发, 在人民日报发表.
_CITED_MEDIA = "(?:日报|晚报|商报|时报|都市报|新闻网|电视台)"
_PAPER_CITED = re.compile(
    r"(?:(?<=据)|(?<=在)|(?<=经)|(?<=被)|(?<=《))(?P<name>[\u4e00-\u9fff]{2,6}?" + _CITED_MEDIA + ")"
    r"(?=》?(?:头版|客户端|微信公众号)?(?:报道|报导|刊发|刊登|发表|发布|播出|转载|消息|评论))"
)
# The publisher opening a dateline at a line's start, whatever its name (红网时刻10月24日讯,
# 中新网新疆新闻3月11日电); not the paper's own word for itself (本报, 本网).
_DATELINE = re.compile(
    r"^[ \t]*(?P<name>(?!本报|本网|本站)[\u4e00-\u9fff]{2,8}?)(?=" + _DATELINE_DAY + "(?:讯|电))", re.M
)
# A media centre, paper or station in brackets, crediting the article ((永昌县融媒体中心)).
_MEDIA_BRACKETED = re.compile(
    r"[(（](?P<name>[\u4e00-\u9fff]{2,10}?(?:融媒体中心|日报|晚报|广播电视台|电视台|新闻网))[)）]"
)
# A paper by its name in book-title marks (《吉林日报》、《大公报》等媒体): the marks say it is a title.
_PAPER_TITLED = re.compile(r"《(?P<name>[\u4e00-\u9fff]{2,6}?(?:" + _PAPER_END + r"|早报|导报))》")
# Stretches (see stretch_matches) of the patterns searched in the whole text: the cited papers'
# matches are Han characters ending in a paper's or station's name and read at most seven characters
# after; a party's are Han characters naming the party, and read at most fifteen after.
_STRETCHES = {
    _PAPER_CITED: (
        re.compile(r"[^\u4e00-\u9fff]"),
        re.compile(_CITED_MEDIA),
        7,
    ),
    _PARTY_SHORT: (re.compile(r"[^\u4e00-\u9fff]"), re.compile(_DEMOCRATIC_PARTIES), 15),
}

# A government's office in another city: (长沙县人民政府)驻深圳办事处, (宁乡市)驻上海联络处.
_OFFICE_AWAY = re.compile(r"驻[\u4e00-\u9fff]{2,5}?(?:办事处|联络处|联络办|商务代表处|经济协作办公室)")

_TO_LIST = re.compile(
    r"^(?:支持|推动|助推|推进)(?P<x>[^,，。、;；等\s]{2,8}?)(?:在[^,，。]{2,8})?(?:挂牌)?上市$"
)

_LISTED = re.compile(r"成为[^,，。;；]{0,16}上市(?:企业|公司)")


class GovernmentBodiesAndListings(NameCandidates):
    """Government bodies and listed companies."""

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
        out += self.party_and_government_bodies()
        return out + self._offices_away(out)

    def _offices_away(self, bodies: list[Mention]) -> list[Mention]:
        """长沙县人民政府驻深圳办事处, 宁乡市驻上海联络处: a government's or place's office in another
        city, named from the government or place printed right before 驻."""
        out: list[Mention] = []
        for g in _OFFICE_AWAY.finditer(self.clean):
            owner = next(
                (
                    m
                    for m in [*bodies, *self.known]
                    if m.end == g.start() and m.label in ("Organization", "Place")
                ),
                None,
            )
            if owner is None:
                continue
            name = display_name(self.clean[owner.start : g.end()])
            out.append(Mention(owner.start, g.end(), "Organization", name, "government", aliases={name}))
        return out

    def party_and_government_bodies(self) -> list[Mention]:
        """甘州区委, 进贤县人民政府, 市政协, 区司法局: a level of government (with the place before it,
        where jieba reads one) and one of its bodies or departments."""
        out: list[Mention] = []
        departments: dict[int, int] = {}  # where a named department's level starts: its end
        for pattern in (_LEVEL_NAMED_DEPARTMENT, _LEVEL_BODY, _LEVEL_DEPARTMENT, _LEVEL_INSTITUTION):
            for g in pattern.finditer(self.clean):
                s, e = g.start(), g.end()
                if pattern is _LEVEL_NAMED_DEPARTMENT:
                    departments[s] = e
                elif departments.get(s, s) > s:
                    continue  # 县委 of 县委宣传部, 县政府 of 县政府办: the department is named
                if pattern is _LEVEL_DEPARTMENT and not self._department(s, g.start("body"), e):
                    continue
                alone = pattern in (_LEVEL_DEPARTMENT, _LEVEL_INSTITUTION)
                start = self._place_before(s, g.group("level"), e, alone)
                if start is None:
                    continue
                if pattern is _LEVEL_DEPARTMENT and _NOT_DEPARTMENT.search(self.clean, s, e):
                    continue  # 区空间布局, 市发展大局: a 局 that is no bureau
                before = self.clean[start:s]
                if start < s and (before in self.lex.trim or before in CUT_TOKENS):
                    start = s  # 深化区人民医院, 力争区综合医院: a verb, not the level's place
                if self.known_covering(start, e) is not None:
                    continue
                party = pattern is _LEVEL_BODY and self.clean[max(0, start - 2) : start] == "中共"
                if party and g.group("body") in ("委", "党委", "党工委"):
                    # 中共湘潭市委: the party's committee by its full name, the short one as alias.
                    start -= 2
                name = display_name(self.clean[start:e])
                m = Mention(start, e, "Organization", name, "government", aliases={name})
                if name.startswith("中共") and len(name) > 4:
                    m.aliases.add(name[2:])
                if name.endswith("人民政府") and start < s:
                    m.aliases.add(name.replace("人民政府", "政府"))
                elif name.endswith("政府") and not name.endswith("人民政府") and start < s:
                    m.aliases.add(name[:-2] + "人民政府")
                out.append(m)
        out += self._park_bodies()
        sources = [
            g.span("paper") for g in SOURCE_LINE.finditer(self.clean) if MEDIA_NAME.fullmatch(g["paper"])
        ]
        named = (
            _PUBLISHER,
            _MASTHEAD,
            _PAPER_CITED,
            _PAPER_TITLED,
            _DATELINE,
            _MEDIA_BRACKETED,
            _PARTY_SHORT,
        )
        for pattern in (_CPPCC, *named, _PARTY_COMMITTEE):
            found = (
                stretch_matches(pattern, self.clean, *_STRETCHES[pattern])
                if pattern in _STRETCHES
                else pattern.finditer(self.clean)
            )
            spans = [g.span("name") if pattern in named else g.span() for g in found]
            if pattern is _PUBLISHER:
                spans += sources
            for s, e in spans:
                if self.known_covering(s, e) is not None:
                    continue
                if pattern is _DATELINE and self._known_at.get(s) is not None:
                    continue  # 新华社北京3月5日电: the agency, then where it wrote
                name = display_name(self.clean[s:e])
                m = Mention(s, e, "Organization", name, "government", aliases={name})
                if pattern is _PARTY_COMMITTEE and name.endswith("委会"):
                    m.aliases.add(name[:-1])  # 民盟贵港市委会 is also 民盟贵港市委
                out.append(m)
        return out

    def _park_bodies(self) -> list[Mention]:
        """上党经济技术开发区党工委, 信阳工业城招商局: the park's name (its left edge as the suffix rule
        finds it) and the body; bare where only the kind is printed (新区管委会)."""
        out: list[Mention] = []
        clauses = self.clauses()
        starts = [c[0] for c in clauses]
        for g in _PARK_BODY.finditer(self.clean):
            park_end, e = g.start("body"), g.end()
            i = bisect.bisect_right(starts, g.start()) - 1
            cstart = clauses[i][0] if i >= 0 else 0
            cstart = max(cstart, self.clean.rfind("、", cstart, park_end) + 1)  # 县委书记、滨海新区党工委
            toks = [(w, cstart + a, cstart + b) for w, a, b in self.seg.words_at(cstart, park_end)]
            # 临江经开区管委会与远山经开区管委会: each party's name starts after the one before.
            cut = max((k + 1 for k, t in enumerate(toks) if t[0] in _PARTIES_JOIN), default=0)
            # 对新区管委会, 或者新区综合办: a preposition or conjunction opens no name.
            while cut < len(toks) and _FUNCTION_TAGS.match(self.seg.tags(toks[cut][0])[0][1]):
                cut += 1
            toks = toks[cut:]
            start = self._left_edge(toks, park_end) if toks else None
            if start is None or start >= g.start():
                start = g.start()
            if self.known_covering(start, e) is not None:
                continue
            name = display_name(self.clean[start:e])
            body = Mention(start, e, "Organization", name, "government", aliases={name})
            head = self.clean[start : g.start("kind")]
            if len(head) >= 2 and not self.generic(head):
                # 九江经开区党工委: the park is named too, and is the body's owner.
                park = display_name(self.clean[start:park_end])
                body.owner = Mention(start, park_end, "Park", park, "rule", aliases={park})
            out.append(body)
        return out

    def _place_before(self, at: int, level: str, end: int, alone: bool) -> int | None:
        """Where the body's name starts: at the place jieba reads before the level (甘州 | 区委), at
        the level itself when no place is printed there (市委, 代表县人民政府), or None when the
        level's character is part of another word (社区, 全市, 城市) or of a list of levels (省市县政府).
        ``alone``: the level must be a word of its own (区 | 司法局, not 区域 | 格局)."""
        if self.clean[at - 1 : at] in ("省", "市", "区", "县"):
            return None
        offset = max(0, at - 6)
        window = self.seg.tags_at(offset, min(len(self.clean), end + 2))
        starts = {offset + a for _, _, a, _ in window}
        ends = {offset + b for _, _, _, b in window}
        if at not in starts:
            # 贵港市 | 委会, 禄丰县 | 招商局: the level closes a place word.
            word = next((t for t in window if offset + t[2] < at < offset + t[3]), None)
            if word is None or offset + word[3] != at + len(level):
                return None
            if not (_PLACE_TAGS.match(word[1]) and len(word[0]) >= 3):
                return None
            return offset + word[2]
        if alone and at + len(level) not in ends:
            return None
        before = [t for t in window if offset + t[3] == at]
        if not before:
            return at
        w, tag = before[-1][0], before[-1][1]
        if not re.fullmatch(r"[\u4e00-\u9fff]{2,4}", w) or _FUNCTION_TAGS.match(tag):
            return at
        if w + level in division_forms().names:
            return at - len(w)  # 中共恩施市委: 恩施市 is a city of the national table (jieba: a noun)
        listed = tagger().word_tag_tab.get(w, "ns")
        if re.fullmatch(r"n[a-z]?", listed) and not _PLACE_TAGS.match(listed):
            return at  # 代表县人民政府: a common noun of the dictionary is no place (开化 is a verb: below)
        alone_elsewhere = f"(?!{_PARTY_BODY_AFTER})"
        if tag.startswith("v"):
            # 落实区委 | 开化县委: a verb is a place only where the text prints it under its city
            # (衢州市开化县).
            alone_elsewhere = f"(?<=[市州省]{re.escape(w)}{level})"
        if tag.startswith("ns") or re.search(re.escape(w + level) + alone_elsewhere, self.clean):
            # 甘州区委; 鲤城区委 where 鲤城区 also stands alone as a place (泉州市鲤城区考察).
            return at - len(w)
        return at

    def _department(self, level_start: int, body_start: int, end: int) -> bool:
        toks = self.seg.tags_at(body_start, end)
        return bool(toks) and all(_DEPARTMENT_TAGS.match(t) for _, t, _, _ in toks[:-1])

    def listed_companies(self) -> list[Mention]:
        """``新光光电成为…上市企业``, ``支持奥来德光电上市``: a company by its listing."""
        out: list[Mention] = []
        for cstart, cend in self.clauses():
            if self.clean.find("上市", cstart, cend) < 0:
                continue  # both patterns end in 上市 (most clauses: no need to search them)
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
