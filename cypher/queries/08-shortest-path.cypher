// Question: How are two actors connected: every shortest path between them (any direction)?
// Parameters: the two names (or aliases).
//   :param from => '科创总部'
//   :param to => '哈尔滨新区'
// Look at: the graph view; the Table view gives each path as names and relationship types. Paths
// through a Section mean the two are only named in the same part of the report.
MATCH (a:Entity), (b:Entity)
WHERE (a.name = $from OR $from IN a.aliases) AND (b.name = $to OR $to IN b.aliases) AND a <> b
MATCH path = allShortestPaths((a)-[*..6]-(b))
RETURN path, [n IN nodes(path) | n.name] AS names, [r IN relationships(path) | type(r)] AS types,
       length(path) AS hops
ORDER BY hops
LIMIT 25
