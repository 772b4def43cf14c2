"""Agency names: recognise them in a report and write them in full, with their region.

Two tables drive it (``extract/data``): ``agency_abbreviations.tsv`` (外办 = 外事办公室,
政法委 = 政法委员会 …, with the rule that builds the full name) and
``central_agencies.tsv`` (外交部 → 中华人民共和国外交部 …). A local name is a region
(北京市东城区, or 区/市 meaning the report's own district or city) + an optional 委 (party
committee) or 政府/人民政府 + a department from the table.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources


from extract.name_index import NameIndex
from extract.normalise import CJK
from extract.regions import Place, gazetteer, leading_place

GENERIC_REGION = {"区": "district", "县": "district", "市": "municipal", "省": "provincial", "州": "municipal"}
_ORDINAL = "一二三四五六七八九十"
# Suffixes that end the name of an agency written in full after an explicit region.
FULL_NAME_END = re.compile(
    r"(?:人民政府|政府|委员会|办公室|管理局|分局|局|厅|中心|人民法院|法院|人民检察院|检察院|办事处|管委会|"
    r"委|部|署|所|队|站|处|院|办)$"
)


@dataclass(frozen=True)
class Part:
    full: str
    kind: str  # gov | govoffice | party | congress | cppcc | court | procuratorate


def _rows(name: str) -> list[list[str]]:
    text = (resources.files("extract") / "data" / name).read_text(encoding="utf-8")
    return [line.split("\t") for line in text.splitlines() if line.strip() and not line.startswith("#")]


@lru_cache(maxsize=1)
def parts() -> dict[str, Part]:
    table = {short: Part(full, kind) for short, full, kind in _rows("agency_abbreviations.tsv")}
    table["中院"] = Part("中级人民法院", "court")
    table["中级人民法院"] = Part("中级人民法院", "court")
    return table


@lru_cache(maxsize=1)
def central() -> dict[str, str]:
    return {short: full for short, full in _rows("central_agencies.tsv")}


@lru_cache(maxsize=1)
def _automaton() -> NameIndex:
    """Department words and national names in one pass."""
    names = sorted(set(parts()) | {"人民政府", "政府"} | set(central()))
    return NameIndex(names, [n in central() for n in names], longest=False)


#: Agency names kept per report (see extract.citations.MAX_CITATIONS: the same guard).
MAX_AGENCY_NAMES = 20_000

_PLACE_END = set("省市区县旗州盟")
_EVERY = re.compile(r"各(?:省|市|区|县|级|地|乡镇)?$")


@dataclass
class Context:
    """What a report says about where it comes from: used for 区 and 市."""

    district: str | None = None  # 北京市东城区
    city: str | None = None  # 北京市
    province: str | None = None  # 北京市, 江苏省
    hints: str = ""  # text used to choose between places of the same name

    @classmethod
    def of(cls, place: Place | None, hints: str = "") -> "Context":
        if place is None:
            return cls(hints=hints)
        if place.level == "district":
            return cls(place.full, place.city, place.province, hints)
        if place.level == "municipal":
            return cls(None, place.name, place.province, hints)
        # a province-level municipality is its own city
        city = place.name if place.name.endswith("市") else None
        return cls(None, city, place.name, hints)

    @property
    def region(self) -> str | None:
        return self.district or self.city or self.province


@dataclass
class Found:
    start: int
    end: int
    name: str
    level: str
    region: str | None


def _region_before(text: str, pos: int, ctx: Context) -> tuple[int, str | None, str]:
    """Read a region that ends at ``pos``: (where it starts, full region, level).

    Tries the longest gazetteer name first (北京市东城区, 东城区), then 区/市/省/县 alone.
    """
    g = gazetteer()
    best = None
    # place names end in one of a few characters; most positions need no lookup at all
    ends_like_place = text[pos - 1 : pos] in _PLACE_END
    for n in range(min(12, pos) if ends_like_place else 0, 1, -1):
        name = text[pos - n : pos]
        place = g.resolve(name, ctx.hints) if g.find(name) else None
        if place:
            best = (pos - n, place)
            break
    if best:
        start, place = best
        # 北京市东城区: a city written before its district belongs to the same name
        for n in range(min(8, start), 1, -1):
            outer = text[start - n : start]
            if g.find(outer) and place.level == "district" and outer in (place.city, place.province):
                start -= n
                break
        return start, place.full, place.level
    ch = text[pos - 1 : pos]
    if ch in GENERIC_REGION:
        level = GENERIC_REGION[ch]
        region = {"district": ctx.district, "municipal": ctx.city, "provincial": ctx.province}[level]
        if region is None and level == "municipal" and ctx.province and ctx.province.endswith("市"):
            region = ctx.province
        return pos - 1, region, level
    return pos, None, "unknown"


def _build(region: str, level: str, party: bool, gov: bool, core: str, ordinal: str = "") -> str | None:
    if core in ("人民政府", "政府"):
        return None if party else f"{region}人民政府"
    p = parts()[core]
    if p.kind == "party" or party:
        if p.full == "党校":
            return f"中共{region}委党校"
        return f"中共{region}委{p.full}"
    if p.kind == "govoffice":
        return f"{region}人民政府{p.full}"
    if p.kind == "congress":
        return f"{region}{p.full}"
    if p.kind == "cppcc":
        return f"中国人民政治协商会议{region}委员会"
    if p.kind == "court" and p.full == "中级人民法院":
        city = region if level != "district" else None
        return f"{city}第{ordinal}中级人民法院" if city and ordinal else (f"{city}中级人民法院" if city else None)
    return f"{region}{p.full}"


def parse_at(text: str, start: int, end: int, ctx: Context, *, bare_ok: bool = True) -> Found | None:
    """Read the agency whose department word is ``text[start:end]``, looking back for its prefix."""
    core = text[start:end]
    pos = start
    ordinal = ""
    if core in ("中院", "中级人民法院") and pos and text[pos - 1] in _ORDINAL:
        ordinal = text[pos - 1]
        pos -= 1
    gov = party = False
    if core not in ("人民政府", "政府"):
        for marker in ("人民政府", "政府"):
            if text[max(0, pos - len(marker)) : pos] == marker:
                gov, pos = True, pos - len(marker)
                break
        else:
            if text[pos - 1 : pos] == "委" and parts()[core].kind == "party":
                party, pos = True, pos - 1
    if _EVERY.search(text, max(0, pos - 2), pos):
        return None  # 各省税务局, 各级税务局: every one of them, no agency in particular
    rstart, region, level = _region_before(text, pos, ctx)
    if region is None:
        if rstart < pos or gov or party:
            return None  # 区/市 we cannot place, or 政府 with no region
        p = parts().get(core)
        if not bare_ok or p is None or p.kind != "gov" or ctx.region is None:
            return None
        # a bare department name (城管执法局) in a local report is that region's department
        region, level = ctx.region, _level_of(ctx)
        rstart = pos
    name = _build(region, level, party, gov, core, ordinal)
    if name is None:
        return None
    return Found(rstart, end, name, level, region)


def _level_of(ctx: Context) -> str:
    if ctx.district:
        return "district"
    if ctx.city and ctx.city != ctx.province:
        return "municipal"
    return "provincial"


def find_agencies(text: str, ctx: Context) -> list[Found]:
    """Leftmost-longest agency names in ``text``."""
    return find_agencies_upto(text, ctx, None)[0]


def find_agencies_upto(
    text: str, ctx: Context, limit: int | None, horizon: int | None = None
) -> tuple[list[Found], int]:
    """The same, for names that end before ``horizon`` only, and stopping once ``limit``
    names are found; and how far the text was read (every name returned ends before that
    offset, and none that does is left out)."""
    cands: list[Found] = []
    horizon = len(text) if horizon is None else horizon
    for start, end, is_central in _automaton().matches(text, before=horizon):
        if limit is not None and len(cands) >= limit:
            # Matches come window by window, each window in order of end: every name that
            # ends before this one starts has been seen.
            horizon = start
            break
        if is_central:
            cands.append(Found(start, end, central()[text[start:end]], "central", "全国"))
            continue
        f = parse_at(text, start, end, ctx)
        if f:
            cands.append(f)
    cands.sort(key=lambda f: (f.start, -(f.end - f.start)))
    out: list[Found] = []
    last = -1
    for f in cands:
        if f.start >= last:
            out.append(f)
            last = f.end
    out = _vertical(out)
    # Chosen first, cut second: a name the horizon cuts must not leave its head behind.
    return [f for f in out if f.end <= horizon], horizon


# Bureaus run from the centre carry the central body's name: 国家税务总局广东省税务局.
_VERTICAL = ("国家税务总局",)


def _vertical(found: list[Found]) -> list[Found]:
    out: list[Found] = []
    for f in found:
        prev = out[-1] if out else None
        if prev is not None and prev.name in _VERTICAL and prev.end == f.start and f.level != "central":
            out[-1] = Found(prev.start, f.end, prev.name + f.name, f.level, f.region)
        else:
            out.append(f)
    return out


_LINE_AGENCY = re.compile(rf"^[{CJK}（）()]{{4,40}}$")


def parse_name(name: str, ctx: Context) -> Found | None:
    """Read a whole string as one agency name (a header or signature line)."""
    name = re.sub(r"\s+", "", name)
    if not _LINE_AGENCY.match(name):
        return None
    for party in ("中国共产党", "中共"):
        # 中共北京市西城区委政法委员会: read the rest, which carries the 委 itself
        if name.startswith(party) and not name.endswith(("党组", "党委")):
            inner = parse_name(name[len(party):], ctx)
            if inner and inner.name.startswith("中共"):
                return Found(0, len(name), inner.name, inner.level, inner.region)
            if inner and name.endswith("委员会") and not inner.name.startswith("中共"):
                return Found(0, len(name), "中共" + inner.name, inner.level, inner.region)
            return None
    if name in central():
        return Found(0, len(name), central()[name], "central", "全国")
    found = [f for f in find_agencies(name, ctx) if f.end == len(name)]
    if found and found[0].start == 0:
        return found[0]
    # A department we have no table entry for, written in full after its region.
    if FULL_NAME_END.search(name):
        place, pos = leading_place(name)
        if place and pos < len(name):
            return Found(0, len(name), place.full + name[pos:], place.level, place.full)
        if name[0] in GENERIC_REGION:
            _, region, level = _region_before(name, 1, ctx)
            if region:
                return Found(0, len(name), region + name[1:], level, region)
    return None
