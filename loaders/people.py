"""People: delegates and officials by their role, reporters by their byline, and what delegates propose.

- ``松北区政协委员许春生`` → 许春生, role 政协委员, body 松北区政协 (MEMBER_OF).
- ``记者薛婧李爱民`` → 薛婧 and 李爱民: run-together names split by the surname list.
- ``摄/本报记者 蒋国红``, ``人民网 杨雪楠摄`` → reporters; the paper is MEMBER_OF's target when known.
- ``市长孙喆``, ``总经理奉均衡`` → role in properties.
- A delegate's suggestions (``建议…``, ``“…”的建议``, ``希望…``, ``应…``) become Proposal mentions.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from graph.core.forms import nfkc
from loaders.lexicon import Lexicon, delegate_titles, word_list
from loaders.mentions import Mention, tokenizer
from loaders.names import display_name
from loaders.names.bodies import SOURCE_LINE
from loaders.names.forms import stretch_matches
from loaders.segmentation import Segmentation, tagger

# Delegates (lexicon/delegates.tsv): 政协委员, 人大代表; printed short after a name (王晓明代表说).
_DELEGATES = delegate_titles()
DELEGATE_ROLES = tuple(d.title for d in _DELEGATES)
_DELEGATE_WORDS = "|".join([*DELEGATE_ROLES, *(d.short for d in _DELEGATES)])
# An article's editors and proofreaders, named after a colon (责任编辑:潘再军, 编辑: 刘才星, 责编:赵滢溪,
# 校对:刘曼容); all but 责任编辑 are titles only there.
_EDITORS = ("责任编辑", "编辑", "责编", "校对", "审核", "监制", "终审")
_ROLE_WORDS = (
    "|".join(DELEGATE_ROLES)
    + r"|副市长|市长|副区长|区长|副省长|省长|副县长|县长|副州长|州长|副旗长|旗长|副镇长|镇长|乡长|"
    r"副书记|书记|副主任|主任|副主委|主委|局长|党组成员|(?<=[省市区县])领导|"
    r"副总经理|总经理|(?<=[理场目部管])经理|董事长|(?<=银行)行长|副总裁|总裁|院长|校长|主席|部长|厅长|处长|教授|院士|研究员|秘书长|会长|理事长|"
    r"调研员|(?:高级|正高级)?工程师|负责人|记者|通讯员|"
    + "|".join([_EDITORS[0], *(rf"{e}(?=\s*[:：])" for e in _EDITORS[1:])])
)
# A title and up to 12 Chinese characters before it that may name its body (松北区政协委员).
# :func:`role_matches` finds its matches faster; it stays as their definition (the tests compare).
_ROLE = re.compile(r"(?P<body>[\u3400-\u9fff]{0,12}?)(?P<role>" + _ROLE_WORDS + ")")
# The same titles, each alternative opening with its characters (a lookbehind moved after the title
# it guards, the optional 高级 spelled out in the same order; _ROLE_WORDS writes 编辑|责编 as two
# alternatives for the same reason): the regex engine then skips to the characters that open a
# title instead of trying every alternative at every position. One group or lookbehind opening an
# alternative loses that (0.04 s over the 135 reports, 0.29 s with (?:编辑|责编)). The tests compare
# role_matches with _ROLE.
_ROLE_WORD = re.compile(
    _ROLE_WORDS.replace("(?<=[省市区县])领导", "领导(?<=[省市区县]领导)")
    .replace("(?<=[理场目部管])经理", "经理(?<=[理场目部管]经理)")
    .replace("(?<=银行)行长", "行长(?<=银行行长)")
    .replace("(?:高级|正高级)?工程师", "高级工程师|正高级工程师|工程师")
)
_BODY_LIMIT = 12  # the longest body _ROLE allows before its title
# A title that ends a 、-joined chain of titles (管委会主任、区政府区长; 市委常委、常务副市长).
_ROLE_END = re.compile("(?:" + _ROLE_WORDS + r"|(?<=[委])常委|(?<=工委)委员)$")
# A remark in brackets between a post and the name: 副主任(主持工作)金晓明, 县长(代理)张三.
_REMARK = re.compile(r"[(（](?:主持工作|正处级|正县级|副厅级|代理|兼)[)）]\s*")
# The place of a delegate's body before the title: 松北区 | 政协委员, 全国 | 人大代表, a bare level
# opening the text before it (省 | 政协委员陈静), not 全市 (every delegate of the city).
_DELEGATE_PLACE = re.compile(r"([\u3400-\u9fff]{1,6}?(?<!全)(?:区|市|省|县)|^(?:区|市|省|县)|全国)$")
_CJK = re.compile(r"[\u3400-\u9fff]")
# Characters that begin the word after a name (戴瑞说, 景侠认为, 施元春格外关注).
_AFTER_NAME = set("说认表指建提在十等和与也又就为是的一")
# Tags of a word that cannot go on a name: the name ended before it (戴瑞从外来, 施元春格外关注).
_CLAUSE_TAGS = re.compile(r"^(?:p|d|c|u\w*|r\w*|v|f|m|q|ad)$")
# What comes between a two-character name and what the person does (荣波也参加, 李强将出席), never the
# name's third character (刘文占出席, 陈水连主持 are names).
_BEFORE_ACT = frozenset(_AFTER_NAME | set("将已还都再亦均"))
_NOT_NAME_WORDS = ("纷纷", "热议", "委员", "代表", "们", "就座", "就坐", "各位")
# What a person does right after their name and title: speaks (王晓明代表说, 林毅告诉记者).
_SPEECH = (
    r"(?:说|认为|表示|建议|指出|提出|观点|介绍|称|谈到|强调|告诉|坦言|希望|主持|致辞|宣布|作为"
    r"|作(?:开工)?动员|作(?:工作)?报告|作讲话)"
)
# A name after its title, ended by what the person says or does (秘书长刘文占出席: 占 is no verb here).
_NAME_SPEECH = re.compile(r"(?P<name>[\u3400-\u9fff]{2,3}?)(?:" + _SPEECH + "|出席|参加|陪同|带队)")
_SPOKEN_AFTER = re.compile(_SPEECH)
# A name of two or three characters spaced out to the width of the others (区长 王 华, a report's
# speaker 刘 海 涛 on a line of their own): the official lists' typography.
_SPACED_NAME = re.compile(r"[\u4e00-\u9fff](?:[ \u3000]{1,3}[\u4e00-\u9fff]){1,2}(?=[ \u3000]*(?:\n|$))")
_SPEAKER_LINE = re.compile(r"^[ \u3000]*(?P<name>" + _SPACED_NAME.pattern + ")", re.M)
# Where a report prints its speaker: its heading, the first lines.
_HEADING_CHARS = 300
# What a delegate does after their name and title besides speaking: hands in a suggestion (王一明代表提交了…
# 的建议; 李明代表领衔提出), speaks for a body or sector (袁海委员代表致公党…发言), or is one of a list of
# speakers (葛意代表、曾朝夕代表、刘俊委员的发言). Each reads Han characters only: no lookahead crosses a
# break (_NAMES_TITLE_STRETCH).
_DELEGATE_ACT = (
    r"(?:提交|领衔|联名|递交|代表(?=[\u3400-\u9fff]{2,24}?发言)|的(?:发言|建议|提案)"
    r"|、[\u3400-\u9fff]{2,3}(?:代表|委员))"
)
# Where a list of names may open: a clause boundary, 其中 (其中卢若波代表提交了26个建议), or the title of
# the speaker before (朱泽兵代表、刘伟廷代表).
_NAMES_OPEN = r"(?:^|(?<=[,，。;；:：\n“”\s])|(?<=其中)|(?<=代表、)|(?<=委员、))"
# Names printed before their title: 王晓明代表说, 郭宏伟、杨艳杰代表观点一致.
_NAMES_TITLE = re.compile(
    _NAMES_OPEN + r"(?P<names>[\u3400-\u9fff]{2,3}(?:、[\u3400-\u9fff]{2,3})*)"
    r"(?P<role>"
    + _DELEGATE_WORDS
    + r"|总书记|书记|市长|区长|省长|主任|总经理|经理|董事长|院长)(?="
    + _SPEECH
    + "|(?<=代表|委员)"
    + _DELEGATE_ACT
    + ")"
)
# Its matches are names and a title, Han characters and 、; it reads two characters after.
_NAMES_TITLE_STRETCH = (
    re.compile(r"[^\u3400-\u9fff、]"),
    re.compile(_DELEGATE_WORDS + "|总书记|书记|市长|区长|省长|主任|总经理|经理|董事长|院长"),
    2,
)
# Titles that follow a name and precede what the person did (习近平总书记视察…).
# Each title is an alternative of its own, opening with its characters (see _ROLE_WORD).
_ACT_AFTER_TITLE = _SPEECH[:-1] + r"|视察|考察|调研|出席|会见|主持)"
_TAGGED_TITLE = re.compile(
    r"(?P<title>总书记(?!们)|"
    + "|".join(f"{title}(?={_ACT_AFTER_TITLE})" for title in ("书记", "总理", "主席", "省长", "市长", "区长"))
    + ")"
)
# Several names sharing one delegate's title: 郑传波、蒋勇、魏晓涛等委员还围绕….
# One name heads a counted group of delegates too: 冯锋等12名代表提交了….
_TITLE_AFTER_ETC = (
    r"(?:等(?:\d+[名位]|多名|多位)?|\d+[名位])(?:(?P<role>"
    + _DELEGATE_WORDS
    + r")|[^,，。;；、]{0,12}?(?P<leaders>领导|班子成员|负责同志|会员))"
)
# A name of the list: two or three characters, never 等 (王强、李明等12名代表).
_LISTED_ITEM = r"(?:(?!等)[\u3400-\u9fff]){2,3}"
_NAMES_ETC_TITLE = re.compile(
    _NAMES_OPEN
    + r"(?P<names>{n}(?:、{n})+|{n}(?=等\d+[名位]))".replace("{n}", _LISTED_ITEM)
    + _TITLE_AFTER_ETC
)
# Its matches hold no clause break and each its 等 and the title after it; its lookahead reads inside
# the match, and one character past the digits it reads.
_NAMES_ETC_TITLE_STRETCH = (
    re.compile(r"[,，。;；]"),
    re.compile(_TITLE_AFTER_ETC),
    1,
)
_ROLE_OF_TITLE = {d.short: d.title for d in _DELEGATES}
# Delegates counted, then named in brackets after their title: 4名区人大代表(颜忠标、胡阳、李芳、张皓).
_COUNTED_THEN_NAMED = re.compile(
    r"[\d一二两三四五六七八九十]+[名位](?P<title>[\u3400-\u9fff]{0,6}?(?P<role>"
    + _DELEGATE_WORDS
    + r"))[（(](?P<names>[\u3400-\u9fff]{2,3}(?:、[\u3400-\u9fff]{2,3})*)[)）]"
)
# Its matches hold numerals, Han characters, brackets and 、 only, each its title and the bracket after.
_COUNTED_THEN_NAMED_STRETCH = (
    re.compile(r"[^\d\u3400-\u9fff（()）、]"),
    re.compile("(?:" + _DELEGATE_WORDS + ")[（(]"),
    0,
)
# A delegate's short title opening a clause, then the name: 委员由守义从7个问题着眼, 代表李明建议.
_SHORT_TITLE_FIRST = re.compile(
    r"(?:^|(?<=[,，。;；:：\n、\s“]))(?P<role>"
    + "|".join(d.short for d in _DELEGATES)
    + r")(?![会们团长处])(?=[\u3400-\u9fff]{2})"
)
# Its matches are a title, Han characters; it reads two characters after.
_SHORT_TITLE_FIRST_STRETCH = (
    re.compile(r"[^\u3400-\u9fff]"),
    re.compile("|".join(d.short for d in _DELEGATES)),
    2,
)
# Authors of a proposal printed by name alone before its title: 滕真提交了《关于…的提案》,
# 李晓龙、严作廷递交了《…》 (a CPPCC or NPC text lists who handed in what).
_AUTHORS_TITLE = re.compile(
    _NAMES_OPEN + r"(?P<names>[\u3400-\u9fff]{2,3}?(?:、[\u3400-\u9fff]{2,3}?)*)(?:提交|提出|递交)了?《"
)
# Its matches hold Han characters, 、 and the 《 that ends them.
_AUTHORS_TITLE_STRETCH = (re.compile(r"[^\u3400-\u9fff、《]"), re.compile("《"), 0)
# A studio named after its master, with the master's title before it: 体操世界冠军李宁工作室,
# 京剧名家孟广禄工作室, 技能大师王三工作室.
_STUDIO = re.compile(
    r"(?P<title>冠军|名家|大师|院士|名医|名师|专家|艺术家|表演艺术家|劳模)(?P<name>[\u3400-\u9fff]{2,3}?)工作室"
)
# What may follow the last name of a list sharing a title (县领导…、王旭、孙通志出席仪式).
_LIST_CLOSES = re.compile(r"[,，。;；、]|及|出席|参加|陪同|等|一行|分别|共同|参观|调研|考察|视察")
# A name, then its titles in brackets: 张晓明（市政协委员、长沙银行行长）认为.
_NAME_BRACKET = re.compile(
    r"(?:^|(?<=[,，。;；:：\n“”\s]))(?P<name>[\u3400-\u9fff]{2,3})[（(](?P<titles>[\u3400-\u9fff、]{3,40})[)）]"
)
# Its matches hold no clause break and each its bracketed titles (see stretch_matches).
_NAME_BRACKET_STRETCH = (
    re.compile(r"[,，。;；:：\s“”]"),
    re.compile(r"[（(][\u3400-\u9fff、]{3,40}[)）]"),
    0,
)
# Bylines that print the role before the name with a slash: 文/摄 刘华丹, 文/图 张三.
_SLASH_BYLINE = re.compile(
    r"(?:文/摄|文/图|图/文|摄/文|文·摄)\s*(?P<name>[\u3400-\u9fff]{2,3})(?=[\s\u3000]|$)", re.M
)
# Bylines in brackets: 频道消息(刘才星):, 新华社电(记者 张三), a closing (作者:李宝森).
_BRACKET_BYLINE = re.compile(
    r"(?:(?<=消息)|(?<=讯)|(?<=电))\s*\(\s*(?P<names>[\u3400-\u9fff][\u3400-\u9fff \u3000、]{1,14})\)"
    r"|\(\s*(?P<role>作者|记者|通讯员|撰稿)\s*[:：]?\s*"
    r"(?P<names2>[\u3400-\u9fff][\u3400-\u9fff \u3000、]{1,14})\)"
)
# Its matches hold no clause break and each a bracket (see stretch_matches).
_BRACKET_BYLINE_STRETCH = (re.compile(r"[,，。;；“”（）]"), re.compile(r"\("), 0)
# A closing line of names in brackets (alone or after the last sentence), after the writers' office
# if printed: (刘蓉万兴峰), …新成绩。(王建庭 卢恒久),
# (禄丰县招商局 袁佳琼).
_CLOSING_BYLINE = re.compile(
    r"(?:^|(?<=[。！？!?]))[ \u3000]*\((?:[\u3400-\u9fff]{4,16}[ \u3000]+)?"
    r"(?P<names3>[\u3400-\u9fff][\u3400-\u9fff \u3000]{1,13})\)[ \u3000]*$",
    re.M,
)
# Its matches hold Han characters, blanks and a bracket; it reads one character after (its line's end).
_CLOSING_BYLINE_STRETCH = (re.compile(r"[^\u3400-\u9fff \u3000()]"), re.compile(r"\("), 1)
# The next name of a byline: apart (薛婧 李爱民) or listed (责编:王丽玮、翁迪凯).
_NEXT_REPORTER = re.compile(r"(?:[ \u3000]+|、)(?=[\u3400-\u9fff]{2,3}(?:[ \u3000)）、\n]|报道|$))")
# The title of the next byline or credit, which ends a run of names (记者汤晓冰通讯员黄健).
_NEXT_BYLINE = re.compile("|".join(("通讯员", "(?:实习|见习|特约|全媒体)?记者", "实习生", "摄影", *_EDITORS)))
# What a reporter's name runs into: 记者马伊宁报道.
_REPORTED = re.compile(r"(?:报道|报导|摄影|摄|讯)$")
_PHOTO = re.compile(
    r"(?:(?P<media>[\u3400-\u9fff]{2,6}网|[\u3400-\u9fff]{2,6}报)|^|(?<=[\s。）)]))\s*"
    r"(?P<name>[\u3400-\u9fff]{2,3})\s?摄(?=$|[\s）)])",
    re.M,
)
# Its matches hold Han characters and blanks only, a 摄 among them; it reads one character after.
_PHOTO_STRETCH = (re.compile(r"[^\u3400-\u9fff\s]"), re.compile("摄"), 1)
# Surnames that are mostly function words: a name only where a list shows it (副县长于洋、林涛陪同).
_LISTED_SURNAMES = frozenset(word_list("surnames_rare.txt"))
_LISTED_NAME = re.compile(
    r"[\u3400-\u9fff]{2,3}?(?=[、,，]|等|出席|参加|陪同|一行|主持|致辞|讲话|表示|指出|强调|介绍|从|就|围绕)"
)
# Names listed after their title and closed by their count (界别委员黄玉、赵全刚…、薛畅敏8人).
_TITLE_THEN_COUNTED = re.compile(
    r"(?P<role>委员|代表|会员)(?P<names>{n}(?:、{n})+)(?:等)?\d+[人名位]".replace("{n}", _LISTED_ITEM)
)
# The last item of a list, before 及 and the next title (…、保元庆及秘书长孟雅奇).
_LISTED_BEFORE_AND = re.compile(r"[\u3400-\u9fff]{2,3}?(?=及|和)")
# A name transliterated with a middle dot (阿卜拉江·萨迪克, 买买提·艾力), ended by what is not a
# Chinese character or by what the person does.
_DOTTED_NAME = re.compile(
    r"[\u4e00-\u9fff]{2,6}·[\u4e00-\u9fff]{2,5}?(?=[^\u4e00-\u9fff]|$|" + _SPEECH + r"|出席|在|等|同志)"
)
# jieba's dictionary counts: a word this frequent is a word, not a person's name.
_WORD_FREQ = 300
_BODY_NAMES = {d.title: (d.body, d.body_short) for d in _DELEGATES}


def delegate_bodies() -> dict[str, tuple[str, str]]:
    """Each delegate's title with its body's name and short name (政协委员 → 政协, 政协)."""
    return dict(_BODY_NAMES)


@dataclass(frozen=True)
class RoleMatch:
    """A title and the Chinese characters before it that may name its body (松北区 | 政协委员)."""

    body_start: int
    role_start: int
    end: int
    role: str


def role_matches(text: str) -> Iterator[RoleMatch]:
    """The matches of ``_ROLE`` in ``text``, found from the titles instead of from every position.

    ``_ROLE`` tries, at every position, bodies of 0 to 12 characters before a title. Its leftmost
    match ends at the next title after where the search resumes, and starts as far left as the
    Chinese characters before that title reach (at most 12, never before where the search
    resumed): no start further left reaches any title.
    """
    pos = 0
    while True:
        t = _ROLE_WORD.search(text, pos)
        if t is None:
            return
        start = t.start()
        low = max(pos, start - _BODY_LIMIT)
        while start > low and "\u3400" <= text[start - 1] <= "\u9fff":
            start -= 1
        yield RoleMatch(start, t.start(), t.end(), t.group())
        pos = t.end()


@dataclass
class PersonFind:
    """A person read after a role; ``body_span`` is where the body is printed (松北区政协), if it is."""

    mention: Mention
    role: str
    body: str | None = None
    titles: list[str] = field(default_factory=list)
    role_start: int = 0
    body_span: tuple[int, int] | None = None
    # Where the earlier titles of a 、-joined chain are printed (省人大代表、…主任张成清), nearest first.
    chain: list[tuple[int, int]] = field(default_factory=list)


class PeopleRules:
    def __init__(self, lexicon: Lexicon, clean: str, seg: Segmentation | None = None) -> None:
        self.lex = lexicon
        self.clean = clean
        self.seg = seg if seg is not None else Segmentation(clean)

    def is_surname_start(self, name: str) -> bool:
        return name[:1] in self.lex.surnames or name[:2] in self.lex.double_surnames

    def is_common_word(self, name: str) -> bool:
        """高度, 方向, 文明: a frequent dictionary word after a role is not a name (院长高度评价)."""
        return (tokenizer().FREQ.get(name) or 0) >= _WORD_FREQ

    def is_common_noun(self, name: str) -> bool:
        """信箱, 高度: a word jieba's dictionary holds as something other than a person's name (区长信箱
        is no 区长 named 信箱)."""
        tag = tagger().word_tag_tab.get(name)
        return tag is not None and not tag.startswith("nr") and (tokenizer().FREQ.get(name) or 0) >= 20

    def split_names(self, run: str) -> list[str] | None:
        """Split run-together 2–3 character names (薛婧李爱民 → 薛婧, 李爱民), or None."""
        if not run:
            return []
        for size in (3, 2) if len(run) % 2 else (2, 3):
            head = run[:size]
            if len(head) == size and self.is_surname_start(head) and not self.is_common_word(head):
                rest = self.split_names(run[size:])
                if rest is not None:
                    return [head, *rest]
        return None

    def single_name(self, at: int) -> str | None:
        """The name that starts at ``at`` (after a role): one with a middle dot (阿卜拉江·萨迪克), jieba's
        person token, else 2–3 characters."""
        dotted = _DOTTED_NAME.match(self.clean, at)
        if dotted is not None:
            return dotted.group()
        window = self.clean[at : at + 6]
        run = ""
        for ch in window:
            if not _CJK.match(ch):
                break
            run += ch
        if len(run) < 2:
            return None
        spoken = _NAME_SPEECH.match(self.clean, at)
        if (
            spoken
            and spoken.group("name")[2:] not in _BEFORE_ACT  # 荣波也参加, 李强将参加
            and not self.is_common_word(spoken.group("name"))
            and not self._phrase(spoken.group("name"))
        ):
            # 副总经理于滨侨介绍: the title says a name follows, the verb says where it ends.
            return spoken.group("name")
        if not self.is_surname_start(run):
            listed = _LISTED_NAME.match(self.clean, at) if run[0] in _LISTED_SURNAMES else None
            rest = listed.group()[1:] if listed is not None else ""
            rest_tag = tagger().word_tag_tab.get(rest, "")
            if (
                listed is None
                or self.is_common_word(listed.group())
                or rest_tag.startswith("ns")
                or (
                    len(rest) > 1 and rest_tag and not rest_tag.startswith("nr") and self.is_common_word(rest)
                )
            ):
                return None  # 总书记对广东、深圳: a preposition and a place
            return listed.group()  # 于洋、林涛: the list shows where the name ends
        tagged = self.seg.tags(run)
        if (
            len(run) > 3
            and tagged[0][1].startswith("nr")
            and 2 <= len(tagged[0][0]) <= 3
            and not self.is_common_word(tagged[0][0])
            and not any(w in tagged[0][0] for w in _NOT_NAME_WORDS)
        ):
            # 市长张孝成等, 院士卢耀如等: jieba's tagger reads the whole name as a person's.
            return run[:3] if self._split_given(tagged) else tagged[0][0]
        if len(run) in (2, 3) and len(window) > len(run) and not self.is_common_word(run):
            # 市人大代表 白雪峰⏎: a name standing alone after its title is all of the run
            # (白雪 is a word, 白雪峰 a name).
            return run if not any(w in run for w in _NOT_NAME_WORDS) else None
        toks = [w for w, _, _ in self.seg.words(run)]
        if (
            len(toks) > 2
            and len(toks[0]) == 2
            and len(toks[1]) == 1
            and self.is_common_word(toks[0])
            and self.clean.count(run[:3]) > 1
        ):
            # 书记周一富带队, then 周一富表示: a common word (周一) and one character, printed
            # together again elsewhere, are a three-character name.
            return run[:3]
        name = toks[0]
        if len(name) == 1 and len(toks) > 1 and len(toks[1]) <= 2:
            name += toks[1]
        elif len(name) == 2 and self._split_given(self.seg.tags(run)):
            name = run[:3]
        if not 2 <= len(name) <= 3:
            name = run[:3] if len(run) >= 3 and run[2] not in _AFTER_NAME else run[:2]
        if len(name) == 3 and (name[2] in _AFTER_NAME or (len(run) > 3 and self._third_starts_clause(at))):
            name = name[:2]
        if (
            any(w in name for w in _NOT_NAME_WORDS)
            or self.is_common_word(name[:2])
            or self.is_common_word(name)
            or self.is_common_noun(name)
        ):
            return None
        return name

    @staticmethod
    def _split_given(tagged: tuple[tuple[str, str, int, int], ...]) -> bool:
        """厅长朱家德为…授牌: jieba splits a rare given name (朱家|德|为); a one-character word that is
        no function word, then a function word, says the name has three characters."""
        return (
            len(tagged) > 2
            and len(tagged[0][0]) == 2
            and len(tagged[1][0]) == 1
            and tagged[1][0] not in _AFTER_NAME
            and not _CLAUSE_TAGS.match(tagged[1][1])
            and _CLAUSE_TAGS.match(tagged[2][1]) is not None
        )

    def _phrase(self, text: str) -> bool:
        """在会上, 对记者: common words only and no person token, so not a name (于滨侨, 于海涛 are)."""
        toks = self.seg.tags(text)
        return not any(f.startswith("nr") for _, f, _, _ in toks) and all(
            (tokenizer().FREQ.get(w) or 0) >= 100 for w, _, _, _ in toks
        )

    def _third_starts_clause(self, at: int) -> bool:
        """Whether the third character after ``at`` opens a function word or verb (戴瑞从外来)."""
        rest = self.seg.tags_at(at + 2, min(at + 8, len(self.clean)))
        return bool(rest) and bool(_CLAUSE_TAGS.match(rest[0][1]))

    def find(self) -> list[PersonFind]:
        out: list[PersonFind] = self._named_before_title() + self._slash_bylines() + self._bracket_bylines()
        out += self._short_titles_first() + self._studio_masters() + self._bracketed_titles()
        out += self._proposal_authors()
        for m in role_matches(self.clean):
            role = m.role
            at = m.end
            while at < len(self.clean) and self.clean[at] in " \u3000":
                at += 1
            remark = _REMARK.match(self.clean, at)
            if remark is not None:
                at = remark.end()  # 副主任(主持工作)金晓明: a remark on the post, then the name
            body_text = self.clean[m.body_start : m.role_start]
            if role in ("记者", "通讯员", *_EDITORS):
                # 责任编辑:潘再军: an editor's name after a colon, as a reporter's after a blank.
                out += self._reporters(
                    at + (self.clean[at : at + 1] in ":：") if role in _EDITORS else at, role
                )
                continue
            spaced = self._spaced_name(at)
            name = spaced.name if spaced is not None else self.single_name(at)
            if not name:
                continue
            mention = spaced or Mention(at, at + len(name), "Person", name, "person", aliases={name})
            find = PersonFind(mention, role, role_start=m.role_start)
            if role in DELEGATE_ROLES:
                place = _DELEGATE_PLACE.search(body_text)
                if place:
                    full, short = _BODY_NAMES[role]
                    find.body = place.group(1) + full
                    find.titles = [place.group(1) + short]
                    find.body_span = (m.body_start + place.start(1), m.role_start + len(short))
            else:
                # The title as printed, with its body: 哈尔滨市委书记, 深圳市委书记.
                segment = self.clean[max(0, m.end - 16) : m.end]
                title = re.split(r"[^\u3400-\u9fff]", segment)[-1]
                # The chain goes on before the whole title, however long (…中心站高级工程师).
                whole = re.search(r"[\u3400-\u9fff]{0,40}$", self.clean[max(0, m.end - 40) : m.end])
                chain = self._chain_before(m.end - len(whole.group()) if whole else m.end - len(title))
                find.titles = [title, *(self.clean[a:b] for a, b in chain)]
                find.chain = chain
            delegate = next((t for t in find.titles[1:] if t.endswith(DELEGATE_ROLES)), None)
            if role not in DELEGATE_ROLES and delegate is not None:
                # 成都市政协委员、西南交大电气学院教授舒泽亮: a delegate first, whatever their post.
                role = next(r for r in DELEGATE_ROLES if delegate.endswith(r))
                find.role = role
            after = self.clean[at + len(name) : at + len(name) + 2]
            if role not in DELEGATE_ROLES and after in _ROLE_OF_TITLE:
                # 重庆蕴丰建设工程有限公司董事长朱军委员认为: a delegate, whose post is their title.
                role = _ROLE_OF_TITLE[after]
                find.role = role
            mention.properties["role"] = role
            out.append(find)
            out += self._sharing_role(find, at + len(name))
        out += self._photographers() + self._speaker()
        return [f for f in out if not self._cuts_a_word(f)]

    def _spaced_name(self, at: int) -> Mention | None:
        """区长 王 华: a spaced-out name at ``at``, the rest of its line; named without the spaces."""
        m = _SPACED_NAME.match(self.clean, at)
        if m is None:
            return None
        name = re.sub(r"[ \u3000]", "", m.group())
        if not self._plausible_name(name):
            return None
        return Mention(m.start(), m.end(), "Person", name, "person", aliases={name, m.group()})

    def _speaker(self) -> list[PersonFind]:
        """A report's speaker, spaced out on a line of its own in its heading (刘 海 涛)."""
        out: list[PersonFind] = []
        for m in _SPEAKER_LINE.finditer(self.clean, 0, _HEADING_CHARS):
            mention = self._spaced_name(m.start("name"))
            if mention is not None:
                mention.properties["role"] = "报告人"
                out.append(PersonFind(mention, "报告人", role_start=mention.start))
        return out

    def _cuts_a_word(self, f: PersonFind) -> bool:
        """A name read after a title that is no name: it ends inside a word of the text (总书记向深中通道,
        负责人向人大代表, 党工委书记任安委会), repeats one character (总书记殷殷嘱托), or opens with a place
        (院士罗湖行). A name glued to its title on both sides (副主任何维) stays."""
        a, b = f.mention.start, f.mention.end
        off = max(0, a - 4)
        toks = self.seg.tags_at(off, min(len(self.clean), b + 6))
        ends = {off + t[3] for t in toks}
        starts = {off + t[2] for t in toks}
        byline = f.role in ("记者", "通讯员", "摄影记者")
        spoken = _SPOKEN_AFTER.match(self.clean, b) is not None  # 于伟国作开工动员: the verb ends it
        if b not in ends and a in starts and not byline and not spoken:
            return True  # (记者薛婧李爱民: run-together names are split by the surname list)
        if len(set(f.mention.name)) == 1:
            return True
        first = next((t for t in toks if off + t[2] == a), None)
        return (
            not byline
            and first is not None
            and first[1] == "ns"
            and len(first[0]) >= 2
            and len(first[0]) < len(f.mention.name)
            # …主任郑干先, 县政协…: a list's comma shows the name ends there, whatever jieba tags 郑干
            and self.clean[b : b + 1] not in ",，、"
        )

    def _sharing_role(self, first: PersonFind, at: int) -> list[PersonFind]:
        """县领导李金生、张树国、张业勇出席: the names listed after the first share its title (each a
        name jieba's tagger reads as a person's, so a title or a body ends the list)."""
        out: list[PersonFind] = []
        while self.clean[at : at + 1] == "、":
            name = self.single_name(at + 1) or self._listed_person_at(at + 1)
            tagged = self.seg.tags_at(at + 1, min(at + 5, len(self.clean)))
            listed_on = _LIST_CLOSES.match(self.clean, at + 1 + len(name)) is not None if name else False
            person = bool(tagged) and tagged[0][0] == name and tagged[0][1].startswith("nr")
            if not name or not (person or (listed_on and self._plausible_name(name))):
                break  # (a name the list goes on after is one even where jieba reads words: 康文化、)
            mention = Mention(at + 1, at + 1 + len(name), "Person", name, "person", aliases={name})
            mention.properties["role"] = first.role
            titles = list(first.titles)
            out.append(
                PersonFind(
                    mention, first.role, first.body, titles, first.role_start, first.body_span, first.chain
                )
            )
            at += 1 + len(name)
        return out

    def _titles_before(self, at: int) -> list[str]:
        """哈经开区管委会主任、平房区政府区长宋博岩: the earlier titles of a 、-joined chain."""
        return [self.clean[a:b] for a, b in self._chain_before(at)]

    def _chain_before(self, at: int) -> list[tuple[int, int]]:
        """Where the earlier titles of a 、-joined chain before ``at`` are printed, nearest first."""
        out: list[tuple[int, int]] = []
        if self.clean[at - 1 : at] in ("，", ","):
            # 市人大代表，湖南华菱…总经理刘建国: a delegate's title alone in the clause before.
            prev = re.search(
                r"(?<![\u3400-\u9fff])[\u3400-\u9fff]{1,10}$", self.clean[max(0, at - 12) : at - 1]
            )
            if prev is not None and prev.group().endswith(DELEGATE_ROLES):
                return [(at - 1 - len(prev.group()), at - 1)]
            return out
        while self.clean[at - 1 : at] == "、":
            prev = re.search(r"[\u3400-\u9fff]{1,16}$", self.clean[max(0, at - 17) : at - 1])
            if prev is None or not _ROLE_END.search(prev.group()):
                break
            out.append((at - 1 - len(prev.group()), at - 1))
            at = at - 1 - len(prev.group())
        return out

    def _listed_persons(self, m: re.Match[str], role: str, counted: bool = False) -> list[Mention]:
        """The persons of the 、-list in ``m``'s group ``names``, each with ``role``; none unless every
        item reads as a name (``counted``: a count closes the list, so any item opening with a surname
        is one, 黄玉 too)."""
        names = m.group("names").split("、")
        if counted:
            if not all(self.is_surname_start(n) and not any(w in n for w in _NOT_NAME_WORDS) for n in names):
                return []
        elif not all(self._plausible_name(n) or self._read_as_person(n) for n in names):
            return []
        out: list[Mention] = []
        pos = m.start("names")
        for n in names:
            mention = Mention(pos, pos + len(n), "Person", n, "person", aliases={n})
            mention.properties["role"] = role
            out.append(mention)
            pos += len(n) + 1
        return out

    def _named_before_title(self) -> list[PersonFind]:
        """王晓明代表说, 郭宏伟、杨艳杰代表观点一致: names before the title, then speech; and names listed
        in brackets after their count and title (4名区人大代表(颜忠标、胡阳))."""
        out: list[PersonFind] = []
        for m in stretch_matches(_NAMES_TITLE, self.clean, *_NAMES_TITLE_STRETCH):
            role = _ROLE_OF_TITLE.get(m.group("role"), m.group("role"))
            for mention in self._listed_persons(m, role):
                # A joint statement (郭宏伟、杨艳杰代表…) starts where the list starts, for each of them.
                find = PersonFind(mention, role, role_start=m.start("names"))
                if role not in DELEGATE_ROLES:
                    find.titles = [m.group("role")]
                out.append(find)
        for m in stretch_matches(_NAMES_ETC_TITLE, self.clean, *_NAMES_ETC_TITLE_STRETCH):
            title = m.group("role") or m.group("leaders")
            role = _ROLE_OF_TITLE.get(title, title)
            out += (PersonFind(p, role, role_start=m.start("names")) for p in self._listed_persons(m, role))
        for m in _TITLE_THEN_COUNTED.finditer(self.clean):
            # 界别委员黄玉、…、薛畅敏8人: the count says each item is a name, common word or not (黄玉).
            role = _ROLE_OF_TITLE.get(m.group("role"), m.group("role"))
            out += (
                PersonFind(p, role, role_start=m.start("role"))
                for p in self._listed_persons(m, role, counted=True)
            )
        for m in stretch_matches(_COUNTED_THEN_NAMED, self.clean, *_COUNTED_THEN_NAMED_STRETCH):
            role = _ROLE_OF_TITLE.get(m.group("role"), m.group("role"))
            # The title is printed before the names: its body (区人大) is each one's.
            out += (
                PersonFind(p, role, role_start=m.start("title"), chain=[m.span("title")])
                for p in self._listed_persons(m, role)
            )
        taken = {f.mention.start for f in out}
        for m in _TAGGED_TITLE.finditer(self.clean):
            # 贯彻落实习近平总书记视察…: no boundary before the name, so only a name jieba itself
            # reads as a person (nr) right before the title counts.
            start = m.start("title")
            before = self.seg.tags_at(max(0, start - 8), start)
            if not before or not before[-1][1].startswith("nr") or not 2 <= len(before[-1][0]) <= 3:
                continue
            name = before[-1][0]
            at = start - len(name)
            if at in taken or self.is_common_word(name):
                continue
            mention = Mention(at, start, "Person", name, "person", aliases={name})
            mention.properties["role"] = m.group("title")
            out.append(PersonFind(mention, m.group("title"), titles=[m.group("title")], role_start=at))
        return out

    def _short_titles_first(self) -> list[PersonFind]:
        """委员窦悦提议…, 代表李明建议…: a delegate's short title opening a clause, then the name."""
        out: list[PersonFind] = []
        for m in stretch_matches(_SHORT_TITLE_FIRST, self.clean, *_SHORT_TITLE_FIRST_STRETCH):
            name = self.single_name(m.end())
            if not name or not (self._plausible_name(name) or name[0] in _LISTED_SURNAMES):
                continue
            role = _ROLE_OF_TITLE[m.group("role")]
            mention = Mention(m.end(), m.end() + len(name), "Person", name, "person", aliases={name})
            mention.properties["role"] = role
            out.append(PersonFind(mention, role, role_start=m.start()))
        return out

    def _bracketed_titles(self) -> list[PersonFind]:
        """张晓明（市政协委员、长沙银行行长）认为: a name and its titles in brackets after it."""
        out: list[PersonFind] = []
        for m in stretch_matches(_NAME_BRACKET, self.clean, *_NAME_BRACKET_STRETCH):
            name = m.group("name")
            if not self._plausible_name(name):
                continue
            chain: list[tuple[int, int]] = []
            pos = m.start("titles")
            for title in m.group("titles").split("、"):
                if _ROLE_END.search(title):
                    chain.append((pos, pos + len(title)))
                pos += len(title) + 1
            if not chain:
                continue
            titles = [self.clean[a:b] for a, b in chain]
            delegate = next((t for t in titles if t.endswith(DELEGATE_ROLES)), None)
            role = next(r for r in DELEGATE_ROLES if delegate.endswith(r)) if delegate else None
            if role is None:
                role = _ROLE_WORD.findall(titles[-1])[-1]
            mention = Mention(m.start("name"), m.end("name"), "Person", name, "person", aliases={name})
            mention.properties["role"] = role
            out.append(PersonFind(mention, role, titles=titles, role_start=m.start("name"), chain=chain))
        return out

    def _studio_masters(self) -> list[PersonFind]:
        """体操世界冠军李宁工作室: the master a studio is named after."""
        out: list[PersonFind] = []
        for m in _STUDIO.finditer(self.clean):
            name = m.group("name")
            if not self._plausible_name(name):
                continue
            mention = Mention(m.start("name"), m.end("name"), "Person", name, "person", aliases={name})
            mention.properties["role"] = m.group("title")
            out.append(PersonFind(mention, m.group("title"), titles=[m.group("title")], role_start=m.start()))
        return out

    def _proposal_authors(self) -> list[PersonFind]:
        """滕真提交了《关于…的提案》: people named alone before the title they handed in."""
        out: list[PersonFind] = []
        for m in stretch_matches(_AUTHORS_TITLE, self.clean, *_AUTHORS_TITLE_STRETCH):
            at = m.start("names")
            names = m.group("names").split("、")
            if not all(self._plausible_name(n) for n in names):
                continue  # 市民盟提交了《…》: a body, not a person
            for name in names:
                mention = Mention(at, at + len(name), "Person", name, "person", aliases={name})
                mention.properties["role"] = "提案人"
                out.append(PersonFind(mention, "提案人", role_start=at))
                at += len(name) + 1
        return out

    def _listed_person_at(self, at: int) -> str | None:
        """The item of a list of names at ``at`` that jieba reads as a person's name, closed by the
        list (…、保元庆及秘书长…)."""
        item = _LISTED_NAME.match(self.clean, at) or _LISTED_BEFORE_AND.match(self.clean, at)
        return item.group() if item is not None and self._read_as_person(item.group()) else None

    def _read_as_person(self, name: str) -> bool:
        """保元庆: a name of a surname the list does not hold, which jieba reads as one person's name."""
        toks = self.seg.tags(name)
        return len(toks) == 1 and toks[0][1].startswith("nr") and not self.is_common_word(name)

    def _plausible_name(self, name: str) -> bool:
        return (
            self.is_surname_start(name)
            and not self.is_common_word(name)
            and not any(w in name for w in _NOT_NAME_WORDS)
        )

    def _slash_bylines(self) -> list[PersonFind]:
        """□文/摄 刘华丹: the writer and photographer of an article, a reporter."""
        out: list[PersonFind] = []
        for m in _SLASH_BYLINE.finditer(self.clean):
            name = m.group("name")
            if not self._plausible_name(name):
                continue
            mention = Mention(m.start("name"), m.end("name"), "Person", name, "person", aliases={name})
            mention.properties["role"] = "记者"
            out.append(PersonFind(mention, "记者", role_start=m.start("name")))
        return out

    def _bracket_bylines(self) -> list[PersonFind]:
        """频道消息(刘才星): and a closing (作者:李宝森): the writers of the article, reporters."""
        out: list[PersonFind] = []
        bylines = stretch_matches(_BRACKET_BYLINE, self.clean, *_BRACKET_BYLINE_STRETCH)
        matches = [*bylines, *stretch_matches(_CLOSING_BYLINE, self.clean, *_CLOSING_BYLINE_STRETCH)]
        for m in matches:
            group = next(g for g in ("names", "names2", "names3") if m.re.groupindex.get(g) and m.group(g))
            if m.re is _BRACKET_BYLINE and m.group("role") in ("记者", "通讯员"):
                continue  # read by the role rule (记者 薛婧 李爱民)
            role = "记者"
            for part in re.finditer(r"[\u3400-\u9fff]+", m.group(group)):
                run = part.group()
                names = [run] if len(run) <= 3 and self._plausible_name(run) else self.split_names(run)
                if not names or not all(2 <= len(n) <= 3 and self._plausible_name(n) for n in names):
                    break
                pos = m.start(group) + part.start()
                for n in names:
                    mention = Mention(pos, pos + len(n), "Person", n, "person", aliases={n})
                    mention.properties["role"] = role
                    out.append(PersonFind(mention, role, role_start=pos))
                    pos += len(n)
        return out

    def _reporters(self, at: int, role: str) -> list[PersonFind]:
        """Names after 记者: run together (薛婧李爱民), apart (薛婧 李爱民) or listed (王丽玮、翁迪凯)."""
        out: list[PersonFind] = []
        pos = at
        while pos < len(self.clean):
            run_m = re.match(r"[\u3400-\u9fff]+", self.clean[pos:])
            if not run_m:
                break
            # 记者汤晓冰通讯员黄健: the next byline's title ends this one's names (it is read on its own).
            run = _NEXT_BYLINE.split(run_m.group(), maxsplit=1)[0]
            run = _REPORTED.sub("", run) if len(run) > 3 else run  # 记者马伊宁报道
            names = self.split_names(run) if len(run) <= 9 else None
            if not names:
                break
            for n in names:
                mention = Mention(pos, pos + len(n), "Person", n, "person", aliases={n})
                mention.properties["role"] = role
                out.append(PersonFind(mention, role, role_start=at))
                pos += len(n)
            nxt = _NEXT_REPORTER.match(self.clean, pos)
            if not nxt:
                break
            pos = nxt.end()
        return out

    def _photographers(self) -> list[PersonFind]:
        out: list[PersonFind] = []
        for m in stretch_matches(_PHOTO, self.clean, *_PHOTO_STRETCH):
            name = m.group("name")
            if not self.is_surname_start(name):
                continue
            mention = Mention(m.start("name"), m.end("name"), "Person", name, "person", aliases={name})
            mention.properties["role"] = "摄影记者"
            media = m.group("media")
            find = PersonFind(
                mention,
                "摄影记者",
                body=display_name(media) if media else None,
                role_start=m.start("name"),
                body_span=(m.start("media"), m.end("media")) if media else None,
            )
            out.append(find)
        return out

    def paper(self) -> str | None:
        """The newspaper or site of the document's reporters (``来源:黑龙江日报``), when printed."""
        m = SOURCE_LINE.search(self.clean[:200])
        if m and re.search(r"(?:报|网|社|台)$", m.group("paper")):
            return nfkc(m.group("paper"))
        return None


