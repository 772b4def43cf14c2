// name: similar-agencies
// description: Agencies whose cited documents overlap most with an agency's (Jaccard similarity).
// param: agency_id: agency -- the agency: id, full name, short name or alias
// param: limit: int = 10 -- at most this many rows
// column: agency_id: str -- the similar agency's id
// column: agency: str -- its canonical name
// column: shared: int -- documents both cite
// column: laws: int -- documents it cites
// column: jaccard: float -- shared / documents cited by either
// order: jaccard DESC, shared DESC, agency, agency_id
// note: Over all years; agencies sharing no document are not listed.
MATCH (a:Agency {id: $agency_id})-[:CITES]->(l:Law)<-[:CITES]-(b:Agency)
WHERE b <> a
WITH a, b, count(DISTINCT l) AS shared
MATCH (a)-[:CITES]->(la:Law)
WITH a, b, shared, count(DISTINCT la) AS mine
MATCH (b)-[:CITES]->(lb:Law)
WITH b, shared, mine, count(DISTINCT lb) AS laws
RETURN b.id AS agency_id, b.name AS agency, shared, laws,
       toFloat(shared) / (mine + laws - shared) AS jaccard
ORDER BY jaccard DESC, shared DESC, agency, agency_id
LIMIT $limit
