"""The canned-query registry: one ``.cypher`` file per query, described by its header.

A query file starts with ``//`` comment lines that describe it; the Cypher follows::

    // name: agencies-citing
    // description: Agencies that cite a document, with years, citations and reports.
    // param: law_id: law -- the cited document (any name; resolved before the query)
    // param: year_from: int = null -- count citations from this year on
    // column: agency_id: str -- the agency's id
    // column: years: list[int] -- years it cites the document in, ascending
    // order: citations DESC, agency, agency_id
    // note: free text, repeatable
    // backends: memory, neo4j   (optional; a query that cannot be written
    //                            portably says so here and in a note)
    MATCH …

Parameter types: ``law`` and ``agency`` (a node id; a name is resolved to one by
:mod:`queries.resolve` before the query runs), ``str``, ``int``, ``float``, ``bool``,
``list[str]``, ``list[int]``. A parameter without ``= default`` is required. Column types
are the same minus ``law``/``agency``; every backend's rows are normalised to them
(:func:`normalise_row`), so the rows of all backends compare equal.

Files whose name starts with ``_`` are internal (the name lookups of :mod:`queries.resolve`):
registered and linted like the others, not listed.
"""

from __future__ import annotations

import difflib
import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterable, Mapping

from lawgraph.extract.errors import LawgraphError

QUERIES_DIR = Path(__file__).resolve().parent

PARAM_TYPES = ("law", "agency", "str", "int", "float", "bool", "list[str]", "list[int]")
COLUMN_TYPES = ("str", "int", "float", "bool", "list[str]", "list[int]")
BACKENDS = ("memory", "neo4j")
#: Float columns are rounded to this many decimals on every backend: a ratio computed in
#: another order (Cypher's arithmetic, Python's) may differ in its last binary digits.
FLOAT_DECIMALS = 9

_NAME = re.compile(r"^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$")
_HEADER = re.compile(r"^//\s?(?P<key>[a-z]+):\s*(?P<value>.*)$")
_TYPED = re.compile(
    r"^(?P<name>[a-z_][a-z0-9_]*)\s*:\s*(?P<type>list\[(?:str|int)\]|[a-z]+)"
    r"(?:\s*=\s*(?P<default>(?:(?!\s--\s).)+?))?\s*(?:--\s*(?P<desc>.*))?$"
)
_PARAM_USE = re.compile(r"\$([A-Za-z_][A-Za-z0-9_]*)")


class QueryError(LawgraphError):
    """A canned query that cannot run as asked: unknown name, bad or missing parameter."""


class UnknownQuery(QueryError):
    def __init__(self, name: str, known: Iterable[str]):
        known = sorted(known)
        close = difflib.get_close_matches(name, known, n=3, cutoff=0.5)
        hint = f" Did you mean {', '.join(close)}?" if close else ""
        super().__init__(f"unknown query {name!r}.{hint} Known queries: {', '.join(known)}")
        self.name = name
        self.known = known


class MissingParameter(QueryError):
    def __init__(self, query: str, param: "Param"):
        super().__init__(f"query {query!r} needs parameter {param.name!r} ({param.type}): {param.description}")
        self.query = query
        self.param = param


class BadParameter(QueryError):
    pass


class QueryFileError(QueryError):
    """A ``.cypher`` file whose header is malformed (a bug in lawgraph, caught by tests)."""


@dataclass(frozen=True)
class Param:
    name: str
    type: str
    required: bool
    default: Any = None
    description: str = ""

    @property
    def resolves(self) -> str | None:
        """The node label a name given for this parameter is resolved to, if any."""
        return {"law": "Law", "agency": "Agency"}.get(self.type)


@dataclass(frozen=True)
class Column:
    name: str
    type: str
    description: str = ""


@dataclass(frozen=True)
class QuerySpec:
    """One canned query: its header, parsed, and its Cypher."""

    name: str
    description: str
    params: tuple[Param, ...]
    columns: tuple[Column, ...]
    order: str
    cypher: str  # the whole file, header included (comments are valid Cypher)
    path: Path | None = None
    notes: tuple[str, ...] = ()
    backends: tuple[str, ...] = BACKENDS

    @property
    def internal(self) -> bool:
        return self.name.startswith("_")

    @property
    def column_names(self) -> list[str]:
        return [c.name for c in self.columns]

    def param(self, name: str) -> Param:
        for p in self.params:
            if p.name == name:
                return p
        raise BadParameter(f"query {self.name!r} has no parameter {name!r}; its parameters: {', '.join(p.name for p in self.params) or '(none)'}")

    def bind(self, given: Mapping[str, Any]) -> dict[str, Any]:
        """Every declared parameter with a typed value: given ones converted, the others
        their default. Unknown names and missing required ones raise :class:`QueryError`.

        Cypher needs every ``$param`` it mentions to be passed, so defaults (``null``
        included) are always sent.
        """
        out: dict[str, Any] = {}
        for name in given:
            self.param(name)  # raises on an unknown name
        for p in self.params:
            if p.name in given and given[p.name] is not None:
                out[p.name] = convert(p, given[p.name], self.name)
            elif p.required:
                raise MissingParameter(self.name, p)
            else:
                out[p.name] = p.default
        check_years(self.name, out)
        return out

    def signature(self) -> str:
        """``agencies-citing LAW [year_from=INT] …`` for help texts."""
        parts = [self.name]
        for p in self.params:
            placeholder = p.name.upper() if p.type == "str" else p.type.upper().replace("[", "_").replace("]", "")
            parts.append(placeholder if p.required else f"[{p.name}={placeholder}]")
        return " ".join(parts)


