// Question: Who cooperates with whom (COOPERATES_WITH, stored once and read both ways)?
// Parameters: the minimum number of partners an actor needs to be listed.
//   :param min_partners => 1
// Look at: each actor with its partners; in the graph view (run `MATCH p=()-[:COOPERATES_WITH]-()
// RETURN p`) the cooperation clusters around 哈尔滨新区 and the free-trade-zone areas.
MATCH (a:Entity)-[:COOPERATES_WITH]-(b:Entity)
WITH a, collect(DISTINCT b.name) AS partners
WHERE size(partners) >= $min_partners
RETURN a.name AS actor, labels(a)[0] AS label, size(partners) AS n, partners
ORDER BY n DESC, actor
