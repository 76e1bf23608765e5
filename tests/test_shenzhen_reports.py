"""Every full-length report of ../shared/corpus/reports-shenzhen/ extracts, as `kg extract` reads it.

These 135 government work reports (Shenzhen's districts and Guangdong, 2014–2025) were never used to
write the rules: the test asserts only that each one loads into a well-formed graph document.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from loaders.report import document_json, load_report

pytestmark = pytest.mark.shared


@pytest.fixture(scope="module")
def reports(shared_dir: Path) -> list[Path]:
    return sorted((shared_dir / "corpus" / "reports-shenzhen").glob("*.txt"))


def test_every_shenzhen_report_extracts(reports: list[Path]) -> None:
    assert len(reports) == 135
    failures = []
    for path in reports:
        try:
            document = load_report(path)
            document_json(document)
        except Exception as exc:  # collected so that one run names every report that fails
            failures.append(f"{path.name}: {exc.__class__.__name__}: {exc}")
            continue
        ids = {n.id for n in document.nodes}
        assert any(n.label == "Document" for n in document.nodes), path.name
        assert all(r.source in ids and r.target in ids for r in document.relationships), path.name
    assert not failures, "\n".join(failures)
