"""The bad-input corpus: every kind of file a run has to survive, generated at test time.

:func:`make_bad_corpus` writes it into a folder and returns what each file must become:
relative path → :class:`Expected` (extracted, skipped or failed, and the start of the
reason). Nothing large is committed; the 50 MB single-line file is written in chunks.

    python tests/badinput.py /tmp/bad [--big-mb 50]     # write it and list the expectations
    lawgraph extract /tmp/bad -o /tmp/bad.jsonl --jobs 1

Hidden files are left out on purpose: they give no line at all (tests/test_jobs.py).
"""

from __future__ import annotations

import codecs
import errno
import os
import random
import sys
import zlib
from dataclasses import dataclass
from pathlib import Path

try:
    from tests.fixtures_docs import REPORT_SIMP, REPORT_TRAD, make_bomb_docx, make_docx, make_pdf
except ModuleNotFoundError:  # run as a script
    from fixtures_docs import REPORT_SIMP, REPORT_TRAD, make_bomb_docx, make_docx, make_pdf

#: Degenerate text: a report head, then megabytes of one unit (issue 12, finding 5).
DEGENERATE = {
    "line-breaks": "\n",
    "carriage-returns": "\r",
    "cjk-digit-spaces": "西 2 ",
    "traditional-lines": "許可權\n",
    "unclosed-marks": "《\n",
    "dates": "2025年12月23日\n",
}

SEEDS = Path(__file__).resolve().parents[1] / "seeds"
MiB = 1024 * 1024

#: The single-line file, in MiB. Tests that need speed pass a smaller size.
BIG_MB = 50


@dataclass(frozen=True)
class Expected:
    status: str  # extracted | skipped | failed
    reason: str | None = None  # start of the reason (skipped, failed)
    encoding: str | None = None  # the encoding an extracted text file must be read as
    stage: str | None = None  # read | extract for failed files


def extracted(encoding: str | None = None) -> Expected:
    return Expected("extracted", encoding=encoding)


def failed(reason: str, stage: str = "read") -> Expected:
    return Expected("failed", reason, stage=stage)


def skipped(reason: str) -> Expected:
    return Expected("skipped", reason)


# A plain report head, so that marks files have a title, an issuer and a year.
HEAD = "北京市西城区人民政府外事办公室关于2025年法治政府建设情况的报告\n"
BODY = "　　2025年，区政府外办认真贯彻落实《中华人民共和国保守国家秘密法》，扎实推动法治政府建设。\n"


# Units repeated to fill a file: every few characters a citation, a bare name or an agency.
DENSE = {
    "citations": "《中华人民共和国保密法》《北京市优化营商环境条例》依据《关于加强法治政府建设的意见》（国发〔2021〕33号）",
    "bare-names": "保密法民法典宪法",
    "agencies": "外交部区委政法委市司法局",
}


