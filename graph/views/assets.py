"""vis-network, read from the installed pyvis package at build time and inlined.

pyvis ships vis-network's minified JS and CSS inside its package (``pyvis/lib/vis-9.1.2``);
lawgraph neither commits a copy nor links a CDN. The files are checked before use: an
inline script must not contain ``</script`` and must not fetch anything.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from importlib import resources

from lawgraph.extract.errors import LawgraphError

VIS_VERSION = "9.1.2"


class MissingAssetError(LawgraphError):
    pass


@dataclass(frozen=True)
class VisAssets:
    js: str
    css: str
    version: str


@functools.lru_cache(maxsize=1)
def vis_network() -> VisAssets:
    """The vis-network JS and CSS that pyvis ships (pyvis is a dependency of the views)."""
    try:
        lib = resources.files("pyvis") / "lib" / f"vis-{VIS_VERSION}"
        js = (lib / "vis-network.min.js").read_text(encoding="utf-8")
        css = (lib / "vis-network.css").read_text(encoding="utf-8")
    except (ModuleNotFoundError, FileNotFoundError, OSError) as err:
        raise MissingAssetError(
            f"the views need vis-network {VIS_VERSION} from the pyvis package ({err}); install it with: pip install 'pyvis>=0.3.2'"
        ) from err
    if re.search(r"</script|<!--", js, re.I) or re.search(r"</style", css, re.I):
        raise MissingAssetError("pyvis's vis-network files cannot be inlined safely (they contain '</script')")
    # The license banner is a comment with URLs in it; drop it (not a resource, but the
    # pages are checked for no "http" at all in script and link sources, and it is noise).
    js = re.sub(r"\A/\*\*.*?\*/\s*", "", js, count=1, flags=re.S)
    # Only data: URLs may remain in the CSS (the configurator's icons).
    if any(not u.strip().strip("'\"").startswith("data:") for u in re.findall(r"url\(([^)]*)\)", css)):
        raise MissingAssetError("pyvis's vis-network.css refers to a non-data URL")
    # Of the 220 kB stylesheet (mostly icons of the configurator and the editing toolbar,
    # which the views do not use) only the tooltip rule matters: keep that.
    rules = [f"{sel.strip()}{{{body}}}" for sel, body in re.findall(r"([^{}]+)\{([^{}]*)\}", css) if ".vis-tooltip" in sel]
    css = "\n".join(rules) or _TOOLTIP_FALLBACK
    return VisAssets(js=js, css=css, version=VIS_VERSION)


_TOOLTIP_FALLBACK = (
    "div.vis-tooltip{position:absolute;visibility:hidden;padding:5px;white-space:nowrap;"
    "background-color:#f5f4ed;border:1px solid #808074;border-radius:3px;pointer-events:none;z-index:5}"
)


ECHARTS_FILE = "vendor/echarts.min.js"


@functools.lru_cache(maxsize=1)
def echarts() -> str:
    """Apache ECharts 5 (minified dist from npm, Apache-2.0; its LICENSE and NOTICE are
    beside it in ``graph/views/vendor``), inlined into the pages that draw charts."""
    try:
        js = (resources.files("lawgraph.graph.views") / ECHARTS_FILE).read_text(encoding="utf-8")
    except (ModuleNotFoundError, FileNotFoundError, OSError) as err:
        raise MissingAssetError(f"the views' chart library {ECHARTS_FILE} is missing ({err}); reinstall lawgraph") from err
    if re.search(r"</script|<!--", js, re.I):
        raise MissingAssetError(f"{ECHARTS_FILE} cannot be inlined safely (it contains '</script')")
    # The licence banner names URLs; the notice stays in vendor/ECHARTS-NOTICE.
    return re.sub(r"\A\s*/\*.*?\*/\s*", "", js, count=1, flags=re.S)
