// Question: Which projects or parks reached a stage in a period, for instance went into
// production (投产) between 2019 and 2025?
// Parameters:
//   :param label => 'Project'
//   :param year_from => 2019
//   :param year_to => 2025
//   :param stages => ['开工', '投产', '竣工']
// Look at: one row per event in date order; `status` says whether the report plans the stage
// or reports it done; the graph view: add `x, e` to the RETURN to see the events on their entities.
MATCH (x:Entity)-[:HAS_EVENT]->(e:Event)
WHERE x.label = $label AND e.year >= $year_from AND e.year <= $year_to AND e.stage IN $stages
RETURN e.date AS date, x.name AS entity, e.stage AS stage,
       CASE WHEN e.planned THEN 'planned' ELSE 'done' END AS status, e.document AS document
ORDER BY date, x.id, stage, e.planned, e.id
