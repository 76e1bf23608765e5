"""People: delegates and officials by their role, reporters by their byline, and what delegates propose.

- ``松北区政协委员许春生`` → 许春生, role 政协委员, body 松北区政协 (MEMBER_OF).
- ``记者薛婧李爱民`` → 薛婧 and 李爱民: run-together names split by the surname list.
- ``摄/本报记者 蒋国红``, ``人民网 杨雪楠摄`` → reporters; the paper is MEMBER_OF's target when known.
- ``市长孙喆``, ``总经理奉均衡`` → role in properties.
- A delegate's suggestions (``建议…``, ``“…”的建议``, ``希望…``, ``应…``) become Proposal mentions.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from loaders.lexicon import Lexicon
from loaders.mentions import Mention, nfkc, tokenizer, tokens
from loaders.names import display_name

DELEGATE_ROLES = ("政协委员", "人大代表")
_ROLE = re.compile(
    r"(?P<body>[\u3400-\u9fff]{0,12}?)"
    r"(?P<role>政协委员|人大代表|副市长|市长|副区长|区长|副省长|省长|副书记|书记|副主任|主任|局长|"
    r"副总经理|总经理|董事长|副总裁|总裁|院长|校长|主席|部长|厅长|处长|教授|院士|研究员|秘书长|会长|理事长|"
    r"负责人|记者|通讯员)"
)
_CJK = re.compile(r"[\u3400-\u9fff]")
# Characters that begin the word after a name (戴瑞说, 景侠认为, 施元春格外关注).
_AFTER_NAME = set("说认表指建提在格充十对从等和与也又就为是的一")
_NOT_NAME_WORDS = ("纷纷", "热议", "委员", "代表", "们")
_SOURCE = re.compile(r"来源\s*[:：]\s*(?P<paper>[\u3400-\u9fffA-Za-z]+?)(?:转载|-|—|\s|\(|（|$)")
_PHOTO = re.compile(
    r"(?:(?P<media>[\u3400-\u9fff]{2,6}网|[\u3400-\u9fff]{2,6}报)|^|(?<=[\s。）)]))\s*"
    r"(?P<name>[\u3400-\u9fff]{2,3})\s?摄(?=$|[\s）)])",
    re.M,
)
# jieba's dictionary counts: a word this frequent is a word, not a person's name.
_WORD_FREQ = 300
_BODY_NAMES = {"政协委员": ("政协", "政协"), "人大代表": ("人民代表大会", "人大")}


@dataclass
class PersonFind:
    """A person read after a role; ``body_span`` is where the body is printed (松北区政协), if it is."""

    mention: Mention
    role: str
    body: str | None = None
    titles: list[str] = field(default_factory=list)
    role_start: int = 0
    body_span: tuple[int, int] | None = None


class PeopleRules:
    def __init__(self, lexicon: Lexicon, clean: str) -> None:
        self.lex = lexicon
        self.clean = clean

    def is_surname_start(self, name: str) -> bool:
        return name[:1] in self.lex.surnames or name[:2] in self.lex.double_surnames

    def is_common_word(self, name: str) -> bool:
        """高度, 方向, 文明: a frequent dictionary word after a role is not a name (院长高度评价)."""
        return (tokenizer().FREQ.get(name) or 0) >= _WORD_FREQ

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
        """The name that starts at ``at`` (after a role): jieba's person token, else 2–3 characters."""
        window = self.clean[at : at + 6]
        run = ""
        for ch in window:
            if not _CJK.match(ch):
                break
            run += ch
        if len(run) < 2 or not self.is_surname_start(run):
            return None
        toks = [w for w, _, _ in tokens(run)]
        name = toks[0]
        if len(name) == 1 and len(toks) > 1 and len(toks[1]) <= 2:
            name += toks[1]
        if not 2 <= len(name) <= 3:
            name = run[:3] if len(run) >= 3 and run[2] not in _AFTER_NAME else run[:2]
        if len(name) == 3 and name[2] in _AFTER_NAME:
            name = name[:2]
        if (
            any(w in name for w in _NOT_NAME_WORDS)
            or self.is_common_word(name[:2])
            or self.is_common_word(name)
        ):
            return None
        return name

    def find(self) -> list[PersonFind]:
        out: list[PersonFind] = []
        for m in _ROLE.finditer(self.clean):
            role = m.group("role")
            at = m.end()
            while at < len(self.clean) and self.clean[at] in " \u3000":
                at += 1
            body_text = m.group("body")
            if role in ("记者", "通讯员"):
                out += self._reporters(at, role)
                continue
            name = self.single_name(at)
            if not name:
                continue
            mention = Mention(at, at + len(name), "Person", name, "person", aliases={name})
            find = PersonFind(mention, role, role_start=m.start("role"))
            if role in DELEGATE_ROLES:
                place = re.search(r"([\u3400-\u9fff]{1,6}?(?:区|市|省|县)|全国)$", body_text)
                if place:
                    full, short = _BODY_NAMES[role]
                    find.body = place.group(1) + full
                    find.titles = [place.group(1) + short]
                    find.body_span = (m.start("body") + place.start(1), m.start("role") + len(short))
            else:
                # The title as printed, with its body: 哈尔滨市委书记, 深圳市委书记.
                segment = self.clean[max(0, m.end() - 16) : m.end()]
                title = re.split(r"[^\u3400-\u9fff]", segment)[-1]
                find.titles = [title]
            mention.properties["role"] = role
            out.append(find)
        out += self._photographers()
        return out

    def _reporters(self, at: int, role: str) -> list[PersonFind]:
        """Names after 记者: run together (薛婧李爱民) or apart (薛婧 李爱民)."""
        out: list[PersonFind] = []
        pos = at
        while pos < len(self.clean):
            run_m = re.match(r"[\u3400-\u9fff]+", self.clean[pos:])
            if not run_m:
                break
            run = run_m.group()
            names = self.split_names(run) if len(run) <= 9 else None
            if not names:
                break
            for n in names:
                mention = Mention(pos, pos + len(n), "Person", n, "person", aliases={n})
                mention.properties["role"] = role
                out.append(PersonFind(mention, role, role_start=at))
                pos += len(n)
            nxt = re.match(r"[ \u3000]+(?=[\u3400-\u9fff]{2,3}(?:[ \u3000)）\n]|$))", self.clean[pos:])
            if not nxt:
                break
            pos += nxt.end()
        return out

    def _photographers(self) -> list[PersonFind]:
        out: list[PersonFind] = []
        for m in _PHOTO.finditer(self.clean):
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
        m = _SOURCE.search(self.clean[:200])
        if m and re.search(r"(?:报|网|社|台)$", m.group("paper")):
            return nfkc(m.group("paper"))
        return None


