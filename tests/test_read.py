"""Readers: discover() and read_document() on real files generated in tmp_path."""

from __future__ import annotations

import codecs
import os
import zipfile
from pathlib import Path

import pytest

from lawgraph.extract.errors import ReadError
from lawgraph.extract.read import MAX_FILE_BYTES, Document, Problem, decode_bytes, discover, read_document
from tests.fixtures_docs import (
    DOCX_TEXT,
    GOV_PAGE,
    GOV_PAGE_TEXT,
    PLAIN_PAGE,
    PLAIN_PAGE_TEXT,
    REPORT_SIMP,
    REPORT_TRAD,
    REPORT_TRAD_TEXT,
    make_bomb_docx,
    make_docx,
    make_pdf,
    write,
)

SEEDS = Path(__file__).resolve().parents[1] / "seeds"


def reason_of(path: Path, **kwargs) -> str:
    with pytest.raises(ReadError) as info:
        read_document(str(path), **kwargs)
    assert info.value.source == str(path)
    return info.value.reason


# ---------------------------------------------------------------------------------------------
# text encodings

ENCODED = [
    # (file bytes, encoding reported)
    pytest.param(REPORT_TRAD.encode("utf-8"), "utf-8", id="utf-8"),
    pytest.param(codecs.BOM_UTF8 + REPORT_TRAD.encode("utf-8"), "utf-8-sig", id="utf-8 with BOM"),
    pytest.param(REPORT_TRAD.encode("gb18030"), "gb18030", id="gb18030"),
    pytest.param(REPORT_TRAD.encode("gbk"), "gb18030", id="gbk, read as its superset gb18030"),
    pytest.param(REPORT_TRAD.encode("big5"), "big5", id="big5"),
    pytest.param(codecs.BOM_UTF16_LE + REPORT_TRAD.encode("utf-16-le"), "utf-16", id="utf-16-le with BOM"),
    pytest.param(codecs.BOM_UTF16_BE + REPORT_TRAD.encode("utf-16-be"), "utf-16", id="utf-16-be with BOM"),
    pytest.param(REPORT_TRAD.encode("utf-16-le"), "utf-16-le", id="utf-16-le without BOM, by its NULs"),
    pytest.param(REPORT_TRAD.encode("utf-16-be"), "utf-16-be", id="utf-16-be without BOM, by its NULs"),
    pytest.param(codecs.BOM_UTF32_LE + REPORT_TRAD.encode("utf-32-le"), "utf-32", id="utf-32 with BOM"),
]


@pytest.mark.parametrize("data, encoding", ENCODED)
def test_every_encoding_gives_the_same_text(tmp_path, data, encoding):
    doc = read_document(str(write(tmp_path / "report.txt", data)))
    assert doc == Document(str(tmp_path / "report.txt"), REPORT_TRAD_TEXT, "txt", encoding)


@pytest.mark.parametrize("encoding", ["gb2312", "gbk", "gb18030", "utf-16-le", "utf-16-be", "utf-8"])
def test_simplified_text_in_gb_and_utf(encoding):
    text, _ = decode_bytes(REPORT_SIMP.encode(encoding))
    assert text == REPORT_SIMP


def test_pure_cjk_utf16_without_ascii_or_bom():
    # No ASCII means no NUL bytes to go by: the scoring has to find it.
    plain = "北京市人民政府外事辦公室法治政府建設年度情況報告"
    assert decode_bytes(plain.encode("utf-16-le")) == (plain, "utf-16-le")


@pytest.mark.parametrize(
    "text, encoding, expected",
    [
        ("北京市人民政府外事辦公室", "big5", "big5"),  # short Big5: GB18030 would decode it too
        ("北京市人民政府外事辦公室", "gb18030", "gb18030"),
        ("法治", "big5", "big5"),  # two characters are enough
        ("依法行政", "gbk", "gb18030"),
        ("香港特別行政區政府", "big5hkscs", "big5"),  # plain Big5 characters: plain Big5 wins
    ],
)
def test_short_texts(text, encoding, expected):
    assert decode_bytes(text.encode(encoding)) == (text, expected)


