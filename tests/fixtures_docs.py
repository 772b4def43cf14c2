"""Builders for the reader tests: real files written at test time, nothing binary committed."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

# Traditional text, so that Big5 can hold it too (Big5 has no simplified-only characters).
REPORT_TRAD = (
    "北京市人民政府外事辦公室2023年法治政府建設年度情況報告\r\n"
    "日期:2024-03-30 20:00    來源:北京市人民政府外事辦公室\r\n"
    "\r\n"
    "　　2023年,市政府外辦堅持以習近平新時代中國特色社會主義思想和習近平法治思想為指導,"
    "深入貫徹黨的二十大精神,認真貫徹落實《中華人民共和國對外關係法》《北京市國際交往語言環境建設條例》,"
    "依法履行部門職責,不斷優化依法行政運作機制。現將有關情況報告如下:\n"
    "　　一、2023年推進法治政府建設的主要舉措和成效\r"
    "　　(一)深入學習宣傳貫徹習近平法治思想。\n"
)
# What every encoding of REPORT_TRAD must decode to: line endings made "\n", nothing else.
REPORT_TRAD_TEXT = REPORT_TRAD.replace("\r\n", "\n").replace("\r", "\n")

REPORT_SIMP = (
    "北京市西城区人民政府外事办公室关于2025年法治政府建设情况的报告\n"
    "　　2025年，区政府外办认真贯彻落实《法治政府建设实施纲要（2021-2025年）》和"
    "《中华人民共和国保守国家秘密法》，扎实推动法治政府建设。\n"
)


def write(path: Path, data: bytes | str, encoding: str = "utf-8") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data if isinstance(data, bytes) else data.encode(encoding))
    return path


# ---------------------------------------------------------------------------------------------
# HTML

GOV_PAGE = """<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>北京市人民政府外事办公室2023年法治政府建设年度情况报告_首都之窗</title>
<script>var shareText = "分享到微信";</script><style>.nav{color:red}</style></head>
<body>
<form id="form1" method="post">
<div class="header"><div class="logo">首都之窗</div>
  <ul class="nav"><li><a href="/">首页</a></li><li><a>政务公开</a></li><li><a>办事服务</a></li></ul></div>
<div class="breadcrumb">当前位置：<a>首页</a> &gt; <a>政务公开</a></div>
<div class="article">
  <h1>北京市人民政府外事办公室2023年法治政府建设年度情况报告</h1>
  <div class="info"><span>日期:2024-03-30 20:00</span> <span>来源:北京市人民政府外事办公室</span>
    <div class="share bdsharebuttonbox">分享：<a class="bds_weixin">微信</a><a class="bds_tsina">微博</a></div>
    <div class="fontsize">字号：<a>大</a> <a>中</a> <a>小</a></div>
  </div>
  <div id="zoom" class="TRS_Editor">
    <p>　　2023年，市政府外办坚持以习近平法治思想为指导，认真贯彻落实
    《中华人民共和国对外关系法》，依法履行部门职责。现将有关情况报告如下：</p>
    <p>　　一、2023年推进法治政府建设的主要举措和成效</p>
    <p>　　（一）深入学习宣传贯彻习近平法治思想。<br>组织学习《北京市国际交往语言环境建设条例》。</p>
    <table><tr><td>序号</td><td>文件名称</td></tr>
      <tr><td>1</td><td>《北京市国际交往语言环境建设条例》</td></tr></table>
    <p>&nbsp;</p>
    <p>分享到：</p>
    <p>北京市人民政府外事办公室</p>
    <p>2024年3月30日</p>
  </div>
  <div class="print-close"><a>【打印】</a><a>【关闭】</a></div>
