// Question: What did each delegate propose, and which entities do the proposals touch?
// Parameters: a delegate's name, or null for every delegate.
//   :param delegate => '戴瑞'
// Look at: the delegate's role (人大代表 / 政协委员) and body, each proposal with the sentence it was
// read from (`said`), and the entities it touches: linked to the proposal, or named in its sentence.
MATCH (proposal:Proposal)-[:PROPOSED_BY]->(person:Person)
WHERE $delegate IS NULL OR person.name = $delegate OR $delegate IN person.aliases
OPTIONAL MATCH (person)-[:MEMBER_OF]->(body)
WITH proposal, person, collect(DISTINCT body.name) AS bodies
OPTIONAL MATCH (proposal)-[link]-(linked:Entity)
WHERE type(link) <> 'PROPOSED_BY'
WITH proposal, person, bodies, collect(DISTINCT linked.name) AS linked
OPTIONAL MATCH (named:Entity)
WHERE NOT named:Proposal AND NOT named:Person AND proposal.text IS NOT NULL
  AND any(n IN [named.name] + coalesce(named.aliases, []) WHERE size(n) >= 2 AND proposal.text CONTAINS n)
WITH proposal, person, bodies, linked, collect(DISTINCT named.name) AS named
RETURN person.name AS delegate, person.role AS role, bodies, proposal.name AS proposal,
       linked + [n IN named WHERE NOT n IN linked] AS touches, proposal.text AS said
ORDER BY delegate, proposal
