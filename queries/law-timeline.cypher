// name: law-timeline
// description: A document's citations per year: citing agencies, newly adopting agencies, reports, citations.
// param: law_id: law -- the cited document: id, full title, short name, Traditional or partial name
// column: year: int -- the reporting year
// column: agencies: int -- agencies citing it that year
// column: new_agencies: int -- of those, agencies citing it for the first time
// column: reports: int -- reports citing it that year
// column: citations: int -- times cited that year
// order: year
MATCH (a:Agency)-[c:CITES]->(:Law {id: $law_id})
WITH a, collect(c) AS cites, min(c.year) AS first_year
UNWIND cites AS c
WITH c.year AS year, count(a) AS agencies,
     sum(CASE WHEN c.year = first_year THEN 1 ELSE 0 END) AS new_agencies,
     sum(size(c.reports)) AS reports, sum(c.count) AS citations
RETURN year, agencies, new_agencies, reports, citations
ORDER BY year
