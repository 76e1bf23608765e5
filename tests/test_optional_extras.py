"""Optional extras that are not installed: one line naming the extra, never a traceback.

The quick start installs the project without extras; each command that needs one says which.
A subprocess hides the package (``sys.modules[name] = None`` makes it unimportable and unfindable),
as on a machine where it was never installed.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent


def run_without(
    packages: list[str], code: str, cwd: Path, env: dict[str, str]
) -> subprocess.CompletedProcess[str]:
    hide = "".join(f"sys.modules[{name!r}] = None; " for name in packages)
    return subprocess.run(
        [sys.executable, "-c", f"import sys; {hide}{code}"],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_kg_draw_without_the_draw_extra_names_it(tmp_path: Path) -> None:
    env = {**os.environ, "KG_STORE": "embedded", "KG_DATA_DIR": str(tmp_path / "data")}
    kg = Path(sys.executable).parent / "kg"
    loaded = subprocess.run([str(kg), "load"], env=env, cwd=tmp_path, capture_output=True, text=True)
    assert loaded.returncode == 0, loaded.stderr
    out = tmp_path / "graph.png"
    code = f"from kg.cli import app; sys.argv = ['kg', 'draw', '--out', {str(out)!r}]; app()"
    result = run_without(["matplotlib"], code, tmp_path, env)
    assert result.returncode == 1
    assert result.stderr.strip() == "kg draw: needs the draw extra (matplotlib): pip install -e '.[draw]'"
    assert not out.exists()


def test_bench_without_the_bench_extra_names_it(tmp_path: Path) -> None:
    code = "from bench.__main__ import main; sys.exit(main(['--quick', '--out', 'r.md']))"
    result = run_without(["psutil"], code, REPO_ROOT, {**os.environ})
    assert result.returncode == 1
    assert result.stderr.strip() == "bench: needs psutil: pip install -e '.[bench]'"