# ---- proposals

_QUOTED_PROPOSAL = re.compile(r"“(?P<q>[^”]{4,80})”的(?:建议|提议|意见)")
_SUGGEST = re.compile(r"(?:建议|希望|呼吁|提议|期望|期盼)(?!的)[,，:：]?(?P<c>[^,，。;；!?]{4,60})")
_SHOULD = re.compile(r"(?:应该|应当|应|需要|要把|要)(?P<c>[^,，。;；!?]{6,40})")
_CLAUSE = re.compile(r"[,，;；。]")
# 还围绕加快合川火锅食材产业、提升…水平等方面,提出了意见建议: each topic a proposal.
_AROUND = re.compile(r"围绕(?P<c>[^,，。;；!?]{4,80}?)(?:等方面|等问题|等工作)?[,，]?(?:提出|建言|积极建言)")
_NEXT_CLAUSE = re.compile(r"[,，]\s*(?P<c>[^,，。;；!?]{2,40})")
# Words before what is proposed: who speaks, and the modal verb (新区应…, 他建议…, 政府要…).
_LEAD_WORDS = frozenset(
    {"他", "她", "新区", "政府", "我们", "相关部门", "建议", "希望", "认为"}
    | {"应该", "应当", "应", "要", "能", "可以", "进一步"}
)
_NAME_LIMIT = 30


