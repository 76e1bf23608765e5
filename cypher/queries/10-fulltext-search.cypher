// Question: Which entities match some words, through the full-text index on names and aliases?
// Parameters: Lucene query text (CJK analyzer: Chinese is matched by character pairs; add * for
// prefixes on Latin words, AND / OR / quotes as in Lucene).
//   :param q => '产业园区'
// Look at: the best hits first with their score; an alias can match when the name does not.
CALL db.index.fulltext.queryNodes('entity_names', $q) YIELD node, score
RETURN node.name AS name, labels(node)[0] AS label, node.aliases AS aliases, round(score, 3) AS score
ORDER BY score DESC, name
LIMIT 25
