"""`kg curate`: corrections by people that survive every load (merge, rename, relabel, reject, …).

Each command adds one entry to the store's curation log (beside the graph: a file next to the
embedded graph, nodes in Neo4j), then writes every stored document again with the whole log
applied; documents loaded later get the same corrections.
"""

from __future__ import annotations

import getpass
import json
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import typer

if TYPE_CHECKING:
    from graph.core.curation import Entry
    from graph.curation import Curation

app = typer.Typer(
    name="curate",
    help="Correct the graph so the corrections survive every `kg load`: merge duplicates, rename, relabel, "
    "reject what is not a real name or relationship, add aliases and relationships, list, undo, share. "
    "Entities are given by id or by an exact name or alias that only one entity has.",
    no_args_is_help=True,
)

AUTHOR = typer.Option(None, "--author", help="Who decides (default: your login name).")
REASON = typer.Option("", "--reason", help="Why, for whoever reads the log later.")
STORE = typer.Option(None, "--store", help="embedded or neo4j (default: KG_STORE, else embedded).")


def _run(store: str | None, command: str, act: Callable[[Curation], None], *, reading: bool = False) -> None:
    """Open the store, do ``act(curation)``; a refused entry or a store error is one line, exit 1."""
    from api.ids import find_entity
    from graph.core.curation import CurationRefused
    from graph.curation import Curation
    from kg.cli import _opened_store, _store_settings

    name = f"kg curate {command}"
    settings = _store_settings(store, f"curate {command}")
    with _opened_store(settings, f"curate {command}", reading=reading) as graph_store:
        curation = Curation(graph_store, lambda ref: find_entity(graph_store, ref))
        try:
            act(curation)
        except CurationRefused as exc:
            typer.echo(f"{name}: refused: {exc} (the log is unchanged)", err=True)
            raise typer.Exit(1) from None


def _added(curation: Curation, entry: Entry) -> None:
    cost = curation.last_reapply
    after = f"; {cost.documents} documents rewritten in {cost.seconds:.2f} s" if cost else ""
    typer.echo(f"kg curate: entry {entry.describe()}{after}")


def _add(
    store: str | None,
    command: str,
    targets: list[str],
    value: str,
    note: str,
    author: str | None,
    reason: str,
) -> None:
    def act(curation: Curation) -> None:
        entry = curation.add(command, targets, value, note, author=author or getpass.getuser(), reason=reason)
        _added(curation, entry)

    _run(store, command, act)


@app.command()
def merge(
    keep: str = typer.Argument(..., help="The entity kept (id, or exact name or alias)."),
    duplicate: str = typer.Argument(..., help="The same entity under another name: merged into KEEP."),
    author: str | None = AUTHOR,
    reason: str = REASON,
    store: str | None = STORE,
) -> None:
    """DUPLICATE is the same entity as KEEP: merge it into KEEP.

    Its names become KEEP's aliases, its relationships and provenance move; later documents resolve it.

    Example: kg curate merge 深圳（哈尔滨）产业园区 深哈产业园
    """
    _add(store, "merge", [keep, duplicate], "", "", author, reason)


@app.command()
def rename(
    entity: str = typer.Argument(..., help="Entity id, or exact name or alias."),
    new_name: str = typer.Argument(..., help="Its canonical name from now on (the old one stays an alias)."),
    author: str | None = AUTHOR,
    reason: str = REASON,
    store: str | None = STORE,
) -> None:
    """Give ENTITY a new canonical name; its id follows (label:name), the old name stays an alias."""
    _add(store, "rename", [entity], new_name, "", author, reason)


@app.command()
def relabel(
    entity: str = typer.Argument(..., help="Entity id, or exact name or alias."),
    label: str = typer.Argument(
        ..., help="Project, Park, Organization, Person, Place, Program, Industry, Indicator or Proposal."
    ),
    author: str | None = AUTHOR,
    reason: str = REASON,
    store: str | None = STORE,
) -> None:
    """Change what kind of thing ENTITY is (e.g. a Project that is an Organization)."""
    _add(store, "relabel", [entity], label, "", author, reason)


@app.command()
def reject(
    entity: str = typer.Argument(
        ..., help="Entity id, or exact name or alias (the source, for a relationship)."
    ),
    type: str | None = typer.Argument(
        None, help="With TARGET: reject the relationship ENTITY -TYPE-> TARGET."
    ),
    target: str | None = typer.Argument(None, help="The relationship's target."),
    author: str | None = AUTHOR,
    reason: str = REASON,
    store: str | None = STORE,
) -> None:
    """ENTITY is not a real name (or, with TYPE TARGET, that relationship is wrong): remove it.

    A rejected entity goes with its relationships, and stays rejected in documents loaded later.

    Examples: kg curate reject 重点推动; kg curate reject 华为 COOPERATES_WITH 哈工大
    """
    if (type is None) != (target is None):
        typer.echo("kg curate reject: give ENTITY alone, or ENTITY TYPE TARGET for a relationship", err=True)
        raise typer.Exit(1)
    _add(store, "reject", [entity, *([target] if target else [])], type or "", "", author, reason)


