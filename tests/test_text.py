from qa.text import content_terms, light_stem, stem, words


def test_derived_forms_share_a_stem():
    # the light stripper left each of these pairs apart, in retrieval and in the support check
    for a, b in [("symbolic", "symbolically"), ("describe", "described"), ("deployment", "deployed")]:
        assert stem(a) == stem(b), (a, b)
        assert light_stem(a) != light_stem(b), (a, b)


def test_plurals_and_tenses_still_meet():
    assert len({stem(w) for w in ("visit", "visits", "visited", "visiting")}) == 1
    assert stem("embassies") == stem("embassy")


def test_numbers_and_short_words_are_kept_as_written():
    assert [stem(w) for w in ("2025", "15000", "was", "kim")] == ["2025", "15000", "was", "kim"]


def test_content_terms_drop_stopwords_and_stem():
    assert content_terms("The troops were deployed, 15,000 of them") == [stem("troops"), stem("deployed"), "15000"]
    assert words("Kim’s 15,000 troops") == ["kim", "15000", "troops"]


def test_each_thread_stems_with_its_own_stemmer():
    """PyStemmer objects are not thread-safe: the server and model loading stem in threads."""
    from concurrent.futures import ThreadPoolExecutor

    from qa.text import _snowball

    assert _snowball() is _snowball()
    with ThreadPoolExecutor(max_workers=1) as pool:
        other = pool.submit(_snowball).result()
    assert other is not _snowball()
    assert other.stemWord("deployment") == _snowball().stemWord("deployment") == stem("deployed")
