// Question: What happened to one project or park over the years: which milestones did each report
// plan or report done?
// Parameters:
//   :param name => '龙江碳谷'
// Look at: one row per event in date order: the report's date, the stage (签约, 开工, 在建, 竣工,
// 投产 …), whether it was planned or reported done, figures when stated, and the sentence read.
MATCH (x:Entity)
WHERE x.name = $name OR $name IN x.aliases
MATCH (x)-[:HAS_EVENT]->(e:Event)
RETURN x.name AS entity, e.date AS date, e.stage AS stage,
       CASE WHEN e.planned THEN 'planned' ELSE 'done' END AS status,
       e.investment_yi AS investment_yi, e.capacity AS capacity, e.area AS area,
       e.document AS document, e.provenance AS provenance
ORDER BY coalesce(e.date, '9999'), x.id, stage, e.planned, e.id
