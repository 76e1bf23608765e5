"""No password or key in the repository (except the documented `.env.example`), and the API key is safe.

- Every file git knows (tracked, and new files not ignored) is scanned for assignments of literal
  passwords, keys and tokens, credentials in URIs, private keys and well-known token formats.
- POST /documents compares the key in constant time (hmac.compare_digest) and refuses a wrong key
  of the right length; the key never appears in a response (body or headers) or in the logs.
"""

from __future__ import annotations

import ast
import inspect
import logging
import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from pydantic import SecretStr

from api import dependencies
from api.app import create_app
from settings import REPO_ROOT, Settings

# The one file allowed to show example values (documented in the README).
EXAMPLE_FILES = {".env.example"}
# Test fixtures may hold values that say they are fake.
FAKE_WORDS = ("test", "fake", "wrong", "example", "dummy", "change-me", "not-the-key")

_NAME = r"[A-Za-z0-9_.-]*(?:password|passwd|pwd|secret|api[_-]?key|key|token|credential)[A-Za-z0-9_]*"
PATTERNS = {
    # name = "literal" / name: 'literal' / "name": "literal" (Python, JSON, YAML, TOML)
    "quoted assignment": re.compile(
        rf"""(?i)\b({_NAME})["']?\s*(?:=|:)\s*[bru]?["']([^"'\s$%{{<][^"'\s]{{5,}})["']"""
    ),
    # NAME=literal in shell, .env and YAML (no quotes, not a $reference)
    "unquoted assignment": re.compile(
        r"""(?im)^\s*(?:export\s+|-\s+)?([A-Z0-9_]*(?:PASSWORD|PASSWD|SECRET|API_KEY|TOKEN)[A-Z0-9_]*)"""
        r"""\s*[=:]\s*([^\s"'$#{][^\s#]{5,})"""
    ),
    "NEO4J_AUTH": re.compile(r"""NEO4J_AUTH["']?\s*[=:]\s*["']?([A-Za-z0-9_]+/[^\s"'$]{4,})"""),
    "credentials in a URI": re.compile(r"""\b[a-z][a-z0-9+]*://[^/\s:@"'$]+:([^/\s@"'$]{3,})@"""),
    "private key": re.compile(r"-----BEGIN [A-Z ]*PRIVATE KEY-----"),
    "cloud or forge token": re.compile(
        r"\b(?:AKIA[0-9A-Z]{16}|gh[pousr]_[A-Za-z0-9]{36}|xox[baprs]-\w{10,})"
    ),
}
# Quoted values that are names, not secrets: a field or a label (key="label", "source_key").
_NAME_VALUE = re.compile(r"^[A-Za-z_]+$")


def findings(path: str, text: str) -> list[str]:
    """Lines of ``text`` that look like a secret written into the file ``path``."""
    out: list[str] = []
    for what, pattern in PATTERNS.items():
        for match in pattern.finditer(text):
            value = match.group(match.lastindex or 0)
            if what == "quoted assignment" and _NAME_VALUE.match(value):
                continue
            if what == "unquoted assignment" and path.endswith(".py"):
                continue  # Python assigns names and calls unquoted; its literals are quoted
            if path.startswith("tests/") and any(word in value.lower() for word in FAKE_WORDS):
                continue
            line = text.count("\n", 0, match.start()) + 1
            out.append(f"{path}:{line}: {what}: {match.group(0)[:80]}")
    return out


def repository_files() -> list[str]:
    try:
        listed = subprocess.run(
            ["git", "ls-files", "--cached", "--others", "--exclude-standard", "-z"],
            cwd=REPO_ROOT,
            capture_output=True,
            check=True,
        ).stdout
    except (OSError, subprocess.CalledProcessError) as exc:
        pytest.skip(f"not a git checkout: {exc}")
    return [name for name in listed.decode().split("\0") if name]


def test_no_password_or_key_is_written_in_the_repository() -> None:
    found: list[str] = []
    files = repository_files()
    assert "settings/__init__.py" in files
    for name in files:
        path = REPO_ROOT / name
        if name in EXAMPLE_FILES or not path.is_file():
            continue
        if name.startswith("api/static/vendor/"):
            continue  # npm packages as published (api/static/vendor/README.md): their authors' literals
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            continue  # images, fonts
        found += findings(name, text)
    assert found == [], "secret-looking values in the repository:\n" + "\n".join(found)


@pytest.mark.parametrize(
    "line",
    [
        'NEO4J_PASSWORD = "' + "hunter2" + 'hunter2"',
        "NEO4J_PASSWORD=" + "s3cr3t-pass",
        '    kg_api_key: "' + "b5d1f0e8a9c2" + '"',
        "uri = 'bolt://neo4j:" + "Sup3rPass" + "@db:7687'",
        "NEO4J_AUTH=neo4j/" + "realpassword",
        "-----BEGIN RSA " + "PRIVATE KEY-----",
        "token = 'ghp_" + "a" * 36 + "'",
    ],
)
def test_the_scan_finds_a_planted_secret(line: str) -> None:
    assert findings("deploy/stack.yml", line)


def test_the_scan_lets_code_and_references_through() -> None:
    code = "\n".join(
        [
            "password = settings.neo4j_password.get_secret_value()",
            'NEO4J_PASSWORD: "${NEO4J_PASSWORD:?set it in .env}"',
            'NEO4J_PASSWORD="ci-$(od -An -N12 -tx1 /dev/urandom)"',
            'nodes.sort(key="label")',
        ]
    )
    assert findings("graph/any.py", code) == []


