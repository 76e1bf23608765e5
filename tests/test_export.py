"""Exports other tools open: GraphML/GEXF read back by NetworkX, Cytoscape JSON, node-link JSON, and
the Cypher script, which loaded into an empty Neo4j gives the graph the Neo4j store writes."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import neo4j_target
import networkx as nx
import pytest
from graphs import article, plan, proposal
from networkx.readwrite import json_graph
from sample_graph import PARK, seed_graph_document
from typer.testing import CliRunner

from graph.core.model import GraphDocument, Node, Provenance, Relationship, edge_id, node_id
from graph.core.protocol import Subgraph
from graph.outputs import export

# Names and values that break naive quoting: quotes, backslashes, newlines, statement ends, comments.
TRICKY_NAMES = [
    "O'Brien科技",
    'say "你好"',
    "back\\slash\\",
    "line\nbreak;",
    "ends with semicolon;",
    "// not a comment",
    "tab\there `tick`",
    "{curly: 'map'}",
    "\\'; MATCH (n) DETACH DELETE n; //",
    "line\u2028separator and emoji 🚀",
]
TRICKY_DOC = "tricky-names"


def tricky_document() -> GraphDocument:
    """A second document: tricky names, tricky property values and keys, and the park again."""
    text = "".join(TRICKY_NAMES) + PARK
    document = Node(
        node_id("Document", TRICKY_DOC),
        "Document",
        "Tricky 'names' \\ doc",
        properties={"document": TRICKY_DOC},
    )

    def at(fragment: str) -> list[Provenance]:
        start = text.index(fragment)
        return [Provenance(TRICKY_DOC, start, start + len(fragment), fragment)]

    orgs = [
        Node(
            node_id("Organization", name),
            "Organization",
            name,
            aliases=[name + "'s alias"],
            properties={
                "note": name,
                "year": 2021,
                "share": 0.5,
                "tags": ["a'b", "c\\d"],
                "nested": {"k": [1, 2]},
            },
            provenance=at(name),
        )
        for name in TRICKY_NAMES
    ]
    park = Node(
        node_id("Park", PARK),
        "Park",
        PARK,
        aliases=["深哈产业园"],
        properties={"odd key": "x`y"},
        provenance=at(PARK),
    )
    rels = [
        Relationship(
            orgs[i].id,
            park.id,
            "LOCATED_IN",
            properties={"why": TRICKY_NAMES[i]},
            provenance=at(TRICKY_NAMES[i]),
        )
        for i in range(len(orgs))
    ]
    rels.append(Relationship(orgs[1].id, orgs[0].id, "COOPERATES_WITH", provenance=at(TRICKY_NAMES[1])))
    return GraphDocument(document, [document, park, *orgs], rels, text=text)


def subgraph_of(*docs: GraphDocument) -> Subgraph:
    """The documents' graph as a store gives it back (the embedded store, in memory)."""
    nodes_states, rel_states = export.graph_states(docs)
    from graph.core import merge

    return Subgraph(
        nodes=[merge.visible_node(s) for s in nodes_states],
        relationships=[merge.visible_relationship(s) for s in rel_states],
    )


@pytest.fixture(scope="module")
def documents() -> list[GraphDocument]:
    """The seed report, the tricky names, and three small documents that overlap (aliases, conflicts)."""
    return [seed_graph_document(), tricky_document(), plan(), article(), proposal()]


@pytest.fixture(scope="module")
def graph(documents: list[GraphDocument]) -> Subgraph:
    return subgraph_of(*documents)


def edge_ids(g: nx.MultiDiGraph) -> set[tuple[str, str, str]]:
    return {(u, v, str(k)) for u, v, k in g.edges(keys=True)}


