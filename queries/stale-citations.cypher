// name: stale-citations
// description: Citations of documents repealed, or not yet in force, at the report's date, with their successor.
// param: law_id: law = null -- one document (default: all)
// param: agency_id: agency = null -- reports of one agency (default: all)
// param: year: int = null -- reports of one year (default: all)
// column: report_id: str -- the citing report's id
// column: report: str -- its title
// column: year: int -- its reporting year
// column: date: str -- its date: published, else 31 December of its year (ISO)
// column: agency_id: str -- its issuer's id (null if unknown)
// column: agency: str -- its issuer's name
// column: law_id: str -- the cited document's id
// column: title: str -- its title
// column: validity: str -- repealed (on or before the report's date) or not_yet_in_force (it applied only after it)
// column: repealed: str -- the date it was repealed (from the catalog)
// column: in_force_from: str -- the day it first applied (from the catalog)
// column: successor: str -- what replaced it, if the catalog says
// order: date, report_id, title, law_id
// note: Validity comes from the catalog (Law.repealed, Law.in_force_from), by the rule of
//   extract.catalog.validity_at: repealed when the report's date is on or after the repeal
//   date, else not_yet_in_force when it is before the day the document first applied.
//   Reports with neither a date nor a year are skipped.
MATCH (r:Report)-[:CITES]->(l:Law)
WHERE (l.repealed IS NOT NULL OR l.in_force_from IS NOT NULL)
  AND ($law_id IS NULL OR l.id = $law_id)
  AND ($year IS NULL OR r.year = $year)
WITH r, l, coalesce(toString(r.published), toString(r.year) + '-12-31') AS date
WITH r, l, date,
     CASE WHEN l.repealed IS NOT NULL AND date >= l.repealed THEN 'repealed'
          WHEN l.in_force_from IS NOT NULL AND date < l.in_force_from THEN 'not_yet_in_force'
     END AS validity
WHERE validity IS NOT NULL
OPTIONAL MATCH (a:Agency)-[:ISSUED]->(r)
WITH r, l, date, validity, a
WHERE $agency_id IS NULL OR a.id = $agency_id
RETURN r.id AS report_id, r.title AS report, r.year AS year, date, a.id AS agency_id, a.name AS agency,
       l.id AS law_id, l.title AS title, validity, l.repealed AS repealed, l.in_force_from AS in_force_from,
       l.successor AS successor
ORDER BY date, report_id, title, law_id
