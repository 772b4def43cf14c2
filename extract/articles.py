"""Pin cites: the articles a report names right after a document — 依照《行政处罚法》第三十三条,
行政许可法第十二条第（一）项, 第二十条至第二十二条, 第八、九条.

Each article comes out in one canonical form with Arabic numerals: ``第33条``,
``第12条第2款``, ``第12条第1项``, ``第12条第2款第3项`` — the same whatever numerals or
brackets the report used, so that "which agencies cite article 33 of 行政处罚法" is one lookup.

>>> articles_after("第三十三条规定", 0)
(['第33条'], 5)
>>> articles_after("第十二条第（一）项、第二十条至第二十二条", 0)[0]
['第12条第1项', '第20条', '第21条', '第22条']
>>> articles_after("第八、九条", 0)[0]
['第8条', '第9条']
"""

from __future__ import annotations

import re

_DIGITS = {c: i for i, c in enumerate("零一二三四五六七八九")} | {"〇": 0, "两": 2}
_NUM = r"(?:\d{1,4}|[零〇一二两三四五六七八九十百千]{1,8})"


def _item(name: str, unit: str) -> str:
    return rf"(?:第\s*[（(]?\s*(?P<{name}>{_NUM})\s*[）)]?\s*{unit})"


# 第十二条(第二款)(第（一）项), with optional spaces
_ONE = re.compile(rf"第\s*(?P<art>{_NUM})\s*条(?:\s*{_item('para', '款')})?(?:\s*{_item('item', '项')})?")
# 第八、九条 / 第八、第九条: several articles under one 条
_LIST = re.compile(rf"第\s*(?P<first>{_NUM})(?P<rest>(?:\s*[、,，和及与]\s*第?\s*{_NUM})+)\s*条")
_JOIN = re.compile(r"\s*(?:[、,，和及与]|至|到|－|-|—|~|～)\s*")
MAX_RANGE = 30  # 第一条至第三十条 is expanded; longer ranges keep their ends


def number(s: str) -> int | None:
    """三十三 → 33, 一百零五 → 105, 12 → 12."""
    s = s.strip()
    if s.isdigit():
        return int(s)
    total, section, digit = 0, 0, None
    for c in s:
        if c in _DIGITS:
            digit = _DIGITS[c]
        elif c in "十百千":
            unit = {"十": 10, "百": 100, "千": 1000}[c]
            section += (digit if digit is not None else 1) * unit
            digit = None
        else:
            return None
    return total + section + (digit or 0)


def _one(m: re.Match[str]) -> str | None:
    art = number(m.group("art"))
    if not art:
        return None
    out = f"第{art}条"
    if m.group("para"):
        out += f"第{number(m.group('para'))}款"
    if m.group("item"):
        out += f"第{number(m.group('item'))}项"
    return out


def articles_after(text: str, pos: int, limit: int = 240) -> tuple[list[str], int]:
    """The articles named from ``pos`` on (spaces and a 的 allowed before them), and where
    they end; ([], pos) when none."""
    i = pos
    while i < len(text) and text[i] in " \u3000的":
        i += 1
    found: list[str] = []
    end = pos
    stop = min(len(text), pos + limit)
    while i < stop:
        m = _LIST.match(text, i)
        if m:
            nums = [m.group("first")] + re.findall(_NUM, m.group("rest"))
            found += [f"第{n}条" for n in map(number, nums) if n]
            i = end = m.end()
        else:
            m = _ONE.match(text, i)
            if not m:
                break
            one = _one(m)
            if one is None:
                break
            found.append(one)
            i = end = m.end()
        j = _JOIN.match(text, i)
        if not j or j.end() == i:
            break
        if text[i : j.end()].strip() in ("至", "到", "－", "-", "—", "~", "～"):
            m2 = _ONE.match(text, j.end())
            if m2 and not m2.group("para") and not m2.group("item") and found:
                digits = re.search(r"\d+", found[-1])
                a, b = number(digits.group() if digits else ""), number(m2.group("art"))
                if a and b and 0 < b - a <= MAX_RANGE and found[-1] == f"第{a}条":
                    found += [f"第{k}条" for k in range(a + 1, b + 1)]
                elif b:
                    found.append(f"第{b}条")
                i = end = m2.end()
                j = _JOIN.match(text, i)
                if not j or j.end() == i:
                    break
        i = j.end()
    return list(dict.fromkeys(found)), end
