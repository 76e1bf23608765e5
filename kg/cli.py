"""The `kg` command line: extract, load, serve, export and inspect the knowledge graph."""

from __future__ import annotations

import importlib.util
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from kg import curate

if TYPE_CHECKING:
    from graph.core.model import Node
    from graph.core.protocol import GraphStore
    from settings import Settings

# The --store option of every command that opens a store.
StoreName = Annotated[
    str | None,
    typer.Option(metavar="embedded|neo4j", help="Which store (default: KG_STORE, else embedded)."),
]

app = typer.Typer(
    name="kg",
    help="A knowledge graph of the Harbin New Area 2021 work plan: extract, load, serve, export.",
    no_args_is_help=True,
    add_completion=False,
)
app.add_typer(curate.app, name="curate")


@app.command()
def serve(
    host: str = typer.Option(
        "127.0.0.1", metavar="ADDRESS", help="Address to listen on (0.0.0.0: every interface)."
    ),
    port: int = typer.Option(8000, metavar="PORT", help="Port to listen on."),
    store: StoreName = None,
    workers: int = typer.Option(
        1,
        min=1,
        metavar="N",
        help="Server processes, each with its own listening socket (on Linux the kernel spreads "
        "connections across them). Each holds its own copy of the embedded graph and reads the "
        "others' writes from the store's journal; one per CPU core serves the most requests.",
    ),
) -> None:
    """Serve the HTTP API (docs at /docs) and the network view (/viz).

    An empty embedded store gets the sample report first.
    """
    import os

    import uvicorn

    from api.app import create_app
    from kg.sample import load_sample, needs_sample
    from loaders.errors import UnreadableDocument

    settings = _store_settings(store, "serve")
    if needs_sample(settings):
        try:
            summary = load_sample(settings)
        except (OSError, UnreadableDocument) as exc:
            typer.echo(f"kg serve: cannot load the sample report {settings.kg_sample}: {exc}", err=True)
            raise typer.Exit(1) from None
        nodes = sum(summary.nodes_new.values())
        typer.echo(f"kg serve: the store was empty; loaded the sample {settings.kg_sample} ({nodes} nodes)")
    base = f"http://{host}:{port}"
    typer.echo(f"kg serve: {settings.kg_store} store; API on {base}")
    typer.echo(f"kg serve: docs {base}/docs, network view {base}/viz")
    if workers == 1:
        uvicorn.run(create_app(settings=settings), host=host, port=port)
        return
    # Worker processes build their own app from the environment: pass --store on to them.
    os.environ["KG_STORE"] = settings.kg_store
    from kg import serving

    if not serving.balances_connections():
        uvicorn.run("api.app:create_app", factory=True, host=host, port=port, workers=workers)
        return
    try:
        status = serving.serve_processes("api.app:create_app", host, port, workers)
    except OSError as exc:
        typer.echo(f"kg serve: cannot listen on {host}:{port}: {exc.strerror or exc}", err=True)
        raise typer.Exit(1) from None
    raise typer.Exit(status)


@app.command()
def export(
    format: str = typer.Option(
        ..., "--format", "-f", metavar="graphml|gexf|cytoscape|json|cypher", help="What to write."
    ),
    out: str | None = typer.Option(
        None, "--out", "-o", metavar="FILE", help="File to write (default: standard output)."
    ),
    store: StoreName = None,
) -> None:
    """Export the whole graph: GraphML/GEXF (Gephi), Cytoscape JSON, node-link JSON, a Cypher script."""
    from graph.outputs import export as exports

    if format not in exports.FORMATS:
        formats = ", ".join(exports.FORMATS)
        typer.echo(f"kg export: --format must be one of {formats}, not {format!r}", err=True)
        raise typer.Exit(1)
    settings = _store_settings(store, "export")
    out_file = Path(out) if out is not None else None
    if out_file is not None and not out_file.parent.is_dir():
        typer.echo(f"kg export: folder {out_file.parent} does not exist", err=True)
        raise typer.Exit(1)
    with _opened_store(settings, "export") as graph_store:
        text, nodes, relationships = exports.export_store(graph_store, format)
    if nodes == 0:
        typer.echo(f"kg export: the {settings.kg_store} store is empty (load a document first)", err=True)
    _write_output(text, out_file, "export", f"{nodes} nodes and {relationships} relationships ({format})")


