"""Cypher files for Neo4j: the schema, exploration queries, the Browser style and guide.

Data, not code: a package only so that a non-editable install ships the files beside `graph/`,
which reads `cypher/schema.cypher` from there.
"""
