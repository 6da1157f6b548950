"""The resident strategy: every paragraph in a fixed system prompt, tags numbered over the
whole index, retrieval naming the passages to use, citations limited to retrieved ones."""

import os

import pytest

from qa import Assistant, ConfigError, Settings, cite
from tests.conftest import KeywordEmbedder, ResidentQueueGenerator

Q = "When did Ju-ae make her first diplomatic outing?"
REPLY = "Ju-ae's first diplomatic outing was on May 8, 2025, at the Russian Embassy for Victory Day [P{n}]."


@pytest.fixture
def resident(tmp_path, seeds_copy):
    def make(replies=(), ratio=0.25, **settings) -> Assistant:
        s = Settings.from_env(corpus=seeds_copy, home=tmp_path / "qa-home", **settings)
        return Assistant(
            s, embedder=KeywordEmbedder(), generator=ResidentQueueGenerator(replies, n_tokens_per_char=ratio)
        )

    return make


def global_tag(a: Assistant, file: str, number: int) -> int:
    for n, p in enumerate(a.index.paragraphs, start=1):
        if (p.file, p.number) == (file, number):
            return n
    raise AssertionError("no such paragraph")


def test_whole_corpus_is_the_system_prompt_and_only_the_question_follows(resident):
    a = resident(strategy="resident")
    a.ask(Q)
    assert a.strategy == "resident"
    system, user = a._generator.prompts[0]
    assert system["content"] == a._generator.prepared[0]
    lines = system["content"].splitlines()
    assert [line.split("]")[0] for line in lines if line.startswith("[P")] == [
        f"[P{n}" for n in range(1, len(a.index.paragraphs) + 1)
    ]
    assert "2025-06-30" in system["content"]
    assert user["content"].strip() == f"Question: {Q}"  # each token after the prefix delays the answer


def test_hints_name_the_top_retrieved_passages_after_the_question(resident):
    a = resident(hints=2)
    a.ask(Q)
    user = a._generator.prompts[0][1]["content"]
    top = [global_tag(a, p.paragraph.file, p.paragraph.number) for p in a.retrieve(Q).passages[:2]]
    assert user == f"Question: {Q}\nRelevant passages: [P{top[0]}], [P{top[1]}]"


def test_global_tag_renders_as_file_and_paragraph(resident):
    a = resident()
    a._generator.replies.append(REPLY.format(n=global_tag(a, "000_f6d7438db1f1dcb4.txt", 12)))
    answer = a.ask(Q)
    assert answer.text.endswith("[000_f6d7438db1f1dcb4.txt ¶12].")
    assert answer.places == [("000_f6d7438db1f1dcb4.txt", 12)]


def test_tag_of_unretrieved_paragraph_is_never_shown(resident):
    a = resident()
    retrieved = {(p.paragraph.file, p.paragraph.number) for p in a.retrieve(Q).passages}
    outside = next(n for n, p in enumerate(a.index.paragraphs, 1) if (p.file, p.number) not in retrieved)
    a._generator.replies.append(REPLY.format(n=outside))
    answer = a.ask(Q)
    assert all((c.file, c.paragraph) in retrieved for c in answer.citations)
    assert answer.places == [("000_f6d7438db1f1dcb4.txt", 12)]


def test_corpus_too_big_falls_back_to_topk(resident):
    a = resident(ratio=10.0)  # every character "costs" ten tokens: nothing fits
    a.ask(Q)
    assert a.resident_prefix() == "" and a.article_prompt("000_f6d7438db1f1dcb4.txt") is None
    assert a._generator.prepared == []
    assert "000_f6d7438db1f1dcb4.txt ¶12" in a._generator.prompts[0][1]["content"]


def test_resident_asked_for_but_too_big_is_a_clear_error(resident):
    a = resident(ratio=10.0, strategy="resident")
    with pytest.raises(ConfigError, match="do not fit"):
        a.ask(Q)