def test_graphml_read_back_by_networkx_has_the_same_nodes_edges_and_ids(
    graph: Subgraph, tmp_path: Path
) -> None:
    path = tmp_path / "graph.graphml"
    export.write_graphml(graph, path)
    back = nx.read_graphml(path, force_multigraph=True)
    assert set(back.nodes) == {n.id for n in graph.nodes}
    assert back.number_of_edges() == len(graph.relationships)
    assert {(u, v, d["type"]) for u, v, d in back.edges(data=True)} == {
        (r.key[0], r.key[2], r.type) for r in graph.relationships
    }
    # Attributes survive: the name as it is, lists as JSON.
    first = next(n for n in graph.nodes if n.name == TRICKY_NAMES[3])
    assert back.nodes[first.id]["name"] == TRICKY_NAMES[3]
    assert json.loads(back.nodes[first.id]["aliases"]) == first.aliases
    assert back.nodes[first.id]["label"] == "Organization"


def test_gexf_read_back_by_networkx_has_the_same_nodes_edges_and_ids(graph: Subgraph, tmp_path: Path) -> None:
    path = tmp_path / "graph.gexf"
    export.write_gexf(graph, path)
    back = nx.read_gexf(path)
    assert set(back.nodes) == {n.id for n in graph.nodes}
    assert back.number_of_edges() == len(graph.relationships)
    assert {d["id"] for _, _, d in back.edges(data=True)} == {edge_id(r) for r in graph.relationships}
    park = next(n for n in graph.nodes if n.name == PARK)
    # Gephi shows the GEXF label: the name; our label is the attribute kg_label (colour by it).
    assert back.nodes[park.id]["label"] == PARK
    assert back.nodes[park.id]["kg_label"] == "Park"


def test_graphml_keeps_one_type_per_attribute_when_values_mix_types(tmp_path: Path) -> None:
    nodes = [
        Node("project:a", "Project", "a", properties={"year": 2021}),
        Node("project:b", "Project", "b", properties={"year": "2021年"}),
    ]
    path = tmp_path / "mixed.graphml"
    export.write_graphml(Subgraph(nodes, []), path)
    back = nx.read_graphml(path)
    assert {back.nodes["project:a"]["year"], back.nodes["project:b"]["year"]} == {"2021", "2021年"}


def test_a_property_named_like_an_export_attribute_is_kept_under_a_prefix(tmp_path: Path) -> None:
    section = Node(
        "section:d:targets/indicator-1",
        "Section",
        "地区生产总值 同比增长10%左右",
        properties={"label": "地区生产总值", "start": 27},
    )
    path = tmp_path / "graph.graphml"
    export.write_graphml(Subgraph([section], []), path)
    back = nx.read_graphml(path).nodes[section.id]
    assert back["label"] == "Section" and back["prop_label"] == "地区生产总值" and back["start"] == 27
    assert (
        export.to_cytoscape(Subgraph([section], []))["elements"]["nodes"][0]["data"]["prop_label"]
        == "地区生产总值"
    )


def test_cytoscape_json_has_elements_nodes_and_edges_with_ids(graph: Subgraph) -> None:
    data = json.loads(json.dumps(export.to_cytoscape(graph), ensure_ascii=False))
    nodes, edges = data["elements"]["nodes"], data["elements"]["edges"]
    assert {n["data"]["id"] for n in nodes} == {n.id for n in graph.nodes}
    park = next(n["data"] for n in nodes if n["data"]["name"] == PARK)
    assert park["label"] == "Park" and "深哈产业园" in park["aliases"]
    assert len(edges) == len(graph.relationships)
    ids = {n["data"]["id"] for n in nodes}
    for edge in edges:
        assert {"id", "source", "target", "type"} <= edge["data"].keys()
        assert edge["data"]["source"] in ids and edge["data"]["target"] in ids
    assert len({e["data"]["id"] for e in edges}) == len(edges)


def test_node_link_json_round_trips_through_networkx(graph: Subgraph) -> None:
    text = json.dumps(export.to_json(graph), ensure_ascii=False)
    back = json_graph.node_link_graph(json.loads(text), edges="edges")
    original = export.to_networkx(graph, flat=False)
    assert set(back.nodes) == set(original.nodes)
    assert edge_ids(back) == edge_ids(original)
    park = node_id("Park", PARK)
    assert back.nodes[park]["aliases"] == original.nodes[park]["aliases"]
    assert back.nodes[park]["provenance"] == original.nodes[park]["provenance"]


