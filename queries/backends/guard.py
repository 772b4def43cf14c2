"""The read-only guard's first line for raw Cypher: which write clauses a text holds."""

from __future__ import annotations

import re

_WRITE_WORDS = re.compile(
    r"(?<![.\w$`])(CREATE|MERGE|DELETE|DETACH|SET|REMOVE|DROP|FOREACH|LOAD\s+CSV|ALTER|RENAME|GRANT|DENY|REVOKE|"
    r"IN\s+TRANSACTIONS|START\s+DATABASE|STOP\s+DATABASE|TERMINATE)(?![\w`]|\s*:)",
    re.IGNORECASE,
)


def write_clauses(cypher: str) -> list[str]:
    """The write (or admin) clauses a Cypher text appears to contain, upper-cased, in order.

    A first, friendly line of defence for ``lawgraph cypher`` (comments, string literals and
    backticked names are ignored; ``n.set`` and ``{set: 1}`` are not clauses). The real
    guard is the server: reads run in READ transactions, which Neo4j refuses to let write
    whatever the text looks like — procedures and schema commands included.

    >>> write_clauses("MATCH (n) WHERE n.name = 'CREATE' RETURN n")
    []
    >>> write_clauses("MATCH (n) DETACH DELETE n // bye")
    ['DETACH', 'DELETE']
    """
    text = re.sub(r"//[^\n]*|/\*.*?\*/", " ", cypher, flags=re.DOTALL)
    text = re.sub(r"'(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\"|`[^`]*`", "''", text)
    return [re.sub(r"\s+", " ", m.group(1)).upper() for m in _WRITE_WORDS.finditer(text)]
