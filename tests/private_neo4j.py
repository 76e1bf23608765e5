"""A private Neo4j server that a test may kill: its own home, ports 7693/7480, started by scripts/neo4j.

When those ports are taken (a colleague runs the same tests), free ports are used instead.

The fault tests stop and kill Neo4j, so they never touch the shared server of ``neo4j_settings``.
The server takes the same ``NEO4J_PASSWORD`` as the rest of the suite (CI runs with one), and the
settings come from :class:`settings.Settings` with only the URI changed.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from settings import REPO_ROOT, Settings

BOLT_PORT = 7693
HTTP_PORT = 7480
SCRIPT = REPO_ROOT / "scripts" / "neo4j"


def _port(preferred: int) -> int:
    """``preferred`` if nothing listens there, else a free loopback port."""
    with socket.socket() as s:
        try:
            s.bind(("127.0.0.1", preferred))
            return preferred
        except OSError:
            s.bind(("127.0.0.1", 0))
            return int(s.getsockname()[1])


def _required() -> bool:
    return os.environ.get("KG_REQUIRE_NEO4J", "").strip().lower() not in ("", "0", "false", "no")


class PrivateNeo4j:
    """One Neo4j server in ``home``: start, kill -9 (as a crash), stop."""

    def __init__(self, home: Path) -> None:
        self.home = home
        bolt = _port(BOLT_PORT)
        self.env = {
            **os.environ,
            "NEO4J_BOLT_PORT": str(bolt),
            "NEO4J_HTTP_PORT": str(_port(HTTP_PORT)),
            "KG_NEO4J_HOME": str(home),
            "NEO4J_HEAP": os.environ.get("KG_TEST_NEO4J_HEAP", "512m"),
            "NEO4J_PAGECACHE": "64m",
        }
        self.settings = Settings().model_copy(
            update={"kg_store": "neo4j", "neo4j_uri": f"bolt://localhost:{bolt}"}
        )

    def run(self, command: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [str(SCRIPT), command], env=self.env, capture_output=True, text=True, timeout=300
        )

    def start(self) -> None:
        result = self.run("start")
        if result.returncode != 0:
            raise RuntimeError(f"scripts/neo4j start failed:\n{result.stdout}\n{result.stderr}")

    def pid(self) -> int:
        return int((self.home / "run" / "neo4j.pid").read_text().strip())

    def kill(self) -> None:
        """kill -9 the JVM (a crash, a power cut for the process) and wait until it is gone."""
        pid = self.pid()
        os.kill(pid, signal.SIGKILL)
        deadline = time.monotonic() + 30
        while Path(f"/proc/{pid}").exists() and time.monotonic() < deadline:
            time.sleep(0.1)

    def stop(self) -> None:
        self.run("stop")

    def subprocess_env(self) -> dict[str, str]:
        """Environment of a `kg` subprocess using this server (the suite's password, if any)."""
        env = {k: v for k, v in os.environ.items() if not k.startswith("KG_")}
        env.update(KG_STORE="neo4j", NEO4J_URI=self.settings.neo4j_uri, COLUMNS="200")
        return env


def private_neo4j(tmp_path_factory: pytest.TempPathFactory) -> Iterator[PrivateNeo4j]:
    """Body of a module fixture: a started private server, stopped at the end.

    Skips when it cannot start (no Java/Maven, ports taken), or fails with KG_REQUIRE_NEO4J=1.
    """
    server = PrivateNeo4j(tmp_path_factory.mktemp("private-neo4j"))
    try:
        server.start()
    except (RuntimeError, OSError, subprocess.TimeoutExpired) as exc:
        server.stop()
        if _required():
            pytest.fail(f"private Neo4j for the fault tests: {exc}", pytrace=False)
        pytest.skip(f"private Neo4j for the fault tests cannot start: {exc}")
    try:
        yield server
    finally:
        server.stop()
