// Question: Which actors are the most connected (relationships to other entities, not the report's
// structure)?
// Parameters: how many to list.
//   :param limit => 10
// Look at: degree counts entity–entity relationships; `mentioned_in` how many sections name the
// actor; the hubs are the places and parks the plan is organised around.
MATCH (e:Entity)
OPTIONAL MATCH (e)-[r]-(other:Entity)
WITH e, count(r) AS degree
OPTIONAL MATCH (s:Section)-[:MENTIONS]->(e)
WITH e, degree, count(s) AS mentioned_in
WHERE degree > 0
RETURN e.name AS name, labels(e)[0] AS label, degree, mentioned_in
ORDER BY degree DESC, mentioned_in DESC, name
LIMIT $limit
