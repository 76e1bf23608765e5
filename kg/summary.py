"""A readable summary of one extracted document for `kg extract --format table`."""

from __future__ import annotations

import io
from collections import Counter

from rich.console import Console
from rich.markup import escape
from rich.table import Table
from rich.tree import Tree

from graph.core.model import GraphDocument


def document_table(document: GraphDocument, width: int = 120) -> str:
    """Counts of nodes by label and relationships by type, and the outline of pillars and items."""
    out = io.StringIO()
    console = Console(width=width, file=out, force_terminal=False, color_system=None)
    console.print(escape(f"{document.document.name}  ({document.id}, {len(document.text)} characters)"))
    labels = Counter(n.label for n in document.nodes)
    types = Counter(r.type for r in document.relationships)
    table = Table(title="nodes and relationships")
    table.add_column("label / type")
    table.add_column("count", justify="right")
    for label, count in sorted(labels.items()):
        table.add_row(label, str(count))
    for type_, count in sorted(types.items()):
        table.add_row(type_, str(count))
    console.print(table)

    sections = {n.id: n for n in document.nodes if n.label == "Section"}
    children: dict[str, list[str]] = {}
    for r in document.relationships:
        if r.type == "PART_OF" and r.source in sections:
            children.setdefault(r.target, []).append(r.source)
    tree = Tree(escape(document.document.name))

    def grow(branch: Tree, parent: str) -> None:
        kids = sorted(children.get(parent, []), key=lambda i: (sections[i].properties.get("start", 0), i))
        for kid in kids:
            node = sections[kid]
            if node.properties.get("kind") == "bullet":
                continue  # bullets make the outline too long; the JSON has them
            ordinal = node.properties.get("ordinal")
            mark = f"{ordinal}. " if node.properties.get("kind") == "pillar" and ordinal else ""
            grow(branch.add(escape(f"[{node.properties.get('kind')}] {mark}{node.name}")), kid)

    grow(tree, document.document.id)
    console.print(tree)
    return out.getvalue()
