"""`kg --help` and each command's help name what to type, not Python types."""

from __future__ import annotations

import re

import pytest
from typer.testing import CliRunner

from kg.cli import app

COMMANDS = [[], *[[command.name or command.callback.__name__] for command in app.registered_commands]]


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: " ".join(c) or "kg")
def test_help_shows_no_python_types(command: list[str]) -> None:
    result = CliRunner().invoke(app, [*command, "--help"], env={"COLUMNS": "120"})
    assert result.exit_code == 0, result.output
    assert not re.search(r"<(str|int|bool|float|list|path|Path)\b", result.output), result.output


def test_store_option_names_its_choices() -> None:
    result = CliRunner().invoke(app, ["load", "--help"], env={"COLUMNS": "120"})
    assert "embedded|neo4j" in result.output
