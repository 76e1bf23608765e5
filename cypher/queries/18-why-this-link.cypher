// Question: Why does the graph link two entities: which sentence of which document says so?
// Parameters:
//   :param source => '科创总部'
//   :param target => '深圳（哈尔滨）产业园区'
// Look at: `provenance` is a JSON list of {document, start, end, quote}: the quote is the sentence
// and start/end the character offsets in the document as read; `proposed` marks a delegate's idea.
MATCH (a:Entity)-[r]-(b:Entity)
WHERE (a.name = $source OR $source IN a.aliases) AND (b.name = $target OR $target IN b.aliases)
RETURN a.name AS source, type(r) AS type, b.name AS target, r.proposed AS proposed,
       r.documents AS documents, r.provenance AS provenance
ORDER BY type
