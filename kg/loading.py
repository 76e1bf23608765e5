"""What `kg load`, `kg stats` and `kg delete` do: read documents, write them, show what changed.

Every file is read (and checked) before anything is written, so a bad file stops the load with one
line naming it and the store untouched. Each document is then written in its own transaction.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn
from rich.table import Table

from graph.core.model import GraphDocument
from graph.core.protocol import Counts, DocumentInfo, GraphStore, WriteSummary
from loaders.formats.folder import Skipped
from settings import Settings


class LoadFailed(Exception):
    """A load that stopped; the message is one line for the user."""


def read_documents(
    files: list[Path],
    console: Console,
    found_in_folders: set[Path] | None = None,
    date: str | None = None,
) -> tuple[list[GraphDocument], list[Skipped]]:
    """Every file read into a graph document, or LoadFailed naming the first that cannot be.

    A file of ``found_in_folders`` that cannot be read is skipped instead (and returned, with why).
    ``date`` (YYYY, YYYY-MM or YYYY-MM-DD) is every document's date instead of the one read.
    """
    from loaders.dates import InvalidDate, parse_date
    from loaders.errors import UnreadableDocument
    from loaders.report import load_report

    if date is not None:
        try:
            parse_date(date)
        except InvalidDate as exc:
            raise LoadFailed(f"--date: {exc} (nothing was loaded)") from None
    docs: list[GraphDocument] = []
    skipped: list[Skipped] = []
    with _progress(console) as progress:
        task = progress.add_task("reading", total=len(files))
        for file in files:
            progress.update(task, description=f"reading {file.name}")
            if not file.exists():  # a pipe (`kg load <(…)`) is fine: read_document reads it
                raise LoadFailed(f"{file}: no such file (nothing was loaded)")
            try:
                docs.append(load_report(file, date=date))
            except UnreadableDocument as exc:
                if file not in (found_in_folders or set()):
                    raise LoadFailed(f"{exc} (nothing was loaded)") from exc
                skipped.append(Skipped(file, exc.reason))
            except OSError as exc:
                raise LoadFailed(f"{exc} (nothing was loaded)") from exc
            progress.advance(task)
    ids = Counter(d.id for d in docs)
    repeated = [d for d, n in ids.items() if n > 1]
    if repeated:
        raise LoadFailed(f"two files give the document id {repeated[0]!r} (nothing was loaded)")
    return docs, skipped


def write_documents(
    settings: Settings, docs: list[GraphDocument], console: Console
) -> tuple[list[WriteSummary], Counts]:
    """Write each document in its own transaction, with a progress bar over documents and batches."""
    from graph.core.merge import InvalidDocument
    from graph.curation import Curation
    from graph.stores import open_store

    summaries: list[WriteSummary] = []
    with _progress(console) as progress:
        documents = progress.add_task("writing", total=len(docs))
        batches = progress.add_task("batches", total=None, visible=settings.kg_store == "neo4j")
        store = open_store(settings, on_batch=lambda _number: progress.advance(batches))
        try:
            curation = Curation(store)  # corrections apply to what is loaded, every time
            for doc in docs:
                progress.update(documents, description=f"writing {doc.id}")
                try:
                    summaries.append(curation.write_document(doc))
                except InvalidDocument as exc:
                    done = ", ".join(s.document for s in summaries) or "none"
                    raise LoadFailed(f"{doc.id}: {exc} (not written; written before it: {done})") from exc
                progress.advance(documents)
            counts = store.counts()
        finally:
            store.close()
    return summaries, counts


def summary_table(summaries: list[WriteSummary]) -> Table:
    """Nodes by label and relationships by type that the load wrote, new and already there."""
    table = Table(title="Loaded", title_justify="left")
    table.add_column("kind")
    table.add_column("label / type")
    table.add_column("new", justify="right")
    table.add_column("existing", justify="right")
    for kind, new_of, existing_of in (
        ("node", lambda s: s.nodes_new, lambda s: s.nodes_existing),
        ("relationship", lambda s: s.relationships_new, lambda s: s.relationships_existing),
    ):
        new: Counter[str] = Counter()
        existing: Counter[str] = Counter()
        for s in summaries:
            new.update(new_of(s))
            existing.update(existing_of(s))
        for name in sorted(set(new) | set(existing)):
            table.add_row(kind, name, str(new[name]), str(existing[name]))
    return table


def counts_table(counts: Counts, title: str = "In the store") -> Table:
    table = Table(title=title, title_justify="left")
    table.add_column("kind")
    table.add_column("label / type")
    table.add_column("count", justify="right")
    for label, n in counts.nodes.items():
        table.add_row("node", label, str(n))
    for type_, n in counts.relationships.items():
        table.add_row("relationship", type_, str(n))
    table.add_row(
        "", "total", f"{sum(counts.nodes.values())} nodes, {sum(counts.relationships.values())} rels"
    )
    return table


def documents_table(documents: list[DocumentInfo]) -> Table:
    """The documents, with their format, date and pages when any was read from a file that says so."""
    metadata = ("format", "date", "pages")
    shown = [key for key in metadata if any(key in d.node.properties for d in documents)]
    table = Table(title="Documents", title_justify="left")
    table.add_column("document", no_wrap=True)
    table.add_column("title")
    for key in shown:
        table.add_column(key, justify="right" if key == "pages" else "left", no_wrap=True)
    table.add_column("nodes", justify="right")
    table.add_column("relationships", justify="right")
    for d in documents:
        properties = d.node.properties
        defaults = {"format": "text"}
        values = [str(properties.get(key, defaults.get(key, ""))) for key in shown]
        table.add_row(d.id, d.node.name, *values, str(d.nodes), str(d.relationships))
    return table


def open_for_reading(settings: Settings) -> GraphStore:
    from graph.stores import open_store

    return open_store(settings)


def _progress(console: Console) -> Progress:
    return Progress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        console=console,
        transient=True,
    )
