"""The news report (本报讯…), delegates' statements grouped into articles by the names printed with
each title, bylines, headings and loose paragraphs; a plain article when nothing else is found."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from loaders.layout.sections import DATELINE_HEAD, Builder, first_clause, first_sentence
from loaders.layout.units import Unit, bigrams
from loaders.lexicon import delegate_titles
from loaders.text import SectionSpan

_ROLE = "|".join([*(d.title for d in delegate_titles()), *(d.short for d in delegate_titles())])

_INTRO = re.compile(rf"({_ROLE})([\u3400-\u9fff]{{2,3}})")

# What follows a delegate's name where the paper introduces them.
_AFTER_NAME = re.compile(
    r"^(?:认为|说|表示|建议|指出|提出|谈到|介绍|告诉|格外|充分|十分|对|在|也|[，,：:。])"
)

# A headline titles a news report when this share of its bigrams (at least this many) occur in it.
_TITLE_SHARE = 0.75

_TITLE_MIN_BIGRAMS = 4


def add_news(b: Builder, units: list[Unit]) -> None:
    """A news report: its dateline paragraph, the plain paragraphs that follow it, and its headline.

    The headline is often printed away from the report (the seed prints it among the delegates'
    articles); a headline block whose words the report's text nearly all uses is taken as its title.
    """
    for i, u in enumerate(units):
        if u.kind != "dateline" or u.used:
            continue
        parts = [u]
        for v in units[i + 1 :]:
            if v.kind != "paragraph" or v.used:
                break
            parts.append(v)
        for v in parts:
            v.used = True
        titles = _titles_for(units, "".join(v.text for v in parts))
        if titles:
            name = " ".join(" ".join(v.shown for v in block) for block in titles)
        else:
            name = first_clause(DATELINE_HEAD.sub("", u.shown, count=1) or u.shown)
        news = b.add(
            "news",
            "news",
            name,
            u.start,
            parts[-1].end,
            title_starts=[block[0].start for block in titles],
            title_ends=[block[-1].end for block in titles],
        )
        for k, v in enumerate(parts, start=1):
            b.add(f"paragraph-{k}", "paragraph", first_sentence(v.shown), v.start, v.end, news, ordinal=k)


def _titles_for(units: list[Unit], body: str) -> list[list[Unit]]:
    """Unclaimed headline blocks that read as a summary of ``body`` (most of their bigrams occur in it)."""
    words = set(bigrams(body))
    blocks: list[list[Unit]] = []
    for u in units:
        if u.kind != "headline" or u.used or len(u.text.split()) > 1:
            continue  # gapped headlines and name lists title pages and articles, not reports
        if blocks and not u.blank_before and blocks[-1][-1].index == u.index - 1:
            blocks[-1].append(u)
        else:
            blocks.append([u])
    chosen = []
    for block in blocks:
        grams = set(bigrams("".join(v.text for v in block)))
        if len(grams) >= _TITLE_MIN_BIGRAMS and len(grams & words) >= _TITLE_SHARE * len(grams):
            chosen.append(block)
            for v in block:
                v.used = True
    return chosen


@dataclass
class Statement:
    speaker: str
    role: str
    subtitle: list[Unit]
    paragraphs: list[Unit]

    @property
    def start(self) -> int:
        return (self.subtitle or self.paragraphs)[0].start

    @property
    def end(self) -> int:
        return self.paragraphs[-1].end


def _name_lists(units: list[Unit]) -> list[tuple[Unit, list[str]]]:
    """Lines that only list people (`许春生 施元春 王少杰`): 2+ tokens of 2–3 Chinese characters."""
    out = []
    for u in units:
        tokens = u.text.split()
        if (
            u.kind == "headline"
            and len(tokens) >= 2
            and all(re.fullmatch(r"[\u3400-\u9fff]{2,3}", t) for t in tokens)
        ):
            out.append((u, tokens))
    return out


def _speaker(text: str, known: set[str]) -> tuple[str, str] | None:
    """The delegate a paragraph introduces (政协委员许春生认为 → 许春生, 政协委员), if any."""
    for m in _INTRO.finditer(text):
        after = text[m.start(2) :]
        for name in sorted(known, key=len, reverse=True):
            if after.startswith(name):
                return name, m.group(1)
        for size in (2, 3):
            name = after[:size]
            if len(name) == size and _AFTER_NAME.match(after[size:]):
                return name, m.group(1)
    return None


def _statements(units: list[Unit], known: set[str]) -> list[Statement]:
    """Delegates' statements: an introducing paragraph, its subtitle lines, the paragraphs that follow."""
    out: list[Statement] = []
    current: Statement | None = None
    for i, u in enumerate(units):
        if u.used:
            current = None
            continue
        if u.kind != "paragraph":
            current = None
            continue
        found = _speaker(u.text, known)
        if found and not (current and found[0] == current.speaker):
            subtitle: list[Unit] = []
            k = i - 1
            while k >= 0 and len(subtitle) < 2 and units[k].kind == "headline" and not units[k].used:
                if len(units[k].text.split()) > 1:
                    break  # a title with gaps or a list of names heads an article, not a statement
                subtitle.insert(0, units[k])
                if units[k].blank_before:
                    break
                k -= 1
            current = Statement(found[0], found[1], subtitle, [u])
            out.append(current)
        elif current is not None:
            current.paragraphs.append(u)
    return out


