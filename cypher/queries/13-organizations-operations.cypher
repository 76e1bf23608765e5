// Question: Which organizations run, own or have branches in which projects, parks and units?
// Parameters: the relationship kinds to follow.
//   :param types => ['OPERATED_BY', 'BELONGS_TO']
// Look at: one row per organization with what it operates or what belongs to it, and how.
MATCH (thing:Entity)-[r]->(org:Organization)
WHERE type(r) IN $types
WITH org, type(r) AS how, thing ORDER BY thing.name
RETURN org.name AS organization, how, collect(thing.name) AS things, count(thing) AS n
ORDER BY n DESC, organization, how
