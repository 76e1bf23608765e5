// Question: What is directly around one entity: its relationships to other entities and the
// sections that mention it?
// Parameters:
//   :param name => '科创总部'
// Look at: the graph view (double-click a neighbour to expand it further); the table lists each
// neighbour with the relationship and its direction.
MATCH (e:Entity)
WHERE e.name = $name OR $name IN e.aliases
MATCH (e)-[r]-(n)
RETURN e, r, n, type(r) AS type, CASE WHEN startNode(r) = e THEN 'out' ELSE 'in' END AS direction,
       n.name AS neighbour, labels(n)[0] AS label
ORDER BY type, neighbour
