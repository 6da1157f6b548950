"""Text extraction per file type: bytes → paragraph texts, title and date.

Each format keeps to one numbering rule a reader can redo by hand (README, "Paragraph numbering
by format"), since citations name a file and a paragraph number:

* ``.txt``/``.md``: every non-empty line is a paragraph, unless the file is hard-wrapped (no line
  longer than ``WRAP_WIDTH``), where each blank-line-separated block is one.
* ``.html``/``.htm``: the block elements of the main text in reading order; the title is ¶1.
* ``.pdf``: blank-line-separated blocks of the text laid out page by page, wrapped lines joined,
  numbered on across pages.

Failures raise ``Unreadable`` with a short reason; the corpus turns it into a skipped file.
"""

from __future__ import annotations

import codecs
import io
import logging
import re
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path

TEXT_SUFFIXES = (".txt", ".md")
HTML_SUFFIXES = (".html", ".htm")
PDF_SUFFIXES = (".pdf",)
SUFFIXES = TEXT_SUFFIXES + HTML_SUFFIXES + PDF_SUFFIXES
WRAP_WIDTH = 100
TITLE_MAX_CHARS = 150

_DATE_LINE = re.compile(r"^\s*date[:\s]+(\d{4}-\d{2}-\d{2})\b\s*(.*)$", re.IGNORECASE)
_ISO_DATE = re.compile(r"^\s*(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})")
_PDF_DATE = re.compile(r"^(?:D:)?(\d{4})(\d{2})(\d{2})")
_PAGE_NUMBER = re.compile(r"^(?:page\s*)?[-–—]?\s*\d{1,3}\s*[-–—]?(?:\s*(?:/|of)\s*\d{1,3})?$", re.IGNORECASE)
_CONTROLS = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f]")  # category Cc less the whitespace ones
_BINARY_CONTROL_SHARE = 0.01

# HTML: dropped wholesale, then the blocks that make paragraphs, and the fallback ones.
_BOILERPLATE = ("script", "style", "nav", "header", "footer", "aside", "form", "noscript", "template", "svg", "iframe")
_BLOCKS = frozenset(("h1", "h2", "h3", "h4", "h5", "h6", "p", "li", "blockquote", "pre", "figcaption"))
_CELLS = frozenset(("td", "th"))


class Unreadable(Exception):
    """A file that yields no article; ``reason`` is one short clause for the user."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class Extracted:
    """What a file says: paragraphs in reading order, and a ``note`` when it was read with a caveat."""

    paragraphs: list[str]
    title: str = ""
    date: str = ""
    note: str = ""


# ---- plain text ---------------------------------------------------------------------------------
def _blocks(text: str) -> tuple[list[list[str]], list[str]]:
    """Blank-line-separated blocks of stripped lines, and the raw lines (for the wrap test)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")
    lines = text.split("\n")
    blocks: list[list[str]] = [[]]
    for line in lines:
        if line.strip():
            blocks[-1].append(line.strip())
        elif blocks[-1]:
            blocks.append([])
    return [b for b in blocks if b], lines


def split_paragraphs(text: str) -> list[str]:
    """Paragraph texts in reading order, whitespace-trimmed, never empty."""
    blocks, lines = _blocks(text)
    wrapped = len(blocks) > 1 and any(len(b) > 1 for b in blocks) and max(len(line) for line in lines) <= WRAP_WIDTH
    if wrapped:
        return [" ".join(b) for b in blocks]
    return [line for b in blocks for line in b]


MONTHS = "January February March April May June July August September October November December".split()
MONTH_NUMBER = {m.lower(): i for i, m in enumerate(MONTHS, start=1)}  # "march", "mar", "sept" → 3, 3, 9
MONTH_NUMBER.update({m.lower()[:3]: i for i, m in enumerate(MONTHS, start=1)})
MONTH_NUMBER["sept"] = 9
_WRITTEN_DATE = (
    r"(\d{4}-\d{2}-\d{2}|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+\d{1,2},?\s+\d{4}"
    r"|\d{1,2}\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?,?\s+\d{4})"
)
# a line that is only a publication date: "Published 2026-03-14", "Published: April 2, 2026", "June 3, 2025",
# "Monday, March 23, 2026"
_PUBLISHED_LINE = re.compile(
    rf"^\s*(?:(?:published|updated|posted|dated?)\s*(?:on)?[:\s]\s*)?"
    rf"(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day,?\s+)?{_WRITTEN_DATE}\s*$",
    re.I,
)
# the same at the end of a headline wrapped onto one paragraph with it: "… replacement Published 2026-03-14"
_PUBLISHED_TAIL = re.compile(rf"\s+(?:published|updated|posted)\s*(?:on)?[:\s]\s*{_WRITTEN_DATE}\s*$", re.I)


