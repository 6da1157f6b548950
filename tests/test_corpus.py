from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from qa import CorpusError
from qa.corpus import article_metadata, read_article, read_corpus, split_paragraphs, text_hash

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


def test_non_utf8_file_is_a_clear_error(tmp_path: Path):
    (tmp_path / "latin.txt").write_bytes("caf\xe9".encode("latin-1"))
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
