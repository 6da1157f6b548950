"""A folder of articles → numbered paragraphs with stable ids.

Numbering is what a reader counts; how each file type is cut into paragraphs is in
``qa.formats``. A scan never fails on one bad file: it is skipped with a one-clause reason
(``Corpus.skipped``) so one stray binary or broken link cannot stop a whole corpus.
"""

from __future__ import annotations

import hashlib
import os
import re
import stat
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from qa.errors import CorpusError
from qa.formats import SUFFIXES, TEXT_SUFFIXES, WRAP_WIDTH, Unreadable, article_metadata, extract, split_paragraphs

MAX_FILE_BYTES = 20 * 1024 * 1024
_MB = 1024 * 1024

__all__ = [
    "MAX_FILE_BYTES",
    "SUFFIXES",
    "WRAP_WIDTH",
    "Article",
    "Corpus",
    "Paragraph",
    "Skipped",
    "article_files",
    "article_metadata",
    "iter_paragraphs",
    "read_article",
    "read_corpus",
    "scan_corpus",
    "split_paragraphs",
    "text_hash",
]


BYLINE_CHARS = 120
# "By" and one to five capitalised names, then the end, an address or a second author; not
# "By August, troops had …"
_BYLINE = re.compile(r"\s*(?:BY|By|by)\s+[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,4}\s*(?:$|[\[(<|—–-]|\band\b|[\w.+-]+@)")


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

    @property
    def byline(self) -> bool:
        """Whether the paragraph is the article's byline ("BY CHUNG YEONG-GYO [email]"): who
        wrote it, which no question about the news itself retrieves."""
        return len(self.text) <= BYLINE_CHARS and bool(_BYLINE.match(self.text))


@dataclass(frozen=True, kw_only=True)
class Article:
    file: str
    sha256: str
    title: str
    date: str
    paragraphs: tuple[Paragraph, ...]


@dataclass(frozen=True)
class Skipped:
    """A file left out of (or read with a caveat into) the corpus, and why, in one short clause."""

    file: str  # relative to the folder, posix
    reason: str


@dataclass(frozen=True)
class Corpus:
    """The articles of a folder plus what was skipped, so callers can tell the user."""

    folder: Path
    articles: list[Article]
    skipped: list[Skipped]
    notes: list[Skipped] = field(default_factory=list)  # read, but with a caveat (e.g. not UTF-8)

    def require(self) -> list[Article]:
        """The articles, or a one-line ``CorpusError`` saying why there are none."""
        if self.articles:
            return self.articles
        if not self.skipped:
            raise CorpusError(
                f"no articles ({', '.join(SUFFIXES)}) in {self.folder}: put articles there or point qa at another folder",
                path=self.folder,
            )
        n, first = len(self.skipped), self.skipped[0]
        raise CorpusError(
            f"no articles in {self.folder} could be read: {n} file{'s' if n != 1 else ''} skipped, "
            f"first {first.file}: {first.reason}; fix or remove them, or point qa at another folder",
            path=self.folder,
        )


def _too_large(max_bytes: int) -> str:
    size = f"{max_bytes / _MB:g} MB" if max_bytes >= _MB else f"{max_bytes} bytes"
    return f"larger than {size} (QA_MAX_FILE_MB)"


def _stat(path: Path, max_bytes: int) -> os.stat_result:
    """Size and identity before any read, so a huge file or a FIFO is never opened."""
    try:
        info = path.stat()
    except OSError as exc:
        raise Unreadable("broken link" if os.path.islink(path) else f"unreadable: {exc.strerror}") from None
    if not stat.S_ISREG(info.st_mode):
        raise Unreadable("not a regular file")
    if info.st_size == 0:
        raise Unreadable("empty")
    if info.st_size > max_bytes:
        raise Unreadable(_too_large(max_bytes))
    return info


def _read(path: Path, max_bytes: int) -> bytes:
    try:
        with open(path, "rb") as fh:
            raw = fh.read(max_bytes + 1)  # the file may have grown since stat
    except OSError as exc:
        raise Unreadable(f"unreadable: {exc.strerror}") from None
    if len(raw) > max_bytes:
        raise Unreadable(_too_large(max_bytes))
    return raw


def _article(path: Path, file: str, raw: bytes, sha: str = "") -> tuple[Article, str]:
    """(article, note) from bytes already read; raises ``Unreadable`` when it has no text."""
    found = extract(path, raw)
    if not found.paragraphs:
        raise Unreadable("empty" if path.suffix.lower() in TEXT_SUFFIXES else "no text")
    paragraphs = tuple(
        Paragraph(file=file, number=i, text=t, hash=text_hash(t), title=found.title, date=found.date)
        for i, t in enumerate(found.paragraphs, start=1)
    )
    sha = sha or hashlib.sha256(raw).hexdigest()
    return Article(file=file, sha256=sha, title=found.title, date=found.date, paragraphs=paragraphs), found.note


def read_article(path: Path, name: str | None = None, *, max_bytes: int = MAX_FILE_BYTES) -> Article:
    """One file as an article; raises ``CorpusError`` naming the file and why it cannot be read."""
    try:
        _stat(path, max_bytes)
        return _article(path, name or path.name, _read(path, max_bytes))[0]
    except Unreadable as exc:
        raise CorpusError(f"{path}: {exc.reason}: fix it or move it out of the folder", path=path) from None


def _check_folder(folder: Path) -> Path:
    folder = folder.expanduser()
    if not folder.exists():
        raise CorpusError(
            f"article folder {folder} does not exist: create it or point qa at another one (--corpus, QA_CORPUS)",
            path=folder,
        )
    if not folder.is_dir():
        raise CorpusError(
            f"{folder} is not a folder of articles: point qa at a folder (--corpus, QA_CORPUS)", path=folder
        )
    return folder


