"""China's administrative divisions, for giving agency names their full region.

Data: ``extract/data/regions.tsv`` (12-digit division codes and names). A county-level
name such as 东城区 expands to 北京市东城区; a name shared by several places (鼓楼区 is in
four cities) expands only when the report says which city or province it is in.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

MUNICIPALITIES = ("11", "12", "31", "50")  # 北京 天津 上海 重庆: their districts sit under the province code
_PLACEHOLDER = {"市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"}


@dataclass(frozen=True)
class Place:
    code: str
    name: str  # as in the table: 东城区, 北京市, 南京市
    level: str  # provincial | municipal | district
    province: str  # 北京市, 江苏省
    city: str | None  # 北京市 for Beijing districts, 南京市 …; None for provinces

    @property
    def full(self) -> str:
        """北京市东城区, 江苏省南京市 → 南京市 (cities are written without their province)."""
        if self.level == "provincial":
            return self.name
        if self.level == "municipal":
            return self.name
        return (self.city or self.province) + self.name


@dataclass
class Gazetteer:
    places: dict[str, list[Place]]  # name → places with that name

    def find(self, name: str) -> list[Place]:
        return self.places.get(name, [])

    def names(self) -> list[str]:
        return list(self.places)

    def resolve(self, name: str, hints: str = "") -> Place | None:
        """The one place called ``name``; with several, the one whose city or province
        appears in ``hints`` (usually the report text)."""
        cands = self.find(name)
        if len(cands) == 1:
            return cands[0]
        if not cands:
            return None
        hinted = [p for p in cands if (p.city and _short(p.city) in hints) or _short(p.province) in hints]
        return hinted[0] if len(hinted) == 1 else None


def _short(name: str) -> str:
    return re.sub(r"(?:省|市|自治区|壮族自治区|回族自治区|维吾尔自治区|特别行政区)$", "", name) or name


@lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    text = (resources.files("extract") / "data" / "regions.tsv").read_text(encoding="utf-8")
    rows = [line.split("\t") for line in text.splitlines() if line and not line.startswith("#")]
    by_code = {code: name for code, name in rows}
    places: dict[str, list[Place]] = {}
    for code, name in rows:
        if name in _PLACEHOLDER:
            continue
        prov = by_code.get(code[:2] + "0" * 10, name)
        if code[2:] == "0" * 10:
            level, city = "provincial", None
        elif code[4:] == "0" * 8:
            level, city = "municipal", name
        else:
            level = "district"
            city_name = by_code.get(code[:4] + "0" * 8)
            city = prov if (code[:2] in MUNICIPALITIES or city_name in _PLACEHOLDER or city_name is None) else city_name
        places.setdefault(name, []).append(Place(code, name, level, prov, city))
    return Gazetteer(places)


_AMBIGUOUS_WORDS = {"城区", "郊区", "矿区", "新区", "市区", "市中区"}


def leading_place(title: str) -> tuple[Place | None, int]:
    """The most local place a title starts with (北京市东城区… → 东城区) and where it ends."""
    g = gazetteer()
    pos, found = 0, None
    while pos < len(title):
        for n in range(min(10, len(title) - pos), 1, -1):
            name = title[pos : pos + n]
            if name in _AMBIGUOUS_WORDS:
                continue
            places = g.find(name)
            if places:
                break
        else:
            break
        found = places[0] if len(places) == 1 else (found or places[0])
        pos += n
        if found.level == "district":
            break
    return found, pos


def starts_with_district(title: str) -> bool:
    """Whether a title begins with a county-level place (possibly after its province/city)."""
    place, _ = leading_place(title)
    return place is not None and place.level == "district"
