// Question: What is in the database: how many nodes of each label and relationships of each type?
// Parameters: none.
// Look at: the counts by label and type; compare with `kg stats` on the same store.
CALL () {
  MATCH (n) UNWIND labels(n) AS label WITH label WHERE label <> 'Entity'
  RETURN 'node' AS kind, label AS name, count(*) AS count
  UNION ALL
  MATCH ()-[r]->() RETURN 'relationship' AS kind, type(r) AS name, count(*) AS count
}
RETURN kind, name, count
ORDER BY kind, count DESC, name
