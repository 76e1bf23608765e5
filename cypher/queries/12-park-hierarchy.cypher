// Question: How are the parks, zones and areas nested (新区 → 片区 → 园区)?
// Parameters: none.
// Look at: one row per park with its chain of parents up to the top; the graph view of `path`
// draws the hierarchy as a tree.
MATCH path = (child:Park)-[:BELONGS_TO|LOCATED_IN*1..4]->(top:Park)
WHERE NOT EXISTS { (top)-[:BELONGS_TO|LOCATED_IN]->(:Park) }
  AND all(n IN nodes(path) WHERE n:Park)
RETURN top.name AS top, child.name AS park, length(path) AS level,
       [n IN nodes(path) | n.name] AS chain, path
ORDER BY top, level, park
