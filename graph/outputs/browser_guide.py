"""The Neo4j Browser guide (``:play``) and the exploration queries of ``cypher/queries/`` it shows.

Everything about the guide is here: where its files are (``GUIDE_FILE``, ``STYLE_FILE``, which the
API serves at ``/guide/``), how a query file is read (:func:`query_files`), and how the slides are
made from them (:func:`render_guide`).

A query file starts with ``//`` comment lines: ``Question:``, the parameters as Neo4j Browser
``:param name => value`` lines a user pastes, and ``Look at:``. The guide and the tests read the
files through :func:`query_files`, so what is documented is what is shown and what is tested.

>>> text = "// Question: Why?\\n//   :param park => '园区'\\n// Look at: rows\\nRETURN $park"
>>> q = parse_query_file("01-x.cypher", text)
>>> q.question, q.params, q.look_at, q.body
('Why?', [('park', "'园区'")], 'rows', 'RETURN $park')

The guide is HTML slides in the format Neo4j Browser plays: ``<article class="guide">`` holding a
``<carousel>`` of ``<slide>`` elements; a ``<pre class="runnable">`` block goes into the editor when
clicked. Each query appears with its question, its ``:param`` lines and what to look at, exactly as
its file documents them, so the guide never drifts from the files (a test compares them).

Rebuild after editing a query: ``python -m graph.outputs.browser_guide`` (writes cypher/guide/harbin-kg.html).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html import escape
from pathlib import Path

CYPHER_DIR = Path(__file__).resolve().parents[2] / "cypher"
QUERIES_DIR = CYPHER_DIR / "queries"
GUIDE_FILE = CYPHER_DIR / "guide" / "harbin-kg.html"
STYLE_FILE = CYPHER_DIR / "style.grass"

_PARAM = re.compile(r"^:param\s+([A-Za-z_][A-Za-z0-9_]*)\s*=>\s*(.+?)\s*$")


@dataclass
class QueryFile:
    """One exploration query: its file name, documented header and body."""

    name: str  # the file name, e.g. "01-projects-by-park.cypher"
    question: str
    look_at: str
    params: list[tuple[str, str]] = field(default_factory=list)  # (name, Cypher expression) as documented
    body: str = ""  # the Cypher after the header comment

    @property
    def param_lines(self) -> list[str]:
        """The ``:param`` commands to paste into Neo4j Browser before running the query."""
        return [f":param {name} => {value}" for name, value in self.params]

    @property
    def title(self) -> str:
        """The file name without number and extension, as words: ``projects by park``."""
        stem = Path(self.name).stem
        return stem.split("-", 1)[-1].replace("-", " ")


def parse_query_file(name: str, text: str) -> QueryFile:
    """Split a query file into header fields and body; the header is the leading ``//`` lines."""
    lines = text.splitlines()
    header: list[str] = []
    while lines and lines[0].lstrip().startswith("//"):
        header.append(lines.pop(0).lstrip()[2:].strip())
    fields: dict[str, list[str]] = {"question": [], "look at": []}
    params: list[tuple[str, str]] = []
    current: str | None = None
    for line in header:
        if match := _PARAM.match(line):
            params.append((match.group(1), match.group(2)))
            current = None
            continue
        key, _, rest = line.partition(":")
        if key.lower() in fields:
            current = key.lower()
            fields[current].append(rest.strip())
        elif key.lower().startswith("parameters"):
            current = None
        elif current is not None and line:
            fields[current].append(line)
    return QueryFile(
        name=name,
        question=" ".join(fields["question"]),
        look_at=" ".join(fields["look at"]),
        params=params,
        body="\n".join(lines).strip(),
    )


def query_files(directory: Path = QUERIES_DIR) -> list[QueryFile]:
    """Every ``*.cypher`` file of ``directory``, by file name (their numbers give the order)."""
    paths = sorted(directory.glob("*.cypher"))
    return [parse_query_file(p.name, p.read_text(encoding="utf-8")) for p in paths]


@dataclass(frozen=True)
class Slide:
    title: str
    lead: str  # HTML
    queries: tuple[str, ...]  # file-name prefixes, e.g. "01"