def test_topk_strategy_never_prepares_a_prefix(resident):
    a = resident(strategy="topk")
    a.ask(Q)
    assert a.strategy == "topk" and a._generator.prepared == []


def test_reindex_remakes_the_prefix(resident, seeds_copy):
    a = resident(strategy="resident")
    a.ask(Q)
    (seeds_copy / "005_new.txt").write_text("A new article\nThe zoo got a panda on May 9.\n", encoding="utf-8")
    a.build_index()
    a.ask("When did the zoo get a panda?")
    assert len(a._generator.prepared) == 2 and "panda" in a._generator.prepared[1]


def test_unknown_strategy_is_refused():
    with pytest.raises(ConfigError, match="QA_STRATEGY"):
        Settings.from_env({"QA_STRATEGY": "fast"})


def test_only_the_top_passages_and_their_neighbours_can_be_cited(resident):
    a = resident()
    pool = {(p.paragraph.file, p.paragraph.number) for p in a.check_pool(a.retrieve(Q).passages)}
    pooled = [p for p in a.index.paragraphs if (p.file, p.number) in pool]
    further = next(  # ranked below the top 5, and saying what no pooled paragraph says
        p.paragraph
        for p in a.retrieve(Q, 20).passages
        if (p.paragraph.file, p.paragraph.number) not in pool
        and not any(
            cite.check_sentence(cite.Sentence(s, ()), pooled, Q, similarity=a.similarity).kept
            for s in cite.split_sentences(p.paragraph.text)[0]
        )
    )
    a._generator.replies.append(f"{further.text.rstrip('.')} [P{global_tag(a, further.file, further.number)}].")
    answer = a.ask(Q)
    assert {(p.paragraph.file, p.paragraph.number) for p in answer.passages} == pool
    assert answer.abstained and not answer.citations  # true, but far from what was asked


def test_article_strategy_shows_the_model_only_the_lead_article(resident):
    a = resident(strategy="article")
    a._generator.replies.append(REPLY.format(n=global_tag(a, "000_f6d7438db1f1dcb4.txt", 12)))
    answer = a.ask(Q)
    assert a.strategy == "article"
    files = sorted({p.file for p in a.index.paragraphs})
    prepared = a._generator.prepared
    assert len(set(prepared[: len(files)])) == len(files)  # each article read once, up front
    system = a._generator.prompts[0][0]["content"]
    assert prepared[len(files) :] == [system]  # then the question's article made resident
    tags = [line.split("]")[0] for line in system.splitlines() if line.startswith("[P")]
    own = [global_tag(a, p.file, p.number) for p in a.index.paragraphs if p.file == "000_f6d7438db1f1dcb4.txt"]
    assert tags == [f"[P{n}" for n in own]  # tags keep their numbers over the whole index
    assert "=== Article 000_f6d7438db1f1dcb4.txt" in system and "=== Article 002_" not in system
    assert answer.places == [("000_f6d7438db1f1dcb4.txt", 12)]


@pytest.mark.parametrize("strategy", ["article", "auto"])
def test_a_paragraph_of_an_article_the_model_did_not_read_is_never_a_source(resident, monkeypatch, strategy):
    one_article_question(monkeypatch)
    a = resident(strategy=strategy)
    passages = a.retrieve(Q).passages
    lead = passages[0].paragraph.file
    other = next(p.paragraph for p in passages if p.paragraph.file != lead)  # retrieved, but not read
    a._generator.replies.append(f"{other.text.rstrip('.')} [P{global_tag(a, other.file, other.number)}].")
    answer = a.ask(Q)
    assert f"=== Article {other.file}" not in a._generator.prompts[0][0]["content"]
    assert {p.paragraph.file for p in answer.passages} == {lead}
    assert answer.abstained and not answer.citations