@pytest.mark.parametrize("seed", sorted(SEEDS.glob("*.txt")), ids=lambda p: p.name[:3])
@pytest.mark.parametrize("encoding", ["gb18030", "big5", "utf-16-le"])
def test_real_reports_round_trip(seed, encoding):
    # The seeds are real reports (one Traditional); Big5 only holds what it can encode.
    text = seed.read_text(encoding="utf-8").replace("\r\n", "\n")
    text = text.encode(encoding, errors="ignore").decode(encoding)
    assert decode_bytes(text.encode(encoding)) == (text, encoding)


def test_gb18030_named_txt_and_no_extension(tmp_path):
    for name in ("report.txt", "REPORT", "notes.md"):
        doc = read_document(str(write(tmp_path / name, REPORT_SIMP.encode("gb18030"))))
        assert (doc.text, doc.encoding) == (REPORT_SIMP, "gb18030")
    assert read_document(str(tmp_path / "REPORT")).format == "txt"
    assert read_document(str(tmp_path / "notes.md")).format == "md"


def test_line_endings_and_bom_only(tmp_path):
    path = write(tmp_path / "a.txt", "\ufeff一\r\n二\r三\n\n四 \t\r\n")
    assert read_document(str(path)).text == "一\n二\n三\n\n四 \t\n"  # nothing else touched


def test_mostly_valid_utf8_keeps_going(tmp_path):
    # A stray GBK byte pair pasted into a UTF-8 report: replaced, the rest intact.
    data = (REPORT_SIMP * 3).encode("utf-8") + "办".encode("gbk") + REPORT_SIMP.encode("utf-8")
    doc = read_document(str(write(tmp_path / "mixed.txt", data)))
    assert doc.encoding == "utf-8"
    assert doc.text.count("\ufffd") in (1, 2)
    assert doc.text.replace("\ufffd", "") == REPORT_SIMP * 4


@pytest.mark.parametrize(
    "text, encoding, expected",
    [
        ("日本の法律に関する年次報告書です。東京都の行政手続きについて説明します。" * 5, "shift_jis", "cp932"),
        ("Ежегодный доклад о верховенстве закона в городе Москве. " * 10, "cp1251", "cp1251"),
    ],
)
def test_other_encodings_fall_back_to_charset_normalizer(text, encoding, expected):
    assert decode_bytes(text.encode(encoding)) == (text, expected)


@pytest.mark.parametrize(
    "data, reason",
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 8, "binary data, not text (looks like a PNG image)"),
        (bytes(range(256)) * 64, "binary data, not text"),
        ("法治政府".encode() + bytes(200) + b"x" * 100, "binary data, not text"),
        (b"", "empty file"),
        (b" \r\n\t\n", "empty file"),
        (codecs.BOM_UTF8, "empty file"),
        ("\u3000\u3000\n".encode("gb18030"), "empty file"),
        (codecs.BOM_UTF16_LE * 1000, "empty file"),
        (codecs.BOM_UTF8 * 1000, "empty file"),
        ("\u200b\u2060\u00ad \n".encode("utf-8") * 50, "empty file"),
        (b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n", "binary data, not text (looks like a PDF file)"),
        (b"PK\x03\x04" + b"a" * 100, "binary data, not text (looks like a ZIP archive (DOCX?))"),
        (b"\xc0\xc1\xf5\xf8" * 500, "not valid text in any supported encoding"),
        (b"\xa2" * 40, "not valid text in any supported encoding"),
    ],
    ids=[
        "png",
        "random bytes",
        "text with NUL run",
        "empty",
        "whitespace",
        "BOM only",
        "full-width spaces",
        "a run of UTF-16 BOMs",
        "a run of UTF-8 BOMs",
        "zero-width marks",
        "a small ASCII PDF",
        "an ASCII-looking ZIP",
        "EBCDIC-looking bytes",
        "one Big5 symbol over and over",
    ],
)
def test_not_text(tmp_path, data, reason):
    assert reason_of(write(tmp_path / "x.txt", data)) == reason


