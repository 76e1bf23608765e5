"""`kg serve --workers 2`: two server processes over one embedded store, each seeing the other's writes."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest

SECOND = "松北区今年将推进龙江碳谷项目建设。深圳（哈尔滨）产业园区新签约项目12个。\n"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def served(tmp_path: Path):
    """`kg serve --workers 2` on an empty embedded store (it loads the sample first)."""
    port = _free_port()
    env = {**os.environ, "KG_STORE": "embedded", "KG_DATA_DIR": str(tmp_path / "data")}
    kg = [str(Path(sys.executable).parent / "kg")]  # the console script installed beside this Python
    proc = subprocess.Popen(
        [*kg, "serve", "--workers", "2", "--port", str(port)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            if proc.poll() is not None:
                pytest.fail(f"kg serve exited: {proc.stdout.read() if proc.stdout else ''}")
            try:
                if httpx.get(base + "/stats", timeout=5).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.3)
        else:
            pytest.fail("kg serve --workers 2 did not answer within 120 s")
        yield base, env, kg, proc, port
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def _documents_seen(base: str, asks: int) -> set[int]:
    """How many documents each answer says the store holds (one value when every worker agrees).

    Each ask opens its own connection, so the answers come from either worker.
    """
    return {len(httpx.get(base + "/documents", timeout=30).json()) for _ in range(asks)}


def test_a_document_loaded_while_serving_is_seen_by_every_worker(served, tmp_path: Path) -> None:
    base, env, kg, _, _ = served
    assert _documents_seen(base, 20) == {1}  # the sample report
    second = tmp_path / "second-report.txt"
    second.write_text(SECOND, encoding="utf-8")
    loaded = subprocess.run([*kg, "load", str(second)], env=env, capture_output=True, text=True, timeout=120)
    assert loaded.returncode == 0, loaded.stderr
    # Every worker must answer from the journal's new tail, not from the graph it opened.
    assert _documents_seen(base, 40) == {2}
    with httpx.Client(base_url=base, timeout=30) as client:
        assert client.get("/entities/project:龙江碳谷").status_code == 200


def _sockets_by_process(parent: int, port: int) -> dict[str, Counter[int]]:
    """Server-side TCP sockets on ``port`` held by the children of ``parent``, from /proc: how many
    listening and how many connected sockets each child holds."""
    owner: dict[str, int] = {}  # socket inode → pid
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            if int(stat.read_text().rsplit(")", 1)[1].split()[1]) != parent:
                continue
            for fd in (stat.parent / "fd").iterdir():
                target = os.readlink(fd)
                if target.startswith("socket:["):
                    owner[target[8:-1]] = int(stat.parent.name)
        except (OSError, ValueError):
            continue  # a process that just exited
    held: dict[str, Counter[int]] = {"listening": Counter(), "connected": Counter()}
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in Path(table).read_text().splitlines()[1:]:
            fields = line.split()
            local_port, state, inode = int(fields[1].rsplit(":", 1)[1], 16), fields[3], fields[9]
            if local_port == port and inode in owner:
                kind = {"0A": "listening", "01": "connected"}.get(state)
                if kind:
                    held[kind][owner[inode]] += 1
    return held


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc; balanced on Linux")
def test_clients_connecting_at_once_are_spread_over_the_workers(served) -> None:
    """Each worker listens on its own socket, so 32 keep-alive clients do not all land on one."""
    base, _, _, proc, port = served
    clients = [httpx.Client(base_url=base, timeout=30) for _ in range(32)]
    try:
        with ThreadPoolExecutor(32) as pool:  # connect together, as a load generator does
            statuses = list(pool.map(lambda c: c.get("/health").status_code, clients))
        assert statuses == [200] * 32
        held = _sockets_by_process(proc.pid, port)
        assert sorted(held["listening"].values()) == [1, 1], held  # a socket of its own each
        assert len(held["connected"]) == 2 and sum(held["connected"].values()) == 32, held
    finally:
        for c in clients:
            c.close()


def test_a_taken_port_is_one_clear_error(tmp_path: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        env = {**os.environ, "KG_STORE": "embedded", "KG_DATA_DIR": str(tmp_path / "data")}
        kg = str(Path(sys.executable).parent / "kg")
        done = subprocess.run(
            [kg, "serve", "--workers", "2", "--port", str(port)],
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )
    assert done.returncode == 1
    assert f"cannot listen on 127.0.0.1:{port}" in done.stderr and "Traceback" not in done.stderr


def test_serve_names_the_docs_and_the_network_view(served) -> None:
    base, _, _, proc, _ = served
    lines = [proc.stdout.readline() for _ in range(3)]
    assert f"kg serve: docs {base}/docs, network view {base}/viz\n" in lines