@pytest.mark.parametrize("name", TRICKY_NAMES)
def test_split_statements_is_not_fooled_by_names(name: str) -> None:
    script = f"RETURN {export.cypher_literal(name)} AS a;\nRETURN 1 AS b;\n"
    assert len(export.split_statements(script)) == 2


def test_kg_export_writes_every_format_from_the_embedded_store(
    documents: list[GraphDocument], tmp_path: Path, monkeypatch: Any
) -> None:
    from graph.stores import open_store
    from kg.cli import app
    from settings import Settings, get_settings

    monkeypatch.setenv("KG_STORE", "embedded")
    monkeypatch.setenv("KG_DATA_DIR", str(tmp_path / "data"))
    get_settings.cache_clear()
    store = open_store(Settings())
    for doc in documents:
        store.write_document(doc)
    expected = store.all_graph()
    store.close()
    runner = CliRunner()
    try:
        for fmt in export.FORMATS:
            out = tmp_path / f"graph.{fmt}"
            result = runner.invoke(app, ["export", "--format", fmt, "--out", str(out)])
            assert result.exit_code == 0, result.output
            assert out.stat().st_size > 0
        assert set(nx.read_graphml(tmp_path / "graph.graphml").nodes) == {n.id for n in expected.nodes}
        stdout = runner.invoke(app, ["export", "--format", "cytoscape"])
        assert stdout.exit_code == 0
        assert len(json.loads(stdout.stdout)["elements"]["nodes"]) == len(expected.nodes)
        bad = runner.invoke(app, ["export", "--format", "pdf"])
        assert bad.exit_code == 1 and "graphml" in bad.output
    finally:
        get_settings.cache_clear()


# --- the Cypher script in a real Neo4j ------------------------------------------------------------


def _wipe(settings: Any) -> None:
    """An empty database: no data, no constraints, no indexes (but Neo4j's own and the tests' marker)."""
    neo4j_target.wipe(settings)
    neo4j_target.drop_schema(settings)


def _snapshot(driver: Any, database: str) -> dict[str, Any]:
    """Everything a user can see: nodes (labels, properties), relationships, constraints, indexes.

    The curation log (``:Curation`` nodes, their constraints) is not the graph: `kg curate export`
    shares it, the Cypher export does not hold it.
    """
    nodes = {
        r["p"]["id"]: (sorted(r["labels"]), r["p"])
        for r in driver.execute_query(
            "MATCH (n) WHERE NOT n:Curation RETURN labels(n) AS labels, properties(n) AS p",
            database_=database,
        ).records
    }
    rels = {
        (r["s"], r["t"], r["e"]): r["p"]
        for r in driver.execute_query(
            "MATCH (a)-[r]->(b) RETURN a.id AS s, type(r) AS t, b.id AS e, properties(r) AS p",
            database_=database,
        ).records
    }
    schema = sorted(
        (r["name"], r["type"])
        for r in driver.execute_query(
            "SHOW INDEXES YIELD name, type, labelsOrTypes "
            "WHERE type <> 'LOOKUP' AND NOT 'CurationEntry' IN labelsOrTypes "
            "AND NOT 'ExtractedDocument' IN labelsOrTypes AND NOT 'CurationLock' IN labelsOrTypes",
            database_=database,
        ).records
    )
    return {"nodes": nodes, "relationships": rels, "schema": schema}


@pytest.mark.neo4j
@pytest.mark.parametrize("literal", [*TRICKY_NAMES, "", "\x00\x1f\x7f", "'" * 3, "\\" * 3, "\\u0041"])
def test_cypher_literal_reads_back_as_the_same_string(neo4j_settings: Any, literal: str) -> None:
    with neo4j_target.driver(neo4j_settings, notifications_min_severity="OFF") as driver:
        records = driver.execute_query(
            f"RETURN {export.cypher_literal(literal)} AS v", database_=neo4j_settings.neo4j_database
        ).records
    assert records[0]["v"] == literal