def test_size_limit(tmp_path):
    assert MAX_FILE_BYTES == 64 * 1024 * 1024
    path = write(tmp_path / "big.txt", b"a" * (1024 * 1024 + 1))
    assert reason_of(path, max_bytes=1024 * 1024) == "file larger than the 1 MiB limit"
    assert reason_of(path, max_bytes=1000) == "file larger than the 1000-byte limit"
    assert read_document(str(path), max_bytes=2 * 1024 * 1024).text == "a" * (1024 * 1024 + 1)
    # A sparse 65 MiB file, in every format: refused from its size alone.
    for name in ("huge.txt", "huge.html", "huge.docx", "huge.pdf"):
        with open(tmp_path / name, "wb") as f:
            f.truncate(65 * 1024 * 1024)
        assert reason_of(tmp_path / name) == "file larger than the 64 MiB limit"


# ---------------------------------------------------------------------------------------------
# OS errors


def test_missing_file():
    assert reason_of(Path("/nonexistent/报告.txt")) == "no such file"


def test_unsupported_extension_in_read_document(tmp_path):
    assert reason_of(write(tmp_path / "scan.png", b"x")) == "unsupported format (.png)"
    assert reason_of(write(tmp_path / "old.doc", b"x")) == "unsupported format (.doc); save it as .docx"


def _unreadable(path: Path) -> Path:
    path.chmod(0)
    try:
        path.open("rb").close() if path.is_file() else os.listdir(path)
    except PermissionError:
        return path
    path.chmod(0o755)
    pytest.skip("running as root (or with CAP_DAC_OVERRIDE): root can read a file whatever its mode")


def test_unreadable_file(tmp_path):
    path = _unreadable(write(tmp_path / "secret.txt", REPORT_SIMP))
    try:
        assert reason_of(path) == "permission denied"
        assert list(discover([str(path)])) == [str(path)]  # found; reading it is what fails
    finally:
        path.chmod(0o644)


def test_unreadable_folder(tmp_path):
    write(tmp_path / "locked/a.txt", REPORT_SIMP)
    locked = _unreadable(tmp_path / "locked")
    try:
        assert list(discover([str(tmp_path)])) == [Problem(str(locked), "permission denied", "failed")]
    finally:
        locked.chmod(0o755)


def test_permission_error_is_reported_as_such(tmp_path, monkeypatch):
    # Runs as root too: the mapping from PermissionError to the reason.
    path = write(tmp_path / "secret.txt", REPORT_SIMP)

    def denied(*_args, **_kwargs):
        raise PermissionError(13, "Permission denied", str(path))

    monkeypatch.setattr("lawgraph.extract.read.os.open", denied)
    assert reason_of(path) == "permission denied"


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes on this platform")
def test_fifo_is_refused_not_waited_on(tmp_path):
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    assert reason_of(fifo) == "not a regular file"
    assert list(discover([str(tmp_path)])) == [Problem(str(fifo), "not a regular file", "skipped")]


def test_directory_and_symlink_loop_in_read_document(tmp_path):
    (tmp_path / "folder.txt").mkdir()
    assert reason_of(tmp_path / "folder.txt") == "is a directory"
    loop = tmp_path / "loop.txt"
    loop.symlink_to(loop)
    assert reason_of(loop) == "symlink loop"


# ---------------------------------------------------------------------------------------------
# HTML


def test_gov_page(tmp_path):
    doc = read_document(str(write(tmp_path / "report.html", GOV_PAGE)))
    assert (doc.format, doc.encoding) == ("html", "utf-8")
    assert doc.text == GOV_PAGE_TEXT
    for debris in ("首页", "分享", "微信", "字号", "打印", "关闭", "即将离开", "京ICP", "相关链接", "脚本", "当前位置"):
        assert debris not in doc.text


def test_plain_page_drops_debris_lines(tmp_path):
    doc = read_document(str(write(tmp_path / "report.htm", PLAIN_PAGE)))
    assert doc.text == PLAIN_PAGE_TEXT


