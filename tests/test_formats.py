"""Extraction per file type, on real files: HTML pages with boilerplate, PDFs made with fpdf2."""

from __future__ import annotations

import codecs
from datetime import UTC, datetime
from pathlib import Path

import pytest
from fpdf import FPDF
from fpdf.enums import EncryptionMethod

from qa.corpus import read_article, scan_corpus
from qa.formats import Unreadable, decode_text, extract, normalise_date

PAGE = """<!doctype html>
<html><head>
<title>Kim visits Moscow | Daily News</title>
<meta property="article:published_time" content="2025-06-30T09:00:00+09:00">
<script>var tracking = "do not index me";</script>
<style>p { color: red }</style>
</head><body>
<header><h1 class="logo">Daily News</h1><nav><ul><li>Home</li><li>World</li></ul></nav></header>
<aside><article><h2>Related</h2><p>Teaser for another story.</p></article></aside>
<main><article>
  <header><h1>Kim visits   Moscow</h1><time datetime="2025-07-01">July 1</time></header>
  <p>Kim Jong-un arrived in <a href="/moscow">Moscow</a> on <b>Monday</b>.</p>
  <p>   </p>
  <!-- an editor's comment -->
  <p>He met<br>Vladimir Putin.</p>
  <ul><li>Talks on trade</li><li>Talks on arms</li></ul>
  <blockquote><p>First quoted sentence.</p><p>Second quoted sentence.</p></blockquote>
  <figure><img src="kim.jpg" alt="photo"><figcaption>Kim at the station.</figcaption></figure>
  <form><p>Subscribe to our newsletter!</p></form>
  <noscript><p>Enable JavaScript.</p></noscript>
</article></main>
<footer><p>Copyright Daily News</p></footer>
</body></html>
"""


