// name: agencies-citing-article
// description: Agencies whose reports cite one article of a document (第33条, with its 款 and 项), with the years and reports.
// param: law_id: law -- the cited document: id, full title, short name, Traditional or partial name
// param: article: str -- the article: 第33条, 33, 第三十三条 or 第12条第2款 (an article includes its 款 and 项)
// param: year_from: int = null -- only reports from this year on
// param: year_to: int = null -- only reports up to this year
// column: agency_id: str -- the issuing agency's id
// column: agency: str -- its canonical name
// column: articles: list[str] -- the pin cites its reports write (第33条, 第33条第2款 …), in the order first met by year
// column: years: list[int] -- the years of those reports, ascending (reports without a year not listed)
// column: reports: int -- its reports that cite the article
// order: reports DESC, agency, agency_id
// note: Reads Report -CITES-> Law (each citation keeps the articles written right after the
//   document's name), so a report counts only if it names the article; reports without an
//   issuer are not counted (no agency), reports without a year are when no range is given.
MATCH (a:Agency)-[:ISSUED]->(r:Report)-[c:CITES]->(:Law {id: $law_id})
WHERE ($year_from IS NULL OR r.year >= $year_from)
  AND ($year_to IS NULL OR r.year <= $year_to)
UNWIND coalesce(c.articles, []) AS art
WITH a, r, art
WHERE art = $article OR art STARTS WITH $article + '第'
WITH a, r, art
ORDER BY r.year, art
WITH a, collect(DISTINCT art) AS articles, collect(DISTINCT r.year) AS years, count(DISTINCT r) AS reports
RETURN a.id AS agency_id, a.name AS agency, articles, years, reports
ORDER BY reports DESC, agency, agency_id