def _walk(folder: Path) -> tuple[list[tuple[str, Path]], list[Skipped]]:
    """Every non-hidden file below ``folder`` as (relative posix name, path), sorted by name.

    Real directories are walked first and symlinked ones after, each directory once by its
    (device, inode): a symlink loop ends, and a folder linked twice is read under one name.
    Unlistable subdirectories are skipped; an unlistable ``folder`` is a ``CorpusError``.
    """
    files: list[tuple[str, Path]] = []
    skipped: list[Skipped] = []
    seen: set[tuple[int, int]] = set()
    linked: list[tuple[str, str]] = []  # (relative prefix, path) of symlinked directories, walked last
    pending: list[tuple[str, str]] = [("", str(folder))]
    while pending or linked:
        if not pending:
            linked.sort()
            pending.append(linked.pop(0))
        prefix, directory = pending.pop()
        try:
            info = os.stat(directory)
            if (info.st_dev, info.st_ino) in seen:
                continue
            seen.add((info.st_dev, info.st_ino))
            with os.scandir(directory) as it:
                entries = sorted(it, key=lambda e: e.name)
        except OSError as exc:
            if not prefix:
                raise CorpusError(
                    f"cannot list {folder}: {exc.strerror}; check its permissions or point qa at another folder",
                    path=folder,
                ) from exc
            skipped.append(Skipped(_printable(prefix.rstrip("/")), f"unreadable: {exc.strerror}"))
            continue
        for entry in entries:
            if entry.name.startswith("."):
                continue
            name = prefix + entry.name
            try:
                is_dir = entry.is_dir()
                is_link = entry.is_symlink()
            except OSError:
                is_dir, is_link = False, True
            if is_dir:
                (linked if is_link else pending).append((name + "/", entry.path))
            else:
                files.append((name, Path(entry.path)))
    files.sort(key=lambda f: f[0])
    return files, skipped


# a citation is "[file ¶n]": brackets, the pilcrow and control characters would break it
_UNCITABLE = re.compile(r"[\[\]¶\x00-\x1f\x7f]")


def _printable(name: str) -> str:
    """``name`` as UTF-8 can hold it: undecodable bytes from the file system become ``\\udcxx``."""
    return name.encode("utf-8", "backslashreplace").decode("utf-8")


def _is_article(name: str) -> bool:
    return os.path.splitext(name)[1].lower() in SUFFIXES


def _suffix_reason(name: str) -> str:
    suffix = os.path.splitext(name)[1].lower()
    return f"unsupported type {suffix or '(no suffix)'}"


def article_files(folder: Path) -> list[Path]:
    """Files of a supported type in ``folder`` and below it, sorted for stable order."""
    folder = _check_folder(folder)
    files = [path for name, path in _walk(folder)[0] if _is_article(name)]
    if not files:
        raise CorpusError(
            f"no articles ({', '.join(SUFFIXES)}) in {folder}: put articles there or point qa at another folder",
            path=folder,
        )
    return files


def scan_corpus(folder: Path, *, max_bytes: int = MAX_FILE_BYTES) -> Corpus:
    """Every readable article in ``folder``; any file that cannot be one is in ``skipped``.

    Files are read once, in order of their relative name; a file with the same bytes as an
    earlier one (a copy, or a symlink to it) is skipped so no paragraph is indexed twice.
    Raises ``CorpusError`` only when the folder itself is missing or unlistable.
    """
    folder = _check_folder(folder)
    files, skipped = _walk(folder)
    articles: list[Article] = []
    notes: list[Skipped] = []
    by_inode: dict[tuple[int, int], str] = {}
    by_sha: dict[str, str] = {}
    for name, path in files:
        try:
            if name != _printable(name):  # citations and the index store names as UTF-8 text
                name = _printable(name)
                raise Unreadable("file name is not UTF-8")
            if not _is_article(name):
                raise Unreadable(_suffix_reason(name))
            if bad := _UNCITABLE.findall(name):  # "[a]b.txt ¶3]" could not be parsed back
                name = re.sub(r"[\x00-\x1f\x7f]", lambda m: f"\\x{ord(m.group()):02x}", name)  # one line
                raise Unreadable(f"file name has {', '.join(map(repr, sorted(set(bad))))}, which citations cannot show")
            info = _stat(path, max_bytes)
            if first := by_inode.get((info.st_dev, info.st_ino)):  # a link to an article already read
                raise Unreadable(f"same text as {first}")
            raw = _read(path, max_bytes)
            sha = hashlib.sha256(raw).hexdigest()
            if first := by_sha.get(sha):
                raise Unreadable(f"same text as {first}")
            article, note = _article(path, name, raw, sha)
        except Unreadable as exc:
            skipped.append(Skipped(name, exc.reason))
            continue
        by_inode[(info.st_dev, info.st_ino)] = name
        by_sha[article.sha256] = name
        articles.append(article)
        if note:
            notes.append(Skipped(name, note))
    skipped.sort(key=lambda s: s.file)
    return Corpus(folder=folder, articles=articles, skipped=skipped, notes=notes)


def read_corpus(folder: Path, *, max_bytes: int = MAX_FILE_BYTES) -> list[Article]:
    """Every readable article in ``folder``; file names are relative to it since citations name them."""
    return scan_corpus(folder, max_bytes=max_bytes).require()


def iter_paragraphs(articles: list[Article]) -> Iterator[Paragraph]:
    for article in articles:
        yield from article.paragraphs