def test_when_the_model_reads_every_article_any_retrieved_one_can_be_a_source(resident, monkeypatch):
    monkeypatch.setattr("qa.assistant.agree", lambda passages: False)
    a = resident()
    passages = a.retrieve(Q).passages
    other = next(p.paragraph for p in passages if p.paragraph.file != passages[0].paragraph.file)
    a._generator.replies.append(f"{other.text.rstrip('.')} [P{global_tag(a, other.file, other.number)}].")
    answer = a.ask(Q)
    assert a.strategy == "auto" and f"=== Article {other.file}" in a._generator.prompts[0][0]["content"]
    assert (other.file, other.number) in answer.places


def test_article_strategy_follows_retrieval_to_another_article(resident):
    a = resident(strategy="article")
    a.ask(Q)
    a.ask("What gifts did the Primorsky governor give Kim?")
    first, second = (p[0]["content"] for p in a._generator.prompts)
    assert "=== Article 000_f6d7438db1f1dcb4.txt" in first
    assert "=== Article 002_7561d2828fcb181b.txt" in second and "=== Article 000_" not in second


def test_article_too_long_for_the_context_is_answered_from_top_k(resident, seeds_copy):
    long = "The long article\n" + "".join(f"Paragraph {i} says nothing of note about ferries.\n" for i in range(400))
    (seeds_copy / "009_long.txt").write_text(long + "The ferry Arctic Tern carried 120 passengers.\n", encoding="utf-8")
    a = resident(strategy="article", n_ctx=4096)
    answer = a.ask("How many passengers did the ferry Arctic Tern carry?")
    assert a.strategy == "article"
    assert not any("009_long.txt" in s for s in a._generator.prepared)
    system, user = a._generator.prompts[-1]
    assert "=== Article" not in system["content"] and "009_long.txt ¶402" in user["content"]
    assert answer.question.startswith("How many")


def test_auto_reads_one_article_when_the_top_passages_agree_and_all_when_they_spread(resident):
    from qa.retrieve import Passage

    a = resident()
    a.load()
    assert a.strategy == "auto" and "or all of them" in a.strategy_note
    by_file: dict[str, list] = {}
    for p in a.index.paragraphs:
        by_file.setdefault(p.file, []).append(p)
    f0, f1, f2 = sorted(by_file)[:3]

    def top(*paragraphs) -> list[Passage]:
        return [Passage(paragraph=p, rank=i, score=1.0, dense=0.5, lexical=1.0) for i, p in enumerate(paragraphs, 1)]

    one = a.context_for(top(by_file[f1][2], by_file[f2][1], by_file[f1][4]))
    assert f"=== Article {f1}" in one and f"=== Article {f0}" not in one and f"=== Article {f2}" not in one
    assert a._generator.prepared[-1] == one  # made resident for the question
    spread = a.context_for(top(by_file[f1][2], by_file[f2][1], by_file[f0][4]))
    assert spread == a.resident_prefix() and all(f"=== Article {f}" in spread for f in by_file)
    assert a._generator.prepared[-1] == spread
    before = len(a._generator.prepared)
    assert a.context_for(top(by_file[f0][3], by_file[f1][1], by_file[f2][2])) == spread
    assert len(a._generator.prepared) == before  # already resident: nothing restored


def test_auto_with_a_corpus_too_big_for_the_context_reads_no_article_either(resident):
    a = resident(ratio=10.0)
    a.ask(Q)
    assert a.strategy_note.startswith("the articles do not fit the context together")
    assert a._generator.prepared == [] and "=== Article" not in a._generator.prompts[0][0]["content"]


def one_article_question(monkeypatch: pytest.MonkeyPatch) -> None:
    """Treat every question as one article's, as the real embeddings do for Q: the fake
    embedder's hashed buckets (and so which articles its top three span) must not decide."""
    monkeypatch.setattr("qa.assistant.agree", lambda passages: True)