# --- values ------------------------------------------------------------------------------


def convert(param: Param, value: Any, query: str = "") -> Any:
    """A parameter value of the declared type, from a Python value or a CLI string."""
    t = param.type
    where = f"{query}: " if query else ""
    try:
        if t in ("law", "agency", "str"):
            if not isinstance(value, str):
                raise TypeError(f"expected text, got {type(value).__name__}")
            if param.name == "article":
                return normalise_article(value)
            return value
        if t == "int":
            n = _to_int(value)
            if param.name == "limit" and n < 0:
                raise ValueError(f"{n} is negative")
            return n
        if t == "float":
            if isinstance(value, bool):
                raise TypeError("expected a number, got a bool")
            return float(value)
        if t == "bool":
            if isinstance(value, bool):
                return value
            if isinstance(value, str) and value.lower() in ("true", "yes", "1", "false", "no", "0"):
                return value.lower() in ("true", "yes", "1")
            raise TypeError(f"expected true or false, got {value!r}")
        if t in ("list[str]", "list[int]"):
            items = _list_of(value)
            if t == "list[int]":
                return [_to_int(v) for v in items]
            if not all(isinstance(v, str) for v in items):
                raise TypeError("expected a list of text")
            if param.name in ("category", "categories"):
                _check_categories(items)
            return items
    except (TypeError, ValueError) as err:
        raise BadParameter(f"{where}parameter {param.name!r} must be {t}: {err}") from err
    raise QueryFileError(f"{where}parameter {param.name!r} has unknown type {t!r}")


def normalise_article(text: str) -> str:
    """An article as the extractor writes it (Arabic numerals, 第N条[第N款][第N项]).

    >>> normalise_article("33"), normalise_article("第三十三条"), normalise_article("第12条第（二）款")
    ('第33条', '第33条', '第12条第2款')
    """
    from lawgraph.extract.articles import articles_after

    text = text.strip()
    if re.fullmatch(r"\d{1,4}", text):
        return f"第{int(text)}条"
    found, end = articles_after(text, 0)
    if len(found) != 1 or text[end:].strip():
        raise ValueError(f"{text!r} is not one article (write 第33条, 33, 第三十三条 or 第12条第2款)")
    return found[0]


def _to_int(value: Any) -> int:
    if isinstance(value, bool):
        raise TypeError("expected an integer, got a bool")
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str) and re.fullmatch(r"\s*[+-]?\d+\s*", value):
        return int(value)
    raise ValueError(f"{value!r} is not an integer")


def _list_of(value: Any) -> list[Any]:
    """A list from a CLI string (``法律,行政法规``, or JSON: ``["法律", "行政法规"]``) or a value."""
    if not isinstance(value, str):
        return list(value)
    text = value.strip()
    if text.startswith("["):
        import json

        try:
            parsed = json.loads(text)
        except ValueError:
            raise ValueError(f"{value!r} starts like a JSON list but is not one") from None
        if not isinstance(parsed, list):
            raise ValueError(f"{value!r} is not a list")
        return parsed
    return _split(text)


def _check_categories(items: list[str]) -> None:
    """A category that does not exist would silently match nothing: refuse it, and say
    which one was meant."""
    from lawgraph.extract.records import CATEGORIES

    unknown = [c for c in items if c not in CATEGORIES]
    if unknown:
        hint = category_hint(unknown[0])
        raise ValueError(f"unknown category {unknown[0]!r}{'; did you mean ' + hint + '?' if hint else ''} The categories are {', '.join(CATEGORIES)}")


