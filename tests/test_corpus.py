import os
import shutil
import time
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from qa import CorpusError
from qa.corpus import (
    MAX_FILE_BYTES,
    Skipped,
    article_files,
    article_metadata,
    read_article,
    read_corpus,
    scan_corpus,
    split_paragraphs,
    text_hash,
)

from .conftest import SEEDS


def test_seed_numbering_counts_every_non_empty_line():
    articles = read_corpus(SEEDS)
    assert [a.file for a in articles] == sorted(p.name for p in SEEDS.glob("*.txt"))
    assert sum(len(a.paragraphs) for a in articles) == 76
    juae = articles[0].paragraphs[11]
    assert (juae.file, juae.number) == ("000_f6d7438db1f1dcb4.txt", 12)
    assert "May 8" in juae.text and "Victory Day" in juae.text


def test_seed_metadata_keeps_title_and_date():
    first = read_corpus(SEEDS)[0]
    assert first.date == "2025-06-30"
    assert first.title.startswith("Kim Jong-un’s daughter attends")
    assert all(p.date == "2025-06-30" for p in first.paragraphs)


def test_headings_without_blank_lines_are_paragraphs():
    long = "A paragraph written on one line, as news sites export them, longer than any wrapped line would be. " * 2
    assert split_paragraphs(f"Title\n{long}\n\nSecond.") == ["Title", long.strip(), "Second."]


def test_hard_wrapped_blocks_join_into_one_paragraph():
    text = "A short title\n\nThis paragraph was wrapped\nat a narrow width by an editor.\n\nSecond one\nalso wrapped.\n"
    assert split_paragraphs(text) == [
        "A short title",
        "This paragraph was wrapped at a narrow width by an editor.",
        "Second one also wrapped.",
    ]


def test_crlf_and_bom_do_not_change_numbering():
    assert split_paragraphs("\ufeffOne\r\n\r\nTwo\r\n") == ["One", "Two"]


def test_a_publication_date_near_the_top_is_the_articles_date():
    # without it, "on Monday" and "next Thursday" name no day and a year cannot be added
    assert article_metadata(["Bridge approved", "Published 2026-03-14", "Body."]) == ("Bridge approved", "2026-03-14")
    assert article_metadata(["# Board votes", "Published: April 2, 2026", "Body."]) == ("Board votes", "2026-04-02")
    # Markdown's emphasis around the line is no part of the date
    assert article_metadata(["# Signing", "*Published 2026-08-27*", "Body."]) == ("Signing", "2026-08-27")
    assert article_metadata(["Court rules", "By Nadia Kerrigan", "June 3, 2025", "Body."]) == (
        "Court rules",
        "2025-06-03",
    )
    # a weekday before the date, as many papers print it
    assert article_metadata(["Mariners win", "Monday, March 23, 2026", "Body."]) == ("Mariners win", "2026-03-23")
    wrapped = "Council approves bridge Published 2026-03-14"  # a headline and its date wrapped into one paragraph
    assert article_metadata([wrapped, "Body."]) == ("Council approves bridge", "2026-03-14")
    assert article_metadata(["date 2025-08-22", "Record crowd at the festival", "Body."]) == (
        "Record crowd at the festival",
        "2025-08-22",
    )
    # a date inside the story is no publication date
    assert article_metadata(["Headline", "The vote, on June 3, 2025, was close.", "Body."]) == ("Headline", "")


def test_metadata_without_date_line():
    assert article_metadata(["Short headline", "Body."]) == ("Short headline", "")
    assert article_metadata(["![img](http://x)", "Body."]) == ("", "")


def test_ids_are_stable_and_change_with_text(tmp_path: Path):
    f = tmp_path / "a.txt"
    f.write_text("Headline\nKim met Putin.\n")
    first = read_article(f).paragraphs[1]
    again = read_article(f).paragraphs[1]
    assert first.id == again.id == f"a.txt#2:{text_hash('Kim met Putin.')}"
    f.write_text("Headline\nKim met Shoigu.\n")
    assert read_article(f).paragraphs[1].hash != first.hash


@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=400))
def test_split_never_yields_empty_or_multiline_paragraphs(text: str):
    for p in split_paragraphs(text):
        assert p and p == p.strip()
        assert "\n" not in p and "\r" not in p