# ---- proposals

_QUOTED_PROPOSAL = re.compile(r"“(?P<q>[^”]{4,80})”的(?:建议|提议|意见)")
_SUGGEST = re.compile(r"(?:建议|希望|呼吁|提议)(?!的)[,，:：]?(?P<c>[^,，。;；!?]{4,60})")
_SHOULD = re.compile(r"(?:应该|应当|应)(?P<c>[^,，。;；!?]{6,40})")
_LEAD = re.compile(r"^(?:在|要|能|可以|进一步|新区|政府|我们|相关部门)+")


@dataclass
class ProposalFind:
    person: str
    summary: str
    start: int
    end: int
    role: str


def summarise(clause: str) -> str:
    """A short name for a suggestion: its first clause, without a leading subject word."""
    s = re.split(r"[,，;；。]", clause)[0].strip()
    s = re.sub(r"^(?:他|她|新区|政府)?(?:建议|希望|认为)?(?:应该|应当|应|要)?", "", s)
    return display_name(s)[:30]


def proposals(clean: str, regions: list[tuple[str, str, int, int]]) -> list[ProposalFind]:
    """Suggestions of each delegate, read in the region where they speak.

    ``regions`` is (name, role, start, end) of each delegate's statement in the clean text.
    """
    out: list[ProposalFind] = []
    for person, role, at, stop in regions:
        region = clean[at:stop]
        finds: list[tuple[int, int, str]] = []
        for m in _QUOTED_PROPOSAL.finditer(region):
            finds.append((m.start("q"), m.end("q"), summarise(m.group("q"))))
        for m in _SUGGEST.finditer(region):
            clause = m.group("c")
            if re.match(r"在[^,，]{0,12}时$", clause):
                # 建议在制定扶持政策时，新区应…: the suggestion is the next clause.
                nxt = re.match(r"[,，]\s*(?P<c>[^,，。;；]{4,60})", region[m.end() :])
                if nxt:
                    clause = nxt.group("c")
            finds.append((m.start("c"), m.end("c"), summarise(_LEAD.sub("", clause))))
        if not finds:
            for m in _SHOULD.finditer(region):
                finds.append((m.start("c"), m.end("c"), summarise(m.group("c"))))
        if not finds:
            # No marked suggestion: the first clause after the introduction.
            sent_end = re.search(r"[。!?]", region)
            rest = region[sent_end.end() :] if sent_end else ""
            first = re.match(r"\s*(?P<c>[^,，。;；]{4,40})", rest)
            if sent_end and first:
                s = sent_end.end() + first.start("c")
                finds.append((s, s + len(first.group("c")), summarise(first.group("c"))))
        seen: set[str] = set()
        for s, e, summary in finds:
            if len(summary) < 4 or summary in seen:
                continue
            seen.add(summary)
            out.append(ProposalFind(person, summary, at + s, at + e, role))
    return out