def test_the_example_env_file_holds_only_placeholders() -> None:
    text = (REPO_ROOT / ".env.example").read_text(encoding="utf-8")
    values = re.findall(r"(?m)^#?\s*[A-Z0-9_]*(?:PASSWORD|KEY|SECRET)[A-Z0-9_]*=(.*)$", text)
    assert values
    assert all("change-me" in v for v in values), values


# ---- the API key ------------------------------------------------------------------------------------

KEY = "test-Key-of-24-chars-x9"  # a fixture's fake key (it says "test")
TEXT = "哈尔滨新区推进龙江碳谷建设。\n"


def test_the_api_key_is_compared_in_constant_time() -> None:
    tree = ast.parse(inspect.getsource(dependencies.require_api_key))
    calls = {
        node.func.attr
        for node in ast.walk(tree)
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
    }
    assert "compare_digest" in calls
    compared = [
        ast.unparse(node)
        for node in ast.walk(tree)
        if isinstance(node, ast.Compare) and any(isinstance(op, ast.Eq | ast.NotEq) for op in node.ops)
    ]
    assert not [c for c in compared if "key" in c.lower() or "configured" in c], compared


@pytest.fixture
def client(tmp_path: Path) -> TestClient:
    settings = Settings(kg_store="embedded", kg_data_dir=tmp_path, kg_api_key=KEY)
    with TestClient(create_app(settings=settings), raise_server_exceptions=False) as client:
        yield client


def test_a_wrong_key_of_the_same_length_is_refused(client: TestClient) -> None:
    for wrong in [KEY[:-1] + "X", "X" + KEY[1:], KEY.upper(), "x" * len(KEY)]:
        assert len(wrong) == len(KEY) and wrong != KEY
        response = client.post("/documents", json={"text": TEXT}, headers={"X-API-Key": wrong})
        assert response.status_code == 401, response.text
    assert client.get("/documents").json() == []


def test_the_key_is_never_in_a_response_or_a_log(
    client: TestClient, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.DEBUG):
        refused = client.post("/documents", json={"text": TEXT}, headers={"X-API-Key": KEY[:-1] + "X"})
        accepted = client.post(
            "/documents", json={"text": TEXT, "document": "key-test"}, headers={"X-API-Key": KEY}
        )
        uploaded = client.post(
            "/documents",
            files={"file": ("key-file.txt", TEXT.encode(), "text/plain")},
            headers={"X-API-Key": KEY},
        )
        no_key = client.post("/documents", json={"text": TEXT})
    assert (refused.status_code, accepted.status_code, uploaded.status_code) == (401, 201, 201)
    assert no_key.status_code == 401
    for response in (refused, accepted, uploaded, no_key):
        assert KEY not in response.text
        assert KEY[:-1] not in response.text
        for name, value in response.headers.items():
            assert KEY not in value and KEY not in name, (name, value)
    assert KEY not in caplog.text
    assert all(KEY not in str(record.args) for record in caplog.records)
    spec = client.get("/openapi.json").text
    assert KEY not in spec


# ---- the Neo4j password ---------------------------------------------------------------------------


@pytest.mark.neo4j
def test_a_wrong_neo4j_password_is_one_line_that_does_not_show_it(
    neo4j_settings: Settings, tmp_path: Path
) -> None:
    if neo4j_settings.neo4j_password is None:
        pytest.skip("this Neo4j runs without authentication: no password to get wrong")
    wrong = "test-wrong-password-" + "7f3e9c1d"
    env = {k: v for k, v in os.environ.items() if not k.startswith("KG_")}
    env.update(NEO4J_URI=neo4j_settings.neo4j_uri, NEO4J_PASSWORD=wrong)
    result = subprocess.run(
        [str(Path(sys.executable).parent / "kg"), "stats", "--store", "neo4j"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "credentials" in lines[0], result.stderr
    assert wrong not in result.stdout + result.stderr

    settings = neo4j_settings.model_copy(update={"kg_store": "neo4j", "neo4j_password": SecretStr(wrong)})
    try:
        with TestClient(create_app(settings=settings), raise_server_exceptions=False) as client:
            # Several wrong logins in a row: Neo4j then answers AuthenticationRateLimit (still a 503).
            for _ in range(4):
                response = client.get("/stats")
                assert_no_secret(response.text, wrong)
                assert response.status_code == 503, response.text
            assert_no_secret(client.get("/health").text, wrong)
    finally:
        wait_until_the_right_password_works(neo4j_settings)


def assert_no_secret(text: str, secret: str) -> None:
    assert secret not in text, text


def wait_until_the_right_password_works(settings: Settings) -> None:
    """Neo4j locks the user for a few seconds after repeated wrong passwords: let the next test in."""
    from neo4j import GraphDatabase
    from neo4j.exceptions import ClientError

    assert settings.neo4j_password is not None
    auth = (settings.neo4j_user, settings.neo4j_password.get_secret_value())
    deadline = time.monotonic() + 30
    while True:
        try:
            with GraphDatabase.driver(settings.neo4j_uri, auth=auth) as driver:
                driver.verify_connectivity()
            return
        except ClientError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.5)
