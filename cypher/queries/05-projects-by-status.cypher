// Question: Which projects start (开工), resume (复工), go into production (投产) or are completed (竣工)?
// Parameters: the statuses to list, in the order to show them.
//   :param statuses => ['开工', '复工', '投产', '竣工']
// Look at: one row per status with its projects (a park being built, such as an industrial park that
// resumes work, counts too); a status text holding several words (开工建设) is listed under each.
UNWIND range(0, size($statuses) - 1) AS i
WITH i, $statuses[i] AS status
MATCH (project:Entity)
WHERE (project:Project OR project:Park) AND project.status CONTAINS status
WITH i, status, project ORDER BY i, project.name
WITH i, status, collect(project.name) AS names
RETURN status, size(names) AS projects, names
ORDER BY i