def test_title_and_date_outside_the_content_container():
    from lawgraph.extract.html_text import html_to_text

    body = "".join(f"<p>第{i}段，依法行政，建设法治政府。</p>" for i in range(20))
    page = (
        '<div class="top"><h1>某某区2023年法治政府建设情况报告</h1>'
        "<span>发布时间：2024-01-15</span></div>"
        f'<div class="right"><div id="zoom">{body}</div><div class="bdshare">分享</div></div>'
    )
    lines = html_to_text(page).split("\n")
    assert lines[:3] == ["某某区2023年法治政府建设情况报告", "发布时间：2024-01-15", "第0段，依法行政，建设法治政府。"]
    assert len(lines) == 22


def test_blank_lines_from_br_are_collapsed():
    from lawgraph.extract.html_text import html_to_text

    assert html_to_text("<p>一</p><br><br><br><p>二<br>三</p>") == "一\n\n二\n三"
    assert html_to_text("<p>English words\n   wrap</p><p>中文\n  换行</p>") == "English words wrap\n中文换行"


def test_meta_charset_gb2312_encoded_as_gbk(tmp_path):
    # 辦 is GBK but not GB2312: pages that say gb2312 are written in GBK.
    page = '<html><head><meta charset="gb2312"></head><body><div id="zoom"><p>市政府外辦依法行政</p></div></body></html>'
    doc = read_document(str(write(tmp_path / "p.html", page, "gbk")))
    assert (doc.text, doc.encoding) == ("市政府外辦依法行政", "gb18030")


def test_http_equiv_big5(tmp_path):
    page = (
        '<html><head><meta http-equiv="Content-Type" content="text/html; charset=big5"></head><body><p>北京市人民政府外事辦公室</p><p>已歸檔</p></body></html>'
    )
    doc = read_document(str(write(tmp_path / "p.htm", page, "big5")))
    assert (doc.text, doc.encoding) == ("北京市人民政府外事辦公室", "big5")


def test_utf8_page_that_kept_its_gb2312_meta(tmp_path):
    page = '<meta charset="gb2312"><p>北京市西城区人民政府外事办公室</p>'
    doc = read_document(str(write(tmp_path / "p.html", page, "utf-8")))
    assert (doc.text, doc.encoding) == ("北京市西城区人民政府外事办公室", "utf-8")


def test_truncated_html_keeps_what_it_has(tmp_path):
    cut = GOV_PAGE[: GOV_PAGE.index("（一）") + 10]  # ends inside a paragraph, tags unclosed
    doc = read_document(str(write(tmp_path / "cut.html", cut)))
    assert doc.text.startswith("北京市人民政府外事办公室2023年法治政府建设年度情况报告\n日期:2024-03-30")
    assert doc.text.endswith("\n　　（一）深入学习宣传贯")
    cut = GOV_PAGE[: GOV_PAGE.index("<h1>") + 20]  # ends inside the title
    assert read_document(str(write(tmp_path / "cut2.html", cut))).text == "北京市人民政府外事办公室2023"


def test_html_without_text(tmp_path):
    path = write(tmp_path / "empty.html", "<html><head><script>x()</script></head><body> </body></html>")
    assert reason_of(path) == "HTML page has no text"


@pytest.mark.parametrize("name", ["e.txt", "e.html", "e.docx", "e.pdf", "E"])
def test_empty_file_in_every_format(tmp_path, name):
    assert reason_of(write(tmp_path / name, b"")) == "empty file"


def test_chinese_page_labelled_latin1(tmp_path):
    page = '<meta charset="iso-8859-1"><p>北京市西城区人民政府外事办公室法治政府建设</p>'
    doc = read_document(str(write(tmp_path / "p.html", page, "gb18030")))
    assert (doc.text, doc.encoding) == ("北京市西城区人民政府外事办公室法治政府建设", "gb18030")


def test_latin1_page_stays_latin1(tmp_path):
    page = "<meta charset='iso-8859-1'><p>Rapport annuel, préparé à Genève.</p>"
    doc = read_document(str(write(tmp_path / "p.html", page, "cp1252")))
    assert (doc.text, doc.encoding) == ("Rapport annuel, préparé à Genève.", "cp1252")


# ---------------------------------------------------------------------------------------------
# DOCX


