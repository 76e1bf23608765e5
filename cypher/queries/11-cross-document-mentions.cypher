// Question: In which documents, and where in them, is an entity mentioned?
// Parameters:
//   :param entity => '深圳（哈尔滨）产业园区'
// Look at: `documents` (the ids of every document that named it), then one row per mentioning
// section with its document; `provenance` holds the quoted sentences with character offsets.
MATCH (e:Entity)
WHERE e.name = $entity OR $entity IN e.aliases
OPTIONAL MATCH (section:Section)-[:MENTIONS]->(e)
OPTIONAL MATCH (section)-[:PART_OF*1..3]->(doc:Document)
RETURN e.name AS entity, e.documents AS documents, size(e.documents) AS document_count,
       doc.name AS document, section.name AS section, e.provenance AS provenance
ORDER BY document, section
