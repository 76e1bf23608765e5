"""The `kg` command line: extract, load, serve, export and inspect the knowledge graph."""

from __future__ import annotations

import typer

app = typer.Typer(
    name="kg",
    help="A knowledge graph of the Harbin New Area 2021 work plan: extract, load, serve, export.",
    no_args_is_help=True,
    add_completion=False,
)


if __name__ == "__main__":
    app()