@pytest.mark.neo4j
def test_cypher_literal_reads_back_nested_values(neo4j_settings: Any) -> None:
    value = {"a b": [1, -2, 3.5, True, None, "x'y"], "x`y": {"z": "深圳（哈尔滨）"}, "plain": False}
    with neo4j_target.driver(neo4j_settings, notifications_min_severity="OFF") as driver:
        records = driver.execute_query(
            f"RETURN {export.cypher_literal(value)} AS v", database_=neo4j_settings.neo4j_database
        ).records
    assert records[0]["v"] == value


@pytest.mark.neo4j
def test_cypher_script_loaded_into_empty_neo4j_equals_the_neo4j_store_load(
    documents: list[GraphDocument], neo4j_settings: Any, tmp_path: Path
) -> None:
    from graph.embedded.store import EmbeddedStore
    from graph.neo4j.store import Neo4jStore

    docs = documents
    database = neo4j_settings.neo4j_database
    with neo4j_target.driver(neo4j_settings, notifications_min_severity="OFF") as driver:
        _wipe(neo4j_settings)
        store = Neo4jStore.from_settings(neo4j_settings)
        try:
            for doc in docs:
                store.write_document(doc)
            script, nodes, relationships = export.export_store(store, "cypher")
        finally:
            store.close()
        loaded = _snapshot(driver, database)
        assert len(loaded["nodes"]) == nodes > 0 and len(loaded["relationships"]) == relationships > 0

        _wipe(neo4j_settings)
        assert _snapshot(driver, database)["nodes"] == {}
        with driver.session(database=database) as session:
            for statement in export.split_statements(script):
                session.run(statement).consume()
        replayed = _snapshot(driver, database)

    assert replayed["schema"] == loaded["schema"]
    assert replayed["nodes"].keys() == loaded["nodes"].keys()
    assert replayed["relationships"].keys() == loaded["relationships"].keys()
    assert replayed == loaded

    # The embedded store holding the same documents exports the same script.
    embedded = EmbeddedStore(tmp_path / "graph.json")
    for doc in docs:
        embedded.write_document(doc)
    assert export.export_store(embedded, "cypher")[0] == script


@pytest.mark.neo4j
def test_kg_export_cypher_recreates_what_kg_load_wrote(
    neo4j_settings: Any, tmp_path: Path, monkeypatch: Any
) -> None:
    """The issue's check, through the command line: `kg load --store neo4j` (the sample report), then
    `kg export --format cypher`, then the script into an empty database, twice: the same graph."""
    from kg.cli import app
    from settings import get_settings

    get_settings.cache_clear()
    database = neo4j_settings.neo4j_database
    runner = CliRunner()
    script_file = tmp_path / "graph.cypher"
    try:
        with neo4j_target.driver(neo4j_settings, notifications_min_severity="OFF") as driver:
            _wipe(neo4j_settings)
            loaded_run = runner.invoke(app, ["load", "--store", "neo4j"])
            assert loaded_run.exit_code == 0, loaded_run.output
            loaded = _snapshot(driver, database)
            exported = runner.invoke(
                app, ["export", "--format", "cypher", "--store", "neo4j", "--out", str(script_file)]
            )
            assert exported.exit_code == 0, exported.output

            _wipe(neo4j_settings)
            statements = export.split_statements(script_file.read_text(encoding="utf-8"))
            for _ in range(2):  # the second run changes nothing: MERGE by id, properties replaced
                with driver.session(database=database) as session:
                    for statement in statements:
                        session.run(statement).consume()
                assert _snapshot(driver, database) == loaded
    finally:
        get_settings.cache_clear()
    assert len(loaded["nodes"]) > 100 and "park:深圳(哈尔滨)产业园区" in loaded["nodes"]
