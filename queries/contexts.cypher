// name: contexts
// description: The sentences behind an agency–document pair: every place the agency's reports cite it.
// param: agency_id: agency -- the citing agency: id, full name, short name or alias
// param: law_id: law -- the cited document: id, full title, short name, Traditional or partial name
// param: year: int = null -- only reports of this year
// column: report_id: str -- the report's id
// column: report: str -- its title
// column: year: int -- its reporting year
// column: source: str -- its file or URL
// column: span_start: int -- where the citation starts in the report's original text
// column: span_end: int -- where it ends (exclusive)
// column: sentence: str -- the sentence around it, as written
// order: year, report_id, span_start, span_end
// note: Spans are stored flat (span_starts, span_ends) as graph.model.flat_props writes them;
//   one row per citation.
MATCH (:Agency {id: $agency_id})-[:ISSUED]->(r:Report)-[c:CITES]->(:Law {id: $law_id})
WHERE $year IS NULL OR r.year = $year
UNWIND range(0, size(c.span_starts) - 1) AS i
RETURN r.id AS report_id, r.title AS report, r.year AS year, r.source AS source,
       c.span_starts[i] AS span_start, c.span_ends[i] AS span_end, c.sentences[i] AS sentence
ORDER BY year, report_id, span_start, span_end
