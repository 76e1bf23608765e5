"""GET /paths and GET /subgraph, on both stores."""

from __future__ import annotations

import pytest
from api_checks import assert_error
from api_support import Api

PARK = "深圳（哈尔滨）产业园区"
HQ = "科创总部"


def check_path(path: dict, source: str, target: str) -> None:
    """A path starts and ends where asked and each relationship joins neighbouring nodes."""
    nodes = [n["id"] for n in path["nodes"]]
    assert nodes[0] == source and nodes[-1] == target
    assert len(path["relationships"]) == len(nodes) - 1
    for i, r in enumerate(path["relationships"]):
        assert {r["source"], r["target"]} == {nodes[i], nodes[i + 1]}


def test_path_from_dai_rui_to_the_polar_museum_phase_two_exists(served: Api) -> None:
    source, target = served.entity_id("戴瑞"), served.entity_id("哈尔滨极地馆二期")
    body = served.get("/paths", **{"from": source, "to": target}).json()
    assert body["from"] == source and body["to"] == target
    assert body["paths"], "戴瑞 proposed something about 哈尔滨极地馆二期: they are connected"
    for path in body["paths"]:
        check_path(path, source, target)
        assert len(path["relationships"]) <= 3


def test_paths_between_names_as_a_user_types_them(served: Api) -> None:
    body = served.get("/paths", **{"from": "戴瑞", "to": "哈尔滨极地馆二期"}).json()
    assert body["from"] == served.entity_id("戴瑞") and body["to"] == served.entity_id("哈尔滨极地馆二期")
    assert body["paths"]


def test_paths_are_all_shortest_and_bounded_by_max_depth(served: Api) -> None:
    park, hq = served.entity_id(PARK), served.entity_id(HQ)
    body = served.get("/paths", **{"from": hq, "to": park, "max_depth": 1}).json()
    assert body["max_depth"] == 1
    assert [len(p["relationships"]) for p in body["paths"]] == [1]
    check_path(body["paths"][0], hq, park)


def test_paths_accept_names_typed_with_full_width_brackets(served: Api) -> None:
    hq = served.entity_id(HQ)
    body = served.get("/paths", **{"from": hq, "to": "park:" + PARK}).json()
    assert body["to"] == served.entity_id(PARK) and body["paths"]


@pytest.mark.parametrize(
    "params",
    [
        {"to": "x"},
        {"from": "x"},
        {"from": "a", "to": "b", "max_depth": 4},
        {"from": "a", "to": "b", "max_depth": 0},
    ],
)
def test_paths_with_bad_parameters_is_422(served: Api, params: dict) -> None:
    assert_error(served.client.get("/paths", params=params), 422, "invalid_parameter")


def test_paths_from_an_unknown_entity_is_404_and_cypher_in_it_is_data(served: Api) -> None:
    before = served.counts()
    hostile = "x'}) MATCH (n) DETACH DELETE n //"
    error = assert_error(served.get("/paths", **{"from": hostile, "to": served.entity_id(HQ)}), 404)
    assert error["code"] == "entity_not_found"
    assert served.counts() == before


def test_subgraph_json_has_the_ids_their_neighbours_and_the_edges_among_them(served: Api) -> None:
    park, hq = served.entity_id(PARK), served.entity_id(HQ)
    body = served.get("/subgraph", ids=park).json()
    ids = {n["id"] for n in body["nodes"]}
    assert {park, hq} <= ids
    assert body["edges"]
    for e in body["edges"]:
        assert e["source"] in ids and e["target"] in ids
        assert e["id"] == f"{e['source']}|{e['type']}|{e['target']}"


def test_subgraph_depth_zero_is_the_given_ids_and_edges_among_them(served: Api) -> None:
    park, hq = served.entity_id(PARK), served.entity_id(HQ)
    body = served.client.get("/subgraph", params={"ids": [park, hq], "depth": 0}).json()
    assert sorted(n["id"] for n in body["nodes"]) == sorted([park, hq])
    assert any(e["source"] == hq and e["target"] == park and e["type"] == "BELONGS_TO" for e in body["edges"])


def test_subgraph_of_a_name_is_the_subgraph_of_its_entity(served: Api) -> None:
    by_id = served.get("/subgraph", ids=served.entity_id(PARK)).json()
    by_name = served.get("/subgraph", ids=PARK).json()
    assert by_name == by_id


def test_subgraph_in_cytoscape_format(served: Api) -> None:
    park = served.entity_id(PARK)
    json_body = served.get("/subgraph", ids=park).json()
    body = served.get("/subgraph", ids=park, format="cytoscape").json()
    nodes, edges = body["elements"]["nodes"], body["elements"]["edges"]
    assert {n["data"]["id"] for n in nodes} == {n["id"] for n in json_body["nodes"]}
    assert {e["data"]["id"] for e in edges} == {e["id"] for e in json_body["edges"]}
    for e in edges:
        assert set(e["data"]) == {"id", "source", "target", "type"}


@pytest.mark.parametrize(
    "params", [{}, {"ids": "x", "depth": 4}, {"ids": "x", "depth": -1}, {"ids": "x", "format": "xml"}]
)
def test_subgraph_with_bad_parameters_is_422(served: Api, params: dict) -> None:
    assert_error(served.client.get("/subgraph", params=params), 422, "invalid_parameter")


def test_subgraph_of_an_unknown_id_is_404(served: Api) -> None:
    error = assert_error(served.client.get("/subgraph", params={"ids": ["project:没有这个"]}), 404)
    assert error["code"] == "entity_not_found"
