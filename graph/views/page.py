"""A tiny HTML layer: escaping for each place a string can go, and the page skeleton.

Every string that comes from a document (a title, an agency name, a sentence, a source
path) reaches a page through one of three doors:

* :func:`h` — HTML text and double-quoted attribute values (``&<>"'`` escaped);
* :func:`script_json` — data for a script, as JSON inside ``<script type="application/json">``
  with ``<``, ``>``, ``&``, U+2028 and U+2029 written as ``\\u`` escapes, so that no
  ``</script>`` or ``<!--`` can end or confuse the script element;
* text handed to vis-network as a tooltip ``title``: vis-network 9 shows a string title with
  ``innerText`` (as text), so it goes in the JSON data raw — escaping it again would show
  ``&lt;`` to the reader.

:class:`Html` marks a string that is already markup, so that it is not escaped twice.
Pages also carry a Content-Security-Policy that allows only the page's own scripts (by
hash), no event-handler attributes and no network at all: an injection that escaped the
escaping would still not run, nor load anything.

>>> h('<img src=x onerror="alert(1)">')
'&lt;img src=x onerror=&quot;alert(1)&quot;&gt;'
>>> script_json({"t": "</script><b>&"})
'{"t":"\\\\u003c/script\\\\u003e\\\\u003cb\\\\u003e\\\\u0026"}'
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
import re
from typing import Any, Iterable, Sequence

_SURROGATE = re.compile("[\ud800-\udfff]")
#: Characters HTML forbids or browsers mangle; shown as U+FFFD instead.
_BAD_HTML = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f\ud800-\udfff]")


class Html(str):
    """A string that is markup already (built by this module or from escaped parts)."""

    __slots__ = ()

    def __add__(self, other: str) -> "Html":
        return Html(str.__add__(self, h(other)))


def h(value: Any) -> Html:
    """Escape for HTML text or a double-quoted attribute value; ``None`` becomes ''.

    >>> h(None), h(2024), h(Html("<b>x</b>"))
    ('', '2024', '<b>x</b>')
    """
    if isinstance(value, Html):
        return value
    if value is None:
        return Html("")
    text = value if isinstance(value, str) else str(value)
    if _NEEDS_ESCAPE.search(text) is None:  # most text is plain: one C-speed scan
        return Html(text)
    return Html(html.escape(_BAD_HTML.sub("\ufffd", text), quote=True))


_NEEDS_ESCAPE = re.compile("[&<>\"'\x00-\x08\x0b\x0e-\x1f\x7f\ud800-\udfff]")


def join(parts: Iterable[Any], sep: str = "") -> Html:
    """Concatenate parts, escaping those that are not markup yet."""
    return Html(h(sep).join([p if type(p) is Html else h(p) for p in parts]))


def script_json(obj: Any) -> Html:
    """JSON safe inside a ``<script>`` element (and valid for ``JSON.parse``)."""
    text = json.dumps(obj, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026").replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
    return Html(_SURROGATE.sub(lambda m: "\\u%04x" % ord(m.group()), text))


def tag(name: str, *children: Any, **attrs: Any) -> Html:
    """``<name attrs>children</name>``; attribute ``class_`` is ``class``; ``None``/``False`` omitted.

    >>> tag("a", "《x》<", href="laws/x.html", class_="law")
    '<a href="laws/x.html" class="law">《x》&lt;</a>'
    """
    inner = "".join([c if type(c) is Html else h(c) for c in children])
    return Html(f"<{name}{attributes(attrs) if attrs else ''}>{inner}</{name}>")


def attributes(attrs: dict[str, Any]) -> str:
    out = []
    for k, v in attrs.items():
        if v is None or v is False:
            continue
        k = k.rstrip("_").replace("_", "-")
        out.append(f" {k}" if v is True else f' {k}="{h(v)}"')
    return "".join(out)


def link(href: str, text: Any, **attrs: Any) -> Html:
    return tag("a", text, href=href, **attrs)


def table(headers: Sequence[Any], rows: Iterable[Sequence[Any]], **attrs: Any) -> Html:
    head = tag("tr", *(tag("th", c) for c in headers))
    body = join(tag("tr", *(tag("td", c) for c in row)) for row in rows)
    return tag("table", tag("thead", head), tag("tbody", body), **attrs)


def definition_list(items: Sequence[tuple[str, Any]]) -> Html:
    """``<dl class="meta">`` of (term, value) pairs; empty values are left out."""
    return tag("dl", *(join([tag("dt", k), tag("dd", v)]) for k, v in items if v not in (None, "", [], ())), class_="meta")


def number(n: int | float) -> str:
    return f"{n:,}" if isinstance(n, int) else f"{n:,.2f}"


# --- the page -----------------------------------------------------------------------------

#: CJK-capable fonts first; Debian has none by default (install fonts-wqy-microhei).
FONT_STACK = (
    '"Noto Sans CJK SC","Source Han Sans SC","WenQuanYi Micro Hei","WenQuanYi Zen Hei",'
    '"PingFang SC","Hiragino Sans GB","Microsoft YaHei","SimHei",system-ui,sans-serif'
)

BASE_CSS = (
    """