def test_missing_folder(tmp_path: Path):
    with pytest.raises(CorpusError, match="does not exist"):
        read_corpus(tmp_path / "nope")


def test_folder_without_articles(tmp_path: Path):
    (tmp_path / "image.png").write_bytes(b"\x89PNG")
    with pytest.raises(CorpusError, match="no articles"):
        read_corpus(tmp_path)


def test_clean_windows_1252_is_read_with_a_note(tmp_path: Path):
    (tmp_path / "latin.txt").write_bytes("caf\xe9 \u201cquoted\u201d".encode("cp1252"))
    corpus = scan_corpus(tmp_path)
    assert [p.text for p in corpus.articles[0].paragraphs] == ["caf\xe9 \u201cquoted\u201d"]
    assert corpus.skipped == [] and corpus.notes == [Skipped("latin.txt", "read as Windows-1252, not UTF-8")]


def test_non_utf8_file_is_a_clear_error(tmp_path: Path):
    (tmp_path / "latin.txt").write_bytes(b"caf\xe9 \x81\x8d")  # undefined in Windows-1252 too
    with pytest.raises(CorpusError, match="not UTF-8"):
        read_corpus(tmp_path)


def test_binary_file_is_a_clear_error(tmp_path: Path):
    (tmp_path / "bin.txt").write_bytes(b"abc\x00def")
    with pytest.raises(CorpusError, match="binary"):
        read_corpus(tmp_path)


def test_empty_articles_only(tmp_path: Path):
    (tmp_path / "empty.txt").write_text("\n\n")
    with pytest.raises(CorpusError, match="empty"):
        read_corpus(tmp_path)


# ---- scanning a folder with bad files in it ----------------------------------------------------
HEADLINE = "Headline\nKim met Putin in Moscow.\n"


def reasons(folder: Path, **kwargs) -> dict[str, str]:
    return {s.file: s.reason for s in scan_corpus(folder, **kwargs).skipped}


def test_seeds_scan_cleanly():
    corpus = scan_corpus(SEEDS)
    assert sum(len(a.paragraphs) for a in corpus.articles) == 76
    assert corpus.articles[0].paragraphs[11].label == "000_f6d7438db1f1dcb4.txt ¶12"
    assert corpus.skipped == [] and corpus.notes == []
    assert corpus.articles == read_corpus(SEEDS)


def test_each_bad_file_is_skipped_with_a_reason_and_the_rest_is_read(tmp_path: Path):
    (tmp_path / "a_good.txt").write_text(HEADLINE)
    (tmp_path / "bin.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 10)
    (tmp_path / "controls.md").write_bytes(bytes(range(1, 9)) * 50)
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "blank.md").write_text("\n  \n\t\n")
    (tmp_path / "latin.txt").write_bytes(b"\x81\x8d\x8f")
    (tmp_path / "memo.docx").write_bytes(b"PK\x03\x04")
    (tmp_path / "photo.jpg").write_bytes(b"\xff\xd8\xff")
    (tmp_path / "LICENSE").write_text("MIT")
    assert reasons(tmp_path) == {
        "LICENSE": "unsupported type (no suffix)",
        "bin.txt": "looks binary",
        "blank.md": "empty",
        "controls.md": "looks binary",
        "empty.txt": "empty",
        "latin.txt": "not UTF-8 text",
        "memo.docx": "unsupported type .docx",
        "photo.jpg": "unsupported type .jpg",
    }
    corpus = scan_corpus(tmp_path)
    assert [a.file for a in corpus.articles] == ["a_good.txt"]
    assert [s.file for s in corpus.skipped] == sorted(s.file for s in corpus.skipped)


def test_hidden_files_and_folders_are_ignored_silently(tmp_path: Path):
    (tmp_path / "a.txt").write_text(HEADLINE)
    (tmp_path / ".DS_Store").write_bytes(b"\x00\x00\x00\x01Bud1")
    (tmp_path / ".draft.txt").write_text("Draft\nNot for the index.\n")
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "notes.txt").write_text("Internal\n")
    corpus = scan_corpus(tmp_path)
    assert [a.file for a in corpus.articles] == ["a.txt"] and corpus.skipped == []