def written_date(text: str) -> str:
    """``YYYY-MM-DD`` of "2026-03-14", "April 2, 2026" or "2 April 2026"; '' otherwise."""
    text = text.strip().lower().replace(",", " ")
    iso = normalise_date(text)
    if iso:
        return iso
    parts = text.replace(".", " ").split()
    try:
        if parts[0].isdigit():
            day, month, year = int(parts[0]), parts[1], int(parts[2])
        else:
            month, day, year = parts[0], int(parts[1]), int(parts[2])
        return date(year, MONTH_NUMBER[month[:3]], day).isoformat()
    except (IndexError, ValueError, KeyError):
        return ""


def article_metadata(paragraphs: list[str]) -> tuple[str, str]:
    """(title, date) the text itself gives: a ``date YYYY-MM-DD`` line, or a line of a publication
    date alone near the top ("Published 2026-03-14", "June 3, 2025" under a byline), and a short
    first line. Without its date an article's "on Monday" and "next Thursday" name no day."""
    if not paragraphs:
        return "", ""
    first = paragraphs[0]
    match = _DATE_LINE.match(first)
    if match:  # "date 2025-08-22" alone: the headline is the next line
        title = match.group(2).strip() or (paragraphs[1] if len(paragraphs) > 1 else "")
        return _heading(title) if len(title) <= TITLE_MAX_CHARS else "", match.group(1)
    day = ""
    tail = _PUBLISHED_TAIL.search(first)
    if tail:
        first, day = first[: tail.start()], written_date(tail.group(1))
    # "*Published 2026-08-27*": Markdown's emphasis is no part of the date
    lines = (m.group(1) for p in paragraphs[1:4] if (m := _PUBLISHED_LINE.match(p.strip().strip("*_"))))
    day = day or next((d for line in lines if (d := written_date(line))), "")
    if len(first) <= TITLE_MAX_CHARS and not first.startswith("![") and not _PUBLISHED_LINE.match(first):
        return _heading(first), day
    return "", day


def _heading(text: str) -> str:
    return re.sub(r"^#+\s*", "", text).strip()  # a Markdown heading's title, without its marker


def _control_count(text: str) -> int:
    return len(_CONTROLS.findall(text))


def _looks_binary(text: str) -> bool:
    """NUL bytes, or more control characters than stray ones (a DOS EOF mark, an ANSI escape)."""
    if "\x00" in text:
        return True
    return _control_count(text) > max(2, len(text) * _BINARY_CONTROL_SHARE)


def _codec_name(encoding: str) -> str:
    try:
        return codecs.lookup(encoding).name
    except LookupError:
        return ""


def decode_text(raw: bytes, declared: str | None = None) -> tuple[str, str]:
    """(text, note): UTF-8 (with or without BOM), UTF-16 with BOM, ``declared``, else clean Windows-1252.

    Windows-1252 is accepted only when the result has no control characters, since any byte
    sequence decodes as *something* and a wrong guess would index garbage.
    """
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            text = raw.decode("utf-16")
        except UnicodeDecodeError:
            raise Unreadable("not UTF-8 text") from None
        if _looks_binary(text):
            raise Unreadable("looks binary")
        return text, ""
    if b"\x00" in raw:
        raise Unreadable("looks binary")
    encodings = ["utf-8-sig"]
    if declared and _codec_name(declared) not in ("", "utf-8", "ascii"):
        encodings.insert(0, declared)
    for encoding in encodings:
        try:
            text = raw.decode(encoding)
        except (UnicodeDecodeError, LookupError):
            continue
        if _looks_binary(text):
            raise Unreadable("looks binary")
        return text, ""
    try:
        text = raw.decode("cp1252")
    except UnicodeDecodeError:
        raise Unreadable("not UTF-8 text") from None
    if _control_count(text):
        raise Unreadable("looks binary" if _looks_binary(text) else "not UTF-8 text")
    return text, "read as Windows-1252, not UTF-8"


