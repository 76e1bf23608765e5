// Question: Which people appear, and which bodies are they members of (人大, 政协, a newspaper)?
// Parameters: none.
// Look at: each person with their role and bodies; delegates also have proposals.
MATCH (person:Person)
OPTIONAL MATCH (person)-[:MEMBER_OF]->(body)
OPTIONAL MATCH (proposal:Proposal)-[:PROPOSED_BY]->(person)
RETURN person.name AS person, person.role AS role, collect(DISTINCT body.name) AS bodies,
       count(DISTINCT proposal) AS proposals
ORDER BY proposals DESC, person
