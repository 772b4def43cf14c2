// name: _agency-names
// description: Every Agency node's names, for name resolution (internal).
// column: id: str -- the node id
// column: name: str -- its canonical name
// column: aliases: list[str] -- the names it is written under
// column: info: str -- its level
// order: id
MATCH (a:Agency)
RETURN a.id AS id, a.name AS name, coalesce(a.aliases, []) AS aliases, a.level AS info
ORDER BY id