def _extract_text(raw: bytes) -> Extracted:
    text, note = decode_text(raw)
    paragraphs = split_paragraphs(text)
    title, day = article_metadata(paragraphs)
    return Extracted(paragraphs, title, day, note)


# ---- dates --------------------------------------------------------------------------------------
def normalise_date(value: str) -> str:
    """``YYYY-MM-DD`` from an ISO-like date or timestamp (``2025-06-30T09:00+09:00``, ``2025/6/30``), else ''."""
    match = _ISO_DATE.match(value or "")
    if not match:
        return ""
    try:
        return date(*(int(g) for g in match.groups())).isoformat()
    except ValueError:
        return ""


# ---- HTML ---------------------------------------------------------------------------------------
@contextmanager
def _quiet(logger: str) -> Iterator[None]:
    """Parsers warn about damaged input; we report it as a skipped file, not as log noise."""
    log = logging.getLogger(logger)
    level = log.level
    log.setLevel(logging.CRITICAL)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            yield
    finally:
        log.setLevel(level)


def _collapse(text: str) -> str:
    return " ".join(text.split())


def _html_parser() -> str:
    try:
        import lxml  # noqa: F401
    except ImportError:
        return "html.parser"
    return "lxml"


def _meta_date(soup) -> str:
    metas = (
        soup.find("meta", attrs={"property": "article:published_time"}),
        soup.find("meta", attrs={"name": re.compile(r"^date$", re.IGNORECASE)}),
        soup.find("meta", attrs={"itemprop": "datePublished"}),
    )
    return next((d for m in metas if m is not None and (d := normalise_date(str(m.get("content", ""))))), "")


def _time_date(root) -> str:
    times = root.find_all("time", attrs={"datetime": True})
    return next((d for t in times if (d := normalise_date(str(t["datetime"])))), "")


def _html_blocks(root, names: frozenset[str]) -> list[str]:
    """Texts of the blocks named ``names`` in document order; text in a nested block is its own.

    Each string belongs to its nearest enclosing block, so ``<li>label<p>body</p></li>`` gives
    "label" then "body", and text in no such block (a bare ``<div>``) is left out.
    """
    from bs4.element import NavigableString, PreformattedString

    out: list[str] = []
    current, buffer = None, []
    for node in root.descendants:
        if not isinstance(node, NavigableString) or isinstance(node, PreformattedString):
            continue
        owner = next((p for p in node.parents if p.name in names), None)
        if owner is not current:
            out.append(_collapse("".join(buffer)))
            current, buffer = owner, []
        if owner is not None:
            buffer.append(str(node))
    out.append(_collapse("".join(buffer)))
    return [t for t in out if t]


def _extract_html(raw: bytes) -> Extracted:
    from bs4 import BeautifulSoup
    from bs4.dammit import EncodingDetector

    declared = EncodingDetector.find_declared_encoding(raw, is_html=True)
    text, note = decode_text(raw, declared)
    with _quiet("bs4"):
        try:
            soup = BeautifulSoup(text, _html_parser())
        except Exception:  # noqa: BLE001 - a parser failing on hostile markup costs that file, not the scan
            raise Unreadable("not readable HTML") from None
    day = _meta_date(soup)
    for tag in soup.find_all([name for name in _BOILERPLATE if name != "header"]):
        if not tag.decomposed:
            tag.decompose()
    articles = soup.find_all("article")
    root = max(articles, key=lambda a: len(a.get_text()), default=None) or soup.find("main") or soup.body or soup
    day = day or _time_date(root) or _time_date(soup)
    heading = root.find("h1") if root.name in ("article", "main") else None
    title = _collapse(heading.get_text(" ")) if heading else ""  # an article's <header> holds its headline
    for tag in root.find_all("header"):
        if not tag.decomposed:
            tag.decompose()
    if not title:
        found = root.find("h1") or soup.find("title")
        title = _collapse(found.get_text(" ")) if found else ""
    for br in root.find_all("br"):
        br.replace_with(" ")
    paragraphs = _html_blocks(root, _BLOCKS) or _html_blocks(root, _CELLS) or split_paragraphs(root.get_text("\n"))
    if paragraphs and title:
        if title in paragraphs:
            paragraphs.remove(title)
        paragraphs.insert(0, title)
    return Extracted(paragraphs, title, day, note)