def make_bad_corpus(folder: str | os.PathLike, *, big_mb: int = BIG_MB) -> dict[str, Expected]:
    """Write the corpus into ``folder``; return relative path (posix) → expected outcome.

    ``big_mb`` is the size of ``text/single-line.txt`` (0 leaves it out).
    """
    root = Path(folder)
    root.mkdir(parents=True, exist_ok=True)
    out: dict[str, Expected] = {}

    def put(name: str, data: bytes | str, expected: Expected) -> Path:
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
        out[name] = expected
        return path

    rng = random.Random(2025)
    simp = HEAD + BODY * 20

    # --- text: emptiness, binary data named .txt, encodings, broken bytes -----------------------
    put("text/empty.txt", b"", failed("empty file"))
    put("text/blank.txt", codecs.BOM_UTF8 + " \r\n\t\u3000\n".encode(), failed("empty file"))
    put("text/random-bytes.txt", bytes(rng.randrange(256) for _ in range(8192)), failed("binary data, not text"))
    # A PDF as PDFs come: its streams are compressed binary data.
    pdf = make_pdf(["Annual report"]) + zlib.compress(bytes(rng.randrange(256) for _ in range(4096)))
    put("text/really-a-pdf.txt", pdf, failed("binary data, not text (looks like a PDF file)"))
    # Small files of garbage that once passed as text: a lone 1 KB PDF is ASCII enough,
    # a run of byte-order marks decodes to nothing visible, EBCDIC decodes anything.
    put("text/tiny-ascii-pdf.txt", b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n", failed("binary data, not text (looks like a PDF file)"))
    put("text/bom-run.txt", codecs.BOM_UTF16_LE * 1000, failed("empty file"))
    put("text/ebcdic-looking.txt", b"\xc0\xc1\xf5\xf8" * 500, failed("not valid text in any supported encoding"))
    put("text/really-a-png.txt", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 16, failed("binary data, not text (looks like a PNG image)"))
    if big_mb:
        _single_line(root / "text/single-line.txt", big_mb * MiB)
        out["text/single-line.txt"] = extracted("utf-8")
    put("text/gb18030.txt", simp.encode("gb18030"), extracted("gb18030"))
    put("text/big5.txt", REPORT_TRAD.encode("big5"), extracted("big5"))
    put("text/utf16-bom.txt", simp.encode("utf-16"), extracted("utf-16"))
    put("text/utf16le-no-bom.txt", simp.encode("utf-16-le"), extracted("utf-16-le"))
    put("text/utf16be-no-bom.txt", simp.encode("utf-16-be"), extracted("utf-16-be"))
    # One stray GBK pair in UTF-8 text is replaced; a file that is half GBK is not text.
    put("text/utf8-stray-gbk.txt", simp.encode() + "办".encode("gbk") + simp.encode(), extracted("utf-8"))
    put("text/half-utf8-half-gbk.txt", simp.encode() * 2 + simp.encode("gbk") * 2, failed("not valid text in any supported encoding"))
    put("text/random-high-bytes.txt", bytes(rng.randrange(0x80, 0x100) for _ in range(4096)), failed("not valid text in any supported encoding"))
    # Lone surrogates cannot be stored as such: encoded anyway (CESU-style in UTF-8, a lone
    # code unit in UTF-16) they decode to U+FFFD.
    put("text/utf8-lone-surrogates.txt", simp.encode() + b"\xed\xa0\x80" + simp.encode() + b"\xed\xbf\xbf", extracted("utf-8"))
    put("text/utf16-lone-surrogate.txt", codecs.BOM_UTF16_LE + (simp + "\ud800" + simp).encode("utf-16-le", "surrogatepass"), extracted("utf-16"))
    put("text/some-control-chars.txt", simp + "\x01\x02\x07\x1b[31m红\x1b[0m\x0c\x7f\x00" + simp, extracted("utf-8"))
    controls = "".join(chr(rng.randrange(1, 32)) for _ in range(3000))
    put("text/mostly-control-chars.txt", controls + simp, failed("binary data, not text"))

    # --- HTML ---------------------------------------------------------------------------------
    page = "<html><head><meta charset='utf-8'><title>报告</title></head><body><div id='zoom'><p>" + simp.replace("\n", "</p><p>")
    put("html/truncated.html", page[: len(page) // 2], extracted("utf-8"))
    put("html/malformed.html", "<<html>><body<p>>" + simp + "</div></span><p><b><i>" + simp + "<table><tr><td>", extracted("utf-8"))
    put("html/unclosed-comment.html", "<html><body><p>" + simp + "</p><!-- 注释 " + simp, extracted("utf-8"))
    put("html/unclosed-script.html", "<html><body><script>var a = '" + simp, failed("HTML page has no text"))
    put("html/deep-tags.html", "<div>" * 20000 + simp + "</div>" * 20000, extracted("utf-8"))
    put("html/gb2312-declared-gbk.html", ("<meta charset='gb2312'>" + page).encode("gbk"), extracted("gb18030"))

    # --- PDF and DOCX -------------------------------------------------------------------------
    put("office/corrupt.pdf", b"%PDF-1.4\n" + bytes(rng.randrange(256) for _ in range(2048)), failed("corrupt PDF: "))
    put("office/truncated.pdf", make_pdf(["Some text"])[:150], failed("corrupt PDF: "))
    put("office/encrypted.pdf", make_pdf(["Secret"], encrypted=True), failed("encrypted PDF"))
    put("office/corrupt.docx", b"PK\x03\x04" + bytes(rng.randrange(256) for _ in range(2048)), failed("corrupt DOCX: "))
    put("office/encrypted.docx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(1024), failed("corrupt DOCX: an OLE file"))
    make_bomb_docx(root / "office/bomb.docx", zeros_mib=300)  # ~300 KiB on disk
    out["office/bomb.docx"] = failed("DOCX expands to more than 200 MiB")
    make_docx(root / "office/good.docx")
    out["office/good.docx"] = extracted()

    # --- 《》 marks and long titles -----------------------------------------------------------
    put("marks/nested-10000.txt", HEAD + "认真贯彻落实" + "《" * 10_000 + "条例" + "》" * 10_000 + "。\n" + BODY, extracted("utf-8"))
    put("marks/never-closed.txt", HEAD + ("贯彻落实《某某管理办法，" * 5000) + "\n" + "《" * 10_000 + "\n" + BODY, extracted("utf-8"))
    put("marks/unbalanced.txt", HEAD + ("》》《中华人民共和国保密法》》《《条例〉〈" * 3000) + "\n" + BODY, extracted("utf-8"))
    title = "关于" + "法治政府建设" * (MiB // 18) + "情况的报告"  # 1 MiB of UTF-8 on one line
    put("marks/title-1mb.txt", title + "\n" + BODY, extracted("utf-8"))
    put("marks/bracketed-1mb.txt", HEAD + "贯彻《" + "中华人民共和国" * (MiB // 21) + "法》。\n" + BODY, extracted("utf-8"))

    # --- dense: reports that are nothing but citations or names -------------------------------
    for name, unit in DENSE.items():
        _repeated(root / f"dense/{name}.txt", unit, max(big_mb, 2) * MiB, head=HEAD)
        out[f"dense/{name}.txt"] = extracted("utf-8")

    # --- links: loops, a broken link, the same file twice ---------------------------------------
    put("links/loop/report.txt", simp, extracted("utf-8"))
    _symlink("..", root / "links/loop/up")  # links/loop/up → links/loop
    out["links/loop/up"] = skipped("symlink loop (links back to a folder above it)")
    _symlink("self.txt", root / "links/self.txt")
    out["links/self.txt"] = skipped("symlink loop")
    _symlink("ping.txt", root / "links/pong.txt")
    _symlink("pong.txt", root / "links/ping.txt")
    out["links/ping.txt"] = skipped("symlink loop")
    out["links/pong.txt"] = skipped("symlink loop")
    _symlink("nowhere.txt", root / "links/broken.txt")
    out["links/broken.txt"] = failed("broken symlink")
    os.link(root / "links/loop/report.txt", root / "links/zz-hardlink.txt")
    out["links/zz-hardlink.txt"] = skipped("duplicate path: same file as ")

    # --- permissions and special files ----------------------------------------------------------
    secret = put("perm/unreadable.txt", simp, extracted("utf-8"))
    secret.chmod(0)
    put("perm/locked/inside.txt", simp, extracted("utf-8"))
    (root / "perm/locked").chmod(0)
    if not _can_read(secret):  # root (CAP_DAC_OVERRIDE) reads them all the same
        out["perm/unreadable.txt"] = failed("permission denied")
        del out["perm/locked/inside.txt"]
        out["perm/locked"] = failed("permission denied")
    if hasattr(os, "mkfifo"):
        (root / "other").mkdir(exist_ok=True)
        os.mkfifo(root / "other/fifo.txt")  # opening it must not hang the run
        out["other/fifo.txt"] = skipped("not a regular file")
    put("other/scan.png", b"\x89PNG\r\n\x1a\n", skipped("unsupported format (.png)"))
    put("other/old.doc", b"\xd0\xcf\x11\xe0", skipped("unsupported format (.doc); save it as .docx"))
    put("other/README", REPORT_SIMP, extracted("utf-8"))  # no extension: text
    put("other/recs.jsonl", '{"schema": 1}\n', skipped("unsupported format (.jsonl)"))  # records only by name

    # --- issue 12: hostile names, degenerate text, bombs, outputs inside the input, depth -------
    names = root / "names"
    names.mkdir(exist_ok=True)
    for raw in ("报告".encode("gbk") + b".txt", b"\x1b]0;owned\x07\x1b]52;c;b3duZWQ=\x07.txt", "年报\u202etxt.exe.txt".encode()):
        with open(os.fsencode(names) + b"/" + raw, "wb") as f:
            f.write(simp.encode("utf-8"))
        out["names/" + os.fsdecode(raw)] = extracted("utf-8")
    for name, unit in DEGENERATE.items():
        # 1 MiB each in the quick corpus, 2 MiB beside the 50 MB line (figures: bench/bench_hostile.py)
        _repeated(root / f"degenerate/{name}.txt", unit, (2 if big_mb > 2 else 1) * MiB, head=HEAD + BODY)
        out[f"degenerate/{name}.txt"] = extracted("utf-8")
    # A 0.5 MB PDF whose stream inflates to 512 MiB, twice the budget.
    put("office/pdf-bomb.pdf", make_pdf(["Annual report"], bomb_mib=512), failed("PDF streams expand to more than 256 MiB"))
    # A build's output folder inside the input (marked by its lock file): never read.
    (root / "old-out/views").mkdir(parents=True, exist_ok=True)
    (root / "old-out/.lawgraph.lock").write_text("")
    (root / "old-out/views/index.html").write_text("<html><body>" + simp + "</body></html>", encoding="utf-8")
    out["old-out"] = skipped("lawgraph's output folder (never read as input)")
    deep = root / "deep"
    deep.mkdir()
    for _ in range(300):  # one level at a time: mkdir(parents=True) recurses once per level
        deep = deep / "d"
        deep.mkdir()
    (deep / "report.txt").write_text(simp, encoding="utf-8")
    out["deep/" + "d/" * 300 + "report.txt"] = extracted("utf-8")
    return out


def _single_line(path: Path, size: int) -> None:
    """``size`` bytes (or a little more) of real report text on one line: the seeds with
    every line break and space removed, over and over."""
    text = "".join(p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt")))
    _repeated(path, "".join(text.split()), size)


def _repeated(path: Path, unit: str, size: int, head: str = "") -> None:
    """``head``, then ``unit`` over and over to ``size`` bytes (or a little more), written
    in 1 MiB chunks."""
    data = unit.encode("utf-8")
    chunk = data * max(1, MiB // len(data))
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "wb") as f:
        written = f.write(head.encode("utf-8"))
        while written < size:
            written += f.write(chunk)


def _symlink(target: str, link: Path) -> None:
    link.parent.mkdir(parents=True, exist_ok=True)
    os.symlink(target, link)


def _can_read(path: Path) -> bool:
    try:
        path.open("rb").close()
    except OSError as err:
        if err.errno in (errno.EACCES, errno.EPERM):
            return False
        raise
    return True


if __name__ == "__main__":
    import argparse

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder")
    parser.add_argument("--big-mb", type=int, default=BIG_MB)
    args = parser.parse_args()
    for name, exp in sorted(make_bad_corpus(args.folder, big_mb=args.big_mb).items()):
        print(f"{name}\t{exp.status}\t{exp.reason or exp.encoding or ''}")
    sys.exit(0)
