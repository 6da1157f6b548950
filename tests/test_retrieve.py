from qa.corpus import Paragraph, read_corpus, text_hash
from qa.index import Index
from qa.retrieve import Retriever, article_scope, fuse, spelt_out

from .conftest import SEEDS, KeywordEmbedder


def test_fuse_rewards_agreement_and_is_deterministic():
    dense = [(1, 0.9), (2, 0.8), (3, 0.1)]
    lexical = [(2, 5.0), (4, 3.0)]
    fused = fuse([dense, lexical], k=60)
    assert fused[0][0] == 2  # ranked by both
    assert fused[0][1] == 1 / 62 + 1 / 61
    assert [d for d, _ in fused] == [2, 1, 4, 3]
    assert fuse([[(5, 1.0)], [(6, 1.0)]]) == [(5, 1 / 61), (6, 1 / 61)]


def test_hybrid_retrieval_ranks_the_answer_paragraph():
    embedder = KeywordEmbedder()
    index = Index.build(read_corpus(SEEDS), embedder)
    result = Retriever(index, embedder).retrieve("What gifts did the Primorsky governor give Kim?", 5)
    assert len(result.passages) == 5
    assert [p.rank for p in result.passages] == [1, 2, 3, 4, 5]
    top = result.passages[0].paragraph
    assert (top.file, top.number) == ("002_7561d2828fcb181b.txt", 8)
    assert result.top_lexical > 0 and result.top_dense > 0


def test_neighbours_of_the_top_passages_join_the_pool_once():
    from qa.corpus import Paragraph
    from qa.retrieve import Passage, with_neighbours

    paras = [Paragraph(file=f, number=n, text=f"{f} {n}", hash=f"{f}{n}") for f in ("a", "b") for n in range(1, 7)]
    ref = {(p.file, p.number): p for p in paras}
    hits = [
        Passage(paragraph=ref[r], rank=i, score=1.0, dense=0.0, lexical=0.0)
        for i, r in enumerate([("a", 3), ("b", 6), ("a", 4)], 1)
    ]
    allowed = [p for p in paras if (p.file, p.number) != ("a", 1)]  # e.g. a paragraph kept from the model
    pool = with_neighbours(hits, allowed, around=2, width=2)
    refs = [(q.paragraph.file, q.paragraph.number) for q in pool]
    assert refs[:3] == [("a", 3), ("b", 6), ("a", 4)]  # retrieved order first
    assert set(refs[3:]) == {("a", 2), ("a", 5), ("b", 4), ("b", 5)}  # no a1 (not allowed), no duplicates
    assert len(refs) == len(set(refs)) and all(q.score == 0.0 for q in pool[3:])
    assert with_neighbours(pool, allowed, around=2, width=2) == pool  # idempotent: replays add nothing


def test_the_pool_adds_the_byline_of_each_article_it_holds():
    from qa.corpus import Paragraph
    from qa.retrieve import Passage, with_bylines

    def para(f: str, n: int, text: str) -> Paragraph:
        return Paragraph(file=f, number=n, text=text, hash=f"{f}{n}")

    call = para("a", 2, "Kim spoke with Putin by phone on August 12.")
    a_by = para("a", 9, "BY CHUNG YEONG-GYO [chung.yeonggyo@joongang.co.kr]")
    b_by = para("b", 7, "By Jane Smith")
    late = para("a", 5, "By August, troops had moved to the front.")  # a sentence, not a byline
    hits = [Passage(paragraph=call, rank=1, score=1.0, dense=0.0, lexical=0.0)]
    pool = with_bylines(hits, [call, late, a_by, b_by])
    assert [q.paragraph for q in pool] == [call, a_by]  # not b's: no passage of b is in the pool
    assert with_bylines(pool, [call, late, a_by, b_by]) == pool  # idempotent: replays add nothing
    assert with_bylines(hits, [call, late]) == tuple(hits)  # only paragraphs the model saw


def test_the_top_passages_agree_on_an_article_when_the_first_one_holds_another_of_three():
    from qa.corpus import Paragraph
    from qa.retrieve import Passage, agree

    def hits(*files: str) -> list[Passage]:
        return [
            Passage(
                paragraph=Paragraph(file=f, number=i, text=f, hash=f"{f}{i}"), rank=i, score=1.0, dense=0.0, lexical=0.0
            )
            for i, f in enumerate(files, 1)
        ]

    assert agree(hits("a", "a", "b")) and agree(hits("a", "b", "a", "c"))
    assert not agree(hits("a", "b", "c", "a"))  # only the first three count
    assert not agree(hits("a", "b", "b"))  # the first passage stands alone
    assert agree(hits("a")) and agree([])


def test_a_question_that_names_its_article_is_answered_from_that_article_alone():
    scope = article_scope("What pushes them closer, according to the article on Kim's Russia trip?")
    assert scope is not None and scope.about == "Kim's Russia trip" and scope.rest == "What pushes them closer?"
    scope = article_scope("In the piece about the September 13 delegation, what fields could talks cover?")
    assert scope is not None and scope.about == "the September 13 delegation"
    assert scope.rest == "what fields could talks cover?"
    assert article_scope("What does the 2023 article suggest?").year == "2023"
    assert article_scope("When did Ju-ae make her first diplomatic outing?") is None
    embedder = KeywordEmbedder()
    retriever = Retriever(Index.build(read_corpus(SEEDS), embedder), embedder)
    asked = "Which gifts did the governor give Kim, according to the story on the Security Council delegation?"
    scoped = retriever.retrieve(asked, 5).passages
    assert {p.paragraph.file for p in scoped} == {"004_ad6e06e9863c035b.txt"}
    assert [p.rank for p in scoped] == list(range(1, len(scoped) + 1))
    # "the September 13 delegation": the article that gives the date, not one with another delegation
    dated = retriever.retrieve("In the article about the September 13 Russian delegation, who led it?", 3)
    assert dated.passages[0].paragraph.file == "004_ad6e06e9863c035b.txt"
    # the article named by no paragraph of its own: the question is asked of them all
    anywhere = retriever.retrieve("Which gifts did the governor give Kim, according to the 1999 article?", 1)
    assert anywhere.passages[0].paragraph.file == "002_7561d2828fcb181b.txt"


def _paragraphs(*texts: str) -> list[Paragraph]:
    return [Paragraph(file="a.txt", number=i, text=t, hash=text_hash(t)) for i, t in enumerate(texts, start=1)]


def test_an_acronym_the_articles_never_use_is_looked_for_in_the_words_they_spell_it_out_in():
    paragraphs = _paragraphs(
        "“Closer ties,” said Oh Kyung-sup, a research fellow at the Korea Institute for National Unification.",
        "Nurses in intensive care units must be one to two. The KCNA reported it.",
        "Kim spoke of Ukraine and North Korea.",
    )
    asked = "Which KINU research fellow commented?"
    assert spelt_out(asked, paragraphs) == f"{asked} (Korea Institute for National Unification)"
    assert spelt_out("When do ICU ratios start?", paragraphs).endswith("(intensive care units)")
    # used as it is, spelt out nowhere, or two letters that spell too much: left alone
    for alone in ("What did KCNA say?", "What did the NIS say?", "Is the UN involved?"):
        assert spelt_out(alone, paragraphs) == alone
    # spelt out two ways: no telling which
    twice = _paragraphs("The Korea Institute for National Unity met.")
    assert spelt_out(asked, [*paragraphs, *twice]) == asked
    known: dict[str, str] = {}
    spelt_out(asked, paragraphs, known)
    assert known == {"KINU": "Korea Institute for National Unification"}
