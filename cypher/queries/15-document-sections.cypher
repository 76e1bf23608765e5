// Question: What are the sections of a document, in the order the document prints them?
// Parameters: the document id (the file's stem; see `MATCH (d:Document) RETURN d.document`).
//   :param document => 'harbin-new-area-2021-report'
// Look at: the top-level sections in reading order (targets box, pillars 坚定不移…, headings, the news
// report, the articles), each with its kind, its number, its parts in order and how many entities it
// and its parts mention.
MATCH (doc:Document)
WHERE doc.document = $document OR doc.id = $document
MATCH (top:Section)-[:PART_OF]->(doc)
OPTIONAL MATCH (child:Section)-[:PART_OF]->(top)
WITH top, child ORDER BY child.start, child.ordinal
WITH top, collect(child.name) AS parts
OPTIONAL MATCH (s:Section)-[:PART_OF*0..3]->(top)
OPTIONAL MATCH (s)-[:MENTIONS]->(e:Entity)
WITH top, parts, count(DISTINCT e) AS mentions
RETURN top.start AS offset, top.kind AS kind, top.ordinal AS ordinal, top.name AS section, parts, mentions
ORDER BY offset, section
