// Question: Which projects belong to or sit in each park, directly or through its zones?
// Parameters (paste into Browser first; the name or one of its aliases):
//   :param park => '深圳（哈尔滨）产业园区'
// Look at: one row per project with its status and how many hops away from the park it is
// (1 = directly, 2+ = through a zone or a phase); `via` names the parks in between.
MATCH (park:Park)
WHERE park.name = $park OR $park IN park.aliases
MATCH path = (project:Project)-[:BELONGS_TO|LOCATED_IN*1..3]->(park)
WITH park, project, min(length(path)) AS hops,
     head(collect([n IN nodes(path)[1..-1] | n.name])) AS via
RETURN park.name AS park, project.name AS project, project.status AS status, hops, via
ORDER BY hops, project