# ---- PDF ----------------------------------------------------------------------------------------
def _join_wrapped(lines: list[str]) -> str:
    """One paragraph from wrapped lines: a soft hyphen at a line end vanishes, a hard one stays unspaced."""
    text = ""
    for line in lines:
        if text.endswith("\u00ad"):
            text = text[:-1] + line
        elif text.endswith("-") and text[-2:-1].isalpha():
            text += line
        else:
            text = f"{text} {line}" if text else line
    return _collapse(text)


def _continues(previous: str, following: str) -> bool:
    """A paragraph cut by a page break: no closing punctuation before it, lower case after it."""
    return bool(previous) and previous[-1] not in ".!?:;\"'”’)]" and following[:1].islower()


def _pdf_metadata(reader) -> tuple[str, str]:
    try:
        info = reader.metadata or {}
        title = _collapse(str(info.get("/Title") or ""))
        created = _PDF_DATE.match(str(info.get("/CreationDate") or ""))
    except Exception:  # noqa: BLE001 - damaged info dictionaries are common and only cost the metadata
        return "", ""
    day = normalise_date("-".join(created.groups())) if created else ""
    return title, day


def _page_text(page) -> str:
    """Layout mode keeps vertical gaps as blank lines (paragraph breaks); plain mode is the fallback."""
    try:
        return page.extract_text(extraction_mode="layout") or ""
    except Exception:  # noqa: BLE001 - layout mode fails on some fonts where plain mode still works
        return page.extract_text() or ""


def _extract_pdf(raw: bytes) -> Extracted:
    from pypdf import PdfReader

    with _quiet("pypdf"):
        try:
            reader = PdfReader(io.BytesIO(raw))
            if reader.is_encrypted and not reader.decrypt(""):
                raise Unreadable("encrypted PDF")
            pages = [_page_text(page) for page in reader.pages]
        except Unreadable:
            raise
        except Exception:  # noqa: BLE001 - pypdf raises many kinds on damaged files; all mean the same here
            raise Unreadable("not a readable PDF") from None
        title, created = _pdf_metadata(reader)
    paragraphs: list[str] = []
    for page in pages:
        blocks, _ = _blocks(page)
        texts = [_join_wrapped(b) for b in blocks]
        texts = [t for t in texts if not _PAGE_NUMBER.match(t)]
        if texts and paragraphs and _continues(paragraphs[-1], texts[0]):
            paragraphs[-1] = f"{paragraphs[-1]} {texts.pop(0)}"
        paragraphs.extend(texts)
    if not paragraphs:
        raise Unreadable("no text (scanned images?)" if pages else "no text")
    blank = sum(1 for page in pages if not page.strip())
    note = f"{blank} of {len(pages)} pages have no text (scanned images?)" if blank else ""
    day = next((m.group(1) for p in paragraphs[:5] if (m := _DATE_LINE.match(p))), "") or created
    if not title:
        title = next((p for p in paragraphs[:3] if len(p) <= TITLE_MAX_CHARS and not _DATE_LINE.match(p)), "")
    return Extracted(paragraphs, title, day, note)


# ---- dispatch -----------------------------------------------------------------------------------
def extract(path: Path, raw: bytes) -> Extracted:
    """The paragraphs of ``raw``, read as the type ``path``'s suffix names; raises ``Unreadable``."""
    suffix = path.suffix.lower()
    if suffix in TEXT_SUFFIXES:
        return _extract_text(raw)
    if suffix in HTML_SUFFIXES:
        return _extract_html(raw)
    if suffix in PDF_SUFFIXES:
        return _extract_pdf(raw)
    raise Unreadable(f"unsupported type {suffix or '(no suffix)'}")
