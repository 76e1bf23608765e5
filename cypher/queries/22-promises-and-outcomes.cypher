// Question: Which milestones did one year's report promise, and did a later report say they
// were done, mention them again, or never mention them again?
// Parameters:
//   :param year_from => 2014
//   :param year_to => 2025
// Look at: `outcome` (done, mentioned, not mentioned again, no later report); for a promise kept,
// `done_year` and `years` (how long it took) and the stage reported, which may be a later one
// (a promise to build, 在建, kept by 投用). The same answers as GET /timeline/promises.
MATCH (x:Entity)-[:HAS_EVENT]->(p:Event {planned: true})
WHERE p.year >= $year_from AND p.year <= $year_to
OPTIONAL MATCH (x)-[:HAS_EVENT]->(d:Event {planned: false})
WHERE d.year > p.year AND d.stage_rank >= p.stage_rank
WITH x, p, d ORDER BY d.date, d.stage, d.id
WITH x, p, collect(d)[0] AS done
OPTIONAL MATCH (later:Document)
WHERE later.year > p.year
WITH x, p, done, count(later) AS later_reports,
     [doc IN collect(later.document) WHERE doc IN x.documents] AS mentioned_in
RETURN p.year AS promised, x.name AS entity, x.label AS label, p.stage AS stage,
       CASE
         WHEN done IS NOT NULL THEN 'done'
         WHEN size(mentioned_in) > 0 THEN 'mentioned'
         WHEN later_reports > 0 THEN 'not mentioned again'
         ELSE 'no later report'
       END AS outcome,
       done.year AS done_year, done.stage AS done_stage, done.year - p.year AS years,
       mentioned_in AS later_documents
ORDER BY promised, x.id, stage, p.id