SLIDES: tuple[Slide, ...] = (
    Slide(
        "The Harbin New Area 2021 plan as a graph",
        "<p>This graph was read from the report on the 2021 work plan of the Harbin New Area "
        "(哈尔滨新区, 松北区): its pillars and items (<code>Section</code>), and the projects, parks, "
        "organizations, people, places, programmes, industries, indicators and proposals they name. "
        "Every entity also carries <code>:Entity</code>, so one full-text index covers all names.</p>"
        "<p>First apply the style: run <code>:style</code>, then drag <code>cypher/style.grass</code> "
        "onto the style panel. Parks and projects are drawn bigger; captions are names.</p>"
        "<p>Click a grey block to put it in the editor, then run it. Blocks starting with "
        "<code>:param</code> set the query's parameters: run them first.</p>",
        ("19",),
    ),
    Slide(
        "Parks and what is inside them",
        "<p>Parks nest (新区 → 片区 → 园区) through <code>BELONGS_TO</code> and "
        "<code>LOCATED_IN</code>; projects and organizations hang below them.</p>",
        ("12", "02", "01"),
    ),
    Slide(
        "Projects by status",
        "<p>The plan sorts projects into those that start (开工), resume (复工), go into production "
        "(投产) or are completed (竣工); the status is a property of the project.</p>",
        ("05", "17"),
    ),
    Slide(
        "深哈合作: Shenzhen and Harbin",
        "<p>The Shenzhen–Harbin cooperation links parks, companies and institutions of both cities. "
        "<code>COOPERATES_WITH</code> is stored once and read in both directions.</p>",
        ("03", "14"),
    ),
    Slide(
        "Organizations, people and proposals",
        "<p>Who operates what, who belongs to which body, and what the delegates (人大代表, 政协委员) "
        "proposed.</p>",
        ("13", "16", "04"),
    ),
    Slide(
        "The report's structure and its numbers",
        "<p>Sections are linked to their document by <code>PART_OF</code> and name entities with "
        "<code>MENTIONS</code>; indicators carry the plan's targets and the actual values.</p>",
        ("15", "06", "07"),
    ),
    Slide(
        "Search, sources and evidence",
        "<p>Find entities by name or alias with the full-text index, see in which documents they are "
        "mentioned, and read the sentence behind any relationship (its provenance).</p>",
        ("10", "11", "18"),
    ),
    Slide(
        "Across the years",
        "<p>Each report's milestones of projects and parks are <code>Event</code> nodes "
        "(<code>(entity)-[:HAS_EVENT]->(e:Event)</code>) with the report's date, the stage "
        "(签约, 开工, 在建, 竣工, 投产 …) and whether it was planned or reported done. Follow one "
        "project, list a period, and check one year's promises against later reports.</p>",
        ("20", "21", "22"),
    ),
    Slide(
        "Connections",
        "<p>How two actors are connected, and which actors the plan is organised around.</p>",
        ("08", "09"),
    ),
)

_PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Harbin New Area knowledge graph</title>
</head>
<body>
<!-- Generated from cypher/queries/ by `python -m graph.outputs.browser_guide`: edit those files. -->
<article class="guide">
<carousel class="deck container-fluid">
{slides}
</carousel>
</article>
</body>
</html>
"""


def _text(text: str) -> str:
    """Text as HTML element content (quotes kept readable: they need no escape there)."""
    return escape(text, quote=False)


def _query_html(query: QueryFile) -> str:
    parts = [
        f"<h4>{_text(query.question)}</h4>",
        f"<p><small>cypher/queries/{_text(query.name)}</small></p>",
    ]
    parts += [f'<pre class="runnable">{_text(line)}</pre>' for line in query.param_lines]
    parts.append(f'<pre mode="cypher" class="runnable pre-scrollable code">{_text(query.body)}</pre>')
    if query.look_at:
        parts.append(f"<p><em>Look at:</em> {_text(query.look_at)}</p>")
    return "\n".join(parts)


def _slide_html(slide: Slide, by_prefix: dict[str, QueryFile]) -> str:
    queries = "\n<hr>\n".join(_query_html(by_prefix[prefix]) for prefix in slide.queries)
    return (
        '<slide class="row-fluid">\n'
        '<div class="col-sm-3">\n'
        f"<h3>{_text(slide.title)}</h3>\n{slide.lead}\n"
        "</div>\n"
        '<div class="col-sm-9">\n'
        f"{queries}\n"
        "</div>\n"
        "</slide>"
    )


def render_guide(queries: list[QueryFile] | None = None) -> str:
    """The guide's HTML; every query file appears on some slide (the rest on a last slide)."""
    queries = query_files() if queries is None else queries
    by_prefix = {q.name.split("-", 1)[0]: q for q in queries}
    slides = list(SLIDES)
    shown = {prefix for slide in slides for prefix in slide.queries}
    rest = tuple(prefix for prefix in by_prefix if prefix not in shown)
    if rest:
        slides.append(Slide("More questions", "<p>Further queries from cypher/queries/.</p>", rest))
    slides = [Slide(s.title, s.lead, tuple(p for p in s.queries if p in by_prefix)) for s in slides]
    return _PAGE.format(slides="\n".join(_slide_html(slide, by_prefix) for slide in slides))


def main() -> None:
    """Rewrite cypher/guide/harbin-kg.html from the query files."""
    GUIDE_FILE.parent.mkdir(parents=True, exist_ok=True)
    GUIDE_FILE.write_text(render_guide(), encoding="utf-8")
    print(f"wrote {GUIDE_FILE}")


if __name__ == "__main__":
    main()
