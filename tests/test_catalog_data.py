"""Every entry of every shipped catalog file (extract/data/catalog/*.jsonl) against the schema
and the catalog's conventions (extract/data/catalog/README.md), plus a cross-check against the
reference catalog in ../shared/data/cn_law_catalog.jsonl when that file is present.

Plain Python on purpose: the schema is checked by the small validator below (the subset of
JSON Schema 2020-12 that catalog.schema.json uses), not by a third-party package.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
import re
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
CATALOG_DIR = REPO / "extract" / "data" / "catalog"
SCHEMA_PATH = REPO / "extract" / "data" / "catalog.schema.json"
REFERENCE = Path(__file__).resolve().parents[2] / "shared" / "data" / "cn_law_catalog.jsonl"

NATIONAL = "全国"
CATEGORIES = ("法律", "行政法规", "地方性法规", "规章", "党内法规", "规范性文件", "规划纲要", "工作文件", "标准", "其他")
STATUSES = ("现行有效", "已废止", "已修改")
ID_RE = re.compile(r"^(law|reg|cpc|plan|bj):\S+$")
GENERIC = {
    "条例",
    "纲要",
    "规划",
    "办法",
    "法律",
    "规定",
    "意见",
    "决定",
    "法规",
    "规章",
    "通知",
    "方案",
    "细则",
    "规则",
    "准则",
    "章程",
    "决议",
    "计划",
    "宪法修正案",
    "刑法修正案",
    "实施条例",
    "实施细则",
    "实施办法",
    "实施意见",
    "管理办法",
    "管理条例",
    "工作条例",
    "暂行条例",
    "若干规定",
    "指导意见",
}

# Which scope belongs in which file, and the region of its entries.
FILES = {
    "national_laws.jsonl": ("law", NATIONAL),
    "administrative_regulations.jsonl": ("reg", NATIONAL),
    "party_regulations.jsonl": ("cpc", NATIONAL),
    "plans_and_policies.jsonl": ("plan", NATIONAL),
    "beijing.jsonl": ("bj", "北京市"),
}

# Where the reference catalog is wrong, and why. Each exception must still be needed (checked below).
REFERENCE_STATUS_EXCEPTIONS = {
    # The reference only has the 2005 text (LawRefBook flags it as no longer in force). A new
    # regulation under the same title was adopted by 北京市第十五届人民代表大会第四次会议 on
    # 2021-01-27 and took effect 2021-03-01; that is the entry we keep.
    "北京历史文化名城保护条例",
}
REFERENCE_CATEGORY_EXCEPTIONS = {
    # Issued 2022-02-25 by 中共中央 and 国务院 together: a 党内法规 in the 中央党内法规 collections,
    # not a 国务院令. LawRefBook files it under 行政法规 because it replaced the 2005 信访条例.
    "信访工作条例": "党内法规",
}


# ---------------------------------------------------------------- loading


def _load_schema() -> dict:
    return json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))


def _read_lines(path: Path) -> list[tuple[int, str]]:
    out = []
    for lineno, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        out.append((lineno, line))
    return out


def _load_catalog() -> dict[str, list[dict]]:
    """File name → entries. A line that does not parse fails here, with its position."""
    data = {}
    for name in FILES:
        entries = []
        for lineno, line in _read_lines(CATALOG_DIR / name):
            try:
                obj = json.loads(line, object_pairs_hook=_keep_order)
            except json.JSONDecodeError as err:
                pytest.fail(f"{name}:{lineno}: not valid JSON ({err.msg})")
            obj["__where"] = f"{name}:{lineno}"
            entries.append(obj)
        data[name] = entries
    return data


def _keep_order(pairs):
    d = {}
    for k, v in pairs:
        if k in d:
            raise json.JSONDecodeError(f"duplicate key {k!r}", "", 0)
        d[k] = v
    d["__keys"] = [k for k, _ in pairs]
    return d


def _clean(e: dict) -> dict:
    return {k: v for k, v in e.items() if not k.startswith("__")}


@pytest.fixture(scope="module")
def schema() -> dict:
    return _load_schema()


@pytest.fixture(scope="module")
def catalog() -> dict[str, list[dict]]:
    return _load_catalog()


@pytest.fixture(scope="module")
def entries(catalog) -> list[dict]:
    return [e for name in FILES for e in catalog[name]]


# ---------------------------------------------------------------- a small JSON Schema validator


def _resolve(ref: str, root: dict) -> dict:
    assert ref.startswith("#/"), ref
    node = root
    for part in ref[2:].split("/"):
        node = node[part]
    return node


_TYPES = {"string": str, "array": list, "object": dict, "boolean": bool, "null": type(None)}


def _type_ok(value, t) -> bool:
    if t == "integer":
        return isinstance(value, int) and not isinstance(value, bool)
    return isinstance(value, _TYPES[t])


def schema_errors(value, node: dict, root: dict, path: str = "") -> list[str]:
    """Errors of ``value`` against ``node`` (keywords used by catalog.schema.json only)."""
    errs: list[str] = []
    known = {
        "$schema",
        "$id",
        "title",
        "description",
        "$defs",
        "type",
        "enum",
        "const",
        "pattern",
        "minLength",
        "format",
        "items",
        "uniqueItems",
        "required",
        "properties",
        "additionalProperties",
        "anyOf",
        "allOf",
        "if",
        "then",
        "else",
        "$ref",
    }
    unknown = set(node) - known
    assert not unknown, f"validator does not support {unknown}"
    if "$ref" in node:
        errs += schema_errors(value, _resolve(node["$ref"], root), root, path)
    if "type" in node:
        types = node["type"] if isinstance(node["type"], list) else [node["type"]]
        if not any(_type_ok(value, t) for t in types):
            return errs + [f"{path or 'entry'}: {value!r} is not of type {'/'.join(types)}"]
    if "enum" in node and value not in node["enum"]:
        errs.append(f"{path}: {value!r} is not one of {node['enum']}")
    if "const" in node and value != node["const"]:
        errs.append(f"{path}: {value!r} is not {node['const']!r}")
    if isinstance(value, str):
        if "minLength" in node and len(value) < node["minLength"]:
            errs.append(f"{path}: {value!r} is shorter than {node['minLength']}")
        if "pattern" in node and not re.search(node["pattern"], value):
            errs.append(f"{path}: {value!r} does not match {node['pattern']}")
        if node.get("format") == "date":
            try:
                dt.date.fromisoformat(value)
            except ValueError:
                errs.append(f"{path}: {value!r} is not a valid date")
    if isinstance(value, list):
        if node.get("uniqueItems") and len({json.dumps(v, sort_keys=True) for v in value}) != len(value):
            errs.append(f"{path}: items are not unique")
        if "items" in node:
            for i, v in enumerate(value):
                errs += schema_errors(v, node["items"], root, f"{path}[{i}]")
    if isinstance(value, dict):
        for k in node.get("required", ()):
            if k not in value:
                errs.append(f"{path}.{k}: missing")
        props = node.get("properties", {})
        if node.get("additionalProperties") is False:
            for k in value:
                if k not in props:
                    errs.append(f"{path}.{k}: unexpected key")
        for k, sub in props.items():
            if k in value:
                errs += schema_errors(value[k], sub, root, f"{path}.{k}")
    if "anyOf" in node:
        if all(schema_errors(value, sub, root, path) for sub in node["anyOf"]):
            errs.append(f"{path or 'entry'}: {value!r} matches none of the allowed forms")
    for sub in node.get("allOf", ()):
        errs += schema_errors(value, sub, root, path)
    if "if" in node:
        branch = node.get("then") if not schema_errors(value, node["if"], root, path) else node.get("else")
        if branch:
            errs += schema_errors(value, branch, root, path)
    return errs


# ---------------------------------------------------------------- the checks, as functions returning problems


def _date(s: str | None) -> dt.date | None:
    return dt.date.fromisoformat(s) if s else None


def entry_problems(e: dict, schema: dict) -> list[str]:
    """Problems of one entry on its own: schema, key order, tidy title, sane dates, short names."""
    where = e.get("__where", "?")
    p = [f"{where}: {msg}" for msg in schema_errors(_clean(e), schema, schema)]
    keys = e.get("__keys", [k for k in e if not k.startswith("__")])
    if keys != list(schema["properties"]):
        p.append(f"{where}: keys {keys} are not exactly, in order, {list(schema['properties'])}")
    if p:
        return p  # the rest assumes the types are right

    if not ID_RE.match(e["id"]):
        p.append(f"{where}: id {e['id']!r} does not match {ID_RE.pattern}")
    title = e["title"]
    if re.search(r"\s", title):
        p.append(f"{where}: title {title!r} contains whitespace")
    if re.search(r"[《》]", title):
        p.append(f"{where}: title {title!r} contains 《》 (write an inner title as 〈…〉)")
    if re.search(r"[()]", title):
        p.append(f"{where}: title {title!r} has half-width parentheses")
    if re.search(r"[０-９]", title):
        p.append(f"{where}: title {title!r} has full-width digits")
    if re.search(r"\d{4}\s*[－—–~～至]\s*\d{4}", title):
        p.append(f"{where}: title {title!r}: write a year range with an ASCII hyphen-minus")
    if title.count("（") != title.count("）") or title.count("〈") != title.count("〉"):
        p.append(f"{where}: title {title!r} has unbalanced brackets")
    if e["category"] not in CATEGORIES:
        p.append(f"{where}: category {e['category']!r}")

    prom, eff, rep = _date(e["promulgated"]), _date(e["effective"]), _date(e["repealed"])
    amended = [_date(a) for a in e["amended"]]
    if prom and eff and prom > eff:
        p.append(f"{where}: promulgated {prom} is after effective {eff}")
    if amended != sorted(amended):
        p.append(f"{where}: amended dates are not in order")
    if prom and amended and amended[0] <= prom:
        p.append(f"{where}: an amendment ({amended[0]}) is not after promulgation ({prom})")
    if (e["status"] == "已废止") != (rep is not None):
        p.append(f"{where}: repealed must be a date exactly when status is 已废止")
    for d, name in ((prom, "promulgated"), (eff, "effective")):
        if rep and d and d > rep:
            p.append(f"{where}: {name} {d} is after repeal {rep}")
    if e["status"] == "已修改" and not e["successor"]:
        p.append(f"{where}: status 已修改 needs a successor")
    if e["successor"] == e["id"]:
        p.append(f"{where}: successor is the entry itself")

    for s in e["short_titles"]:
        if len(s) < 2:
            p.append(f"{where}: short name {s!r} is shorter than 2 characters")
        if s in GENERIC:
            p.append(f"{where}: short name {s!r} is a generic word")
        if s == title:
            p.append(f"{where}: short name {s!r} repeats the title")
        if re.search(r"[\s《》()]", s):
            p.append(f"{where}: short name {s!r} is not tidy")
    m = re.fullmatch(r"中华人民共和国(.+)", title)
    if m and e["region"] == NATIONAL and m.group(1) not in GENERIC and m.group(1) not in e["short_titles"]:
        p.append(f"{where}: {title} lacks the short name {m.group(1)}")
    return p


def catalog_problems(catalog: dict[str, list[dict]]) -> list[str]:
    """Problems between entries: ids, file placement, order, successors, name clashes."""
    p: list[str] = []
    all_entries = [e for name in FILES for e in catalog[name]]
    by_id: dict[str, dict] = {}
    for name, (scope, region) in FILES.items():
        ids = [e["id"] for e in catalog[name]]
        if ids != sorted(ids):
            p.append(f"{name}: lines are not sorted by id")
        for e in catalog[name]:
            if not e["id"].startswith(scope + ":"):
                p.append(f"{e['__where']}: id {e['id']} does not belong in {name} (scope {scope})")
            if e["region"] != region:
                p.append(f"{e['__where']}: region {e['region']!r}, expected {region!r} in {name}")
            if e["id"] in by_id:
                p.append(f"{e['__where']}: id {e['id']} also at {by_id[e['id']]['__where']}")
            by_id[e["id"]] = e
    for e in all_entries:
        if e["successor"] and e["successor"] not in by_id:
            p.append(f"{e['__where']}: successor {e['successor']} is not in the catalog")

    # Names: a full title or a short name belongs to exactly one entry per region, and a short name
    # is never another entry's title there. A regional short name never shadows a national name.
    names: dict[tuple[str, str], str] = {}
    for e in all_entries:
        for n in dict.fromkeys([e["title"], *e["short_titles"]]):
            key = (e["region"], n)
            if key in names and names[key] != e["id"]:
                p.append(f"{e['__where']}: name {n!r} ({e['region']}) also belongs to {names[key]}")
            names.setdefault(key, e["id"])
    for e in all_entries:
        if e["region"] == NATIONAL:
            continue
        for s in e["short_titles"]:
            if (NATIONAL, s) in names:
                p.append(f"{e['__where']}: short name {s!r} is a national name ({names[(NATIONAL, s)]})")
    return p


def _norm_title(t: str) -> str:
    t = re.sub(r"\s", "", t).replace("(", "（").replace(")", "）")
    return t.replace("〈", "《").replace("〉", "》")


def reference_problems(catalog: dict[str, list[dict]], reference: list[dict]) -> tuple[list[str], list[str]]:
    """(problems, notes) from comparing the catalog with the reference catalog."""
    problems: list[str] = []
    notes: list[str] = []
    ours = {_norm_title(e["title"]): e for name in FILES for e in catalog[name]}
    laws = {_norm_title(e["title"]) for e in catalog["national_laws.jsonl"]}
    missing = sorted(
        _norm_title(r["title"]) for r in reference if r["category"] == "法律" and r["status"] == "现行有效" and _norm_title(r["title"]) not in laws
    )
    if missing:
        problems.append(f"{len(missing)} national laws in force (per the reference) are missing from national_laws.jsonl: " + "、".join(missing))

    used_status, used_category = set(), set()
    for r in reference:
        t = _norm_title(r["title"])
        e = ours.get(t)
        if e is None:
            continue
        if r["category"] in ("法律", "行政法规") or e["category"] in ("法律", "行政法规"):
            if r["category"] != e["category"]:
                notes.append(f"category: {r['title']}: ours {e['category']}, reference {r['category']}")
                if REFERENCE_CATEGORY_EXCEPTIONS.get(r["title"]) == e["category"]:
                    used_category.add(r["title"])
                else:
                    problems.append(f"{e['__where']}: category {e['category']} disagrees with the reference ({r['category']}) for {r['title']}")
        if r["status"] == "已废止" and e["status"] == "现行有效":
            notes.append(f"status: {r['title']}: ours 现行有效, reference 已废止 ({r.get('status_basis')})")
            if r["title"] in REFERENCE_STATUS_EXCEPTIONS:
                used_status.add(r["title"])
            else:
                problems.append(f"{e['__where']}: {r['title']} is 已废止 in the reference but 现行有效 here")
    for t in sorted(REFERENCE_STATUS_EXCEPTIONS - used_status):
        problems.append(f"REFERENCE_STATUS_EXCEPTIONS has {t}, which no longer needs an exception")
    for t in sorted(set(REFERENCE_CATEGORY_EXCEPTIONS) - used_category):
        problems.append(f"REFERENCE_CATEGORY_EXCEPTIONS has {t}, which no longer needs an exception")
    return problems, notes


# ---------------------------------------------------------------- tests on the shipped catalog


def test_every_catalog_file_is_known():
    shipped = sorted(p.name for p in CATALOG_DIR.glob("*.jsonl"))
    assert shipped == sorted(FILES), "a catalog file was added or removed: update FILES in this test"


def test_schema_is_consistent():
    s = _load_schema()
    assert s["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert list(s["properties"]) == s["required"]
    assert tuple(s["properties"]["category"]["enum"]) == CATEGORIES
    assert tuple(s["properties"]["status"]["enum"]) == STATUSES


def test_every_line_is_one_json_object(catalog):
    for name in FILES:
        raw = (CATALOG_DIR / name).read_text(encoding="utf-8")
        assert raw.endswith("\n") and "\r" not in raw, f"{name}: lines must end with a single \\n"
        assert not raw.startswith("\ufeff"), f"{name}: no byte-order mark"
        assert all(line.strip() for line in raw.splitlines()), f"{name}: blank line"
        assert catalog[name], f"{name} is empty"


def test_every_entry(entries, schema):
    problems = [msg for e in entries for msg in entry_problems(e, schema)]
    assert not problems, "\n".join(problems)


def test_entries_together(catalog):
    problems = catalog_problems(catalog)
    assert not problems, "\n".join(problems)


def test_sizes_and_key_documents(catalog):
    """Floors, so that a truncated file fails, and documents the rest of lawgraph depends on."""
    floors = {
        "national_laws.jsonl": 300,
        "administrative_regulations.jsonl": 80,
        "party_regulations.jsonl": 50,
        "plans_and_policies.jsonl": 15,
        "beijing.jsonl": 50,
    }
    for name, floor in floors.items():
        assert len(catalog[name]) >= floor, f"{name} has only {len(catalog[name])} entries"
    by_title = {e["title"]: e for name in FILES for e in catalog[name]}
    expect = {
        "中华人民共和国保守国家秘密法": ("law:保守国家秘密法", "保密法"),
        "中华人民共和国统计法": ("law:统计法", "统计法"),
        "中华人民共和国宪法": ("law:宪法", "宪法"),
        "中华人民共和国民法典": ("law:民法典", "民法典"),
        "中华人民共和国公职人员政务处分法": ("law:政务处分法", "政务处分法"),
        "中华人民共和国领事保护与协助条例": ("reg:领事保护与协助条例", "领事保护条例"),
        "中华人民共和国政府信息公开条例": ("reg:政府信息公开条例", "政府信息公开条例"),
        "中国共产党章程": ("cpc:党章", "党章"),
        "十八届中央政治局关于改进工作作风、密切联系群众的八项规定": ("cpc:八项规定", "中央八项规定"),
        "北京市国际交往语言环境建设条例": ("bj:国际交往语言环境建设条例", "国际交往语言环境建设条例"),
        "北京市接诉即办工作条例": ("bj:接诉即办工作条例", "接诉即办条例"),
    }
    for title, (id_, short) in expect.items():
        assert title in by_title, f"{title} is missing"
        assert by_title[title]["id"] == id_, f"{title} has id {by_title[title]['id']}, expected {id_}"
        assert short in by_title[title]["short_titles"], f"{title} lacks short name {short}"
    for old in ("合同法", "物权法", "婚姻法", "继承法", "民法通则", "民法总则", "担保法", "侵权责任法", "收养法"):
        e = by_title["中华人民共和国" + old]
        assert (e["status"], e["repealed"], e["successor"]) == ("已废止", "2021-01-01", "law:民法典"), old
    assert by_title["信访工作条例"]["category"] == "党内法规"
    assert by_title["信访条例"]["status"] == "已废止"
    assert "优化营商环境条例" not in by_title["北京市优化营商环境条例"]["short_titles"]


def test_against_reference_catalog(catalog, capsys):
    if not REFERENCE.is_file():
        pytest.skip(
            f"reference catalog not found at {REFERENCE} (it lives in ../shared beside the repository; the cross-check runs only where that directory exists)"
        )
    reference = [json.loads(line) for line in REFERENCE.read_text(encoding="utf-8").splitlines() if line.strip()]
    problems, notes = reference_problems(catalog, reference)
    with capsys.disabled():
        for n in notes:
            print(f"[reference] {n}")
    assert not problems, "\n".join(problems)


# ---------------------------------------------------------------- the checks catch broken entries


def _good_entry() -> dict:
    return {
        "id": "law:统计法",
        "title": "中华人民共和国统计法",
        "short_titles": ["统计法"],
        "category": "法律",
        "issuer": "全国人民代表大会常务委员会",
        "region": "全国",
        "promulgated": "1983-12-08",
        "effective": None,
        "amended": ["1996-05-15", "2009-06-27", "2024-09-13"],
        "status": "现行有效",
        "repealed": None,
        "successor": None,
        "doc_number": None,
        "__where": "t:1",
    }


@pytest.mark.parametrize(
    "breakage",
    [
        {"id": "statute:统计法"},
        {"id": "law 统计法"},
        {"title": "《中华人民共和国统计法》"},
        {"title": "中华人民共和国 统计法"},
        {"title": "中华人民共和国统计法(2024)"},
        {"title": "中华人民共和国统计法（２０２４年）"},
        {"title": "纲要（2021—2025年）", "short_titles": []},
        {"short_titles": ["统计法", "条例"]},
        {"short_titles": ["统计法", "统"]},
        {"short_titles": []},
        {"short_titles": ["统计法", "统计法"]},
        {"category": "法规"},
        {"promulgated": "1983-13-08"},
        {"promulgated": "1983/12/08"},
        {"effective": "1980-01-01"},
        {"amended": ["2009-06-27", "1996-05-15"]},
        {"amended": ["1983-12-08"]},
        {"status": "已废止"},
        {"repealed": "2020-01-01"},
        {"status": "失效"},
        {"status": "已修改"},
        {"successor": "law:统计法"},
        {"issuer": 7},
        {"doc_number": "国务院令 第1号"},
        {"region": None},
    ],
)
def test_entry_checks_catch(breakage, schema):
    assert entry_problems(_good_entry(), schema) == []
    e = _good_entry()
    e.update(breakage)
    assert entry_problems(e, schema), f"not caught: {breakage}"


def test_entry_checks_catch_missing_extra_and_misordered_keys(schema):
    e = _good_entry()
    del e["doc_number"]
    assert entry_problems(e, schema)
    e = _good_entry()
    e["note"] = "x"
    assert entry_problems(e, schema)
    e = _good_entry()
    e["__keys"] = ["title", "id"] + list(schema["properties"])[2:]
    assert entry_problems(e, schema)


def test_catalog_checks_catch(catalog):
    assert catalog_problems(catalog) == []
    broken = copy.deepcopy(catalog)
    laws = broken["national_laws.jsonl"]
    laws[1]["short_titles"] = laws[1]["short_titles"] + [laws[0]["short_titles"][0]]  # shared short name
    assert catalog_problems(broken)
    broken = copy.deepcopy(catalog)
    broken["national_laws.jsonl"][0]["successor"] = "law:不存在的法"
    assert catalog_problems(broken)
    broken = copy.deepcopy(catalog)
    broken["national_laws.jsonl"].reverse()
    assert catalog_problems(broken)
    broken = copy.deepcopy(catalog)
    broken["beijing.jsonl"][0]["short_titles"] = ["优化营商环境条例"]  # a national title
    assert catalog_problems(broken)
    broken = copy.deepcopy(catalog)
    broken["beijing.jsonl"].append(dict(broken["national_laws.jsonl"][0]))  # law: id in the Beijing file
    assert catalog_problems(broken)


def test_reference_checks_catch(catalog):
    ref = [{"title": "中华人民共和国不存在法", "category": "法律", "status": "现行有效"}]
    problems, _ = reference_problems(catalog, ref)
    assert any("不存在法" in p for p in problems)
    ref = [{"title": "中华人民共和国统计法", "category": "行政法规", "status": "现行有效"}]
    assert any("统计法" in p for p in reference_problems(catalog, ref)[0])
    ref = [{"title": "中华人民共和国统计法", "category": "法律", "status": "已废止", "status_basis": "x"}]
    assert any("统计法" in p for p in reference_problems(catalog, ref)[0])