@app.command()
def draw(
    out: str = typer.Option(..., "--out", "-o", metavar="FILE", help="Picture to write: .png, .svg or .pdf."),
    around: str | None = typer.Option(
        None, metavar="NAME", help="Draw only around this entity (name, pinyin or id)."
    ),
    depth: int | None = typer.Option(
        None, min=1, max=3, metavar="N", help="Hops around --around (1-3, default 1)."
    ),
    store: StoreName = None,
) -> None:
    """Draw the graph (or the part around one entity) as a picture, with Chinese labels."""
    # graph.outputs.draw imports matplotlib only when it draws, so ask for the package itself up front.
    if importlib.util.find_spec("matplotlib") is None:
        typer.echo("kg draw: needs the draw extra (matplotlib): pip install -e '.[draw]'", err=True)
        raise typer.Exit(1)
    from graph.outputs.draw import SUPPORTED_FORMATS, draw_subgraph, find_cjk_font

    if depth is not None and around is None:
        typer.echo("kg draw: --depth needs --around NAME (the whole graph has no depth)", err=True)
        raise typer.Exit(1)
    depth = depth or 1
    out_file = Path(out)
    if out_file.suffix.lower().lstrip(".") not in SUPPORTED_FORMATS:
        typer.echo(f"kg draw: --out must end in .png, .svg or .pdf, not {out_file.name!r}", err=True)
        raise typer.Exit(1)
    if not out_file.parent.is_dir():
        typer.echo(f"kg draw: folder {out_file.parent} does not exist", err=True)
        raise typer.Exit(1)
    settings = _store_settings(store, "draw")
    with _opened_store(settings, "draw") as graph_store:
        title = None
        if around is None:
            subgraph = graph_store.all_graph()
        else:
            entity = _entity_named(graph_store, around, "kg draw")
            subgraph = graph_store.subgraph([entity.id], depth=depth)
            title = f"{entity.name} ({depth} hop{'s' if depth > 1 else ''})"
    if not subgraph.nodes:
        typer.echo(f"kg draw: the {settings.kg_store} store is empty (load a document first)", err=True)
        raise typer.Exit(1)
    if find_cjk_font() is None:
        typer.echo("kg draw: no CJK font, Chinese labels will be boxes: install fonts-noto-cjk", err=True)
    try:
        result = draw_subgraph(subgraph, out_file, title=title)
    except OSError as exc:
        typer.echo(f"kg draw: cannot write {out_file}: {exc.strerror or exc}", err=True)
        raise typer.Exit(1) from None
    font = f"font {result.font.family}" if result.font else "no CJK font"
    summary = f"{result.nodes} nodes and {result.relationships} relationships"
    typer.echo(f"kg draw: wrote {summary} to {out_file} ({font})", err=True)


def _entity_named(graph_store: GraphStore, name: str, command: str) -> Node:
    """The entity with this id, else the best search hit (exact name or alias first); exit if none."""
    entity = graph_store.get_entity(name)
    if entity is not None:
        return entity
    hits = graph_store.search(name, limit=5).hits
    if not hits:
        typer.echo(f"{command}: no entity matches {name!r} (try its Chinese name or its id)", err=True)
        raise typer.Exit(1)
    exact = [hit for hit in hits if name in (hit.node.name, *hit.node.aliases)]
    if not exact:  # say which entity a pinyin or partial name was taken for
        typer.echo(f"{command}: {name!r} → {hits[0].node.name} ({hits[0].node.id})", err=True)
    return (exact or hits)[0].node


@app.command()
def extract(
    file: str = typer.Argument(
        ...,
        metavar="FILE",
        help="A report or article: text (UTF-8/16, GB18030/GBK, Big5), HTML, .docx, PDF or a page image.",
    ),
    format: str = typer.Option(
        "json",
        "--format",
        "-f",
        metavar="json|table",
        help="json (the contract's shape) or table (a summary).",
    ),
    out: str | None = typer.Option(
        None, "--out", "-o", metavar="FILE", help="File to write (default: standard output)."
    ),
) -> None:
    """Extract the graph of one document: sections, entities, relationships, with provenance."""
    from loaders.errors import UnreadableDocument
    from loaders.report import document_json, load_report

    if format not in ("json", "table"):
        typer.echo(f"kg extract: --format must be json or table, not {format!r}", err=True)
        raise typer.Exit(1)
    out_file = Path(out) if out is not None else None
    if out_file is not None and not out_file.parent.is_dir():
        typer.echo(f"kg extract: folder {out_file.parent} does not exist", err=True)
        raise typer.Exit(1)
    try:
        document = load_report(file)
    except UnreadableDocument as exc:
        typer.echo(f"kg extract: {exc}", err=True)
        raise typer.Exit(1) from None
    if format == "json":
        text = document_json(document)
    else:
        from kg.summary import document_table

        text = document_table(document)
    summary = f"{len(document.nodes)} nodes and {len(document.relationships)} relationships"
    _write_output(text, out_file, "extract", summary)


def _write_output(text: str, out_file: Path | None, command: str, summary: str) -> None:
    """Print ``text`` to standard output, or write it to ``out_file`` and say what was written."""
    if out_file is None:
        typer.echo(text, nl=False)
        return
    try:
        out_file.write_text(text, encoding="utf-8")
    except OSError as exc:
        typer.echo(f"kg {command}: cannot write {out_file}: {exc.strerror or exc}", err=True)
        raise typer.Exit(1) from None
    typer.echo(f"kg {command}: wrote {summary} to {out_file}", err=True)