def category_hint(text: str) -> str | None:
    """The category (or categories) a user most likely meant by ``text``.

    >>> category_hint("地方法规"), category_hint("法规")
    ('地方性法规', '法律,行政法规,地方性法规,规章,党内法规')
    """
    from lawgraph.extract.records import CATEGORIES, GROUPS

    legal = [c for c in CATEGORIES if GROUPS.get(c) == "LEGAL"]
    policy = [c for c in CATEGORIES if GROUPS.get(c) == "POLICY"]
    # What people type for a category, from the names in use in the literature.
    words = {
        "法规": legal,
        "法律法规": legal,
        "法": legal,
        "legal": legal,
        "政策": policy,
        "政策文件": policy,
        "policy": policy,
        "部门规章": ["规章"],
        "地方政府规章": ["规章"],
        "党规": ["党内法规"],
        "文件": ["规范性文件"],
        "规划": ["规划纲要"],
        "纲要": ["规划纲要"],
    }
    key = text.strip()
    if key in words or key.lower() in words:
        return ",".join(words.get(key) or words[key.lower()])
    close = [c for c in CATEGORIES if set(key) and set(key) <= set(c)]  # 地方法规 ⊂ 地方性法规
    close = close or difflib.get_close_matches(key, CATEGORIES, n=1, cutoff=0.5)
    return ",".join(close[:1]) if close else None


#: A year outside this range is a typo (2204, 24), not a year a report can cover.
YEARS = (1949, 2100)


def check_years(query: str, bound: Mapping[str, Any]) -> None:
    """Year parameters that can match nothing are an error, not an empty answer: a year
    outside :data:`YEARS`, or ``year_from`` after ``year_to``."""
    for name in ("year", "year_from", "year_to"):
        y = bound.get(name)
        if y is not None and not (YEARS[0] <= y <= YEARS[1]):
            raise BadParameter(f"{query}: {name}={y} is not a year a report can cover ({YEARS[0]}–{YEARS[1]})")
    lo, hi = bound.get("year_from"), bound.get("year_to")
    if lo is not None and hi is not None and lo > hi:
        raise BadParameter(f"{query}: year_from={lo} is after year_to={hi}; did you mean {hi} {lo}?")


def _split(text: str) -> list[str]:
    """``法律,行政法规`` or ``法律，行政法规`` → a list (empty items dropped)."""
    return [s.strip() for s in re.split(r"[,，、;；]", text) if s.strip()]


def normalise_value(kind: str, value: Any) -> Any:
    """A result value as the declared column type: what makes backends compare equal.

    The memory store keeps tuples, and a float computed in another order may differ in its
    last digits. Ints stay ints (an integral float too), lists become lists, floats are
    rounded to :data:`FLOAT_DECIMALS`.
    """
    if value is None:
        return None
    if kind == "int":
        if isinstance(value, float) and value.is_integer():
            return int(value)
        return value
    if kind == "float":
        return round(float(value), FLOAT_DECIMALS)
    if kind == "list[int]":
        return [normalise_value("int", v) for v in value]
    if kind == "list[str]":
        return list(value)
    return value


def normalise_row(spec: QuerySpec, row: Mapping[str, Any]) -> dict[str, Any]:
    return {c.name: normalise_value(c.type, row.get(c.name)) for c in spec.columns}


# --- parsing -----------------------------------------------------------------------------


def parse_query(text: str, path: Path | None = None) -> QuerySpec:
    """Parse a ``.cypher`` file's header. Raises :class:`QueryFileError` naming the line."""
    where = str(path) if path else "<query>"
    fields: dict[str, list[tuple[int, str]]] = {}
    body_start = None
    lines = text.splitlines()
    for i, line in enumerate(lines, 1):
        stripped = line.strip()
        if not stripped:
            continue
        if not stripped.startswith("//"):
            body_start = i
            break
        m = _HEADER.match(stripped)
        if m:
            fields.setdefault(m.group("key"), []).append((i, m.group("value").strip()))
        elif fields.get("note") and stripped.startswith("//   "):
            # a continuation of the previous note
            ln, prev = fields["note"][-1]
            fields["note"][-1] = (ln, prev + " " + stripped[2:].strip())
    if body_start is None:
        raise QueryFileError(f"{where}: no Cypher after the header")
    unknown = set(fields) - {"name", "description", "param", "column", "order", "note", "backends"}
    if unknown:
        raise QueryFileError(f"{where}: unknown header field(s) {', '.join(sorted(unknown))}")
    for req in ("name", "description", "column", "order"):
        if req not in fields:
            raise QueryFileError(f"{where}: header has no '// {req}:' line")
    name = fields["name"][0][1]
    internal = name.startswith("_")
    if not _NAME.match(name.lstrip("_")):
        raise QueryFileError(f"{where}: query name {name!r} is not kebab-case")
    if path is not None and path.stem != name:
        raise QueryFileError(f"{where}: the file is named {path.stem!r} but the header says {name!r}")

    params = tuple(_param(v, f"{where}:{ln}") for ln, v in fields.get("param", []))
    columns = tuple(_column(v, f"{where}:{ln}") for ln, v in fields["column"])
    for kind, items in (("parameter", [p.name for p in params]), ("column", [c.name for c in columns])):
        dup = {x for x in items if items.count(x) > 1}
        if dup:
            raise QueryFileError(f"{where}: {kind} {', '.join(sorted(dup))} declared twice")

    body = "\n".join(lines[body_start - 1 :])
    used = set(_PARAM_USE.findall(_strip_strings(body)))
    declared = {p.name for p in params}
    if used - declared:
        raise QueryFileError(f"{where}: uses undeclared parameter(s) {', '.join('$' + p for p in sorted(used - declared))}")
    if declared - used and not internal:
        raise QueryFileError(f"{where}: declares unused parameter(s) {', '.join(sorted(declared - used))}")

    backends: tuple[str, ...] = BACKENDS
    if "backends" in fields:
        backends = tuple(b.strip() for b in fields["backends"][0][1].split(",") if b.strip())
        bad = set(backends) - set(BACKENDS)
        if bad:
            raise QueryFileError(f"{where}: unknown backend(s) {', '.join(sorted(bad))}")
    return QuerySpec(
        name=name,
        description=fields["description"][0][1],
        params=params,
        columns=columns,
        order=fields["order"][0][1],
        cypher=text,
        path=path,
        notes=tuple(v for _, v in fields.get("note", [])),
        backends=backends,
    )


