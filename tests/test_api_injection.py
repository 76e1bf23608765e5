"""Cypher in any text parameter is data: every endpoint that takes text, on both stores."""

from __future__ import annotations

from urllib.parse import quote

import pytest
from api_support import KEY, Api

HOSTILE = [
    "') MATCH (n) DETACH DELETE n //",
    "x'}) WITH 1 AS x MATCH (n) DETACH DELETE n RETURN 1 //",
    '"}) CALL dbms.security.createUser("m","password1",false) //',
    "`) DETACH DELETE n //",
    "project:龙江碳谷'}) SET n.name = '改了' //",
]


def requests_with(text: str) -> list[tuple[str, dict]]:
    """Every GET that takes free text, with ``text`` in that place."""
    encoded = quote(text, safe="")
    return [
        ("/entities", {"q": text}),
        ("/entities", {"q": "龙江", "label": text}),
        (f"/entities/{encoded}", {}),
        (f"/entities/{encoded}/related", {}),
        ("/entities/project:龙江碳谷/related", {"type": text}),
        ("/paths", {"from": text, "to": "project:龙江碳谷"}),
        ("/paths", {"from": "project:龙江碳谷", "to": text}),
        ("/subgraph", {"ids": [text, "project:龙江碳谷"]}),
        (f"/documents/{encoded}", {}),
        ("/analytics/central", {"label": text}),
    ]


@pytest.mark.parametrize("text", HOSTILE)
def test_cypher_in_text_parameters_changes_nothing(served: Api, text: str) -> None:
    before = served.counts()
    for path, params in requests_with(text):
        response = served.client.get(path, params=params)
        assert response.status_code in (200, 404, 422), (path, response.text)
    assert served.counts() == before
    assert served.get("/entities/project:龙江碳谷").json()["name"] == "龙江碳谷"


def test_cypher_in_an_uploaded_text_is_stored_as_text(empty_served: Api) -> None:
    text = "哈尔滨新区推进龙江碳谷建设。\n" + HOSTILE[0] + "\n" + HOSTILE[2] + "\n"
    response = empty_served.client.post(
        "/documents",
        json={"text": text, "document": HOSTILE[1][:40].replace("/", "")},
        headers={"X-API-Key": KEY},
    )
    assert response.status_code == 201, response.text
    documents = empty_served.get("/documents").json()
    assert [d["id"] for d in documents] == [response.json()["document"]]
    assert empty_served.counts()["nodes"].get("Document") == 1
