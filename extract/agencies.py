"""Agency names: recognise them in a report and write them in full, with their region.

Two tables drive it (``extract/data``): ``agency_abbreviations.tsv`` (外办 = 外事办公室,
政法委 = 政法委员会 …, with the rule that builds the full name) and
``central_agencies.tsv`` (外交部 → 中华人民共和国外交部 …). A local name is a region
(北京市东城区, or 区/市 meaning the report's own district or city) + an optional 委 (party
committee) or 政府/人民政府 + a department from the table. Names are written as the body
writes them on its letterhead, with the region as :attr:`extract.regions.Place.official`
gives it; ``Found.region`` is the whole region path.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

from lawgraph.extract.name_index import NameIndex
from lawgraph.extract.normalise import CJK
from lawgraph.extract.regions import PROVINCE_SHORT, TOWN_ENDS, Place, gazetteer, leading_place

#: Words that stand for the report's own region, and the level they name.
GENERIC_REGION = {
    "自治区": "provincial", "省": "provincial", "市": "municipal", "州": "municipal", "盟": "municipal",
    "区": "district", "县": "district", "旗": "district", "镇": "street", "乡": "street", "街道": "street",
}  # fmt: skip
_ORDINAL = "一二三四五六七八九十"
# Suffixes that end the name of an agency written in full after an explicit region.
FULL_NAME_END = re.compile(
    r"(?:人民政府|政府|委员会|办公室|管理局|分局|局|厅|中心|人民法院|法院|人民检察院|检察院|办事处|管委会|"
    r"委|部|署|所|队|站|处|院|办|党组|党委)$"
)
# A department word is a verb here: 区政府办理…, 政府办结 (not 区政府办公室).
_VERB_AFTER_BAN = re.compile(r"[理结事好成件案实法学]")


@dataclass(frozen=True)
class Part:
    full: str
    kind: str  # gov | govoffice | party | congress | cppcc | court | procuratorate


def _rows(name: str) -> list[list[str]]:
    text = (resources.files("lawgraph.extract") / "data" / name).read_text(encoding="utf-8")
    return [line.split("\t") for line in text.splitlines() if line.strip() and not line.startswith("#")]


@lru_cache(maxsize=1)
def parts() -> dict[str, Part]:
    table = {short: Part(full, kind) for short, full, kind in _rows("agency_abbreviations.tsv")}
    table["中院"] = Part("中级人民法院", "court")
    table["中级人民法院"] = Part("中级人民法院", "court")
    return table


@lru_cache(maxsize=1)
def central() -> dict[str, str]:
    """National bodies: every name as written (short, full, with or without 中华人民共和国)
    → the official name."""
    table = {short: full for short, full in _rows("central_agencies.tsv")}
    for full in list(table.values()):
        table.setdefault(full, full)
        if full.startswith("中华人民共和国"):
            table.setdefault(full.removeprefix("中华人民共和国"), full)
    return table


@lru_cache(maxsize=1)
def _automaton() -> NameIndex:
    """Department words and national names in one pass."""
    names = sorted(set(parts()) | {"人民政府", "政府"} | set(central()))
    return NameIndex(names, [n in central() for n in names], longest=False)


_DECREE_AFTER = re.compile(r"\s*令\s*(?:第|〔|\[)")

#: Agency names kept per report (see extract.citations.MAX_CITATIONS: the same guard).
MAX_AGENCY_NAMES = 20_000

_PLACE_END = set("省市区县旗州盟镇乡道木")
_TOWN_LAST = {end[-1] for end in TOWN_ENDS}  # the last characters of 镇, 乡, 街道, 苏木
_EVERY = re.compile(r"各(?:省|市|区|县|级|地|乡镇|乡|镇|街道)?$")


@dataclass(frozen=True)
class Where:
    """A region as an agency name carries it: its official prefix, its path, its level."""

    prefix: str  # 北京市西城区, 武汉市江岸区, 桃源县, 象山县丹东街道
    path: str | None  # 北京市西城区, 湖北省武汉市江岸区, 湖南省常德市桃源县 …; None: not placed
    level: str  # provincial | municipal | district | street

    @classmethod
    def of(cls, place: Place) -> "Where":
        level = "provincial" if place.kind == "city" and place.name == place.province else place.level
        placed = place.kind != "town" or place.county is not None
        return cls(place.official, place.path if placed else None, level)


@dataclass
class Context:
    """What a report says about where it comes from: what 省, 市, 区/县 and 镇/街道 mean."""

    levels: dict[str, Where] = field(default_factory=dict)  # provincial/municipal/district/street → region
    hints: str = ""  # text used to choose between places of the same name
    # names already read in this context (a report reads its header lines several times)
    memo: dict = field(default_factory=dict, compare=False, repr=False)

    @classmethod
    def of(cls, place: Place | None, hints: str = "") -> "Context":
        if place is None:
            return cls(hints=hints)
        g = gazetteer()
        levels: dict[str, Where] = {}
        prov = _one(g.find(place.province), "province")
        if prov is not None:
            levels["provincial"] = Where.of(prov)
        if place.city and place.city != place.province:
            city = next((p for p in g.find(place.city) if p.province == place.province and p.kind == "city"), None)
            if city is not None:
                levels["municipal"] = Where.of(city)
        elif place.province.endswith("市") and "provincial" in levels:
            levels["municipal"] = levels["provincial"]  # a municipality is its own city
        county = place.county if place.kind == "town" else (place if place.level == "district" else None)
        if county is not None:
            levels["district"] = Where.of(county)
            if county.kind == "county" and county.name.endswith("市"):
                levels["municipal"] = Where.of(county)  # in 普宁市, 市 is 普宁市
        if place.kind == "town":
            levels["street"] = Where.of(place)
        if place.kind == "city":
            levels["municipal"] = Where.of(place)
        return cls(levels, hints)

    @property
    def district(self) -> str | None:
        w = self.levels.get("district")
        return w.prefix if w else None

    @property
    def city(self) -> str | None:
        w = self.levels.get("municipal")
        return w.prefix if w else None

    @property
    def province(self) -> str | None:
        w = self.levels.get("provincial")
        return w.prefix if w else None

    @property
    def region(self) -> str | None:
        """The most local region path the report is known to come from."""
        for level in ("street", "district", "municipal", "provincial"):
            if level in self.levels:
                return self.levels[level].path
        return None

    def generic(self, word: str) -> Where | None:
        """What 区/县/市/省/镇 … standing alone mean in this report."""
        level = GENERIC_REGION[word]
        w = self.levels.get(level)
        if w is not None and level == "municipal" and self.levels.get("provincial") == w:
            return w  # 市 in a Beijing report: the municipality, a provincial body
        return w


#: A report that says nothing of where it comes from (names read alone, the same in every report).
NO_CONTEXT = Context()


def _one(places: list[Place], kind: str) -> Place | None:
    return next((p for p in places if p.kind == kind), None)


@dataclass
class Found:
    start: int
    end: int
    name: str
    level: str
    region: str | None  # the region path, 全国 for central bodies, None when unknown
    kind: str = "body"  # body | place (a bare region read as its government) | joint


def _region_before(text: str, pos: int, ctx: Context) -> tuple[int, Where | None, str]:
    """Read a region that ends at ``pos``: (where it starts, the region, level).

    Tries the longest gazetteer name first (北京市东城区, 东城区, 象山县丹东街道), then a
    province's short name (广西外事办), then 区/市/省/县/镇 alone, meaning the report's own.
    """
    start, place = _place_before(text, pos, ctx)
    if place is not None:
        w = Where.of(place)
        return start, w, w.level
    for n in (3, 2):
        province = PROVINCE_SHORT.get(text[max(0, pos - n) : pos])
        if province is not None and pos >= n:
            p = _one(gazetteer().find(province), "province")
            if p is not None:
                return pos - n, Where.of(p), "provincial"
    # 自治区 and 街道 before the one-character words (自治区 ends in 区)
    word = "自治区" if text.endswith("自治区", max(0, pos - 3), pos) else ("街道" if text.endswith("街道", max(0, pos - 2), pos) else text[pos - 1 : pos])
    if word in _GENERIC_WORDS:
        generic = ctx.generic(word)
        return pos - len(word), generic, generic.level if generic else GENERIC_REGION[word]
    return pos, None, "unknown"


_GENERIC_WORDS = frozenset(("自治区", "街道", "区", "县", "旗", "市", "省", "州", "盟", "镇", "乡"))


def _district_stem_before(text: str, pos: int, ctx: Context) -> tuple[int, Where | None, str]:
    """A district named without its 区 before a branch bureau: 甘井子公安分局."""
    for n in range(min(5, pos), 1, -1):
        stem = text[pos - n : pos]
        for suffix in ("区", "县"):
            cands = [p for p in gazetteer().find(stem + suffix) if p.level == "district"]
            place = cands[0] if len(cands) == 1 else (_choose(cands, ctx) if cands else None)
            if place is not None:
                return pos - n, Where.of(place), "district"
    return pos, None, "unknown"


def _place_before(text: str, pos: int, ctx: Context) -> tuple[int, Place | None]:
    """The gazetteer place ending at ``pos`` (the longest name), with the region written
    before it when there is one: 北京市东城区, 渠县土溪镇, 杭州市上城区小营街道."""
    last = text[pos - 1 : pos]
    if last not in _PLACE_END:
        return pos, None
    g = gazetteer()
    # a name that cannot end like a township is looked up in the places directly (what
    # Gazetteer.find does for it, without testing its ending at each of the 15 lengths)
    places = None if last in _TOWN_LAST else g.places
    for n in range(min(16, pos), 1, -1):
        name = text[pos - n : pos]
        cands = places.get(name) if places is not None else g.find(name)
        if not cands:
            continue
        start = pos - n
        # a region written before it narrows it down: 东城区 of 北京市, 土溪镇 of 渠县
        outer_start, outer = _place_before(text, start, ctx) if start and text[start - 1] in _PLACE_END else (start, None)
        if outer is not None:
            inside = [p for p in cands if _inside(p, outer)]
            if inside:
                cands, start = inside, outer_start
            elif outer.kind == "city" and all(p.level == "district" for p in cands):
                # X市Y区 where the table has no Y区 in X市 (a district moved or renamed): the
                # text knows its own city
                return outer_start, _under(cands[0], outer)
        place = cands[0] if len(cands) == 1 else _choose(cands, ctx)
        if place is not None:
            return start, place
        return pos, None
    return pos, None


def _under(p: Place, city: Place) -> Place:
    """A county-level place as the text places it: under ``city``."""
    return Place(city.code[:4] + "99" + "0" * 6, p.name, "district", city.province, city.name, p.kind)


def _inside(p: Place, outer: Place) -> bool:
    if p.kind == "town":
        return p.county is not None and (p.county == outer or _inside(p.county, outer))
    return outer.name in (p.city, p.province) and p != outer


def _choose(cands: list[Place], ctx: Context) -> Place | None:
    region = ctx.region
    if region:
        inside = [p for p in cands if p.path.startswith(region) or region.startswith(p.path)]
        if len(inside) == 1:
            return inside[0]
        if inside:
            cands = inside
        for level in ("district", "municipal", "provincial"):
            w = ctx.levels.get(level)
            if w and w.path:
                inside = [p for p in cands if p.path.startswith(w.path)]
                if len(inside) == 1:
                    return inside[0]
    return gazetteer().resolve(cands[0].name, ctx.hints) if len({p.name for p in cands}) == 1 else None


def _build(where: Where, party: bool, gov: bool, core: str, ordinal: str = "") -> str | None:
    region, level = where.prefix, where.level
    if core in ("人民政府", "政府"):
        if party:
            return None
        return f"{region}办事处" if region.endswith("街道") else f"{region}人民政府"
    p = parts()[core]
    if p.kind == "party" or party:
        if p.full == "党校":
            return f"中共{region}委党校"
        if p.full == "委员会":
            return f"中共{region}委员会"
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
    if core.endswith("办") and _VERB_AFTER_BAN.match(text, end):
        return None
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
            # 区委政法委, 省委办公厅: the party committee's department or office
            if text[pos - 1 : pos] == "委" and (parts()[core].kind == "party" or core in ("办公厅", "办公室")):
                party, pos = True, pos - 1
    if _EVERY.search(text, max(0, pos - 2), pos):
        return None  # 各省税务局, 各级税务局: every one of them, no agency in particular
    rstart, where, level = _region_before(text, pos, ctx)
    if where is None and core.endswith("分局"):
        rstart, where, level = _district_stem_before(text, pos, ctx)
    if where is None:
        if rstart < pos or gov or party:
            return None  # 区/市 we cannot place, or 政府 with no region
        p = parts().get(core)
        region = ctx.region
        if not bare_ok or p is None or p.kind != "gov" or region is None:
            return None
        # a bare department name (城管执法局) in a local report is that region's department
        where = _most_local(ctx)
        rstart = pos
    if core in ("人民政府", "政府") and where.level == "street" and not where.prefix.endswith(TOWN_ENDS):
        return None
    name = _build(where, party, gov, core, ordinal)
    if name is None:
        return None
    return Found(rstart, end, name, where.level, where.path)


def _most_local(ctx: Context) -> Where:
    # a department named bare in a township's report is its county's (towns have offices, not 局)
    for level in ("district", "municipal", "provincial"):
        if level in ctx.levels:
            return ctx.levels[level]
    raise ValueError("context without a region")


def find_agencies(text: str, ctx: Context) -> list[Found]:
    """Leftmost-longest agency names in ``text``."""
    return find_agencies_upto(text, ctx, None)[0]


def find_agencies_upto(text: str, ctx: Context, limit: int | None, horizon: int | None = None) -> tuple[list[Found], int]:
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
        if _DECREE_AFTER.match(text, end):
            continue  # 北京市人民政府令第299号: the issuer of a decree number, not a mention
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


_LINE_AGENCY = re.compile(rf"^[{CJK}（）()]{{2,40}}$")
# A unit of a national body that reports in its own name: 全国人大常委会执法检查组.
_CENTRAL_UNIT = re.compile(r"^(?:执法检查组|检查组|调研组|督察组|督导组|巡视组|办公厅|办公室|机关党委|党组)$")
# The party committee of a region: 省委, 自治区党委, 中共X委员会 …
_PARTY_COMMITTEE = re.compile(r"^(?:中国共产党|中共)?(?P<region>.+?)(?:党委|委员会|委)$")
_JOINT_SPLIT = re.compile(r"[、，,\s]+")


def parse_name(name: str, ctx: Context, *, bare_place: bool = False) -> Found | None:
    """Read a whole string as one agency name (a header, signature or metadata line), or as
    several joined with 、 or spaces (中共X委员会 X人民政府: a joint issuer, named with 、).
    With ``bare_place``, a place alone (海淀区, 小营街道) is read as its government."""
    key = (name, bare_place)
    try:
        return ctx.memo[key]
    except KeyError:
        pass
    if len(ctx.memo) > 4096:
        ctx.memo.clear()
    name = re.sub(r"[ \t\u3000]+", " ", name).strip()
    pieces = [p for p in _JOINT_SPLIT.split(name) if p]
    if len(pieces) > 1:
        found = _joint(pieces, ctx, bare_place)
    else:
        found = _one_name(name.replace(" ", ""), ctx, bare_place)
    ctx.memo[key] = found
    return found


def _joint(pieces: list[str], ctx: Context, bare_place: bool) -> Found | None:
    found: list[Found] = []
    for piece in pieces:
        # 省政府 after 云南省委: the same province
        local = Context.of(_place_of(found[-1].region), ctx.hints) if found and found[-1].region else ctx
        if found and not local.levels:
            local = ctx
        if found and piece in ("政府", "人民政府"):
            # 自治区党委、政府: the government of the region just named
            w = local.levels.get(found[-1].level) if found[-1].level != "central" else None
            f = Found(0, len(piece), _build(w, False, True, "人民政府") or "", w.level, w.path, "body") if w else None
        else:
            f = _one_name(piece, local, bare_place) or (_one_name(piece, local, bare_place=True) if found else None)
        if f is None:
            return None
        found.append(f)
    names = list(dict.fromkeys(f.name for f in found))
    first = found[0]
    return Found(0, sum(len(p) for p in pieces), "、".join(names), first.level, first.region, "joint" if len(names) > 1 else first.kind)


def _place_of(path: str | None) -> Place | None:
    """The place a region path names (its most local part)."""
    if not path or path == "全国":
        return None
    g = gazetteer()
    for n in range(min(len(path), 12), 1, -1):
        tail = path[-n:]
        cands = g.find(tail)
        hit = [p for p in cands if p.path == path]
        if hit:
            return hit[0]
    return None


def _one_name(name: str, ctx: Context, bare_place: bool) -> Found | None:
    if not _LINE_AGENCY.match(name):
        return None
    name = name.removeprefix("原")  # 原环境保护部: the body under its name of the time
    if name in central():
        return Found(0, len(name), central()[name], "central", "全国")
    for unit in range(len(name) - 2, 1, -1):
        head, tail = name[:unit], name[unit:]
        if head in central() and _CENTRAL_UNIT.match(tail):
            return Found(0, len(name), central()[head] + tail, "central", "全国")
    party = _party_committee(name, ctx)
    if party is not None:
        return party
    branch = _branch(name, ctx)
    if branch is not None:
        return branch
    for prefix in ("中国共产党", "中共"):
        # 中共北京市西城区委政法委员会: read the rest, which carries the 委 itself
        if name.startswith(prefix) and not name.endswith(("党组", "党委")):
            inner = _one_name(name[len(prefix) :], ctx, False)
            if inner and inner.name.startswith("中共"):
                return Found(0, len(name), inner.name, inner.level, inner.region)
            return None
    if name.startswith(("中共", "中国共产党")) and name.endswith(("党组", "党委")):
        inner = _one_name(re.sub(r"^(?:中国共产党|中共)", "", name)[:-2], ctx, False)
        if inner:
            return Found(0, len(name), "中共" + inner.name + name[-2:], inner.level, inner.region)
    found = [f for f in find_agencies(name, ctx) if f.end == len(name)]
    if found and found[0].start == 0:
        return found[0]
    place_end, where = _leading_region(name, ctx)
    if where is not None and place_end == len(name):
        if not bare_place:
            return None
        gov = f"{where.prefix}办事处" if where.prefix.endswith("街道") else f"{where.prefix}人民政府"
        return Found(0, len(name), gov, where.level, where.path, "place")
    # A department we have no table entry for, written in full after its region.
    if where is not None and FULL_NAME_END.search(name) and place_end < len(name) and _free_department(name[place_end:]):
        rest = name[place_end:]
        if rest.startswith(("人民政府", "政府")) and rest not in ("人民政府", "政府"):
            rest = "人民政府" + rest.removeprefix("人民政府").removeprefix("政府")
        if rest in ("政府", "人民政府"):
            rest = "办事处" if where.prefix.endswith("街道") else "人民政府"
        return Found(0, len(name), where.prefix + rest, where.level, where.path)
    return None


# What a department's own name never holds: the words of a clause around it.
_NOT_IN_NAME = re.compile(
    r"在|坚持|以|的|为|对|将|把|按照|根据|认真|深入|推进|情况|报告|年|、|，|,|关于|印发|配合|开展|组织|召开|"
    r"落实|贯彻|学习|加强|强化|推动|全面|积极|持续|不断|扎实|进一步|制定|出台|完善|健全|法治|网站|门户|网$"
)


_UNIT_INSIDE = re.compile(r"[局厅院署所]")


def _free_department(rest: str) -> bool:
    """Whether ``rest`` can be a department's name (城市管理综合行政执法局), not a clause:
    short, without the words of a clause, one unit (no 局 before the last character)."""
    return (
        2 <= len(rest) <= 18
        and not _NOT_IN_NAME.search(rest)
        and not _UNIT_INSIDE.search(rest[:-1])
        and not (rest.endswith("政府") and rest not in ("政府", "人民政府"))
    )


def _leading_region(name: str, ctx: Context) -> tuple[int, Where | None]:
    """The region a name starts with — a gazetteer place (北京市东城区, 贤庠镇), a province's
    short name, or 区/市/省/县/镇 meaning the report's own — and where it ends."""
    place, pos = leading_place(name)
    if place is not None and place.kind == "city" and pos < len(name):
        # 南京市朝阳区…: a district the table puts in other cities, written after its own city
        for n in range(min(8, len(name) - pos), 1, -1):
            cands = [p for p in gazetteer().find(name[pos : pos + n]) if p.level == "district"]
            if cands and not any(p.city == place.name for p in cands):
                return pos + n, Where.of(_under(cands[0], place))
    if place is not None and len(gazetteer().find(place.name)) > 1:
        # 城中区 is in 西宁 and 柳州: the one the report's region says; if it says none, the
        # name as written, with no region (none is invented)
        chosen = _choose([p for p in gazetteer().find(place.name) if p.level != "street"], ctx)
        if chosen is None:
            written = name[:pos]
            return pos, Where(written, None, place.level)
        place = chosen
    if place is not None:
        # a township after its county (渠县土溪镇), or alone (小营街道)
        town_end, town = _leading_town(name, pos, place, ctx)
        if town is not None:
            return town_end, Where.of(town)
        if pos == len(name) or place.level == "district":
            return pos, Where.of(place)
        return pos, Where.of(place)
    town_end, town = _leading_town(name, 0, None, ctx)
    if town is not None:
        return town_end, Where.of(town)
    for short, province in PROVINCE_SHORT.items():
        if name.startswith(short) and not name.startswith(province):
            p = _one(gazetteer().find(province), "province")
            if p is not None:
                return len(short), Where.of(p)
    for word in ("自治区", "街道", "区", "县", "旗", "市", "省", "州", "镇", "乡"):
        if name.startswith(word):
            w = ctx.generic(word)
            if w is not None:
                return len(word), w
            return 0, None
    return 0, None