def test_auto_rewrites_a_follow_up_after_all_articles_whatever_was_resident(resident, monkeypatch):
    one_article_question(monkeypatch)
    a = resident()
    a._generator.replies.append(REPLY.format(n=global_tag(a, "000_f6d7438db1f1dcb4.txt", 12)))
    first = a.ask(Q)
    article = a._generator.prompts[0][0]["content"]
    assert a._generator.prepared[-1] == article != a.resident_prefix()
    before = len(a._generator.prepared)
    a._generator.replies.append("Where did Ju-ae go with her father on May 8?")
    a.ask("Where did she go?", history=[first])
    whole = a.resident_prefix()
    rewrite, answer = a._generator.prompts[1:3]
    assert rewrite[0]["content"] == whole  # the same prefix whatever the last question read
    assert a._generator.prepared[before] == whole  # and it was put back in the model first
    assert answer[0]["content"] == article and a._generator.prepared[-1] == article


def test_with_every_state_on_disk_loading_reads_none_and_a_question_reads_only_its_own(resident, monkeypatch):
    """A one-shot question about one article must not first restore the whole corpus's state."""
    one_article_question(monkeypatch)
    first = resident()
    first.load()
    systems = {first._prefix_cache(article=False): [first.resident_prefix()]}
    systems[first._prefix_cache(article=True)] = list(first.article_prefixes().values())
    for folder, prompts in systems.items():  # as the llama generator leaves them
        folder.mkdir(parents=True, exist_ok=True)
        for system in prompts:
            (folder / first._generator.prefix_file(system)).touch()
    a = resident()
    a.load()
    assert a.strategy == "auto" and a._generator.prepared == []
    a._generator.replies.append(REPLY.format(n=global_tag(a, "000_f6d7438db1f1dcb4.txt", 12)))
    a.ask(Q)
    assert a._generator.prepared == [a.article_prefixes()["000_f6d7438db1f1dcb4.txt"]]


def test_loading_reads_only_the_states_not_on_disk_and_prunes_the_rest(resident):
    first = resident()
    first.load()
    whole, articles = first.resident_prefix(), first.article_prefixes()
    files = sorted(articles)
    on_disk = {first._prefix_cache(article=False): [whole, "an old corpus"]}
    on_disk[first._prefix_cache(article=True)] = [articles[f] for f in files[1:]] + ["an old article"]
    for folder, prompts in on_disk.items():
        folder.mkdir(parents=True, exist_ok=True)
        for system in prompts:
            (folder / first._generator.prefix_file(system)).touch()
    a = resident()
    a._generator.prune_prefixes = lambda cache, keep: [  # as the llama generator does
        old.unlink() for old in cache.glob("prefix-*.npz") if old.name not in keep
    ]
    a.load()
    assert a._generator.prepared == [articles[files[0]]]  # the one article missing, nothing else
    for folder, prompts in on_disk.items():
        left = {f.name for f in folder.glob("prefix-*.npz")}
        assert left == {a._generator.prefix_file(s) for s in prompts[:-1]}  # the old one pruned


def test_an_answer_of_tags_alone_is_asked_again_with_the_passages_pasted_in(resident):
    """ "P64 [P64]" is the model failing, not abstaining: the top-k prompt gets the question."""
    a = resident()
    tag = global_tag(a, "000_f6d7438db1f1dcb4.txt", 12)
    top = [p.paragraph for p in a.retrieve(Q).passages]
    position = next(i for i, p in enumerate(top, 1) if (p.file, p.number) == ("000_f6d7438db1f1dcb4.txt", 12))
    a._generator.replies += [f"P{tag} [P{tag}]", REPLY.format(n=position)]
    answer = a.ask(Q)
    assert not answer.abstained and "May 8, 2025" in answer.text
    assert "[000_f6d7438db1f1dcb4.txt ¶12]" in answer.text
    first, second = a._generator.prompts[:2]
    assert first[0]["content"] in a._generator.prepared  # the resident prompt failed …
    assert "P1" in second[-1]["content"] and second[0]["content"] not in a._generator.prepared  # … top-k did not
    assert [p.paragraph for p in answer.passages] == top
    before = len(a._generator.prepared)
    a._generator.replies.append(REPLY.format(n=tag))
    a.ask(Q)
    assert len(a._generator.prepared) == before + 1  # the resident state is put back for the next question