def _param(text: str, where: str) -> Param:
    m = _TYPED.match(text)
    if not m or m.group("type") not in PARAM_TYPES:
        raise QueryFileError(f"{where}: cannot read parameter {text!r} (want 'name: type [= default] [-- text]')")
    default_text = m.group("default")
    default = None
    if default_text is not None:
        try:
            default = json.loads(default_text)
        except json.JSONDecodeError as err:
            raise QueryFileError(f"{where}: default {default_text!r} is not a JSON value") from err
    return Param(
        name=m.group("name"),
        type=m.group("type"),
        required=default_text is None,
        default=default,
        description=(m.group("desc") or "").strip(),
    )


def _column(text: str, where: str) -> Column:
    m = _TYPED.match(text)
    if not m or m.group("type") not in COLUMN_TYPES or m.group("default") is not None:
        raise QueryFileError(f"{where}: cannot read column {text!r} (want 'name: type [-- text]')")
    return Column(m.group("name"), m.group("type"), (m.group("desc") or "").strip())


def _strip_strings(cypher: str) -> str:
    """Cypher without its comments and string literals (so ``'$x'`` is not a parameter)."""
    out = re.sub(r"//[^\n]*", "", cypher)
    return re.sub(r"'(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\"", "''", out)


# --- the registry ------------------------------------------------------------------------

#: Queries answered by Python alone on every backend (no Cypher): name lookup.
SEARCH = QuerySpec(
    name="search",
    description="Find laws or agencies by any name: full, short, Traditional, partial or misspelt.",
    params=(
        Param("text", "str", True, None, "the name to look for"),
        Param("label", "str", False, None, "Law or Agency (default: both)"),
        Param("limit", "int", False, 10, "at most this many candidates"),
    ),
    columns=(
        Column("label", "str", "Law or Agency"),
        Column("id", "str", "the node id"),
        Column("name", "str", "title or canonical name"),
        Column("info", "str", "category (Law) or level (Agency)"),
        Column("score", "float", "0–100, higher is closer"),
        Column("matched", "str", "which name matched: id, title, short name, alias, …"),
    ),
    order="score DESC, label, name, id",
    cypher="",
    notes=("Runs in Python over the node names the backend returns (the _law-names and _agency-names queries).",),
)


@lru_cache(maxsize=4)
def load_library(folder: str | None = None) -> dict[str, QuerySpec]:
    """Every query in ``folder`` (default: the shipped ``queries/``), by name."""
    root = Path(folder) if folder else QUERIES_DIR
    out: dict[str, QuerySpec] = {}
    for path in sorted(root.glob("*.cypher")):
        spec = parse_query(path.read_text(encoding="utf-8"), path)
        out[spec.name] = spec
    out.setdefault(SEARCH.name, SEARCH)
    return out


def get_query(name: str) -> QuerySpec:
    lib = load_library()
    spec = lib.get(name)
    if spec is None:
        raise UnknownQuery(name, [n for n, s in lib.items() if not s.internal])
    return spec


def list_queries(*, internal: bool = False) -> list[QuerySpec]:
    """The canned queries, sorted by name (internal helpers only when asked)."""
    return [s for n, s in sorted(load_library().items()) if internal or not s.internal]
