"""Small real graph documents for the store tests, built by hand from short Chinese texts.

- ``plan()``: a work-plan item: 科创总部 BELONGS_TO 深圳（哈尔滨）产业园区 (alias 深哈产业园), which is
  LOCATED_IN 哈尔滨新区; 华为黑龙江鲲鹏创新中心 OPERATED_BY 华为; 华为 COOPERATES_WITH 哈工大.
- ``article()``: a news article naming the same park in half-width brackets and by another alias
  (哈尔滨深圳产业园区), 哈工大 COOPERATES_WITH 华为 written the other way round, and 深投控 which
  only it names.
- ``proposal()``: a delegate's suggestion, a component of its own (戴瑞 and the 松北区人大).
"""

from __future__ import annotations

from typing import Any

from graph.core.model import GraphDocument, Node, Provenance, Relationship, node_id

# Ids of entities the documents below name, for the store suites.
PARK = node_id("Park", "深圳（哈尔滨）产业园区")
AREA = node_id("Park", "哈尔滨新区")
HQ = node_id("Project", "科创总部")
KUNPENG = node_id("Project", "华为黑龙江鲲鹏创新中心")
HUAWEI = node_id("Organization", "华为")
HIT = node_id("Organization", "哈工大")
SIC = node_id("Organization", "深投控")
PERSON = node_id("Person", "戴瑞")


class _Builder:
    """Nodes and relationships of one document, with provenance found by quoting its text."""

    def __init__(self, document: str, title: str, text: str) -> None:
        self.document = document
        self.text = text
        self.doc = Node(
            id=node_id("Document", document),
            label="Document",
            name=title,
            properties={"document": document, "title": title},
        )
        self.nodes: list[Node] = [self.doc]
        self.relationships: list[Relationship] = []

    def prov(self, quote: str) -> Provenance:
        start = self.text.index(quote)
        return Provenance(self.document, start, start + len(quote), quote)

    def section(self, path: str, name: str, parent: Node | None = None) -> Node:
        node = Node(
            id=f"section:{self.document}:{path}",
            label="Section",
            name=name,
            properties={"kind": "item", "path": path},
            provenance=[self.prov(name)],
        )
        self.nodes.append(node)
        self.rel(node, parent or self.doc, "PART_OF")
        return node

    def entity(self, label: str, name: str, quote: str, aliases: tuple[str, ...] = (), **props: Any) -> Node:
        node = Node(
            id=node_id(label, name),
            label=label,
            name=name,
            aliases=list(aliases),
            properties=dict(props),
            provenance=[self.prov(quote)],
        )
        self.nodes.append(node)
        return node

    def rel(self, source: Node, target: Node, type_: str, quote: str | None = None, **props: Any) -> None:
        provenance = [self.prov(quote)] if quote else []
        self.relationships.append(Relationship(source.id, target.id, type_, dict(props), provenance))

    def build(self) -> GraphDocument:
        return GraphDocument(self.doc, self.nodes, self.relationships, self.text)


PLAN_TEXT = (
    "三是创新推进产业项目建设。深圳（哈尔滨）产业园区（深哈产业园）科创总部开工建设，"
    "园区位于哈尔滨新区。华为黑龙江鲲鹏创新中心由华为运营，华为与哈工大开展合作。"
)


def plan() -> GraphDocument:
    b = _Builder("harbin-plan-2021", "哈尔滨新区2021年工作计划", PLAN_TEXT)
    item = b.section("1", "三是创新推进产业项目建设")
    park = b.entity(
        "Park",
        "深圳（哈尔滨）产业园区",
        "深圳（哈尔滨）产业园区（深哈产业园）",
        ("深哈产业园",),
        status="建设中",
    )
    hq = b.entity("Project", "科创总部", "科创总部开工建设", status="开工", year=2021)
    area = b.entity("Park", "哈尔滨新区", "园区位于哈尔滨新区", level="国家级")
    kunpeng = b.entity("Project", "华为黑龙江鲲鹏创新中心", "华为黑龙江鲲鹏创新中心由华为运营")
    huawei = b.entity("Organization", "华为", "由华为运营", tags=["通信", "计算"])
    hit = b.entity("Organization", "哈工大", "华为与哈工大开展合作", ("哈尔滨工业大学",))
    for entity in (park, hq, area, kunpeng, huawei, hit):
        b.rel(item, entity, "MENTIONS", entity.provenance[0].quote)
    b.rel(hq, park, "BELONGS_TO", "深圳（哈尔滨）产业园区（深哈产业园）科创总部开工建设")
    b.rel(park, area, "LOCATED_IN", "园区位于哈尔滨新区")
    b.rel(kunpeng, huawei, "OPERATED_BY", "华为黑龙江鲲鹏创新中心由华为运营")
    b.rel(huawei, hit, "COOPERATES_WITH", "华为与哈工大开展合作", since=2020)
    return b.build()


ARTICLE_TEXT = (
    "深圳(哈尔滨)产业园区又称哈尔滨深圳产业园区，由深投控运营，位于哈尔滨新区。哈工大与华为签署协议。"
)


def article() -> GraphDocument:
    b = _Builder("shenha-article-2021", "深哈园区两周年", ARTICLE_TEXT)
    body = b.section("article", "深圳(哈尔滨)产业园区又称哈尔滨深圳产业园区")
    park = b.entity(
        "Park",
        "深圳(哈尔滨)产业园区",
        "深圳(哈尔滨)产业园区又称哈尔滨深圳产业园区",
        ("哈尔滨深圳产业园区",),
        status="运营",
        opened=2020,
    )
    sic = b.entity("Organization", "深投控", "由深投控运营", ("深圳市投资控股有限公司",))
    area = b.entity("Park", "哈尔滨新区", "位于哈尔滨新区")
    hit = b.entity("Organization", "哈工大", "哈工大与华为签署协议")
    huawei = b.entity("Organization", "华为", "哈工大与华为签署协议")
    for entity in (park, sic, area, hit, huawei):
        b.rel(body, entity, "MENTIONS", entity.provenance[0].quote)
    b.rel(park, sic, "OPERATED_BY", "由深投控运营")
    b.rel(park, area, "LOCATED_IN", "位于哈尔滨新区")
    b.rel(hit, huawei, "COOPERATES_WITH", "哈工大与华为签署协议", since=2021)
    return b.build()


PROPOSAL_TEXT = "松北区人大代表戴瑞建议设立企业分级标准。"


def proposal() -> GraphDocument:
    b = _Builder("delegate-proposal", "代表建议", PROPOSAL_TEXT)
    body = b.section("statement", "松北区人大代表戴瑞建议设立企业分级标准")
    person = b.entity("Person", "戴瑞", "代表戴瑞")
    congress = b.entity("Organization", "松北区人大", "松北区人大代表")
    idea = b.entity("Proposal", "设立企业分级标准", "建议设立企业分级标准")
    for entity in (person, congress, idea):
        b.rel(body, entity, "MENTIONS", entity.provenance[0].quote)
    b.rel(idea, person, "PROPOSED_BY", "戴瑞建议设立企业分级标准")
    b.rel(person, congress, "MEMBER_OF", "松北区人大代表戴瑞")
    return b.build()


def all_documents() -> list[GraphDocument]:
    return [plan(), article(), proposal()]