def test_an_answer_the_model_declines_is_not_asked_again(resident):
    a = resident()
    a._generator.replies += ["I don't know — the articles don't say."]
    answer = a.ask(Q)
    assert answer.abstained and len(a._generator.prompts) == 1


def test_a_recited_passage_is_cut_short_and_the_question_asked_again_with_the_passages_pasted_in(resident):
    """The model can start copying out an article instead of answering: nothing of it is shown."""
    a = resident()
    pool = [p.paragraph for p in a.check_pool(a.retrieve(Q).passages)]
    recital = next(
        s
        for p in pool
        for s in p.text.split(". ")
        if len(s.split()) >= 8 and a.cosine(s + ".", Q) < cite.RECITAL_RELEVANCE
    )
    recital += "" if recital.endswith(".") else "."
    top = [p.paragraph for p in a.retrieve(Q).passages]
    position = next(i for i, p in enumerate(top, 1) if (p.file, p.number) == ("000_f6d7438db1f1dcb4.txt", 12))
    a._generator.replies += [recital + " " + recital, REPLY.format(n=position)]
    chunks = list(stream := a.stream(Q))
    answer = stream.answer()
    assert recital not in "".join(chunks) and "May 8, 2025" in answer.text and not answer.abstained
    assert answer.retried and answer.dropped[0] == recital  # on record, for the eval report and replays
    assert "P1" in a._generator.prompts[1][-1]["content"]  # the top-k prompt
    assert [p.paragraph for p in answer.passages] == top


def test_auto_with_a_folder_too_big_to_read_whole_reads_an_article_only_when_a_question_needs_it(resident, monkeypatch):
    one_article_question(monkeypatch)
    a = resident(ratio=0.5)  # every article fits the context, all of them together do not
    a.load()
    assert a.resident_prefix() == "" and a.lazy_articles and a.strategy == "auto"
    assert "when a question first needs it" in a.strategy_note and "all of them" not in a.strategy_note
    assert a._generator.prepared == []  # nothing read up front: a large folder would take minutes
    a._generator.replies.append(REPLY.format(n=global_tag(a, "000_f6d7438db1f1dcb4.txt", 12)))
    answer = a.ask(Q)
    article = a.article_prompt("000_f6d7438db1f1dcb4.txt")
    assert (
        a.article_prefixes() == {}
        and a._generator.prepared == [article]
        and a._generator.prompts[0][0]["content"] == article
    )
    assert answer.citations[0].paragraph == 12 and "=== Article 001" not in article
    # a question whose top passages spread over articles gets the top-k prompt, no article
    monkeypatch.setattr("qa.assistant.agree", lambda passages: False)
    a.ask("Who is Olga Lyubimova?")
    assert a._generator.prepared == [article]
    assert "=== Article" not in a._generator.prompts[-1][0]["content"]


def test_article_states_read_on_demand_keep_the_most_recently_used(tmp_path):
    from qa.assistant import keep_recent

    for age, name in enumerate(["prefix-c.npz", "prefix-b.npz", "prefix-a.npz"]):
        path = tmp_path / name
        path.write_bytes(b"x" * 1024 * 1024)
        os.utime(path, (1000 + age, 1000 + age))  # c oldest, a newest
    keep_recent(tmp_path, "prefix-c.npz", limit_mb=2)  # c just used again
    assert sorted(p.name for p in tmp_path.iterdir()) == ["prefix-a.npz", "prefix-c.npz"]
    keep_recent(tmp_path, "prefix-missing.npz", limit_mb=0)  # a state never written: nothing removed
    assert len(list(tmp_path.iterdir())) == 2