def _headline_block(units: list[Unit], end: int) -> list[Unit]:
    """The headline lines printed together (no blank line between) just before ``units[end]``."""
    block: list[Unit] = []
    k = end - 1
    while k >= 0 and units[k].kind == "headline" and not units[k].used:
        block.insert(0, units[k])
        if units[k].blank_before:
            break
        k -= 1
    return block


@dataclass
class Article:
    """A delegates' article as assembled: its name list, title, bylines, lead and statements."""

    names: list[str]
    name_list: Unit | None = None
    title: list[Unit] = field(default_factory=list)
    bylines: list[Unit] = field(default_factory=list)
    lead: list[Unit] = field(default_factory=list)
    statements: list[Statement] = field(default_factory=list)

    def units(self) -> list[Unit]:
        return self.title + self.bylines + self.lead + ([self.name_list] if self.name_list else [])


def add_articles(b: Builder, units: list[Unit]) -> None:
    """Delegates' articles: statements grouped by the name list printed with each article's title."""
    lists = _name_lists(units)
    known = {name for _, names in lists for name in names}
    statements = _statements(units, known)
    if not statements:
        return
    # An article per name list that names a speaker; its title is the headline block just before.
    articles: list[Article] = []
    for unit, names in lists:
        if any(s.speaker in names for s in statements):
            unit.used = True
            articles.append(Article(names, unit))
    if not articles:
        articles.append(Article([]))
    for s in statements:
        next((a for a in articles if s.speaker in a.names), articles[-1]).statements.append(s)
        for u in s.subtitle + s.paragraphs:
            u.used = True

    # Where each article shows first after a byline: its name list, a statement's first line.
    shows: dict[int, Article] = {}
    for a in articles:
        if a.name_list is not None:
            shows[a.name_list.index] = a
        for s in a.statements:
            for u in [*s.subtitle, s.paragraphs[0]]:
                shows[u.index] = a

    def article_after(i: int) -> Article | None:
        """The article of the first statement or name list after unit ``i`` (over paragraphs, bylines)."""
        for v in units[i + 1 :]:
            if v.index in shows:
                return shows[v.index]
            if v.kind not in ("paragraph", "byline", "headline"):
                return None
        return None

    for i, u in enumerate(units):
        if u.kind == "byline" and not u.used:
            article = article_after(i)
            if article is None:
                continue
            u.used = True
            article.bylines.append(u)
            for v in units[i + 1 :]:
                if v.kind != "paragraph" or v.used:
                    break
                v.used = True
                article.lead.append(v)
            if not article.title:
                article.title = _headline_block(units, i)
    for a in articles:
        if not a.title and a.name_list is not None:
            a.title = _headline_block(units, a.name_list.index)
        for u in a.title:
            u.used = True

    for n, a in enumerate(articles, start=1):
        starts = [u.start for u in a.units()] + [s.start for s in a.statements]
        ends = [u.end for u in a.units()] + [s.end for s in a.statements]
        if a.title:
            name = " ".join(u.shown for u in a.title)
        else:
            name = "、".join(a.names) or first_sentence(a.statements[0].paragraphs[0].shown)
        art = b.add(f"article-{n}", "article", name, min(starts), max(ends), speakers=list(a.names))
        for k, u in enumerate(a.bylines, start=1):
            _add_byline(b, u, k, art)
        for k, u in enumerate(a.lead, start=1):
            b.add(f"paragraph-{k}", "paragraph", first_sentence(u.shown), u.start, u.end, art, ordinal=k)
        for k, s in enumerate(a.statements, start=1):
            title = " ".join(u.shown for u in s.subtitle)
            b.add(
                f"statement-{k}",
                "statement",
                f"{s.speaker}：{title}" if title else s.speaker,
                s.start,
                s.end,
                art,
                ordinal=k,
                speaker=s.speaker,
                role=s.role,
            )