_TOWN_NAME = re.compile(rf"[{CJK}]{{1,5}}?(?:街道|镇|乡|苏木)")
_PRONOUN_START = "本我该各全每此其"
_TOWN_WORDS = {"乡镇", "城镇", "村镇", "街道", "镇街", "街镇", "小镇"}


def _leading_town(name: str, pos: int, county: Place | None, ctx: Context) -> tuple[int, Place | None]:
    """A township name at ``name[pos:]`` (the longest the gazetteer knows), inside ``county``
    when one was written before it."""
    g = gazetteer()
    for n in range(min(8, len(name) - pos), 1, -1):
        word = name[pos : pos + n]
        if not word.endswith(TOWN_ENDS) or word in _TOWN_WORDS:
            continue
        cands = g.find(word)
        if county is not None:
            cands = [p for p in cands if p.county is not None and (p.county == county or _inside(p.county, county))]
        if not cands:
            continue
        if len(cands) == 1:
            return pos + n, cands[0]
        chosen = _choose(cands, ctx)
        if chosen is not None:
            return pos + n, chosen
        return pos + n, _unplaced_town(word, county)
    m = _TOWN_NAME.match(name, pos)
    # not 本街道, 我镇, 各乡; not 宁乡 in 宁乡市 (a county-level city the gazetteer may not know)
    if m and m.group() not in _TOWN_WORDS and m.group()[0] not in _PRONOUN_START and name[m.end() : m.end() + 1] not in ("市", "县", "区", "旗"):
        return m.end(), _unplaced_town(m.group(), county)
    return pos, None