</div>
<div class="related"><h3>相关链接</h3><ul><li>《关于印发某某办法的通知》</li></ul></div>
<div class="modal">您访问的链接即将离开“首都之窗”门户网站 是否继续?</div>
<div class="footer">主办：北京市人民政府办公厅 京ICP备05060933号</div>
</form>
<script>document.write("<p>脚本写出的文字</p>");</script>
</body></html>
"""

GOV_PAGE_TEXT = (
    "北京市人民政府外事办公室2023年法治政府建设年度情况报告\n"
    "日期:2024-03-30 20:00 来源:北京市人民政府外事办公室\n"
    "　　2023年，市政府外办坚持以习近平法治思想为指导，认真贯彻落实"
    "《中华人民共和国对外关系法》，依法履行部门职责。现将有关情况报告如下：\n"
    "　　一、2023年推进法治政府建设的主要举措和成效\n"
    "　　（一）深入学习宣传贯彻习近平法治思想。\n"
    "组织学习《北京市国际交往语言环境建设条例》。\n"
    "序号\n文件名称\n1\n《北京市国际交往语言环境建设条例》\n"
    "北京市人民政府外事办公室\n"
    "2024年3月30日"
)

# No main-content container: the whole body is kept and debris is removed line by line.
# Traditional debris as on the Big5 gateway of the same site.
PLAIN_PAGE = """<html><body>
<p>北京市人民政府外事辦公室2023年法治政府建設年度情況報告</p>
<p>日期:2024-03-30 20:00&nbsp;&nbsp;&nbsp;&nbsp;來源:北京市人民政府外事辦公室</p>
<p>分享:</p>
<p>字號:&nbsp;&nbsp;&nbsp;</p>
<p>【字體：大 中 小】</p>
<p>　　2023年,市政府外辦堅持依法行政。分享經驗做法。</p>
<p>扫一扫在手机打开当前页</p>
<p>上一篇：關於某某工作的通知</p>
<div>您訪問的連結即將離開“首都之窗”門戶網站 是否繼續?</div>
<div>已歸檔</div>
<div>【打印】 【關閉】</div>
<div>返回顶部</div>
</body></html>"""

PLAIN_PAGE_TEXT = (
    "北京市人民政府外事辦公室2023年法治政府建設年度情況報告\n"
    "日期:2024-03-30 20:00\xa0\xa0\xa0\xa0來源:北京市人民政府外事辦公室\n"
    "　　2023年,市政府外辦堅持依法行政。分享經驗做法。"
)


# ---------------------------------------------------------------------------------------------
# DOCX


def make_docx(path: Path) -> Path:
    """A real Word document: paragraphs, then a table with a merged cell, then a paragraph."""
    import docx

    d = docx.Document()
    d.add_heading("关于2025年法治政府建设情况的报告", level=1)
    d.add_paragraph("　　区政府外办认真贯彻落实《法治政府建设实施纲要（2021-2025年）》。")
    table = d.add_table(rows=2, cols=3)
    table.cell(0, 0).text = "序号"
    table.cell(0, 1).text = "文件名称"
    table.cell(0, 2).text = "备注"
    table.cell(1, 0).text = "1"
    merged = table.cell(1, 1).merge(table.cell(1, 2))
    merged.text = "《北京市国际交往语言环境建设条例》"
    d.add_paragraph("北京市西城区人民政府外事办公室")
    d.save(str(path))
    return path


DOCX_TEXT = (
    "关于2025年法治政府建设情况的报告\n"
    "　　区政府外办认真贯彻落实《法治政府建设实施纲要（2021-2025年）》。\n"
    "序号\n文件名称\n备注\n1\n《北京市国际交往语言环境建设条例》\n"
    "北京市西城区人民政府外事办公室"
)


def make_bomb_docx(path: Path, zeros_mib: int) -> Path:
    """A valid DOCX plus one entry of ``zeros_mib`` MiB of zeros, written chunk by chunk so the
    test never holds it in memory (300 MiB of zeros deflate to about 300 KiB)."""
    good = io.BytesIO()
    make_docx_in(good)
    chunk = bytes(1024 * 1024)
    with zipfile.ZipFile(good) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            dst.writestr(info, src.read(info))
        with dst.open("word/media/image1.bin", "w", force_zip64=True) as f:
            for _ in range(zeros_mib):
                f.write(chunk)
    return path


def make_docx_in(buffer: io.BytesIO) -> None:
    import docx

    d = docx.Document()
    d.add_paragraph("关于2025年法治政府建设情况的报告")
    d.save(buffer)
    buffer.seek(0)


# ---------------------------------------------------------------------------------------------
# PDF, written by hand: standard Type 1 font, ASCII text


def flate_bomb(mib: int, byte: bytes = b" ") -> bytes:
    """A zlib stream that inflates to ``mib`` MiB of ``byte``, built in about a second and a
    thousandth of the size: one compressed MiB, fully flushed (so each copy is the same
    bytes), repeated, then an empty final block and the checksum of the whole."""
    import zlib

    chunk = byte * (1024 * 1024)
    c = zlib.compressobj(9)
    first = c.compress(chunk) + c.flush(zlib.Z_FULL_FLUSH)
    again = c.compress(chunk) + c.flush(zlib.Z_FULL_FLUSH)
    adler = 1
    for _ in range(mib):
        adler = zlib.adler32(chunk, adler)
    return first + again * (mib - 1) + b"\x03\x00" + adler.to_bytes(4, "big")


def make_pdf(lines: list[str], *, encrypted: bool = False, bomb_mib: int = 0) -> bytes:
    """A minimal valid one-page PDF showing ``lines`` in Helvetica (no text if ``lines`` is
    empty: only a filled rectangle, like a scan). ``encrypted`` adds a standard-security
    /Encrypt dictionary whose keys match no password, so it cannot be opened. ``bomb_mib``
    adds a second content stream, FlateDecode, of that many MiB of spaces (:func:`flate_bomb`)."""
    if lines:
        ops = ["BT", "/F1 12 Tf", "72 720 Td", "14 TL"]
        for line in lines:
            escaped = line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
            ops.append(f"({escaped}) Tj T*")
        ops.append("ET")
    else:
        ops = ["0.5 g", "72 72 468 648 re f"]
    content = "\n".join(ops).encode("ascii")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
        b"/Resources << /Font << /F1 4 0 R >> >> /Contents " + (b"[5 0 R 6 0 R]" if bomb_mib else b"5 0 R") + b" >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
    ]
    if bomb_mib:
        bomb = flate_bomb(bomb_mib)
        objects.append(b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(bomb) + bomb + b"\nendstream")
    trailer_extra = b""
    if encrypted:
        objects.append(b"<< /Filter /Standard /V 1 /R 2 /Length 40 /P -44 /O <" + b"ab" * 32 + b"> /U <" + b"cd" * 32 + b"> >>")
        trailer_extra = b" /Encrypt 6 0 R /ID [<" + b"01" * 16 + b"> <" + b"01" * 16 + b">]"
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R" % (len(objects) + 1) + trailer_extra + b" >>\n"
    out += b"startxref\n%d\n%%%%EOF\n" % xref
    return bytes(out)
