"""China's administrative divisions, for giving agency names their official region.

Data: ``extract/data/regions.tsv`` (12-digit division codes and names, down to counties) and
``extract/data/townships.tsv`` (towns, townships and street offices by county). A name such as
东城区 expands to 北京市东城区; a name shared by several places (鼓楼区 is in four cities)
expands only when the report says which city or province it is in.

Official names carry the region the way a body writes it on its letterhead (:attr:`Place.official`):
bodies of 北京/天津/上海/重庆 and of their districts and counties carry the municipality
(北京市西城区, 重庆市奉节县); a prefecture-level city's 市辖区 carry the city (武汉市江岸区);
county-level places (县, 县级市, 旗, 自治县) stand alone (桃源县, 普宁市); towns and streets carry
their county or district (象山县丹东街道, 杭州市上城区小营街道). :attr:`Place.path` is the
whole region path (湖南省常德市桃源县).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

MUNICIPALITIES = ("11", "12", "31", "50")  # 北京 天津 上海 重庆: their districts sit under the province code
_PLACEHOLDER = {"市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"}

#: Short names of the provinces, as reports write them (广西外事办, 内蒙古自治区 → 内蒙古).
PROVINCE_SHORT = {
    "北京": "北京市", "天津": "天津市", "上海": "上海市", "重庆": "重庆市", "河北": "河北省", "山西": "山西省",
    "内蒙古": "内蒙古自治区", "辽宁": "辽宁省", "吉林": "吉林省", "黑龙江": "黑龙江省", "江苏": "江苏省",
    "浙江": "浙江省", "安徽": "安徽省", "福建": "福建省", "江西": "江西省", "山东": "山东省", "河南": "河南省",
    "湖北": "湖北省", "湖南": "湖南省", "广东": "广东省", "广西": "广西壮族自治区", "海南": "海南省",
    "四川": "四川省", "贵州": "贵州省", "云南": "云南省", "西藏": "西藏自治区", "陕西": "陕西省",
    "甘肃": "甘肃省", "青海": "青海省", "宁夏": "宁夏回族自治区", "新疆": "新疆维吾尔自治区",
}  # fmt: skip


@dataclass(frozen=True)
class Place:
    code: str  # 12 digits; a township: its county's code with a running number
    name: str  # as in the table: 东城区, 北京市, 南京市, 丹东街道
    level: str  # provincial | municipal | district (county level) | street (township level)
    province: str  # 北京市, 江苏省
    city: str | None  # the prefecture-level city (the municipality for its districts); None above or beside one
    kind: str  # province | city | urban (市辖区) | county (县, 县级市, 旗, 自治县 …) | town
    county: "Place | None" = None  # a township's county-level place

    @property
    def official(self) -> str:
        """The region as official names carry it: 北京市东城区, 武汉市江岸区, 桃源县, 象山县丹东街道."""
        if self.kind in ("province", "city"):
            return self.name
        if self.kind == "town":
            return (self.county.official if self.county else "") + self.name
        if self.code[:2] in MUNICIPALITIES:
            return self.province + self.name
        if self.kind == "urban" and self.city:
            return self.city + self.name
        return self.name

    @property
    def path(self) -> str:
        """The whole region path: 北京市东城区, 湖南省常德市桃源县, 浙江省宁波市象山县丹东街道."""
        if self.kind == "province":
            return self.name
        if self.kind == "town":
            return (self.county.path if self.county else "") + self.name
        city = self.city if self.city and self.city != self.province and self.city != self.name else ""
        return self.province + city + self.name

    @property
    def full(self) -> str:
        """The official prefix (kept under its old name for callers that build names)."""
        return self.official


TOWN_ENDS = ("镇", "乡", "街道", "苏木")


@dataclass
class Gazetteer:
    places: dict[str, list[Place]]  # name → places with that name (county level and above)
    by_county: dict[str, Place]  # 6-digit code → county-level place (or city, for towns under a city)
    _towns: dict[str, list[str]] | None = None  # township name → its counties' codes, read on first use
    _towns_of: dict[Place, list[Place]] = field(default_factory=dict)  # county → its townships, as asked for

    def find(self, name: str) -> list[Place]:
        if name.endswith(TOWN_ENDS):
            return self._find_town(name)
        return self.places.get(name, [])

    def _find_town(self, name: str) -> list[Place]:
        if self._towns is None:
            self._towns = _read_towns()
        out = []
        for code6 in self._towns.get(name, ()):
            county = self.by_county.get(code6) or self.by_county.get(code6[:4] + "00")
            if county is not None:
                out.append(Place(code6 + "000000", name, "street", county.province, county.city, "town", county))
        return out

    def towns_of(self, county: Place) -> list[Place]:
        """The townships of a county-level place (or of a city without counties)."""
        found = self._towns_of.get(county)
        if found is None:
            if self._towns is None:
                self._towns = _read_towns()
            code6 = county.code[:6]
            # one pass over every township name of the country: done once per county
            found = [t for name, codes in self._towns.items() if code6 in codes for t in self._find_town(name) if t.county == county]
            self._towns_of[county] = found
        return list(found)

    def names(self) -> list[str]:
        return list(self.places)

    def resolve(self, name: str, hints: str = "", within: str | None = None) -> Place | None:
        """The one place called ``name``; with several, the one inside ``within`` (a region
        path the report is known to be in), else the one whose city or province appears in
        ``hints`` (usually the report text)."""
        cands = self.find(name)
        if len(cands) == 1:
            return cands[0]
        if not cands:
            return None
        if within:
            inside = [p for p in cands if p.path.startswith(within) or within.startswith(p.path)]
            if len(inside) == 1:
                return inside[0]
            if inside:
                cands = inside
        hinted = [p for p in cands if _mentioned(p, hints)]
        return hinted[0] if len(hinted) == 1 else None


def _read_towns() -> dict[str, list[str]]:
    text = (resources.files("lawgraph.extract") / "data" / "townships.tsv").read_text(encoding="utf-8")
    towns: dict[str, list[str]] = {}
    for line in text.splitlines():
        if line and not line.startswith("#"):
            code6, names = line.split("\t")
            for name in names.split(","):
                towns.setdefault(name, []).append(code6)
    return towns


def _mentioned(p: Place, hints: str) -> bool:
    names = [p.province, short_name(p.province)]
    if p.city:
        names += [p.city, short_name(p.city)]
    if p.county is not None:
        names += [p.county.name, short_name(p.county.name)]
    return any(len(n) >= 2 and n in hints for n in names if n != p.name)


_SUFFIX = re.compile(r"(?:省|市|自治区|壮族自治区|回族自治区|维吾尔自治区|特别行政区|自治州|地区|盟|自治县|县|区|旗|自治旗|林区|特区)$")


_PROVINCE_OF_SHORT = {full: short for short, full in PROVINCE_SHORT.items()}


def short_name(name: str) -> str:
    """江苏省 → 江苏, 广西壮族自治区 → 广西, 南京市 → 南京; a name that would get too short stays."""
    if name in _PROVINCE_OF_SHORT:
        return _PROVINCE_OF_SHORT[name]
    s = _SUFFIX.sub("", name)
    return s if len(s) >= 2 else name


def _district_kind(code: str, name: str) -> str:
    """市辖区 (codes 01–20 under a prefecture) or a county-level place of its own."""
    if code[:2] in MUNICIPALITIES:
        return "urban" if name.endswith("区") else "county"
    n = int(code[4:6])
    return "urban" if 1 <= n <= 20 and name.endswith("区") else "county"


_ZONE_SHORT = (
    ("高新技术产业开发区", ("高新区", "高新技术开发区")),
    ("经济技术开发区", ("经开区", "经济开发区")),
)
_ETHNIC = (
    "蒙古 回 藏 维吾尔 苗 彝 壮 布依 朝鲜 满 侗 瑶 白 土家 哈尼 哈萨克 傣 黎 傈僳 佤 畲 高山 拉祜 水 东乡 纳西 景颇 "
    "柯尔克孜 土 达斡尔 仫佬 羌 布朗 撒拉 毛南 仡佬 锡伯 阿昌 普米 塔吉克 怒 乌孜别克 俄罗斯 鄂温克 德昂 保安 裕固 京 "
    "塔塔尔 独龙 鄂伦春 赫哲 门巴 珞巴 基诺"
).split()
_AUTONOMOUS = re.compile(rf"^(?P<stem>[\u4e00-\u9fff]{{2,}}?)(?:(?:{'|'.join(sorted(_ETHNIC, key=len, reverse=True))})族)+(?P<kind>自治县|自治州|自治旗)$")


@lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    data = resources.files("lawgraph.extract") / "data"
    text = (data / "regions.tsv").read_text(encoding="utf-8")
    rows = [line.split("\t") for line in text.splitlines() if line and not line.startswith("#")]
    by_code = {code: name for code, name in rows}
    places: dict[str, list[Place]] = {}
    by_county: dict[str, Place] = {}
    for code, name in rows:
        if name in _PLACEHOLDER:
            continue
        prov = by_code.get(code[:2] + "0" * 10, name)
        if code[2:] == "0" * 10:
            place = Place(code, name, "provincial", prov, None, "province")
        elif code[4:] == "0" * 8:
            place = Place(code, name, "municipal", prov, name, "city")
        else:
            parent = by_code.get(code[:4] + "0" * 8)
            if code[:2] in MUNICIPALITIES:
                city = prov
            elif parent is None or parent in _PLACEHOLDER:
                city = None  # 仙桃市, 济源市: county-level, directly under the province
            else:
                city = parent
            place = Place(code, name, "district", prov, city, _district_kind(code, name))
        places.setdefault(name, []).append(place)
        by_county[code[:6]] = place
    # Autonomous places go by their short names too: 芷江县 for 芷江侗族自治县, 恩施州 for
    # 恩施土家族苗族自治州 (the place keeps its official name).
    for name, found in list(places.items()):
        m = _AUTONOMOUS.match(name)
        if not m:
            continue
        stem, kind = m.group("stem"), m.group("kind")
        short = stem + {"自治县": "县", "自治州": "州", "自治旗": "旗"}[kind]
        if short not in places:
            places[short] = list(found)
    # Development zones go by their short names: 合肥高新区, 蚌埠经开区.
    for name, found in list(places.items()):
        for long, shorts in _ZONE_SHORT:
            if name.endswith(long) and len(name) > len(long) + 1:
                for short in shorts:
                    alias = name[: -len(long)] + short
                    if alias not in places:
                        places[alias] = list(found)
    return Gazetteer(places, by_county)


_AMBIGUOUS_WORDS = {"城区", "郊区", "矿区", "新区", "市区", "市中区"}


def leading_place(title: str) -> tuple[Place | None, int]:
    """The most local place a title starts with (北京市东城区… → 东城区) and where it ends."""
    g = gazetteer()
    pos, found = 0, None
    while pos < len(title):
        for n in range(min(16, len(title) - pos), 1, -1):
            name = title[pos : pos + n]
            if name in _AMBIGUOUS_WORDS or name.endswith(TOWN_ENDS):
                continue  # (a name with a township's ending finds townships only)
            places = [p for p in g.find(name) if p.level != "street"]
            if places:
                break
        else:
            break
        if found is not None:
            inside = [p for p in places if p.province == found.province or p.city == found.name]
            if not inside:
                break  # not a place inside the one before it (南京市 / 朝阳区): the caller decides
            places = inside
        found = places[0] if len(places) == 1 else (found or places[0])
        pos += n
        if found.level == "district":
            break
    return found, pos


def starts_with_district(title: str) -> bool:
    """Whether a title begins with a county-level place (possibly after its province/city)."""
    place, _ = leading_place(title)
    return place is not None and place.level == "district"


def region_chain(region: str | None) -> tuple[str, ...]:
    """Every region a report from ``region`` (a path such as 湖南省常德市桃源县) lies in,
    written both ways: the paths of its ancestors and their own names (湖南省常德市桃源县,
    湖南省常德市, 湖南省, 常德市, 桃源县). Regional catalog entries are keyed by either."""
    if not region:
        return ()
    out = [region]
    for m in re.finditer(r"(?:省|自治区|特别行政区|市|自治州|地区|盟|县|区|旗)", region):
        head = region[: m.end()]
        if head not in out:
            out.append(head)
    parts = re.findall(r".+?(?:壮族自治区|回族自治区|维吾尔自治区|自治区|特别行政区|省|自治州|地区|盟|市|自治县|县|区|旗)", region)
    for p in parts:
        if p not in out:
            out.append(p)
    return tuple(out)


@lru_cache(maxsize=1)
def _place_index():
    from lawgraph.extract.name_index import NameIndex

    g = gazetteer()
    names = sorted(n for n in g.places if len(n) >= 2 and n not in _AMBIGUOUS_WORDS) + sorted(PROVINCE_SHORT)
    names = sorted(set(names))
    return NameIndex(names, names, longest=True)


def most_named_place(text: str) -> Place | None:
    """The place a text names most: its province (counting the cities and counties named
    in it), then the city within it, then the county within that — each only when named."""
    g = gazetteer()
    mentions: list[list[Place]] = []
    for _s, _e, name in _place_index().matches(text):
        if name in PROVINCE_SHORT:
            cands = [p for p in g.find(PROVINCE_SHORT[name]) if p.kind == "province"]
        else:
            cands = g.find(name)
        if cands:
            mentions.append(cands)
    if not mentions:
        return None
    provinces: Counter[str] = Counter()
    for cands in mentions:
        for prov in {p.province for p in cands}:
            provinces[prov] += 1 if len({p.province for p in cands}) == 1 else 0
    if not provinces or provinces.most_common(1)[0][1] == 0:
        return None
    province = max(provinces, key=lambda k: (provinces[k], -_first(mentions, k)))
    inside = [[p for p in cands if p.province == province] for cands in mentions]
    inside = [c for c in inside if c]
    best = next((p for c in inside for p in c if p.kind == "province"), None)
    cities: Counter[str] = Counter(p.city for c in inside for p in c if p.city and p.city != province and len(c) == 1)
    city: str | None
    if cities:
        city = max(cities, key=lambda k: cities[k])
        best = next((p for p in g.find(city) if p.kind == "city" and p.province == province), best)
    else:
        city = province if province.endswith("市") else None
    counties: Counter[Place] = Counter(c[0] for c in inside if len(c) == 1 and c[0].level == "district" and (city is None or c[0].city == city))
    if counties:
        best = max(counties, key=lambda k: counties[k])
    if best is None:
        best = next((p for p in g.find(province) if p.kind == "province"), None)
    return best


def _first(mentions: list[list[Place]], province: str) -> int:
    for i, cands in enumerate(mentions):
        if any(p.province == province for p in cands):
            return i
    return len(mentions)