_BYLINE_PART = re.compile(r"([文摄图])\s*/\s*((?:本报|新华社)?(?:特约)?(?:记者|通讯员)?)\s*([^文摄图/]*)")


def _add_byline(b: Builder, u: Unit, k: int, parent: SectionSpan | None) -> None:
    """A byline section with the people it names (文/本报记者 薛婧 李爱民 → 薛婧, 李爱民)."""
    people: list[str] = []
    roles: list[str] = []
    organization = None
    for m in _BYLINE_PART.finditer(u.text):
        roles.append(m.group(1))
        if m.group(2).startswith("本报"):
            organization = "本报"
        people += [p for p in m.group(3).split() if re.fullmatch(r"[\u3400-\u9fff]{2,4}", p)]
    source = re.match(r"来源\s*[:：]\s*(\S+)", u.text)
    b.add(
        f"byline-{k}",
        "byline",
        u.shown,
        u.start,
        u.end,
        parent,
        ordinal=k,
        people=list(dict.fromkeys(people)),
        roles=list(dict.fromkeys(roles)),
        organization=organization,
        source=source.group(1) if source else None,
    )


def add_rest(b: Builder, units: list[Unit]) -> None:
    """What no structure claimed: headings (adjacent headline lines together), bylines, paragraphs."""
    n_head = n_para = n_byline = 0
    i = 0
    while i < len(units):
        u = units[i]
        if u.used:
            i += 1
            continue
        if u.kind in ("headline", "pillar"):
            block = [u]
            while (
                i + len(block) < len(units)
                and units[i + len(block)].kind == "headline"
                and not units[i + len(block)].used
                and not units[i + len(block)].blank_before
            ):
                block.append(units[i + len(block)])
            n_head += 1
            b.add(
                f"heading-{n_head}",
                "heading",
                " ".join(v.shown for v in block),
                block[0].start,
                block[-1].end,
            )
            for v in block:
                v.used = True
            i += len(block)
            continue
        if u.kind == "byline":
            n_byline += 1
            _add_byline(b, u, n_byline, None)
        else:
            n_para += 1
            b.add(f"paragraph-{n_para}", "paragraph", first_sentence(u.shown), u.start, u.end, ordinal=n_para)
        u.used = True
        i += 1


def wrap_plain_article(b: Builder) -> None:
    """A page with no plan and no article becomes one article holding everything (a plain news story)."""
    if not b.sections or any(s.kind in ("pillar", "article") for s in b.sections):
        return
    top = [s for s in b.sections if s.parent is None]
    heading = next((s for s in top if s.kind == "heading"), None)
    name = heading.name if heading else next((s.name for s in top if s.kind != "byline"), top[0].name)
    start, end = min(s.start for s in top), max(s.end for s in top)
    article = SectionSpan(f"section:{b.document}:article-1", "article", name, start, end)
    prefix = f"section:{b.document}:"
    renamed: dict[str, str] = {s.id: f"{prefix}article-1/{s.id[len(prefix) :]}" for s in b.sections}
    b.sections = [article] + [
        SectionSpan(
            renamed[s.id],
            s.kind,
            s.name,
            s.start,
            s.end,
            renamed[s.parent] if s.parent else article.id,
            s.ordinal,
            s.properties,
        )
        for s in b.sections
    ]
