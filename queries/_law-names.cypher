// name: _law-names
// description: Every Law node's names, for name resolution (internal).
// column: id: str -- the node id
// column: name: str -- its title
// column: aliases: list[str] -- its short titles
// column: info: str -- its category
// order: id
MATCH (l:Law)
RETURN l.id AS id, l.title AS name, coalesce(l.short_titles, []) AS aliases, l.category AS info
ORDER BY id