def test_file_over_the_size_limit_is_skipped_without_reading_it(tmp_path: Path):
    big = tmp_path / "huge.txt"
    with open(big, "wb") as fh:  # sparse: 50 MB that take no disk and would take time to read
        fh.truncate(50 * 1024 * 1024)
    (tmp_path / "a.txt").write_text(HEADLINE)
    start = time.perf_counter()
    corpus = scan_corpus(tmp_path)
    assert time.perf_counter() - start < 1.0
    assert corpus.skipped == [Skipped("huge.txt", "larger than 20 MB (QA_MAX_FILE_MB)")]
    assert MAX_FILE_BYTES == 20 * 1024 * 1024


def test_size_limit_is_a_parameter(tmp_path: Path):
    (tmp_path / "a.txt").write_text(HEADLINE)
    (tmp_path / "b.txt").write_text("Long\n" + "word " * 400)
    assert reasons(tmp_path, max_bytes=1000) == {"b.txt": "larger than 1000 bytes (QA_MAX_FILE_MB)"}
    assert reasons(tmp_path, max_bytes=3 * 1024 * 1024) == {}
    with pytest.raises(CorpusError, match="larger than 1000 bytes"):
        read_article(tmp_path / "b.txt", max_bytes=1000)


def test_duplicates_by_bytes_and_by_link_are_skipped(tmp_path: Path):
    (tmp_path / "a.txt").write_text(HEADLINE)
    (tmp_path / "copy.txt").write_text(HEADLINE)
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "link.txt").symlink_to(tmp_path / "a.txt")
    (tmp_path / "z.md").write_text(HEADLINE + "One more line.\n")
    assert reasons(tmp_path) == {"copy.txt": "same text as a.txt", "sub/link.txt": "same text as a.txt"}
    assert [a.file for a in scan_corpus(tmp_path).articles] == ["a.txt", "z.md"]


def test_broken_link_and_a_folder_named_like_an_article(tmp_path: Path):
    (tmp_path / "a.txt").write_text(HEADLINE)
    (tmp_path / "gone.txt").symlink_to(tmp_path / "deleted.txt")
    (tmp_path / "self.txt").symlink_to(tmp_path / "self.txt")
    (tmp_path / "x.txt").mkdir()
    (tmp_path / "x.txt" / "inner.txt").write_text("Inner headline\nInner body.\n")
    corpus = scan_corpus(tmp_path)
    assert [a.file for a in corpus.articles] == ["a.txt", "x.txt/inner.txt"]
    assert reasons(tmp_path) == {"gone.txt": "broken link", "self.txt": "broken link"}


def test_symlink_loops_end_and_each_folder_is_read_once(tmp_path: Path):
    (tmp_path / "real" / "deep").mkdir(parents=True)
    (tmp_path / "real" / "deep" / "a.txt").write_text(HEADLINE)
    (tmp_path / "real" / "deep" / "up").symlink_to(tmp_path)  # loops back to the top
    (tmp_path / "alias").symlink_to(tmp_path / "real")  # sorts first, but the real name wins
    outside = tmp_path.parent / f"{tmp_path.name}-outside"
    outside.mkdir()
    (outside / "b.txt").write_text("Elsewhere\nLinked in from outside.\n")
    (tmp_path / "linked").symlink_to(outside)
    try:
        corpus = scan_corpus(tmp_path)
    finally:
        shutil.rmtree(outside)
    assert [a.file for a in corpus.articles] == ["linked/b.txt", "real/deep/a.txt"]
    assert corpus.skipped == []


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their mode")
def test_unreadable_file_and_folder_are_skipped(tmp_path: Path):
    (tmp_path / "a.txt").write_text(HEADLINE)
    locked = tmp_path / "locked.txt"
    locked.write_text("Secret\nBody.\n")
    (tmp_path / "closed").mkdir()
    (tmp_path / "closed" / "b.txt").write_text("Closed\nBody.\n")
    locked.chmod(0)
    (tmp_path / "closed").chmod(0)
    try:
        assert reasons(tmp_path) == {
            "closed": "unreadable: Permission denied",
            "locked.txt": "unreadable: Permission denied",
        }
    finally:
        locked.chmod(0o644)
        (tmp_path / "closed").chmod(0o755)