@dataclass
class ProposalFind:
    person: str
    summary: str
    start: int
    end: int
    role: str


def summarise(clause: str, seg: Segmentation) -> str:
    """A short name for a suggestion: its first clause, without the words that lead to it, cut
    only between words."""
    first = _CLAUSE.split(clause)[0].strip()
    words = seg.words(first)
    i = 0
    while i < len(words) and words[i][0] in _LEAD_WORDS:
        i += 1
    kept = [w for w, _, _ in words[i:]]
    out = ""
    for w in kept:
        if len(display_name(out + w)) > _NAME_LIMIT:
            break
        out += w
    return display_name(out)


def _modifier_only(clause: str, seg: Segmentation) -> bool:
    """A clause that only says how or where (根据不同产业特点, 按照…要求): a preposition and its
    object, no verb of its own; what is proposed follows it."""
    tagged = seg.tags(_CLAUSE.split(clause)[0].strip())
    k = 0
    while k < len(tagged) and tagged[k][0] in _LEAD_WORDS:
        k += 1
    tags = [t for _, t, _, _ in tagged[k:]]
    return bool(tags) and tags[0] == "p" and not any(t.startswith("v") for t in tags[1:])


def _at_words(pattern: re.Pattern[str], region: str, starts: set[int]) -> Iterator[re.Match[str]]:
    """Matches of ``pattern`` whose clause begins a word: 要 of 要素联动 is no 要. (The cue itself may
    be glued to the word before it: jieba reads 过程中应发挥 as 过程/中应/发挥.)"""
    pos = 0
    while (m := pattern.search(region, pos)) is not None:
        if m.start("c") in starts:
            yield m
            pos = m.end()
        else:
            pos = m.start() + 1


