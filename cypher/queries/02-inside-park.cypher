// Question: What is inside 深圳（哈尔滨）产业园区: every project, organization and zone that belongs to
// it or sits in it, up to three hops (a phase of a project inside the park counts)?
// Parameters:
//   :param park => '深圳（哈尔滨）产业园区'
// Look at: the graph view (a star around the park); switch to Table for label, name and depth.
MATCH (park:Park)
WHERE park.name = $park OR $park IN park.aliases
MATCH path = (inside:Entity)-[:BELONGS_TO|LOCATED_IN*1..3]->(park)
RETURN path, inside.name AS name, labels(inside)[0] AS label, length(path) AS depth
ORDER BY depth, name
