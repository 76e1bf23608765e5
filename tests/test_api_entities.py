"""GET /entities (search), /entities/{id} and /entities/{id}/related, on both stores."""

from __future__ import annotations

from pathlib import Path

import pytest
from api_checks import assert_error
from api_support import Api, entity_url

PARK = "深圳（哈尔滨）产业园区"
HQ = "科创总部"
INJECTION = "') MATCH (n) DETACH DELETE n //"


def test_search_by_chinese_name_ranks_the_exact_name_first(served: Api) -> None:
    body = served.get("/entities", q=PARK).json()
    assert body["total"] >= 1
    assert body["items"][0]["entity"]["name"] == PARK
    assert body["items"][0]["entity"]["id"] == served.entity_id(PARK)


def test_search_by_pinyin_longjiang_finds_longjiang_tangu(served: Api) -> None:
    body = served.get("/entities", q="longjiang", limit=100).json()
    assert served.entity_id("龙江碳谷") in [item["entity"]["id"] for item in body["items"]]


def test_search_pages_through_the_same_total(served: Api) -> None:
    everything = served.get("/entities", q="哈尔滨", limit=100).json()
    assert everything["total"] >= 3
    first = served.get("/entities", q="哈尔滨", limit=2, offset=0).json()
    second = served.get("/entities", q="哈尔滨", limit=2, offset=2).json()
    assert first["total"] == second["total"] == everything["total"]
    ids = [i["entity"]["id"] for i in everything["items"]]
    assert [i["entity"]["id"] for i in first["items"] + second["items"]] == ids[:4]


def test_search_by_label_returns_only_that_label(served: Api) -> None:
    body = served.get("/entities", q="哈尔滨", label="Park", limit=100).json()
    assert body["items"] and {i["entity"]["label"] for i in body["items"]} == {"Park"}


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"q": ""},
        {"q": "   "},
        {"q": "x", "limit": 101},
        {"q": "x", "limit": 0},
        {"q": "x", "offset": -1},
        {"q": "x", "label": "Spaceship"},
    ],
)
def test_search_with_bad_parameters_is_422(served: Api, params: dict) -> None:
    assert_error(served.client.get("/entities", params=params), 422, "invalid_parameter")


def test_cypher_in_the_search_text_is_data(served: Api) -> None:
    before = served.counts()
    response = served.get("/entities", q=INJECTION)
    assert response.status_code == 200
    assert response.json()["total"] == 0
    assert served.counts() == before


def test_entity_by_percent_encoded_id_has_provenance(served: Api) -> None:
    id = served.entity_id(PARK)
    body = served.client.get(entity_url(id)).json()
    assert body["id"] == id and body["name"] == PARK and body["label"] == "Park"
    assert body["provenance"], "every entity has at least one provenance"
    text = served.doc.text
    for p in body["provenance"]:
        assert p["document"] == served.doc.id
        assert 0 <= p["start"] < p["end"] <= len(text)


def test_entity_id_with_full_width_brackets_resolves(served: Api) -> None:
    id = served.entity_id(PARK)
    typed = "park:" + PARK  # as a user types it: full-width brackets, not the stored NFKC form
    assert served.client.get(entity_url(typed)).json()["id"] == id
    assert served.client.get(f"/entities/{typed}").json()["id"] == id  # unencoded works too


def test_entity_by_exact_name_or_alias(served: Api) -> None:
    id = served.entity_id("哈尔滨极地馆二期")
    assert served.client.get(entity_url("哈尔滨极地馆二期")).json()["id"] == id
    assert served.client.get(entity_url(id.split(":")[0] + ":哈尔滨极地馆二期")).json()["id"] == id
    assert served.client.get(entity_url("戴瑞")).json()["id"] == served.entity_id("戴瑞")


def test_unknown_entity_is_404(served: Api) -> None:
    error = assert_error(served.client.get(entity_url("project:不存在的项目")), 404, "entity_not_found")
    assert "不存在的项目" in error["message"]


