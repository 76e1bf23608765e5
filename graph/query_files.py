"""The exploration queries of ``cypher/queries/``: each file's documented header and its Cypher body.

A query file starts with ``//`` comment lines: ``Question:``, the parameters as Neo4j Browser
``:param name => value`` lines a user pastes, and ``Look at:``. The Browser guide and the tests read
the files through :func:`query_files`, so what is documented is what is shown and what is tested.

>>> text = "// Question: Why?\\n//   :param park => '园区'\\n// Look at: rows\\nRETURN $park"
>>> q = parse_query_file("01-x.cypher", text)
>>> q.question, q.params, q.look_at, q.body
('Why?', [('park', "'园区'")], 'rows', 'RETURN $park')
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

QUERIES_DIR = Path(__file__).resolve().parent.parent / "cypher" / "queries"

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