@app.command()
def alias(
    entity: str = typer.Argument(..., help="Entity id, or exact name or alias."),
    other_name: str = typer.Argument(..., help="Another name of it; documents naming it resolve to ENTITY."),
    author: str | None = AUTHOR,
    reason: str = REASON,
    store: str | None = STORE,
) -> None:
    """OTHER_NAME is another name of ENTITY: search finds it, later documents naming it resolve to ENTITY."""
    _add(store, "alias", [entity], other_name, "", author, reason)


@app.command()
def link(
    source: str = typer.Argument(..., help="Entity id, or exact name or alias."),
    type: str = typer.Argument(..., help="Relationship type, e.g. BELONGS_TO, OPERATED_BY, COOPERATES_WITH."),
    target: str = typer.Argument(..., help="Entity id, or exact name or alias."),
    note: str = typer.Option(..., "--note", help="Where this is known from: the relationship's provenance."),
    author: str | None = AUTHOR,
    reason: str = REASON,
    store: str | None = STORE,
) -> None:
    """Add SOURCE -TYPE-> TARGET, which the text does not state, with --note as its provenance.

    Kept in the document `kg-curation`, whose text is the notes.
    """
    _add(store, "link", [source, target], type, note, author, reason)


@app.command("list")
def list_entries(store: str | None = STORE) -> None:
    """The log, in order: number, action, what, who, when, why; undone entries are marked."""

    def act(curation: Curation) -> None:
        entries = curation.entries()
        if not entries:
            typer.echo("kg curate list: no curation entries")
            return
        undone = {e.undoes: e.seq for e in entries if e.action == "undo"}
        for e in entries:
            mark = f"  [undone by {undone[e.seq]}]" if e.seq in undone else ""
            why = f" — {e.reason}" if e.reason else ""
            typer.echo(f"{e.describe()}  ({e.author}, {e.time}){why}{mark}")

    _run(store, "list", act, reading=True)  # an empty data folder stays empty


@app.command()
def undo(
    number: int = typer.Argument(..., help="The entry's number (see `kg curate list`)."),
    author: str | None = AUTHOR,
    reason: str = REASON,
    store: str | None = STORE,
) -> None:
    """Cancel entry NUMBER: the graph becomes what it would be without it (the log keeps both)."""

    def act(curation: Curation) -> None:
        _added(curation, curation.undo(number, author=author or getpass.getuser(), reason=reason))

    _run(store, "undo", act)


@app.command()
def apply(store: str | None = STORE) -> None:
    """Write every stored document again from its kept extraction with the whole log applied.

    Corrections apply by themselves: this is for one that was interrupted (e.g. Neo4j went away).
    """

    def act(curation: Curation) -> None:
        done = curation.reapply()
        typer.echo(f"kg curate apply: {done.documents} documents written again in {done.seconds:.2f} s")

    _run(store, "apply", act)


@app.command("export")
def export_log(
    file: str = typer.Argument(..., help="JSON file to write: the whole log, for `kg curate import`."),
    store: str | None = STORE,
) -> None:
    """Write the log to FILE, to share a team's corrections."""

    def act(curation: Curation) -> None:
        data = curation.export()
        try:
            Path(file).write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        except OSError as exc:
            typer.echo(f"kg curate export: cannot write {file}: {exc.strerror or exc}", err=True)
            raise typer.Exit(1) from None
        typer.echo(f"kg curate export: wrote {len(data)} entries to {file}")

    _run(store, "export", act, reading=True)


@app.command("import")
def import_log(
    file: str = typer.Argument(..., help="A file `kg curate export` wrote."),
    store: str | None = STORE,
) -> None:
    """Append the entries of FILE after this log's (renumbered), then apply them to every document."""
    try:
        data = json.loads(Path(file).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        typer.echo(f"kg curate import: cannot read {file}: {getattr(exc, 'strerror', None) or exc}", err=True)
        raise typer.Exit(1) from None

    def act(curation: Curation) -> None:
        entries = curation.import_entries(data)
        typer.echo(f"kg curate import: added {len(entries)} entries from {file}")

    _run(store, "import", act)
