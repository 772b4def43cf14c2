"""User catalog files, checked at the boundary before :func:`extract.catalog.load_catalog`
reads them: a regular file of bounded size, UTF-8, each line a JSON object with the
fields of ``extract/data/catalog.schema.json`` of the right types. One line names the file,
the line and the field of the first problem — never a traceback, never a hang on a FIFO or
endless memory on ``/dev/zero``.
"""

from __future__ import annotations

import json
import os
import re
from typing import Any

from lawgraph.extract.errors import LawgraphError
from lawgraph.extract.files import open_regular
from lawgraph.extract.records import CATEGORIES

#: Largest catalog file read (the shipped catalog is about 2 MB).
MAX_CATALOG_BYTES = 64 * 1024 * 1024

_TEXT = ("id", "title", "category")
_OPTIONAL_TEXT = ("issuer", "region", "status", "repealed", "successor", "doc_number", "promulgated", "effective")
_TEXT_LISTS = ("short_titles", "amended")
_FIELDS = frozenset(_TEXT + _OPTIONAL_TEXT + _TEXT_LISTS)
_STATUS = ("现行有效", "已废止", "已修改")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_BAD_CHARS = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff]")


class CatalogFileError(LawgraphError):
    """A catalog file that cannot be used (the message names the file, line and field)."""


def check_catalog_file(path: str | os.PathLike) -> int:
    """Check one catalog file; return its number of entries, or raise :class:`CatalogFileError`."""
    entries, errors = catalog_errors(path, first_only=True)
    if errors:
        raise errors[0]
    return entries


def catalog_errors(path: str | os.PathLike, *, first_only: bool = False, successors: bool = False, others: tuple = ()) -> tuple[int, list[CatalogFileError]]:
    """Every problem of one catalog file, one per line at most, in line order: (entries, errors).
    A file that cannot be read at all gives one error. Besides each line on its own: an id
    used twice; with ``successors``, a successor that no entry of the file, of the ``others``
    catalog files or of the shipped catalog has."""
    from lawgraph.extract.files import InputFileError

    shown = os.fspath(path)
    try:
        fh = open_regular(path, "catalog file")
    except InputFileError as err:
        raise CatalogFileError(str(err)) from err
    with fh:
        size = os.fstat(fh.fileno()).st_size
        if size > MAX_CATALOG_BYTES:
            raise CatalogFileError(f"{shown}: larger than the {MAX_CATALOG_BYTES // (1024 * 1024)} MiB a catalog file may have")
        data = fh.read(MAX_CATALOG_BYTES + 1)
    if len(data) > MAX_CATALOG_BYTES:
        raise CatalogFileError(f"{shown}: larger than the {MAX_CATALOG_BYTES // (1024 * 1024)} MiB a catalog file may have")
    entries = 0
    errors: list[CatalogFileError] = []
    ids: dict[str, int] = {}
    pending: list[tuple[str, str]] = []
    for lineno, raw in enumerate(data.split(b"\n"), 1):
        where = f"{shown}:{lineno}"
        try:
            line = raw.decode("utf-8")
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            try:
                obj = json.loads(line, parse_constant=_no_constant)
            except (ValueError, RecursionError) as err:
                msg = err.msg if isinstance(err, json.JSONDecodeError) else str(err) or "nested too deeply"
                raise CatalogFileError(f"{where}: not valid JSON ({msg})") from None
            _check_entry(obj, where)
            if obj["id"] in ids:
                raise CatalogFileError(f"{where}: id: {_shown(obj['id'])} is already the id of line {ids[obj['id']]}")
            ids[obj["id"]] = lineno
            if obj.get("successor"):
                pending.append((where, obj["successor"]))
        except UnicodeDecodeError as err:
            errors.append(CatalogFileError(f"{where}: not valid UTF-8 (byte {err.start + 1} of the line)"))
        except CatalogFileError as err:
            errors.append(err)
        else:
            entries += 1
        if errors and first_only:
            return entries, errors
    if successors and pending:
        from lawgraph.extract.catalog import load_catalog

        known = load_catalog(others)
        for where, succ in pending:
            if succ not in ids and known.get(succ) is None:
                errors.append(CatalogFileError(f"{where}: successor: {_shown(succ)} is the id of no entry (in this file or the shipped catalog)"))
                if first_only:
                    break
    errors.sort(key=lambda e: _line_of(str(e), shown))
    return entries, errors


def _line_of(message: str, shown: str) -> int:
    m = re.match(r":(\d+):", message[len(shown) :])
    return int(m.group(1)) if m else 0


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a JSON number")


def _check_entry(obj: Any, where: str) -> None:
    if type(obj) is not dict:
        raise CatalogFileError(f"{where}: must be a JSON object (one catalog entry), not {_shown(obj)}")
    unknown = sorted(set(obj) - _FIELDS)
    if unknown:
        raise CatalogFileError(f"{where}: {unknown[0]}: unknown field (known: {', '.join(sorted(_FIELDS))})")
    for k in _TEXT:
        v = obj.get(k)
        if type(v) is not str or not v.strip():
            raise CatalogFileError(f"{where}: {k}: must be non-empty text, not {_shown(v)}" if k in obj else f"{where}: {k}: missing")
        if _BAD_CHARS.search(v):
            raise CatalogFileError(f"{where}: {k}: holds control characters")
    if obj["category"] not in CATEGORIES:
        raise CatalogFileError(f"{where}: category: must be one of {', '.join(CATEGORIES)}, not {_shown(obj['category'])}")
    if obj["id"].startswith(("report:", "agency:")):
        raise CatalogFileError(f"{where}: id: must not start with report: or agency: (the ids of reports and agencies)")
    for k in _OPTIONAL_TEXT:
        v = obj.get(k)
        if v is not None and (type(v) is not str or _BAD_CHARS.search(v)):
            raise CatalogFileError(f"{where}: {k}: must be text or null, not {_shown(v)}")
    if obj.get("status") is not None and obj["status"] not in _STATUS:
        raise CatalogFileError(f"{where}: status: must be one of {', '.join(_STATUS)}, not {_shown(obj['status'])}")
    for k in ("promulgated", "effective", "repealed"):
        v = obj.get(k)
        if v is not None and not _DATE.fullmatch(v):
            raise CatalogFileError(f"{where}: {k}: must be a date YYYY-MM-DD or null, not {_shown(v)}")
    for k in _TEXT_LISTS:
        v = obj.get(k)
        if v is None:
            continue
        if type(v) is not list or not all(type(x) is str and x.strip() and not _BAD_CHARS.search(x) for x in v):
            raise CatalogFileError(f"{where}: {k}: must be a list of text, not {_shown(v)}")
    for d in obj.get("amended") or ():
        if not _DATE.fullmatch(d):
            raise CatalogFileError(f"{where}: amended: must hold dates YYYY-MM-DD, not {_shown(d)}")


def _shown(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."