def html(tmp_path: Path, text: str, name: str = "page.html", encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def test_html_keeps_only_the_article_blocks_with_the_title_first(tmp_path: Path):
    article = read_article(html(tmp_path, PAGE))
    assert [p.text for p in article.paragraphs] == [
        "Kim visits Moscow",
        "Kim Jong-un arrived in Moscow on Monday.",
        "He met Vladimir Putin.",
        "Talks on trade",
        "Talks on arms",
        "First quoted sentence.",
        "Second quoted sentence.",
        "Kim at the station.",
    ]
    assert article.title == "Kim visits Moscow"
    assert article.date == "2025-06-30"  # the meta tag wins over <time>
    assert [p.number for p in article.paragraphs] == list(range(1, 9))


def test_html_without_article_uses_body_and_the_title_tag(tmp_path: Path):
    page = """<html><head><title>Summit ends</title><meta name="date" content="2025/7/2"></head>
    <body><nav><p>Menu</p></nav><h2>Outcome</h2><p>The summit ended.</p><footer>Contact</footer></body></html>"""
    found = extract(Path("x.htm"), page.encode())
    assert found.paragraphs == ["Summit ends", "Outcome", "The summit ended."]
    assert (found.title, found.date) == ("Summit ends", "2025-07-02")


def test_html_title_already_first_is_not_repeated_and_time_gives_the_date():
    page = '<body><main><h1>Talks</h1><p>Body.</p><time datetime="2025-05-08T10:00">8 May</time></main></body>'
    found = extract(Path("x.html"), page.encode())
    assert found.paragraphs == ["Talks", "Body."]
    assert found.date == "2025-05-08"


def test_html_title_after_a_kicker_moves_to_the_front():
    page = "<article><p>EXCLUSIVE</p><h1>Talks</h1><p>Body.</p></article>"
    assert extract(Path("x.html"), page.encode()).paragraphs == ["Talks", "EXCLUSIVE", "Body."]


def test_html_nested_blocks_give_each_text_once():
    page = "<article><li>Label<p>Body of the item.</p>tail</li></article>"
    assert extract(Path("x.html"), page.encode()).paragraphs == ["Label", "Body of the item.", "tail"]


def test_html_table_cells_only_when_nothing_else():
    page = "<body><table><tr><td>Seoul</td><td>rain</td></tr></table></body>"
    assert extract(Path("x.html"), page.encode()).paragraphs == ["Seoul", "rain"]
    page = "<body><p>Intro.</p><table><tr><td>Seoul</td></tr></table></body>"
    assert extract(Path("x.html"), page.encode()).paragraphs == ["Intro."]


def test_html_declared_charset_is_honoured(tmp_path: Path):
    page = '<html><head><meta charset="iso-8859-1"></head><body><p>Café in Pyongyang.</p></body></html>'
    found = extract(Path("x.html"), page.encode("latin-1"))
    assert found.paragraphs == ["Café in Pyongyang."]
    assert found.note == ""


def test_html_with_no_text_is_skipped(tmp_path: Path):
    html(tmp_path, "<html><body><nav><p>Only a menu</p></nav><script>x()</script></body></html>", "blank.html")
    (tmp_path / "ok.txt").write_text("Headline\nBody.\n")
    corpus = scan_corpus(tmp_path)
    assert [a.file for a in corpus.articles] == ["ok.txt"]
    assert [(s.file, s.reason) for s in corpus.skipped] == [("blank.html", "no text")]


# ---- PDF ----------------------------------------------------------------------------------------
LONG = "The delegation crossed the border at dawn and was met by officials who escorted it to the capital. " * 3


def make_pdf(path: Path, pages: list[list[str]], *, title: str = "", footer: bool = False) -> Path:
    """A real PDF: each inner list is one page, each string one paragraph set in a wrapped cell."""

    class Doc(FPDF):
        def footer(self) -> None:
            if footer:
                self.set_y(-15)
                self.cell(0, 10, str(self.page_no()), align="C")

    pdf = Doc()
    pdf.set_creation_date(datetime(2024, 1, 2, tzinfo=UTC))
    if title:
        pdf.set_title(title)
    pdf.set_font("Helvetica", size=11)
    for paragraphs in pages:
        pdf.add_page()
        for text in paragraphs:
            pdf.multi_cell(0, 6, text)
            pdf.ln(6)
    path.write_bytes(bytes(pdf.output()))
    return path


def test_pdf_paragraphs_are_numbered_across_pages_with_wrapped_lines_joined(tmp_path: Path):
    path = make_pdf(
        tmp_path / "report.pdf",
        [["Kim visits Moscow", "date 2025-06-30", "First " + LONG], ["Second " + LONG, "Closing line."]],
        footer=True,
    )
    article = read_article(path)
    texts = [p.text for p in article.paragraphs]
    assert texts == ["Kim visits Moscow", "date 2025-06-30", ("First " + LONG).strip(), ("Second " + LONG).strip()] + [
        "Closing line."
    ]  # one paragraph per wrapped cell; page numbers from the footer are dropped
    assert [p.number for p in article.paragraphs] == [1, 2, 3, 4, 5]
    assert (article.title, article.date) == ("Kim visits Moscow", "2025-06-30")


def test_pdf_paragraph_cut_by_a_page_break_is_joined(tmp_path: Path):
    first = make_pdf(tmp_path / "a.pdf", [["Opening.", "The talks went on"], ["late into the night."]])
    assert extract(first, first.read_bytes()).paragraphs == ["Opening.", "The talks went on late into the night."]
    second = make_pdf(tmp_path / "b.pdf", [["The talks ended."], ["Kim left."]])
    assert extract(second, second.read_bytes()).paragraphs == ["The talks ended.", "Kim left."]


def test_pdf_title_and_date_from_document_info(tmp_path: Path):
    path = make_pdf(tmp_path / "info.pdf", [["A body paragraph " + LONG]], title="Summit report")
    found = extract(path, path.read_bytes())
    assert (found.title, found.date) == ("Summit report", "2024-01-02")


def test_pdf_pages_without_text_are_noted_and_a_textless_pdf_is_skipped(tmp_path: Path):
    make_pdf(tmp_path / "mixed.pdf", [["Some text.", "More."], []])
    make_pdf(tmp_path / "scan.pdf", [[], []])
    corpus = scan_corpus(tmp_path)
    assert [a.file for a in corpus.articles] == ["mixed.pdf"]
    assert [(s.file, s.reason) for s in corpus.notes] == [("mixed.pdf", "1 of 2 pages have no text (scanned images?)")]
    assert [(s.file, s.reason) for s in corpus.skipped] == [("scan.pdf", "no text (scanned images?)")]


@pytest.mark.parametrize("raw", [b"%PDF-1.7\n garbage \x00\x01 that is no PDF", b"not a pdf at all"])
def test_corrupt_pdf_is_skipped(tmp_path: Path, raw: bytes):
    (tmp_path / "broken.pdf").write_bytes(raw)
    make_pdf(tmp_path / "good.pdf", [["Good one.", "Body."]])
    corpus = scan_corpus(tmp_path)
    assert [a.file for a in corpus.articles] == ["good.pdf"]
    assert [(s.file, s.reason) for s in corpus.skipped] == [("broken.pdf", "not a readable PDF")]


@pytest.mark.parametrize(("user_password", "readable"), [("secret", False), ("", True)])
def test_encrypted_pdf_is_read_only_without_a_user_password(tmp_path: Path, user_password: str, readable: bool):
    pdf = FPDF()
    pdf.set_font("Helvetica", size=11)
    pdf.add_page()
    pdf.multi_cell(0, 6, "Hidden text.")
    pdf.set_encryption(owner_password="owner", user_password=user_password, encryption_method=EncryptionMethod.RC4)
    raw = bytes(pdf.output())
    if readable:
        assert extract(Path("e.pdf"), raw).paragraphs == ["Hidden text."]
    else:
        with pytest.raises(Unreadable, match="encrypted PDF"):
            extract(Path("e.pdf"), raw)


def test_truncated_pdf_never_raises_anything_but_unreadable(tmp_path: Path):
    raw = make_pdf(tmp_path / "whole.pdf", [["Some text.", LONG]]).read_bytes()
    for cut in (len(raw) // 4, len(raw) // 2, len(raw) - 40):
        try:
            extract(Path("cut.pdf"), raw[:cut])
        except Unreadable as exc:
            assert exc.reason == "not a readable PDF"


# ---- decoding and dates -------------------------------------------------------------------------
def test_decode_text_accepts_utf8_bom_and_utf16():
    assert decode_text("\ufeffKim".encode()) == ("Kim", "")
    assert decode_text(codecs.BOM_UTF16_LE + "Kim – Putin".encode("utf-16-le")) == ("Kim – Putin", "")


def test_decode_text_falls_back_to_clean_windows_1252_only():
    assert decode_text("“Café” – ok".encode("cp1252")) == ("“Café” – ok", "read as Windows-1252, not UTF-8")
    with pytest.raises(Unreadable, match="not UTF-8 text"):
        decode_text(b"caf\xe9 \x81")  # 0x81 is undefined in Windows-1252
    with pytest.raises(Unreadable, match="looks binary"):
        decode_text(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    with pytest.raises(Unreadable, match="looks binary"):
        decode_text(bytes(range(1, 32)) * 10)


def test_stray_control_characters_do_not_make_a_text_binary():
    text, _ = decode_text(b"Old DOS file with an end mark.\r\n\x1a")
    assert text.startswith("Old DOS file")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2025-06-30T09:00:00+09:00", "2025-06-30"),
        ("2025/6/3", "2025-06-03"),
        ("2025-02-30", ""),
        ("June 30, 2025", ""),
        ("", ""),
    ],
)
def test_normalise_date(value: str, expected: str):
    assert normalise_date(value) == expected


def test_unsupported_suffix_is_unreadable():
    with pytest.raises(Unreadable, match=r"unsupported type \.docx"):
        extract(Path("memo.docx"), b"PK\x03\x04")
