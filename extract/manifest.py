"""What the caller knows about each report: ``--manifest FILE``.

A manifest is a CSV file (UTF-8, with or without BOM, a header row) or a JSON Lines file,
one report a row, with any of the columns ``path``, ``url``, ``issuer``, ``region``,
``year``, ``published``. ``path`` is required; the rest fill what a report's text leaves
open and win where they say something (an issuer the site names, a region the text never
writes, the year of a page's URL). Paths match the report's path as given or found by
walking a folder, its absolute path, or — when only one row has it — its file name.

>>> m = parse_manifest(["path,issuer,year", "a/x.txt,通州区人民政府,2023"], "m.csv")
>>> m.get("a/x.txt").year
2023
"""

from __future__ import annotations

import csv
import datetime as _dt
import io
import json
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from lawgraph.extract.errors import LawgraphError
from lawgraph.extract.metadata import Known

COLUMNS = ("path", "url", "issuer", "region", "year", "published")


class ManifestError(LawgraphError):
    """A manifest that cannot be read: the message names the file, line and field."""


@dataclass
class Manifest:
    rows: dict[str, Known] = field(default_factory=dict)  # path as written → what is known
    _by_abs: dict[str, Known] = field(default_factory=dict)
    _by_name: dict[str, Known | None] = field(default_factory=dict)  # None: the name is not unique

    def add(self, path: str, known: Known) -> None:
        self.rows[_posix(path)] = known
        self._by_abs[os.path.abspath(path)] = known
        name = os.path.basename(path)
        self._by_name[name] = None if name in self._by_name else known

    def get(self, source: str) -> Known | None:
        """What is known of the report read from ``source``, or None."""
        return self.rows.get(_posix(source)) or self._by_abs.get(os.path.abspath(source)) or self._by_name.get(os.path.basename(source))

    def __len__(self) -> int:
        return len(self.rows)


def _posix(path: str) -> str:
    return path.replace(os.sep, "/").removeprefix("./")


def read_manifest(path: str | Path) -> Manifest:
    """Read a manifest file (CSV, or JSON Lines when it ends in .jsonl/.json or its first
    character is ``{``)."""
    path = str(path)
    try:
        with open(path, encoding="utf-8-sig") as fh:
            lines = fh.read().splitlines()
    except UnicodeDecodeError as err:
        raise ManifestError(f"{path}: not UTF-8 text (byte {err.start}); save the manifest as UTF-8") from err
    except OSError as err:
        raise ManifestError(f"{path}: cannot read the manifest ({err.strerror})") from err
    return parse_manifest(lines, path)


def parse_manifest(lines: list[str], where: str) -> Manifest:
    first = next((ln for ln in lines if ln.strip()), "")
    if where.endswith((".jsonl", ".json")) or first.lstrip().startswith("{"):
        rows = _json_rows(lines, where)
    else:
        rows = _csv_rows(lines, where)
    m = Manifest()
    for lineno, row in rows:
        m.add(*_known(row, f"{where}:{lineno}"))
    return m


def _json_rows(lines: list[str], where: str):
    for lineno, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as err:
            raise ManifestError(f"{where}:{lineno}: not valid JSON ({err.msg})") from err
        if not isinstance(row, dict):
            raise ManifestError(f"{where}:{lineno}: a manifest line must be a JSON object")
        yield lineno, row


def _csv_rows(lines: list[str], where: str):
    reader = csv.reader(io.StringIO("\n".join(lines)))
    try:
        header = [h.strip().lower() for h in next(reader)]
    except StopIteration:
        return
    unknown = [h for h in header if h not in COLUMNS]
    if unknown:
        raise ManifestError(f"{where}:1: unknown column(s) {', '.join(unknown)}; the columns are {', '.join(COLUMNS)}")
    if "path" not in header:
        raise ManifestError(f"{where}:1: no 'path' column")
    for lineno, values in enumerate(reader, 2):
        if not any(v.strip() for v in values):
            continue
        if len(values) > len(header):
            raise ManifestError(f"{where}:{lineno}: {len(values)} fields, the header has {len(header)}")
        yield lineno, dict(zip(header, values))


_URL = re.compile(r"^https?://\S+$")


def _known(row: dict, where: str) -> tuple[str, Known]:
    unknown = sorted(set(row) - set(COLUMNS))
    if unknown:
        raise ManifestError(f"{where}: unknown field(s) {', '.join(unknown)}; the fields are {', '.join(COLUMNS)}")
    values = {k: (str(v).strip() if v is not None else "") for k, v in row.items()}
    path = values.get("path", "")
    if not path:
        raise ManifestError(f"{where}: field 'path' is empty")
    url = values.get("url") or None
    if url and not _URL.match(url):
        raise ManifestError(f"{where}: field 'url' is not an http(s) address: {url[:80]!r}")
    year = None
    if values.get("year"):
        try:
            year = int(values["year"])
        except ValueError:
            year = -1
        if not 1949 <= year <= 2100:
            raise ManifestError(f"{where}: field 'year' is not a year: {values['year'][:20]!r}")
    published = values.get("published") or None
    if published:
        try:
            published = _dt.date.fromisoformat(published).isoformat()
        except ValueError as err:
            raise ManifestError(f"{where}: field 'published' is not a date (YYYY-MM-DD): {published[:20]!r}") from err
    return path, Known(url=url, issuer=values.get("issuer") or None, region=values.get("region") or None, year=year, published=published)
