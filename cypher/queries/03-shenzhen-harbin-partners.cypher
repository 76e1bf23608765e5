// Question: Who are the Shenzhen–Harbin partners (深哈合作) and what links them?
// Parameters: words that mark a name as Shenzhen side or Harbin side.
//   :param shenzhen_words => ['深圳', '深交所', '前海']
//   :param harbin_words => ['哈尔滨', '松北', '新区', '黑龙江']
// Look at: each relationship between a Shenzhen-side and a Harbin-side actor, its type (cooperation,
// a part of, located in) and the sentence it was read from (provenance quote).
MATCH (s:Entity)-[r]-(h:Entity)
WHERE any(w IN $shenzhen_words WHERE s.name CONTAINS w)
  AND any(w IN $harbin_words WHERE h.name CONTAINS w)
  AND s <> h
  AND NOT (any(w IN $harbin_words WHERE s.name CONTAINS w)
           AND any(w IN $shenzhen_words WHERE h.name CONTAINS w) AND s.id > h.id)
RETURN s.name AS shenzhen_side, type(r) AS link,
       CASE WHEN startNode(r) = s THEN '→' ELSE '←' END AS direction,
       h.name AS harbin_side, r.provenance AS provenance
ORDER BY shenzhen_side, link, harbin_side