def test_fifo_is_skipped_without_blocking(tmp_path: Path):
    (tmp_path / "a.txt").write_text(HEADLINE)
    os.mkfifo(tmp_path / "pipe.txt")
    assert reasons(tmp_path) == {"pipe.txt": "not a regular file"}


def test_file_name_that_is_not_utf8_is_skipped(tmp_path: Path):
    (tmp_path / "a.txt").write_text(HEADLINE)
    with open(os.fsencode(tmp_path) + b"/caf\xe9.txt", "wb") as fh:
        fh.write(b"Title\nBody.\n")
    assert reasons(tmp_path) == {"caf\\udce9.txt": "file name is not UTF-8"}


def test_file_names_a_citation_cannot_show_are_skipped(tmp_path: Path):
    (tmp_path / "a.txt").write_text(HEADLINE)
    for name in ("b].txt", "c[1].txt", "d ¶2.txt", "e\nf.txt"):
        (tmp_path / name).write_text("Title\nBody.\n")
    found = reasons(tmp_path)
    assert set(found) == {"b].txt", "c[1].txt", "d ¶2.txt", "e\\x0af.txt"}  # printed on one line
    assert all("citations cannot show" in why for why in found.values())
    assert [a.file for a in read_corpus(tmp_path)] == ["a.txt"]


def test_folder_of_only_bad_files_is_a_one_line_error(tmp_path: Path):
    (tmp_path / "a.txt").write_bytes(b"")
    (tmp_path / "b.txt").write_bytes(b"\x00\x01\x02")
    (tmp_path / "c.docx").write_bytes(b"PK")
    with pytest.raises(CorpusError) as info:
        read_corpus(tmp_path)
    message = str(info.value)
    assert "\n" not in message
    assert str(tmp_path) in message and "3 files skipped" in message and "a.txt: empty" in message
    assert info.value.path == tmp_path


def test_file_order_is_by_relative_path(tmp_path: Path):
    for name in ("b/z.txt", "a/y.txt", "a.txt", "B.txt", "a/b/x.txt"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(f"Title {name}\nBody of {name}.\n")
    expected = ["B.txt", "a.txt", "a/b/x.txt", "a/y.txt", "b/z.txt"]
    assert [a.file for a in read_corpus(tmp_path)] == expected
    assert [p.relative_to(tmp_path).as_posix() for p in article_files(tmp_path)] == expected


def test_mixed_formats_in_one_folder(tmp_path: Path):
    (tmp_path / "a.txt").write_text(HEADLINE)
    (tmp_path / "b.html").write_text("<html><body><article><h1>Page</h1><p>Body.</p></article></body></html>")
    (tmp_path / "c.HTM").write_text("<p>Upper-case suffix.</p>")
    corpus = scan_corpus(tmp_path)
    assert [(a.file, len(a.paragraphs)) for a in corpus.articles] == [("a.txt", 2), ("b.html", 2), ("c.HTM", 1)]


def test_a_thousand_files_scan_in_seconds(tmp_path: Path):
    line = "A paragraph of a news article on one long line, as sites export them, well over a hundred characters. "
    for i in range(1000):
        folder = tmp_path / f"part{i % 10}"
        folder.mkdir(exist_ok=True)
        (folder / f"{i:04d}.txt").write_text("\n".join(f"{i}.{j} {line}" for j in range(100)))
    start = time.perf_counter()
    corpus = scan_corpus(tmp_path)
    elapsed = time.perf_counter() - start
    assert sum(len(a.paragraphs) for a in corpus.articles) == 100_000
    assert elapsed < 10, f"scan took {elapsed:.1f}s"


def test_a_byline_is_told_from_a_sentence_that_starts_with_by():
    from qa.corpus import Paragraph

    def byline(text: str) -> bool:
        return Paragraph(file="a", number=1, text=text, hash="").byline

    assert byline("BY CHUNG YEONG-GYO [yoon.soyeon@joongang.co.kr]")
    assert byline("By Jane Smith and John Doe") and byline("By Kim Tong-hyung | AP") and byline("By Jane Smith")
    assert not byline("By August, troops had moved.") and not byline("by the end of the year")
    assert not byline("By Sunday the talks ended") and not byline("BY " + "NAME " * 40)