:root{--fg:#1f2328;--muted:#59636e;--line:#d1d9e0;--bg:#fff;--accent:#0b57d0}
*{box-sizing:border-box}
body{margin:0;font-family:FONTS;color:var(--fg);background:var(--bg);line-height:1.55}
header.top{display:flex;flex-wrap:wrap;gap:.2em 1.1em;align-items:baseline;padding:.55em 1.2em;
 border-bottom:1px solid var(--line);background:#f6f8fa}
header.top .brand{font-weight:700}
header.top a{color:var(--accent);text-decoration:none}
main{padding:1em 1.2em;max-width:1200px}
main.wide{max-width:none}
h1{font-size:1.45em;margin:.2em 0 .4em} h2{font-size:1.15em;margin:1.3em 0 .4em}
a{color:var(--accent)}
table{border-collapse:collapse;margin:.4em 0 1em;font-size:.92em}
th,td{border:1px solid var(--line);padding:.25em .55em;text-align:left;vertical-align:top}
th{background:#f6f8fa}
td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}
.muted{color:var(--muted)} .note{background:#fff8c5;border:1px solid #d4a72c;padding:.4em .7em;border-radius:4px}
.stats{display:flex;flex-wrap:wrap;gap:.6em;margin:.5em 0 1em;padding:0;list-style:none}
.stats li{border:1px solid var(--line);border-radius:6px;padding:.4em .8em;min-width:8em}
.stats b{display:block;font-size:1.35em}
.plots{display:grid;grid-template-columns:repeat(auto-fit,minmax(420px,1fr));gap:1em}
.plots figure{margin:0;border:1px solid var(--line);border-radius:6px;padding:.5em;overflow:auto}
.plots svg{max-width:100%;height:auto}
dl.meta{display:grid;grid-template-columns:max-content 1fr;gap:.15em 1em;margin:.3em 0 1em}
dl.meta dt{color:var(--muted)} dl.meta dd{margin:0}
.swatch{display:inline-block;width:.9em;height:.9em;border-radius:50%;vertical-align:-.1em;margin-right:.3em}
blockquote{margin:.3em 0 .6em;padding:.2em .8em;border-left:3px solid var(--line);color:#333}
"""
).replace("FONTS", FONT_STACK)

TABLE_CSS = """
.tablebar{display:flex;flex-wrap:wrap;gap:.4em 1em;align-items:center;margin:.4em 0 0;font-size:.9em}
.tablebar input{font:inherit;padding:.1em .4em;width:16em}
.tablebar button{font:inherit}
th.sortable{cursor:pointer;user-select:none}
th.sortable::after{content:" \\2195";color:var(--muted);font-size:.8em}
th.asc::after{content:" \\2191"} th.desc::after{content:" \\2193"}
"""

#: Every table of a page: click a header to sort, type to filter the rows, export the rows
#: shown as CSV (cells that a spreadsheet would run as a formula are prefixed with ').
TABLE_JS = r"""
(function () {
  "use strict";
  var ui = document.body.dataset;
  var tables = document.querySelectorAll("main table");
  function cellText(td) { return (td.textContent || "").replace(/\s+/g, " ").trim(); }
  function num(t) { var x = t.replace(/,/g, ""); return /^-?\d+(\.\d+)?%?$/.test(x) ? parseFloat(x) : null; }
  function csvCell(t) {
    if (/^[=+\-@\t\r]/.test(t)) { t = "'" + t; }
    return /[",\n\r]/.test(t) ? '"' + t.replace(/"/g, '""') + '"' : t;
  }
  Array.prototype.forEach.call(tables, function (table, ti) {
    var body = table.tBodies[0];
    if (!body || !table.tHead) { return; }
    var heads = table.tHead.rows[0].cells;
    var bar = document.createElement("div");
    bar.className = "tablebar";
    var input = document.createElement("input");
    input.type = "search";
    input.placeholder = ui.filter;
    input.className = "table-filter";
    var count = document.createElement("span");
    count.className = "muted table-count";
    var exp = document.createElement("button");
    exp.type = "button";
    exp.className = "table-export";
    exp.textContent = ui.export;
    bar.appendChild(input); bar.appendChild(exp); bar.appendChild(count);
    table.parentNode.insertBefore(bar, table);
    function shown() { return Array.prototype.filter.call(body.rows, function (r) { return !r.hidden; }); }
    function recount() { count.textContent = shown().length + " / " + body.rows.length + " " + ui.rows; }
    input.addEventListener("input", function () {
      var q = input.value.trim().toLowerCase();
      Array.prototype.forEach.call(body.rows, function (r) { r.hidden = q !== "" && cellText(r).toLowerCase().indexOf(q) < 0; });
      recount();
    });
    Array.prototype.forEach.call(heads, function (th, col) {
      th.classList.add("sortable");
      th.title = ui.sort;
      th.addEventListener("click", function () {
        var dir = th.classList.contains("asc") ? -1 : 1;
        Array.prototype.forEach.call(heads, function (o) { o.classList.remove("asc", "desc"); });
        th.classList.add(dir === 1 ? "asc" : "desc");
        var rows = Array.prototype.slice.call(body.rows);
        var keys = rows.map(function (r) { var t = r.cells[col] ? cellText(r.cells[col]) : ""; return [num(t), t]; });
        var numeric = keys.every(function (k) { return k[1] === "" || k[1] === "—" || k[0] !== null; });
        var order = rows.map(function (r, i) { return i; });
        order.sort(function (a, b) {
          var x = keys[a], y = keys[b], c;
          if (numeric) { c = (x[0] === null ? -Infinity : x[0]) - (y[0] === null ? -Infinity : y[0]); }
          else { c = x[1].localeCompare(y[1], "zh-CN"); }
          return dir * c || a - b;
        });
        order.forEach(function (i) { body.appendChild(rows[i]); });
      });
    });
    exp.addEventListener("click", function () {
      var lines = [Array.prototype.map.call(heads, function (th) { return csvCell(cellText(th)); }).join(",")];
      shown().forEach(function (r) { lines.push(Array.prototype.map.call(r.cells, function (td) { return csvCell(cellText(td)); }).join(",")); });
      var blob = new Blob(["\ufeff" + lines.join("\r\n") + "\r\n"], {type: "text/csv;charset=utf-8"});
      var a = document.createElement("a");
      a.href = URL.createObjectURL(blob);
      a.download = (document.body.getAttribute("data-page") || "table") + "-" + (ti + 1) + ".csv";
      document.body.appendChild(a);
      a.click();
      setTimeout(function () { URL.revokeObjectURL(a.href); a.remove(); }, 0);
    });
    recount();
  });
})();
"""

NAV = (
    ("index.html", "Index"),
    ("overview.html", "Overview"),
    ("cocitation.html", "Co-citation"),
    ("similarity.html", "Agency similarity"),
    ("laws/index.html", "All laws"),
    ("agencies/index.html", "All agencies"),
    ("reports/index.html", "Reports"),
)


def csp(scripts: Sequence[str]) -> str:
    """The page's Content-Security-Policy: its own scripts by hash, nothing from a network."""
    hashes = " ".join("'sha256-%s'" % base64.b64encode(hashlib.sha256(s.encode("utf-8")).digest()).decode("ascii") for s in scripts)
    return (
        "default-src 'none'; "
        f"script-src {hashes or chr(39) + 'none' + chr(39)}; "
        "style-src 'unsafe-inline'; img-src data:; font-src data:; "
        "connect-src 'none'; form-action 'none'; base-uri 'none'"
    )


def document(
    title: Any,
    body: Html,
    *,
    root: str = "",
    scripts: Sequence[str] = (),
    styles: Sequence[str] = (),
    data: Any = None,
    wide: bool = False,
    page_name: str = "table",
) -> str:
    """A complete, self-contained page.

    ``root`` is the relative path from this page to the views folder (``""`` or ``"../"``);
    ``scripts`` and ``styles`` are trusted code (ours, or vis-network read from pyvis) and
    are inlined as they are; ``data`` goes in as :func:`script_json` under the id
    ``lawgraph-data``.
    """
    for s in scripts:
        if re.search(r"</script|<!--", s, re.I):
            raise ValueError("an inline script contains '</script' or '<!--'")
    for s in styles:
        if re.search(r"</style", s, re.I):
            raise ValueError("an inline style contains '</style'")
    from lawgraph.graph.views.i18n import html_lang, tr

    if "<table" in body:
        scripts = [*scripts, TABLE_JS]
        styles = [*styles, TABLE_CSS]
    nav = join(link(root + href, tr(text)) for href, text in NAV)
    parts = [
        f'<!DOCTYPE html>\n<html lang="{html_lang()}">\n<head>\n<meta charset="utf-8">\n',
        f'<meta http-equiv="Content-Security-Policy" content="{h(csp(scripts))}">\n',
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n',
        '<meta name="generator" content="lawgraph">\n',
        f"<title>{h(title)} · lawgraph</title>\n",
        f"<style>{BASE_CSS}</style>\n",
    ]
    parts += [f"<style>{s}</style>\n" for s in styles]
    parts.append(
        f'</head>\n<body data-filter="{h(tr("Filter rows…"))}" data-export="{h(tr("Export CSV"))}" '
        f'data-rows="{h(tr("rows"))}" data-sort="{h(tr("sort"))}" data-page="{h(page_name)}">\n'
    )
    parts.append(f'<header class="top"><span class="brand">lawgraph</span>{nav}</header>\n')
    main_attrs = ' class="wide"' if wide else ""
    parts.append(f"<main{main_attrs}>\n{body}\n</main>\n")
    if data is not None:
        parts.append(f'<script type="application/json" id="lawgraph-data">{script_json(data)}</script>\n')
    parts += [f"<script>{s}</script>\n" for s in scripts]
    parts.append("</body>\n</html>\n")
    return "".join(parts)
