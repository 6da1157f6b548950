"""A folder of articles → numbered paragraphs with stable ids.

Numbering is what a reader counts. In files whose lines are whole paragraphs (long lines,
as in the bundled seeds) every non-empty line is one paragraph, headings and the title/date
line included. In hard-wrapped files (no line longer than ``WRAP_WIDTH``) a block of lines
between blank lines is one paragraph.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from qa.errors import CorpusError

SUFFIXES = (".txt", ".md")
WRAP_WIDTH = 100
_DATE_LINE = re.compile(r"^\s*date[:\s]+(\d{4}-\d{2}-\d{2})\b\s*(.*)$", re.IGNORECASE)


def text_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


@dataclass(frozen=True, kw_only=True)
class Paragraph:
    """One citable unit: ``file`` ¶``number``; ``hash`` detects later edits."""

    file: str
    number: int
    text: str
    hash: str
    title: str = ""
    date: str = ""

    @property
    def id(self) -> str:
        return f"{self.file}#{self.number}:{self.hash}"

    @property
    def label(self) -> str:
        return f"{self.file} ¶{self.number}"


@dataclass(frozen=True, kw_only=True)
class Article:
    file: str
    sha256: str
    title: str
    date: str
    paragraphs: tuple[Paragraph, ...]


def split_paragraphs(text: str) -> list[str]:
    """Paragraph texts in reading order, whitespace-trimmed, never empty."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")
    lines = text.split("\n")
    blocks: list[list[str]] = [[]]
    for line in lines:
        if line.strip():
            blocks[-1].append(line.strip())
        elif blocks[-1]:
            blocks.append([])
    blocks = [b for b in blocks if b]
    wrapped = len(blocks) > 1 and any(len(b) > 1 for b in blocks) and max(len(line) for line in lines) <= WRAP_WIDTH
    if wrapped:
        return [" ".join(b) for b in blocks]
    return [line for b in blocks for line in b]


def article_metadata(paragraphs: list[str]) -> tuple[str, str]:
    """(title, date) the text itself gives: a ``date YYYY-MM-DD`` line and a short first line."""
    if not paragraphs:
        return "", ""
    first = paragraphs[0]
    match = _DATE_LINE.match(first)
    if match:
        return match.group(2).strip(), match.group(1)
    if len(first) <= 150 and not first.startswith("!["):
        return first, ""
    return "", ""


def read_article(path: Path, name: str | None = None) -> Article:
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise CorpusError(f"cannot read {path}: {exc.strerror}", path=path) from exc
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise CorpusError(f"{path} is not UTF-8 text: convert it or move it out of the folder", path=path) from None
    if "\x00" in text:
        raise CorpusError(f"{path} looks binary (NUL bytes): move it out of the folder", path=path)
    texts = split_paragraphs(text)
    title, date = article_metadata(texts)
    file = name or path.name
    paragraphs = tuple(
        Paragraph(file=file, number=i, text=t, hash=text_hash(t), title=title, date=date)
        for i, t in enumerate(texts, start=1)
    )
    return Article(file=file, sha256=hashlib.sha256(raw).hexdigest(), title=title, date=date, paragraphs=paragraphs)


def article_files(folder: Path) -> list[Path]:
    """Article files directly in ``folder`` and below it, sorted for stable order."""
    folder = folder.expanduser()
    if not folder.exists():
        raise CorpusError(f"article folder {folder} does not exist", path=folder)
    if not folder.is_dir():
        raise CorpusError(f"{folder} is not a folder of articles", path=folder)
    try:
        files = sorted(
            p for p in folder.rglob("*") if p.suffix.lower() in SUFFIXES and p.is_file() and not p.name.startswith(".")
        )
    except OSError as exc:
        raise CorpusError(f"cannot list {folder}: {exc.strerror}", path=folder) from exc
    if not files:
        raise CorpusError(
            f"no articles ({', '.join(SUFFIXES)}) in {folder}: point qa at a folder of articles", path=folder
        )
    return files


def read_corpus(folder: Path) -> list[Article]:
    """Every article in ``folder``; file names are relative to it since citations name them."""
    folder = folder.expanduser()
    articles = []
    for path in article_files(folder):
        article = read_article(path, path.relative_to(folder).as_posix())
        if article.paragraphs:
            articles.append(article)
    if not articles:
        raise CorpusError(f"every article in {folder} is empty", path=folder)
    return articles


def iter_paragraphs(articles: list[Article]) -> Iterator[Paragraph]:
    for article in articles:
        yield from article.paragraphs
