"""`kg curate` and `/curation`: the corrections' command line and HTTP API, as a user drives them."""

from __future__ import annotations

import json
from pathlib import Path

import graphs
import pytest
from api_support import KEY, Api, entity_url
from graphs import HIT, HUAWEI
from typer.testing import CliRunner

from graph.embedded.store import EmbeddedStore
from graph.outputs.export import export_store
from kg.cli import app

runner = CliRunner()


@pytest.fixture
def filled(data_dir: Path) -> Path:
    store = EmbeddedStore(data_dir / "graph.json")
    for doc in graphs.all_documents():
        store.write_document(doc)  # loaded before any curation existed
    store.close()
    return data_dir


def kg(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.output


def graph_json(data_dir: Path) -> str:
    store = EmbeddedStore(data_dir / "graph.json")
    try:
        return export_store(store, "json")[0]
    finally:
        store.close()


def test_cli_merge_list_undo_export_import(filled: Path, tmp_path: Path) -> None:
    before = graph_json(filled)
    code, out = kg("curate", "merge", "华为", "哈工大", "--author", "王", "--reason", "同一机构")
    assert code == 0, out
    assert "entry 1 merge 哈工大" in out and "documents rewritten" in out
    assert HIT not in graph_json(filled)
    code, out = kg("curate", "list")
    assert code == 0 and "1 merge 哈工大" in out and "王" in out and "同一机构" in out
    assert kg("curate", "export", str(tmp_path / "log.json"))[0] == 0
    assert json.loads((tmp_path / "log.json").read_text(encoding="utf-8"))[0]["author"] == "王"
    code, out = kg("curate", "undo", "1")
    assert code == 0 and "undo entry 1" in out
    assert graph_json(filled) == before
    assert "[undone by 2]" in kg("curate", "list")[1]
    code, out = kg("curate", "import", str(tmp_path / "log.json"))
    assert code == 0 and "added 1 entries" in out
    merged = graph_json(filled)
    assert HIT not in merged
    code, out = kg("curate", "apply")  # everything again: nothing changes
    assert code == 0 and "3 documents written again" in out
    assert graph_json(filled) == merged


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (("merge", "华为", "不存在的机构"), "no entity '不存在的机构'"),
        (("relabel", "华为", "Company"), "unknown label 'Company'"),
        (("reject", "华为", "COOPERATES_WITH"), "ENTITY TYPE TARGET"),
        (("undo", "3"), "no curation entry 3"),
    ],
)
def test_cli_refusals_are_one_line_and_leave_the_log(filled: Path, args: tuple[str, ...], says: str) -> None:
    code, out = kg("curate", *args)
    assert code == 1
    assert says in out and "Traceback" not in out
    assert len(out.strip().splitlines()) == 1
    assert not (filled / "graph.json.curation").exists()


def entity_ids(data_dir: Path) -> set[str]:
    store = EmbeddedStore(data_dir / "graph.json")
    try:
        return {n.id for n in store.all_graph().nodes}
    finally:
        store.close()


def test_cli_reject_survives_kg_delete_and_reload(data_dir: Path) -> None:
    article = data_dir / "shenha-article-2021.txt"
    article.write_text(graphs.ARTICLE_TEXT + graphs.PLAN_TEXT, encoding="utf-8")
    assert kg("load", str(article))[0] == 0
    # the loader reads "深圳(哈尔滨)产业园区(深哈产业园)科创总部" as one project: not a real name
    named = {i for i in entity_ids(data_dir) if i.startswith("project:") and "科创总部" in i}
    assert len(named) == 1
    assert kg("curate", "reject", sorted(named)[0])[0] == 0
    assert kg("delete", "shenha-article-2021")[0] == 0
    code, out = kg("load", str(article))  # the text read and extracted again: the log applies
    assert code == 0, out
    ids = entity_ids(data_dir)
    assert not named & ids
    assert any(i.startswith("document:shenha-article-2021") for i in ids)


def test_api_needs_the_key_and_refuses_bad_entries(empty_served: Api) -> None:
    api = empty_served
    for doc in graphs.all_documents():
        api.client.post("/documents", json={"text": doc.text, "document": doc.id}, headers={"X-API-Key": KEY})
    entry = {"action": "merge", "targets": ["华为", "哈工大"], "author": "王", "reason": "同一机构"}
    assert api.client.post("/curation", json=entry).status_code == 401
    assert api.client.post("/curation", json=entry, headers={"X-API-Key": "wrong"}).status_code == 401
    bad = api.client.post(
        "/curation",
        json={"action": "relabel", "targets": ["华为"], "value": "Company"},
        headers={"X-API-Key": KEY},
    )
    assert bad.status_code == 409
    assert bad.json()["error"]["code"] == "curation_refused"
    assert api.get("/curation").json() == []


def test_api_post_shows_on_the_entity_and_delete_undoes(empty_served: Api) -> None:
    api = empty_served
    store = api.store
    from graph.curation import Curation

    curation = Curation(store)
    for doc in graphs.all_documents():
        curation.write_document(doc)
    before = export_store(store, "json")[0]
    entry = {"action": "merge", "targets": ["华为", "哈工大"], "author": "王", "reason": "同一机构"}
    r = api.client.post("/curation", json=entry, headers={"X-API-Key": KEY})
    assert r.status_code == 201, r.text
    assert r.json()["entry"]["seq"] == 1 and r.json()["documents_rewritten"] == 2  # not the proposal
    assert store.get_entity(HIT) is None
    assert api.get(entity_url(HIT)).json()["id"] == HUAWEI  # the old name is an alias of the kept one
    body = api.get(entity_url(HUAWEI)).json()
    assert body["properties"]["curated_by"] == [1]
    assert [(e["seq"], e["author"], e["reason"]) for e in body["curation"]["entries"]] == [
        (1, "王", "同一机构")
    ]
    extracted = {(x["document"], x["node"]["name"]) for x in body["curation"]["extracted"]}
    assert ("harbin-plan-2021", "哈工大") in extracted and ("harbin-plan-2021", "华为") in extracted
    quotes = {p["quote"] for x in body["curation"]["extracted"] for p in x["node"]["provenance"]}
    assert "华为与哈工大开展合作" in quotes
    undo = api.client.delete("/curation/1", headers={"X-API-Key": KEY})
    assert undo.status_code == 200 and undo.json()["entry"]["undoes"] == 1
    assert [e["undone_by"] for e in api.get("/curation").json()] == [2, None]
    assert export_store(store, "json")[0] == before
    assert api.get(entity_url(HUAWEI)).json()["curation"] == {"entries": [], "extracted": []}
    assert api.client.delete("/curation/1", headers={"X-API-Key": KEY}).status_code == 409
