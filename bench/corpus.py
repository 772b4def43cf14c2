"""A seeded, deterministic generator of report-like Chinese text for benchmarks and scale tests.

Paragraphs mix filler prose with the hard cases of DESIGN.md at roughly the rates real
法治政府建设年度报告 show them: a 《》 title every ~250 characters, bare short names,
aliases, nested and broken titles, document numbers, spaces around digits, agencies.
About one report in five is Traditional (converted with OpenCC s2tw, as a Big5 gateway
would serve it).
"""

from __future__ import annotations

import random
from typing import Iterator

FILLER = [
    "坚持以习近平新时代中国特色社会主义思想为指导，深入学习贯彻习近平法治思想，",
    "全面履行政府职能，持续优化营商环境，推进严格规范公正文明执法，",
    "强化行政权力制约和监督，依法有效化解社会矛盾纠纷，",
    "不断提高依法行政能力和水平，营造尊法学法守法用法的浓厚氛围，",
    "健全重大行政决策程序，落实合法性审查和集体讨论决定制度，",
    "加强行政规范性文件管理，严格履行报备等法定程序，",
    "主动公开部门职责、工作总结计划、业务动态等信息，",
    "组织开展专题培训和法治讲座，提升干部法治素养，",
]
TITLES = [
    "中华人民共和国行政复议法",
    "中华人民共和国行政处罚法",
    "中华人民共和国政府信息公开条例",
    "优化营商环境条例",
    "重大行政决策程序暂行条例",
    "中国共产党纪律处分条例",
    "法治政府建设实施纲要（2021-2025年）",
    "党政主要负责人履行推进法治建设第一责任人职责规定",
    "北京市接诉即办工作条例",
    "北京市国际交往语言环境建设条例",
    "北京市优化营商环境条例",
    "关于加强行政规范性文件制定和监督管理工作的通知",
    "某某区2024年推进法治政府建设工作要点",
    "某某局权力责任清单",
    "习近平法治思想学习纲要",
    "求是",
    "北京市全面依法治市规划（2021-2025年）",
]
BARE = ["民法典", "宪法", "保密法", "国家安全法", "反间谍法", "党章", "领事保护条例"]
AGENCIES = ["区委政法委", "区司法局", "区城管执法局", "外交部", "市四中院", "区政府外办", "区文旅局"]
VERBS = ["认真贯彻落实", "深入学习宣传", "根据", "研究制定", "审议", "严格执行"]
ISSUERS = [
    ("北京市东城区人民政府外事办公室", "东城区"),
    ("北京市西城区司法局", "西城区"),
    ("北京市朝阳区市场监督管理局", "朝阳区"),
    ("北京市海淀区城市管理委员会", "海淀区"),
]


def _sentence(rng: random.Random) -> str:
    r = rng.random()
    verb = rng.choice(VERBS)
    if r < 0.45:
        s = f"{verb}《{rng.choice(TITLES)}》，"
    elif r < 0.55:
        s = f"{verb}{rng.choice(BARE)}、{rng.choice(BARE)}等法律法规，"
    elif r < 0.60:
        s = f"{verb}《关于印发〈{rng.choice(TITLES)}〉的通知》（京政发〔20{rng.randint(10, 25)}〕{rng.randint(1, 40)}号），"
    elif r < 0.62:
        s = "落实《中共中央国务院印发(法治政府建设实施纲要(2021-2025年)>的通知》，"
    elif r < 0.64:
        s = "对照《纲要》要求，"
    elif r < 0.66:
        s = f"{verb}《某某管理办法，"  # a closing mark that never comes
    elif r < 0.80:
        s = f"联合{rng.choice(AGENCIES)}开展检查，"
    else:
        s = f"在 {rng.randint(2019, 2025)} 年度开展专项工作，"
    return s + "".join(rng.choice(FILLER) for _ in range(rng.randint(1, 4)))


def report(rng: random.Random, size: int) -> str:
    """One report of about ``size`` characters."""
    issuer, _ = rng.choice(ISSUERS)
    year = rng.randint(2019, 2025)
    parts = [f"{issuer}\n\n{year}年法治政府建设年度情况报告\n\n"]
    n = len(parts[0])
    while n < size:
        para = "".join(_sentence(rng) for _ in range(rng.randint(2, 6))).rstrip("，") + "。\n\n"
        parts.append(para)
        n += len(para)
    parts.append(f"{issuer}\n{year + 1}年1月{rng.randint(1, 28)}日\n")
    return "".join(parts)


def corpus(total_chars: int, seed: int = 7, traditional_share: float = 0.2) -> Iterator[tuple[str, str]]:
    """(doc id, text) pairs totalling about ``total_chars``; sizes from ~700 to ~70,000
    characters (2 KB to 200 KB of UTF-8)."""
    import opencc

    rng = random.Random(seed)
    to_trad = opencc.OpenCC("s2tw")
    done, i = 0, 0
    while done < total_chars:
        size = int(min(70_000, max(700, rng.lognormvariate(8.6, 0.9))))
        text = report(rng, size)
        if rng.random() < traditional_share:
            text = to_trad.convert(text)
        yield f"doc{i:07d}", text
        done += len(text)
        i += 1


def write_corpus(folder: str, total_chars: int, seed: int = 7) -> int:
    """Write the corpus as UTF-8 .txt files; returns the number of files."""
    from pathlib import Path

    out = Path(folder)
    out.mkdir(parents=True, exist_ok=True)
    n = 0
    for doc_id, text in corpus(total_chars, seed):
        (out / f"{doc_id}.txt").write_text(text, encoding="utf-8")
        n += 1
    return n