def _store_settings(store: str | None, command: str) -> Settings:
    """The settings, with ``--store`` applied; one clear line if it is not a store's name."""
    import logging

    from settings import get_settings

    # The Neo4j driver logs each dropped connection and retry to stderr; the command prints the
    # one line that matters (e.g. "Neo4j is not reachable at …") when the store gives up.
    logging.getLogger("neo4j").setLevel(logging.CRITICAL)
    settings = get_settings()
    if store is None:
        return settings
    if store not in ("embedded", "neo4j"):
        typer.echo(f"kg {command}: --store must be embedded or neo4j, not {store!r}", err=True)
        raise typer.Exit(1)
    return settings.model_copy(update={"kg_store": store})


@app.command()
def load(
    files: Annotated[
        list[Path] | None,
        typer.Argument(
            metavar="[FILE|FOLDER]...",
            help="Reports or articles, or folders of them (default: the sample report).",
        ),
    ] = None,
    store: StoreName = None,
    date: str | None = typer.Option(
        None,
        metavar="YYYY[-MM[-DD]]",
        help="The documents' date (default: read from the text or the file name).",
    ),
) -> None:
    """Load documents into the store: all are read first; each is written in one transaction.

    A folder is read recursively; files in it that are not documents or cannot be read are
    skipped and listed. Loading a document again changes nothing; entities named in several
    documents are one node.
    """
    from rich.console import Console

    from graph.core.errors import StoreError
    from kg.loading import LoadFailed, counts_table, read_documents, summary_table, write_documents
    from loaders.formats.folder import Skipped, documents_in

    settings = _store_settings(store, "load")
    paths = list(files) if files else [settings.kg_sample]
    folders = [path for path in paths if path.is_dir()]
    skipped: list[Skipped] = []
    found_in_folders: set[Path] = set()
    for folder in folders:
        found, passed_over = documents_in(folder)
        paths[paths.index(folder) : paths.index(folder) + 1] = found
        found_in_folders.update(found)
        skipped += passed_over
    err = Console(stderr=True)
    try:
        docs, unreadable = read_documents(paths, err, found_in_folders, date=date)
        for skip in skipped + unreadable:
            typer.echo(f"kg load: skipped {skip.path}: {skip.reason}", err=True)
        if not docs:
            where = ", ".join(map(str, folders or paths))
            raise LoadFailed(f"{where}: no document to load in this directory (nothing was loaded)")
        summaries, counts = write_documents(settings, docs, err)
    except LoadFailed as exc:
        typer.echo(f"kg load: {exc}", err=True)
        raise typer.Exit(1) from None
    except StoreError as exc:
        typer.echo(f"kg load: {settings.kg_store} store: {exc}", err=True)
        raise typer.Exit(1) from None
    out = Console()
    out.print(summary_table(summaries))
    out.print(counts_table(counts))
    out.print(f"kg load: {len(docs)} document(s) into the {settings.kg_store} store")


@app.command()
def stats(
    store: StoreName = None,
) -> None:
    """Nodes by label, relationships by type, and the documents in the store."""
    from rich.console import Console

    from kg.loading import counts_table, documents_table

    settings = _store_settings(store, "stats")
    with _opened_store(settings, "stats", reading=True) as graph_store:
        counts, documents = graph_store.counts(), graph_store.documents()
    out = Console()
    out.print(counts_table(counts, title=f"The {settings.kg_store} store"))
    out.print(documents_table(documents))


@app.command()
def delete(
    document: str = typer.Argument(
        ..., metavar="DOCUMENT", help="The document id (the file name without .txt; see `kg stats`)."
    ),
    store: StoreName = None,
) -> None:
    """Delete a document: its provenance, and the nodes and relationships only it supported."""
    settings = _store_settings(store, "delete")
    with _opened_store(settings, "delete", reading=True) as graph_store:
        from graph.curation import Curation

        deleted = Curation(graph_store).delete_document(document)
        counts = graph_store.counts()
    if not deleted:
        typer.echo(
            f"kg delete: no document {document!r} in the {settings.kg_store} store (see `kg stats`)", err=True
        )
        raise typer.Exit(1)
    nodes, rels = sum(counts.nodes.values()), sum(counts.relationships.values())
    typer.echo(f"kg delete: deleted {document}; the store now holds {nodes} nodes and {rels} relationships")


@contextmanager
def _opened_store(settings: Settings, command: str, *, reading: bool = False) -> Iterator[GraphStore]:
    """The configured store, closed afterwards; a store error becomes one line and exit 1.

    ``reading`` opens it without creating anything (an empty embedded folder stays empty).
    """
    from graph.core.errors import StoreError
    from graph.stores import open_store
    from kg.loading import open_for_reading

    try:
        graph_store = open_for_reading(settings) if reading else open_store(settings)
        try:
            yield graph_store
        finally:
            graph_store.close()
    except StoreError as exc:
        typer.echo(f"kg {command}: {settings.kg_store} store: {exc}", err=True)
        raise typer.Exit(1) from None


if __name__ == "__main__":
    app()
