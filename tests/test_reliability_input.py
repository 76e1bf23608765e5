"""Bad input through the command line, as a user meets it: `kg extract` and `kg load` on real files.

Each case gives either a correct result or ONE error line naming the file and the reason (exit 1,
no traceback), and a failed `kg load` leaves nothing in the store. The commands run as subprocesses
(the installed `kg`), in a temporary working folder with a temporary embedded store.
"""

from __future__ import annotations

import errno
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from provenance_checks import assert_offsets_inside

from graph.core.model import GraphDocument, Node, Provenance, Relationship
from loaders.errors import UnreadableDocument
from loaders.reading import MAX_DOCUMENT_BYTES, decode_document
from loaders.report import load_text
from settings import SAMPLE_REPORT

KG = str(Path(sys.executable).parent / "kg")
SEED = SAMPLE_REPORT.read_text(encoding="utf-8")


def run_kg(args: list[str], workdir: Path, timeout: float = 240) -> subprocess.CompletedProcess[str]:
    """`kg ARGS` in ``workdir`` with its own embedded store (no `.env` of the developer read)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("KG_", "NEO4J_"))}
    env.update(KG_STORE="embedded", KG_DATA_DIR=str(workdir / "store"), COLUMNS="200")
    return subprocess.run([KG, *args], cwd=workdir, env=env, capture_output=True, text=True, timeout=timeout)


def assert_one_error_line(result: subprocess.CompletedProcess[str], command: str, *needles: str) -> str:
    """Exit 1 with one line on stderr, starting with the command and naming what is given."""
    assert result.returncode == 1, (result.returncode, result.stdout[-500:], result.stderr[-2000:])
    assert "Traceback" not in result.stderr and "Error:" not in result.stderr.split(":", 1)[0]
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith(f"kg {command}: "), lines[0]
    for needle in needles:
        assert needle in lines[0], (needle, lines[0])
    return lines[0]


def extracted(result: subprocess.CompletedProcess[str]) -> dict:
    assert result.returncode == 0, result.stderr[-2000:]
    assert "Traceback" not in result.stderr
    return json.loads(result.stdout)


def graph_document(data: dict) -> GraphDocument:
    """The JSON of `kg extract` back into a GraphDocument, to check its offsets against the text."""

    def provs(item: dict) -> list[Provenance]:
        return [Provenance(p["document"], p["start"], p["end"], p["quote"]) for p in item["provenance"]]

    nodes = [
        Node(n["id"], n["label"], n["name"], n.get("aliases", []), n.get("properties", {}), provs(n))
        for n in data["nodes"]
    ]
    rels = [
        Relationship(r["source"], r["target"], r["type"], r.get("properties", {}), provs(r))
        for r in data["relationships"]
    ]
    return GraphDocument(document=nodes[0], nodes=nodes, relationships=rels, text="")


def entity_ids(data: dict) -> set[str]:
    """Ids of the entities (not Document, Section or Event: those are the document's own)."""
    from graph.core.model import ENTITY_LABELS

    return {n["id"] for n in data["nodes"] if n["label"] in ENTITY_LABELS}


@pytest.fixture(scope="module")
def seed_json(tmp_path_factory: pytest.TempPathFactory) -> dict:
    """`kg extract` of the seed as UTF-8, under the name every variant below is given."""
    folder = tmp_path_factory.mktemp("utf8")
    (folder / "report.txt").write_text(SEED, encoding="utf-8")
    return extracted(run_kg(["extract", "report.txt"], folder))


# ---- files that are refused -----------------------------------------------------------------------

REFUSED = {
    "empty": ("empty.txt", lambda: b"", "empty"),
    "binary": ("photo.txt", lambda: bytes(range(256)) * 64, "binary"),
    "pdf": ("report.pdf", lambda: b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\n", "PDF"),
    "many control characters": ("controls.txt", lambda: ("\x07\x1b" * 400 + SEED[:200]).encode(), "binary"),
    "20 MB of text": (
        "huge.txt",
        lambda: SEED.encode("utf-8") * (20 * 1024 * 1024 // len(SEED.encode("utf-8")) + 1),
        "too large",
    ),
}


@pytest.mark.parametrize("case", REFUSED.values(), ids=REFUSED.keys())
@pytest.mark.parametrize("command", ["extract", "load"])
def test_a_file_that_is_not_a_readable_report_is_one_error_line_and_loads_nothing(
    tmp_path: Path, command: str, case: tuple
) -> None:
    name, content, reason = case
    (tmp_path / name).write_bytes(content())
    line = assert_one_error_line(run_kg([command, name], tmp_path), command, name, reason)
    if command == "load":
        assert "nothing was loaded" in line
    assert not (tmp_path / "store" / "graph.json").exists()


def test_the_size_limit_is_stated_in_the_error(tmp_path: Path) -> None:
    (tmp_path / "big.txt").write_bytes(b"a" * (MAX_DOCUMENT_BYTES + 1))
    line = assert_one_error_line(run_kg(["extract", "big.txt"], tmp_path), "extract", "big.txt")
    assert f"{MAX_DOCUMENT_BYTES // (1024 * 1024)} MB limit" in line


def test_an_endless_device_is_refused_at_the_limit_not_read_forever(tmp_path: Path) -> None:
    assert_one_error_line(run_kg(["extract", "/dev/zero"], tmp_path, timeout=60), "extract", "/dev/zero")


@pytest.mark.parametrize("command", ["extract", "load"])
def test_a_path_that_does_not_exist_or_is_a_folder_is_one_error_line(tmp_path: Path, command: str) -> None:
    assert_one_error_line(run_kg([command, "absent.txt"], tmp_path), command, "absent.txt", "no such file")
    (tmp_path / "folder.txt").mkdir()
    assert_one_error_line(run_kg([command, "folder.txt"], tmp_path), command, "folder.txt", "directory")


# ---- files that load, with the same result as the UTF-8 seed --------------------------------------


@pytest.mark.parametrize("encoding", ["gb18030", "utf-16"])
def test_a_chinese_encoding_gives_the_same_document_as_utf8(
    tmp_path: Path, encoding: str, seed_json: dict
) -> None:
    (tmp_path / "report.txt").write_bytes(SEED.encode(encoding))
    assert extracted(run_kg(["extract", "report.txt"], tmp_path)) == seed_json


def test_mixed_scripts_and_stray_control_characters_keep_every_seed_entity(
    tmp_path: Path, seed_json: dict
) -> None:
    head = "Harbin New Area · Новый район Харбина · 하얼빈 신구 · ハルビン新区 · منطقة هاربين 🚀\n"
    cut = SEED.index("\n", len(SEED) // 2)
    text = head + SEED[:cut] + "\x07\x1b[0m\x08" + SEED[cut:]
    (tmp_path / "mixed.txt").write_text(text, encoding="utf-8")
    data = extracted(run_kg(["extract", "mixed.txt"], tmp_path))
    assert entity_ids(seed_json) <= entity_ids(data)
    assert_offsets_inside(graph_document(data), text)


def test_a_single_one_megabyte_line_loads_with_offsets_inside_it(tmp_path: Path) -> None:
    one_line = SEED.replace("\n", " ")
    data = one_line.encode("utf-8") * (1_000_000 // len(one_line.encode("utf-8")) + 1)
    text = data[:1_000_000].decode("utf-8", "ignore")  # cut on a character boundary
    (tmp_path / "line.txt").write_text(text, encoding="utf-8")
    assert "\n" not in text and len(text.encode("utf-8")) <= MAX_DOCUMENT_BYTES
    result = extracted(run_kg(["extract", "line.txt"], tmp_path))
    assert "project:龙江碳谷" in entity_ids(result)
    assert_offsets_inside(graph_document(result), text)


# ---- `kg load` of several files: all or nothing ---------------------------------------------------


def stored_documents(workdir: Path) -> list[str]:
    from graph.embedded.store import EmbeddedStore

    graph = workdir / "store" / "graph.json"
    if not graph.exists():
        return []
    # Through the store: the file is a snapshot plus a journal (graph/embedded/files.py).
    return sorted(d.node.id for d in EmbeddedStore(graph).documents())


def test_load_of_a_good_and_a_bad_file_loads_neither(tmp_path: Path) -> None:
    (tmp_path / "good.txt").write_text(SEED, encoding="utf-8")
    (tmp_path / "bad.pdf").write_bytes(b"%PDF-1.4\n")
    assert_one_error_line(run_kg(["load", "good.txt", "bad.pdf"], tmp_path), "load", "bad.pdf", "PDF")
    assert stored_documents(tmp_path) == []
    # ... and over a store that already holds documents, those stay exactly as they were.
    assert run_kg(["load", "good.txt"], tmp_path).returncode == 0
    before = (tmp_path / "store" / "graph.json").read_bytes()
    (tmp_path / "other.txt").write_text(SEED[: len(SEED) // 2], encoding="utf-8")
    assert_one_error_line(run_kg(["load", "other.txt", "bad.pdf"], tmp_path), "load", "bad.pdf")
    assert (tmp_path / "store" / "graph.json").read_bytes() == before


def _open_writer(fifo: Path, process: subprocess.Popen[str], deadline: float) -> int:
    """Open the FIFO for writing once `kg` has opened it for reading (it is then mid-load)."""
    while True:
        try:
            return os.open(fifo, os.O_WRONLY | os.O_NONBLOCK)
        except OSError as exc:
            if exc.errno != errno.ENXIO:  # ENXIO: no reader yet
                raise
        if process.poll() is not None or time.monotonic() > deadline:
            pytest.fail(f"kg load never opened the FIFO: {process.communicate()}")
        time.sleep(0.05)


def test_a_file_deleted_while_the_load_reads_earlier_ones_loads_nothing(tmp_path: Path) -> None:
    """`kg load *.txt` where a file listed by the shell is gone by the time it is read."""
    fifo = tmp_path / "first.txt"
    os.mkfifo(fifo)
    (tmp_path / "second.txt").write_text(SEED, encoding="utf-8")
    (tmp_path / "third.txt").write_text(SEED[: len(SEED) // 2], encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("KG_", "NEO4J_"))}
    env.update(KG_STORE="embedded", KG_DATA_DIR=str(tmp_path / "store"))
    process = subprocess.Popen(
        [KG, "load", "first.txt", "second.txt", "third.txt"],
        cwd=tmp_path,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        writer = _open_writer(fifo, process, time.monotonic() + 60)
        (tmp_path / "third.txt").unlink()  # kg is reading first.txt now
        os.set_blocking(writer, True)
        with os.fdopen(writer, "wb") as pipe:
            pipe.write("哈尔滨新区推进龙江碳谷建设。\n".encode())
        stdout, stderr = process.communicate(timeout=120)
    finally:
        process.kill()
    result = subprocess.CompletedProcess(process.args, process.returncode, stdout, stderr)
    line = assert_one_error_line(result, "load", "third.txt", "no such file")
    assert "nothing was loaded" in line
    assert stored_documents(tmp_path) == []


def test_a_document_read_from_a_pipe_loads(tmp_path: Path) -> None:
    fifo = tmp_path / "piped.txt"
    os.mkfifo(fifo)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("KG_", "NEO4J_"))}
    env.update(KG_STORE="embedded", KG_DATA_DIR=str(tmp_path / "store"))
    process = subprocess.Popen(
        [KG, "load", "piped.txt"], cwd=tmp_path, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    try:
        writer = _open_writer(fifo, process, time.monotonic() + 60)  # type: ignore[arg-type]
        os.set_blocking(writer, True)
        with os.fdopen(writer, "wb") as pipe:
            pipe.write(SEED.encode("gb18030"))
        _, stderr = process.communicate(timeout=120)
    finally:
        process.kill()
    assert process.returncode == 0, stderr
    assert stored_documents(tmp_path) == ["document:piped"]


# ---- fuzz: any bytes decode or are refused; what decodes loads inside its text ------------------


@settings(max_examples=150, deadline=None)
@given(st.binary(max_size=400) | st.text(max_size=120).map(lambda t: t.encode("utf-16")))
def test_any_bytes_are_text_or_an_unreadable_document(data: bytes) -> None:
    try:
        text = decode_document(data, "fuzz.txt")
    except UnreadableDocument as exc:
        assert exc.path == "fuzz.txt" and exc.reason
        return
    assert text.strip()
    assert_offsets_inside(load_text(text, "fuzz"), text)
