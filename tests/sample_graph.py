"""Graphs for the tests: the seed report as loaded (one way, once), or a hand-built piece of it.

The hand-built document is the 深哈合作 item of the report (深圳（哈尔滨）产业园区 and its neighbours),
with provenance quotes found in the seed text: a small graph of real data for pictures and the page.
"""

from __future__ import annotations

import functools

from graph.core.model import GraphDocument, Node, Provenance, Relationship, node_id
from loaders.report import load_report
from settings import SAMPLE_REPORT

PARK = "深圳（哈尔滨）产业园区"
DOCUMENT = "harbin-new-area-2021-report"


@functools.cache
def seed_graph_document() -> GraphDocument:
    """The seed report through the report loader, read once per test session: do not modify it."""
    return load_report(SAMPLE_REPORT)


def park_graph_document() -> GraphDocument:
    """深圳（哈尔滨）产业园区, what belongs to it, where it is, and the section that names them."""
    text = SAMPLE_REPORT.read_text(encoding="utf-8")

    def quote(sentence: str) -> list[Provenance]:
        start = text.find(sentence)
        if start < 0:  # the quote must come from the text: a typo here is a test bug
            raise ValueError(f"{sentence!r} is not in {SAMPLE_REPORT.name}")
        return [Provenance(DOCUMENT, start, start + len(sentence), sentence)]

    def entity(label: str, name: str, sentence: str, **properties: object) -> Node:
        return Node(
            node_id(label, name), label, name, properties=dict(properties), provenance=quote(sentence)
        )

    document = Node(
        node_id("Document", DOCUMENT),
        "Document",
        "哈尔滨新区2021年工作报告",
        properties={"document": DOCUMENT},
    )
    section = Node(
        node_id("Section", "二是以深哈合作为契机深度嵌入国内大循环"),
        "Section",
        "二是以深哈合作为契机深度嵌入国内大循环",
        provenance=quote("二是以深哈合作为契机深度嵌入国"),
    )
    park = entity("Park", PARK, "加快深圳（哈尔滨）产业园区建设", investment="11.31亿元")
    entities = [
        park,
        entity("Project", "科创总部", "实现科创总部", phase="一期", status="投入使用"),
        entity("Project", "华为黑龙江鲲鹏创新中心", "以华为黑龙江鲲鹏创新中心为龙"),
        entity("Organization", "华为", "以华为黑龙江鲲鹏创新中心为龙"),
        entity("Organization", "深圳国际仲裁院", "推进深圳国际仲裁院"),
        entity("Park", "深哈人力资源产业园", "深哈人力资"),
        entity("Organization", "深交所哈尔滨工作站", "深交所哈尔滨工作站落地"),
        entity("Park", "哈尔滨新区", "哈尔滨新区"),
        entity("Place", "深圳", "深圳"),
        entity("Industry", "计算产业", "大力发展计算产业"),
    ]
    by_name = {node.name: node for node in entities}

    def rel(source: str, type_: str, target: str, sentence: str) -> Relationship:
        return Relationship(by_name[source].id, by_name[target].id, type_, provenance=quote(sentence))

    relationships = [
        Relationship(section.id, document.id, "PART_OF"),
        *(
            Relationship(section.id, node.id, "MENTIONS", provenance=node.provenance)
            for node in entities
            if node.name not in ("哈尔滨新区", "深圳")
        ),
        rel("科创总部", "BELONGS_TO", PARK, "实现科创总部"),
        rel(PARK, "BELONGS_TO", "哈尔滨新区", "加快深圳（哈尔滨）产业园区建设"),
        rel(PARK, "COOPERATES_WITH", "深圳", "加快深圳（哈尔滨）产业园区建设"),
        rel("华为黑龙江鲲鹏创新中心", "OPERATED_BY", "华为", "以华为黑龙江鲲鹏创新中心为龙"),
        rel("华为黑龙江鲲鹏创新中心", "IN_INDUSTRY", "计算产业", "大力发展计算产业"),
        rel("华为黑龙江鲲鹏创新中心", "BELONGS_TO", PARK, "以华为黑龙江鲲鹏创新中心为龙"),
        rel("深圳国际仲裁院", "LOCATED_IN", "哈尔滨新区", "推进深圳国际仲裁院"),
        rel("深哈人力资源产业园", "LOCATED_IN", "哈尔滨新区", "深哈人力资"),
    ]
    return GraphDocument(document, [document, section, *entities], relationships, text=text)