def proposals(clean: str, regions: list[tuple[str, str, int, int]], seg: Segmentation) -> list[ProposalFind]:
    """Suggestions of each delegate, read in the region where they speak.

    ``regions`` is (name, role, start, end) of each delegate's statement in the clean text; ``seg``
    is the text's segmentation (a suggestion begins at a word).
    """
    out: list[ProposalFind] = []
    for person, role, at, stop in regions:
        region = clean[at:stop]
        starts = {a for _, a, _ in seg.words_at(at, stop)}
        finds: list[tuple[int, int, str]] = []
        for m in _QUOTED_PROPOSAL.finditer(region):
            finds.append((m.start("q"), m.end("q"), summarise(m.group("q"), seg)))
        for m in _at_words(_SUGGEST, region, starts):
            clause, c_start, c_end = m.group("c"), m.start("c"), m.end("c")
            if re.match(r"在[^,，]{0,12}时$", clause):
                # 建议在制定扶持政策时，新区应…: the suggestion is the next clause.
                nxt = re.match(r"[,，]\s*(?P<c>[^,，。;；]{4,60})", region[c_end:])
                if nxt:
                    clause, c_start, c_end = nxt.group("c"), c_end + nxt.start("c"), c_end + nxt.end("c")
            if _modifier_only(clause, seg):
                # 应根据不同产业特点，明确政策适用时间: the proposal is the modifier and what it modifies.
                nxt = _NEXT_CLAUSE.match(region, c_end)
                if nxt:
                    clause = _CLAUSE.split(clause)[0] + nxt.group("c")
                    c_end = nxt.end("c")
            finds.append((c_start, c_end, summarise(clause, seg)))
        for m in _AROUND.finditer(region):
            pos = m.start("c")
            for topic in m.group("c").split("、"):
                finds.append((pos, pos + len(topic), summarise(topic, seg)))
                pos += len(topic) + 1
        if not finds:
            for m in _at_words(_SHOULD, region, starts):
                finds.append((m.start("c"), m.end("c"), summarise(m.group("c"), seg)))
        if not finds and not re.search(r"[。!?]", region):
            # 委员李文革的发言,细致分析…;: a statement within one sentence, its first clause after the
            # introduction.
            first = re.search(r"[,，]\s*(?P<c>[^,，。;；]{4,40})", region)
            if first:
                finds.append((first.start("c"), first.end("c"), summarise(first.group("c"), seg)))
        if not finds:
            # No marked suggestion: the first clause after the introduction.
            sent_end = re.search(r"[。!?]", region)
            rest = region[sent_end.end() :] if sent_end else ""
            first = re.match(r"\s*(?P<c>[^,，。;；]{4,40})", rest)
            if sent_end and first:
                s = sent_end.end() + first.start("c")
                finds.append((s, s + len(first.group("c")), summarise(first.group("c"), seg)))
        seen: set[str] = set()
        for s, e, summary in finds:
            if len(summary) < 4 or summary in seen:
                continue
            seen.add(summary)
            out.append(ProposalFind(person, summary, at + s, at + e, role))
    return out
