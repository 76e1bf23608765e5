"""GET /entities/{id}/timeline, /timeline and /timeline/promises, and the date /documents shows, on
both stores holding the seed report (the 2021 plan of the Harbin New Area)."""

from __future__ import annotations

from api_checks import assert_error
from api_support import Api, entity_url

SEED = "harbin-new-area-2021-report"


def test_documents_show_the_report_year(served: Api) -> None:
    (doc,) = [d for d in served.get("/documents").json() if d["id"] == SEED]
    # No dateline, no _YYYY suffix, no review heading: the year in the file name.
    assert doc["date"] == "2021"
    assert doc["properties"]["year"] == 2021 and doc["properties"]["date_source"] == "file name year"


def test_entity_timeline_gives_the_planned_start_with_its_quote(served: Api) -> None:
    id = served.entity_id("龙江碳谷")
    body = served.get(entity_url(id, "/timeline")).json()
    assert body["id"] == id and body["name"] == "龙江碳谷"
    (event,) = body["items"]
    assert (event["stage"], event["planned"], event["date"], event["year"]) == ("开工", True, "2021", 2021)
    assert event["document"] == SEED
    assert "龙江碳谷" in event["quote"] and "开工" in event["quote"]
    assert event["entity"]["id"] == id


def test_entity_timeline_by_name_and_unknown_entity(served: Api) -> None:
    assert served.get(entity_url("龙江碳谷", "/timeline")).json()["id"] == served.entity_id("龙江碳谷")
    assert_error(served.get(entity_url("project:没有这个项目", "/timeline")), 404, "entity_not_found")


def test_park_investment_is_a_figure_of_its_event(served: Api) -> None:
    # ·加快深圳(哈尔滨)产业园区建设,力争完成投资11.31亿元,实现科创总部一期投入使用。
    body = served.get(entity_url(served.entity_id("深圳（哈尔滨）产业园区"), "/timeline")).json()
    planned = [e for e in body["items"] if e["planned"]]
    assert [(e["stage"], e["figures"].get("investment_yi")) for e in planned] == [("在建", 11.31)]
    hq = served.get(entity_url(served.entity_id("科创总部"), "/timeline")).json()["items"]
    assert ("投用", True) in {(e["stage"], e["planned"]) for e in hq}


def test_period_filter_by_label_years_and_stage(served: Api) -> None:
    body = served.get("/timeline", label="Project", stage="投产", **{"from": 2019, "to": 2025}).json()
    assert body["total"] == len(body["items"]) >= 1
    assert "科友半导体" in {e["entity"]["name"] for e in body["items"]}
    assert all(e["stage"] == "投产" and e["entity"]["label"] == "Project" for e in body["items"])
    assert served.get("/timeline", **{"from": 2022, "to": 2025}).json()["total"] == 0
    everything = served.get("/timeline").json()
    dates = [(e["date"], e["entity"]["id"]) for e in everything["items"]]
    assert dates == sorted(dates)
    planned = served.get("/timeline", planned="true").json()["items"]
    assert planned and all(e["planned"] for e in planned)


def test_period_filter_refuses_bad_parameters(served: Api) -> None:
    assert served.get("/timeline", **{"from": 2025, "to": 2019}).json()["total"] == 0  # an empty period
    assert_error(served.get("/timeline", stage="完蛋"), 422, "invalid_parameter")
    assert_error(served.get("/timeline", **{"from": 1066}), 422, "invalid_parameter")
    assert served.get("/timeline", label="Section").status_code == 422


def test_promises_of_a_single_report_wait_for_a_later_one(served: Api) -> None:
    body = served.get("/timeline/promises").json()
    assert body["total"] >= 5
    assert {p["outcome"] for p in body["items"]} == {"no later report"}
    longjiang = [p for p in body["items"] if p["entity"]["name"] == "龙江碳谷"]
    assert [(p["year"], p["stage"], p["done"]) for p in longjiang] == [(2021, "开工", None)]
    assert served.get("/timeline/promises", outcome="done").json()["total"] == 0