def test_related_of_the_park_includes_the_hq_with_its_path(served: Api) -> None:
    park, hq = served.entity_id(PARK), served.entity_id(HQ)
    body = served.client.get(entity_url(park, "/related")).json()
    assert body["id"] == park
    items = {i["entity"]["id"]: i for i in body["items"]}
    assert hq in items
    path = items[hq]["path"]
    assert path["nodes"][0]["id"] == park and path["nodes"][-1]["id"] == hq
    assert len(path["relationships"]) == items[hq]["depth"] == len(path["nodes"]) - 1
    for i, r in enumerate(path["relationships"]):
        assert {r["source"], r["target"]} == {path["nodes"][i]["id"], path["nodes"][i + 1]["id"]}


def test_related_items_quote_why_they_are_related_not_everything_about_the_entity(served: Api) -> None:
    park, hq = served.entity_id(PARK), served.entity_id(HQ)
    items = {i["entity"]["id"]: i for i in served.client.get(entity_url(park, "/related")).json()["items"]}
    assert "provenance" not in items[hq]["entity"], "the entity's own quotes are at /entities/{id}"
    text = served.doc.text
    for r in items[hq]["path"]["relationships"]:
        assert r["provenance"], "each relationship of the path says where it was read"
        for p in r["provenance"]:
            assert text[p["start"] : p["end"]] and p["document"] == served.doc.id


def test_related_follows_only_the_given_type_in_any_spelling(served: Api) -> None:
    park, hq = served.entity_id(PARK), served.entity_id(HQ)
    for spelling in ("BELONGS_TO", "belongs_to"):
        body = served.client.get(
            entity_url(park, "/related"), params={"type": spelling, "direction": "in"}
        ).json()
        assert hq in [i["entity"]["id"] for i in body["items"]]
        for item in body["items"]:
            assert {r["type"] for r in item["path"]["relationships"]} == {"BELONGS_TO"}
    outward = served.client.get(
        entity_url(park, "/related"), params={"type": "BELONGS_TO", "direction": "out"}
    )
    assert hq not in [i["entity"]["id"] for i in outward.json()["items"]]


def test_related_by_label_and_depth(served: Api) -> None:
    park = served.entity_id(PARK)
    one = served.client.get(entity_url(park, "/related"), params={"label": "Project"}).json()["items"]
    assert one and {i["entity"]["label"] for i in one} == {"Project"}
    two = served.client.get(entity_url(park, "/related"), params={"depth": 2, "limit": 100}).json()["items"]
    assert max(i["depth"] for i in two) == 2
    assert [i["depth"] for i in two] == sorted(i["depth"] for i in two)


@pytest.mark.parametrize(
    "params",
    [
        {"depth": 0},
        {"depth": 4},
        {"limit": 101},
        {"direction": "sideways"},
        {"type": "LIKES"},
        {"label": "X"},
    ],
)
def test_related_with_bad_parameters_is_422(served: Api, params: dict) -> None:
    url = entity_url(served.entity_id(PARK), "/related")
    assert_error(served.client.get(url, params=params), 422, "invalid_parameter")


def test_related_of_unknown_entity_is_404(served: Api) -> None:
    assert_error(served.client.get(entity_url("park:没有", "/related")), 404, "entity_not_found")


def test_a_blank_search_is_refused_as_the_schema_says(tmp_path: Path) -> None:
    """The schema's pattern and the route agree: a query of spaces or tabs is a 422, never a 200."""
    from fastapi.testclient import TestClient

    from api.app import create_app
    from graph.embedded.store import EmbeddedStore

    client = TestClient(create_app(store=EmbeddedStore(tmp_path / "graph.json")))
    spec = client.get("/openapi.json").json()
    q = next(p for p in spec["paths"]["/entities"]["get"]["parameters"] if p["name"] == "q")
    assert q["schema"]["pattern"] == "\\S"
    for blank in (" ", "\t", "\u3000 "):
        response = client.get("/entities", params={"q": blank})
        assert response.status_code == 422, response.text
        assert response.json()["error"]["code"]