def test_docx_paragraphs_and_table(tmp_path):
    doc = read_document(str(make_docx(tmp_path / "report.docx")))
    assert doc == Document(str(tmp_path / "report.docx"), DOCX_TEXT, "docx", None)


@pytest.mark.parametrize(
    "data, reason",
    [
        (b"PK\x03\x04 truncated", "corrupt DOCX: File is not a zip file"),
        (REPORT_SIMP.encode(), "corrupt DOCX: File is not a zip file"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600), "corrupt DOCX: an OLE file, not a ZIP (password-protected, or a .doc renamed)"),
    ],
    ids=["truncated zip", "text", "OLE"],
)
def test_corrupt_docx(tmp_path, data, reason):
    assert reason_of(write(tmp_path / "bad.docx", data)) == reason


def test_zip_that_is_not_a_word_document(tmp_path):
    path = tmp_path / "notword.docx"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("hello.txt", "hi")
    assert reason_of(path) == "corrupt DOCX: no word/document.xml (not a Word document)"


def test_docx_with_broken_xml(tmp_path):
    good = make_docx(tmp_path / "good.docx")
    bad = tmp_path / "bad.docx"
    with zipfile.ZipFile(good) as src, zipfile.ZipFile(bad, "w") as dst:
        for info in src.infolist():
            data = src.read(info)
            dst.writestr(info, data[: len(data) // 2] if info.filename == "word/document.xml" else data)
    assert reason_of(bad).startswith("corrupt DOCX: XMLSyntaxError")


@pytest.fixture
def inflation_spy(monkeypatch):
    """Counts the bytes zipfile inflates while reading."""
    inflated = []
    real = zipfile.ZipExtFile.read

    def read(self, n=-1):
        data = real(self, n)
        inflated.append(len(data))
        return data

    monkeypatch.setattr(zipfile.ZipExtFile, "read", read)
    return inflated


def test_zip_bomb_docx_refused_without_inflating(tmp_path, inflation_spy):
    path = make_bomb_docx(tmp_path / "bomb.docx", zeros_mib=300)
    inflation_spy.clear()
    assert path.stat().st_size < 1024 * 1024
    assert reason_of(path) == "DOCX expands to more than 200 MiB"
    assert sum(inflation_spy) == 0


def test_absurd_compression_ratio_refused(tmp_path, inflation_spy):
    path = make_bomb_docx(tmp_path / "ratio.docx", zeros_mib=20)  # under 200 MiB, but 1000:1
    inflation_spy.clear()
    reason = reason_of(path)
    assert reason.startswith("DOCX entry word/media/image1.bin expands ") and reason.endswith(":1 (zip bomb?)")
    assert sum(inflation_spy) == 0


# ---------------------------------------------------------------------------------------------
# PDF


def test_pdf_text_layer(tmp_path):
    path = write(tmp_path / "report.pdf", make_pdf(["Annual report on law-based government 2023", "Beijing, 30 March 2024"]))
    doc = read_document(str(path))
    assert (doc.format, doc.encoding) == ("pdf", None)
    assert doc.text.split() == "Annual report on law-based government 2023 Beijing, 30 March 2024".split()
    assert doc.text.index("2023") < doc.text.index("Beijing")


def test_pdf_without_text_layer(tmp_path):
    path = write(tmp_path / "scan.pdf", make_pdf([]))
    assert reason_of(path) == "PDF has no text layer (scanned image?); OCR it first"


@pytest.mark.parametrize(
    "data, reason",
    [
        (b"not a pdf at all", "corrupt PDF: no %PDF header (not a PDF file)"),
        (b"%PDF-1.4\n" + bytes(range(256)) * 4, None),
        (make_pdf(["Some text"])[:120], None),
    ],
    ids=["no header", "garbage after header", "truncated"],
)
def test_corrupt_pdf(tmp_path, data, reason):
    got = reason_of(write(tmp_path / "bad.pdf", data))
    if reason:
        assert got == reason
    else:
        assert got.startswith("corrupt PDF: ")


def test_encrypted_pdf(tmp_path):
    path = write(tmp_path / "locked.pdf", make_pdf(["Secret"], encrypted=True))
    assert reason_of(path) == "encrypted PDF"


# ---------------------------------------------------------------------------------------------
# discover


def tree(root: Path, names: list[str]) -> None:
    for name in names:
        write(root / name, REPORT_SIMP)


def test_folder_order_is_path_order(tmp_path):
    tree(tmp_path, ["r/b.txt", "r/c/d.txt", "r/c.txt", "r/e.md", "r/a/z.html", "r/B.pdf", "r/报告.docx"])
    got = list(discover([str(tmp_path / "r")]))
    names = [os.path.relpath(p, tmp_path) for p in got]
    assert names == ["r/B.pdf", "r/a/z.html", "r/b.txt", "r/c.txt", "r/c/d.txt", "r/e.md", "r/报告.docx"]
    assert names == sorted(names)
    assert list(discover([str(tmp_path / "r")])) == got  # stable


def test_inputs_in_given_order_and_paths_as_given(tmp_path, monkeypatch):
    tree(tmp_path, ["x/1.txt", "y/2.txt"])
    monkeypatch.chdir(tmp_path)
    assert list(discover(["y", "x/"])) == ["y/2.txt", "x/1.txt"]


def test_glob_patterns(tmp_path):
    tree(tmp_path, ["g/a.txt", "g/sub/b.txt", "g/sub/c.md", "g/.hidden/d.txt"])
    root = str(tmp_path / "g")
    assert list(discover([root + "/**/*.txt"])) == [root + "/a.txt", root + "/sub/b.txt"]
    assert list(discover([root + "/s?b"])) == [root + "/sub/b.txt", root + "/sub/c.md"]
    assert list(discover([root + "/*.pdf"])) == [Problem(root + "/*.pdf", "no file matches this pattern", "failed")]
    # "g/**" matches the folders and the files in them: each file comes once, with no noise.
    assert list(discover([root + "/**"])) == [root + "/a.txt", root + "/sub/b.txt", root + "/sub/c.md"]


def test_missing_path(tmp_path):
    missing = str(tmp_path / "nope.txt")
    assert list(discover([missing])) == [Problem(missing, "no such file or directory", "failed")]


def test_unsupported_skipped_hidden_silent(tmp_path):
    tree(tmp_path, ["d/a.txt", "d/scan.png", "d/.secret.txt", "d/.git/config", "d/README", "d/x.tar.gz", "d/~$a.docx"])
    d = str(tmp_path / "d")
    assert list(discover([d])) == [
        d + "/README",
        d + "/a.txt",
        Problem(d + "/scan.png", "unsupported format (.png)", "skipped"),
        Problem(d + "/x.tar.gz", "unsupported format (.gz)", "skipped"),
    ]
    # A hidden file given by name is read.
    assert list(discover([d + "/.secret.txt"])) == [d + "/.secret.txt"]


def test_symlink_loop_terminates_and_is_reported(tmp_path):
    tree(tmp_path, ["l/a.txt", "l/sub/b.txt"])
    (tmp_path / "l/sub/up").symlink_to(tmp_path / "l")  # sub/up → its grandparent
    (tmp_path / "l/self.txt").symlink_to(tmp_path / "l/self.txt")  # a link to itself
    d = str(tmp_path / "l")
    assert list(discover([d])) == [
        d + "/a.txt",
        Problem(d + "/self.txt", "symlink loop", "skipped"),
        d + "/sub/b.txt",
        Problem(d + "/sub/up", "symlink loop (links back to a folder above it)", "skipped"),
    ]


def test_same_file_reached_twice_is_yielded_once(tmp_path):
    tree(tmp_path, ["s/a.txt", "other/b.txt"])
    (tmp_path / "s/link.txt").symlink_to(tmp_path / "s/a.txt")
    os.link(tmp_path / "other/b.txt", tmp_path / "s/hard.txt")
    (tmp_path / "s/again").symlink_to(tmp_path / "other")  # a folder reached a second way
    s, other = str(tmp_path / "s"), str(tmp_path / "other")
    got = list(discover([s + "/a.txt", s, other]))
    assert [g for g in got if isinstance(g, str)] == [s + "/a.txt", s + "/again/b.txt"]
    assert [g for g in got if isinstance(g, Problem)] == [
        Problem(s + "/a.txt", f"duplicate path: same file as {s}/a.txt", "skipped"),
        Problem(s + "/hard.txt", f"duplicate path: same file as {s}/again/b.txt", "skipped"),
        Problem(s + "/link.txt", f"duplicate path: same file as {s}/a.txt", "skipped"),
        Problem(other, f"duplicate path: same folder as {s}/again", "skipped"),
    ]


def test_broken_symlink(tmp_path):
    (tmp_path / "gone.txt").symlink_to(tmp_path / "nowhere.txt")
    assert list(discover([str(tmp_path)])) == [Problem(str(tmp_path / "gone.txt"), "broken symlink", "failed")]


def test_discovered_files_read(tmp_path):
    # End to end: every discovered path reads, in every format.
    (tmp_path / "in").mkdir()
    write(tmp_path / "in/a.txt", REPORT_TRAD.encode("big5"))
    write(tmp_path / "in/b.html", GOV_PAGE)
    make_docx(tmp_path / "in/c.docx")
    write(tmp_path / "in/d.pdf", make_pdf(["Hello"]))
    docs = [read_document(p) for p in discover([str(tmp_path / "in")])]
    assert [(d.format, d.encoding) for d in docs] == [("txt", "big5"), ("html", "utf-8"), ("docx", None), ("pdf", None)]


# ---------------------------------------------------------------------------------------------
# whatever the bytes, ReadError or a Document — never another exception

from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

_PREFIXES = [b"", b"%PDF-1.4\n", b"PK\x03\x04", codecs.BOM_UTF16_LE, b"<html><body><p>", "法治".encode("gb18030")]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    prefix=st.sampled_from(_PREFIXES),
    body=st.binary(max_size=600),
    ext=st.sampled_from([".txt", ".html", ".docx", ".pdf", ""]),
)
def test_any_bytes_read_or_fail_cleanly(tmp_path, prefix, body, ext):
    path = write(tmp_path / f"fuzz{ext}", prefix + body)
    try:
        doc = read_document(str(path))
    except ReadError as err:
        assert err.reason and "\n" not in err.reason
        assert not err.reason.startswith("unexpected error"), err.reason
    else:
        assert doc.text.strip() and "\r" not in doc.text


_TRAD_SEED = (SEEDS / "002_e9dc5bee16399d3d.txt").read_text(encoding="utf-8").replace("\r\n", "\n")


@settings(max_examples=300, deadline=None)
@given(start=st.integers(0, len(_TRAD_SEED)), length=st.integers(30, 600))
def test_any_stretch_of_a_real_report_round_trips(start, length):
    # Realistic text of realistic length: a character or two can be read more than one way
    # (實 in Big5 is 龟 in GB18030), a paragraph cannot.
    text = _TRAD_SEED[start : start + length]
    if len(text.strip()) < 30:
        return
    for encoding in ("big5", "gb18030", "utf-16-le", "utf-16-be", "utf-8"):
        text_in = text.encode(encoding, errors="ignore").decode(encoding)
        assert decode_bytes(text_in.encode(encoding)) == (text_in, encoding)


# UTF-8 files are checked for control characters on their bytes (one pass in C): the answer
# must be the one counting the decoded text gives, for any text.
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=200))
@settings(max_examples=300, deadline=None)
def test_control_bytes_of_utf8_say_what_the_text_says(text):
    from lawgraph.extract import decode

    assert decode._has_control_bytes(text.encode("utf-8")) == (decode._controls(text) > 0)


@pytest.mark.parametrize("control", ["\x01", "\x1c", "\x7f", "\x00"])
def test_utf8_text_full_of_control_characters_is_still_binary(control):
    text = "关于法治政府建设的报告。" * 20
    with pytest.raises(ValueError, match="binary data"):
        decode_bytes((text + control * len(text)).encode("utf-8"))
    assert decode_bytes((text + control).encode("utf-8"))[0] == text + control  # one is text
