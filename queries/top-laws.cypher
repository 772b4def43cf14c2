// name: top-laws
// description: The most cited normative documents (by citing agencies, then citations); 其他 (newspapers, columns, books) only with include_other or categories.
// param: year: int = null -- only citations from this year
// param: categories: list[str] = null -- only documents of these categories (法律, 行政法规, …)
// param: include_other: bool = false -- also rank documents of category 其他 (《求是》, TV columns …)
// param: limit: int = 20 -- at most this many rows
// column: law_id: str -- the document's id
// column: title: str -- its canonical title
// column: category: str -- its category
// column: agencies: int -- agencies citing it
// column: reports: int -- reports citing it
// column: citations: int -- times cited
// order: agencies DESC, citations DESC, title, law_id
// note: By default documents of category 其他 (not normative: newspapers, TV columns, books)
//   are left out; include_other=true ranks them too, and categories=其他 asks for them alone.
MATCH (a:Agency)-[c:CITES]->(l:Law)
WHERE ($year IS NULL OR c.year = $year)
  AND ($categories IS NULL OR l.category IN $categories)
  AND ($categories IS NOT NULL OR $include_other OR l.category <> '其他')
WITH l, count(DISTINCT a) AS agencies, sum(size(c.reports)) AS reports, sum(c.count) AS citations
RETURN l.id AS law_id, l.title AS title, l.category AS category, agencies, reports, citations
ORDER BY agencies DESC, citations DESC, title, law_id
LIMIT $limit
