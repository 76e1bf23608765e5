// Question: Which economic indicators does the report give, with their targets and actual values?
// Parameters: a word the indicator's name must contain, or '' for all.
//   :param indicator => ''
// Look at: `kind`/`text` is the headline value (the plan's target for 2021 where there is one);
// `observations` (JSON) lists every value read, target or actual, with year and unit; `set_by` is
// the document or section whose TARGETS relationship sets the target.
MATCH (indicator:Indicator)
WHERE indicator.name CONTAINS $indicator
OPTIONAL MATCH (setter)-[t:TARGETS]->(indicator)
WITH indicator, collect(CASE WHEN setter IS NULL THEN null
  ELSE setter.name + ': ' + coalesce(t.text, toString(t.value), '') END) AS set_by
RETURN indicator.name AS indicator, indicator.kind AS kind, indicator.text AS text,
       indicator.value AS value, indicator.unit AS unit, indicator.year AS year,
       indicator.observations AS observations, set_by
ORDER BY indicator