def _unplaced_town(word: str, county: Place | None) -> Place:
    """A township we cannot place (or not unambiguously): its name, with its county if known."""
    if county is not None:
        return Place(county.code, word, "street", county.province, county.city, "town", county)
    return Place("", word, "street", "", None, "town", None)


# 重庆市公安局渝北区分局: a city bureau's branch in one of its districts
_BRANCH = re.compile(
    r"^(?P<outer>.+?)(?P<dept>公安局|税务局|市场监督管理局|自然资源和规划局|规划和自然资源局|自然资源局|生态环境局)"
    r"(?P<inner>[\u4e00-\u9fff]{1,8}?)分局$"
)


def _branch(name: str, ctx: Context) -> Found | None:
    m = _BRANCH.match(name)
    if not m:
        return None
    end, outer = _leading_region(m.group("outer"), ctx)
    if outer is None or end != len(m.group("outer")):
        return None
    # the district, with or without its 区 (大连市公安局甘井子分局)
    inner = None
    for written in (m.group("inner"), m.group("inner") + "区", m.group("inner") + "县"):
        inner = next((p for p in gazetteer().find(written) if outer.path and p.path.startswith(outer.path)), None)
        if inner:
            break
    if inner is None and not m.group("inner").endswith(("区", "县", "市", "旗")):
        return None
    path = inner.path if inner else None
    return Found(0, len(name), outer.prefix + m.group("dept") + m.group("inner") + "分局", "district", path)


def _party_committee(name: str, ctx: Context) -> Found | None:
    """省委, 云南省委, 自治区党委, 中共渠县土溪镇委员会, 镇党委 → 中共<region>委员会."""
    m = _PARTY_COMMITTEE.match(name)
    if not m:
        return None
    region = m.group("region")
    end, where = _leading_region(region, ctx)
    if where is None or end != len(region):
        return None
    if name.endswith("委员会") and not name.startswith(("中共", "中国共产党")):
        return None  # 北京市教育委员会 is a government body
    return Found(0, len(name), f"中共{where.prefix}委员会", where.level, where.path)
