// Question: What does one pillar of the plan (坚定不移…) cover: its items and everything they mention?
// Parameters: the pillar's ordinal (1–6, as numbered in the report).
//   :param pillar => 2
// Look at: the pillar's title, then each of its items (一是、二是…) in order with the entities named
// in the item or its bullet points.
MATCH (pillar:Section {kind: 'pillar', ordinal: $pillar})
MATCH (item:Section)-[:PART_OF]->(pillar)
OPTIONAL MATCH (part:Section)-[:PART_OF*0..2]->(item)
OPTIONAL MATCH (part)-[:MENTIONS]->(entity:Entity)
WITH pillar, item, entity ORDER BY entity.name
RETURN pillar.name AS pillar, item.ordinal AS ordinal, item.name AS item,
       collect(DISTINCT entity.name) AS mentions
ORDER BY ordinal, item
