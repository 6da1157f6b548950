import json

import pytest

from qa import ABSTAIN_TEXT, Answer, IndexMismatch, QuestionError, UsageError
from qa.text import STEMMER

from .conftest import KeywordEmbedder

JUAE_REPLY = "Ju-ae's first diplomatic outing was on May 8, 2025, at the Russian Embassy for Victory Day [P{n}]."


def tag_of(assistant, question: str, file: str, number: int) -> int:
    for i, p in enumerate(assistant.retrieve(question).passages, start=1):
        if (p.paragraph.file, p.paragraph.number) == (file, number):
            return i
    raise AssertionError(f"{file} ¶{number} not retrieved")


def juae_tag(assistant, question: str) -> int:
    return tag_of(assistant, question, "000_f6d7438db1f1dcb4.txt", 12)


Q = "When did Ju-ae make her first diplomatic outing?"


def test_answer_carries_verified_rendered_citation(fake_assistant):
    a = fake_assistant()
    a._generator.replies.append(JUAE_REPLY.format(n=juae_tag(a, Q)))
    answer = a.ask(Q)
    assert not answer.abstained
    assert answer.text.endswith("Victory Day [000_f6d7438db1f1dcb4.txt ¶12].")
    assert "[P" not in answer.text
    assert answer.places == [("000_f6d7438db1f1dcb4.txt", 12)]
    assert "Victory Day" in answer.citations[0].text
    d = answer.to_dict()
    assert set(d) == {"question", "answer", "citations", "abstained", "timings"}
    assert set(d["timings"]) == {"retrieve_ms", "first_token_ms", "total_ms"}


def test_a_reply_cut_by_the_token_limit_loses_its_unfinished_sentence(fake_assistant):
    reply = JUAE_REPLY + " She sat beside her father at the concert with"
    words = len(JUAE_REPLY.split(" "))
    whole, cut = fake_assistant(max_tokens=words + 9), fake_assistant(max_tokens=words + 8)
    for a in (whole, cut):
        a._generator.replies.append(reply.format(n=juae_tag(a, Q)))
    answer = cut.ask(Q)
    assert answer.cut and answer.to_dict(details=True)["cut"] is True
    assert answer.text.endswith("Victory Day [000_f6d7438db1f1dcb4.txt ¶12].")
    assert answer.dropped == ("She sat beside her father at the concert",)
    assert not whole.ask(Q).cut  # the same reply, ended by the model within the limit


def test_prompt_holds_passages_with_article_date(fake_assistant):
    a = fake_assistant(["I don't know — the articles don't say."])
    a.ask(Q)
    user = a._generator.prompts[0][1]["content"]
    assert "000_f6d7438db1f1dcb4.txt ¶12" in user and "article date: 2025-06-30" in user
    assert Q in user


def test_wrong_tag_is_repaired(fake_assistant):
    a = fake_assistant()
    right = juae_tag(a, Q)
    wrong = 1 if right != 1 else 2
    a._generator.replies.append(JUAE_REPLY.format(n=wrong))
    answer = a.ask(Q)
    assert answer.places == [("000_f6d7438db1f1dcb4.txt", 12)]


def test_invented_sentence_is_dropped(fake_assistant):
    a = fake_assistant()
    n = juae_tag(a, Q)
    a._generator.replies.append(JUAE_REPLY.format(n=n) + f" She also toured a Beijing zoo with 300 pandas [P{n}].")
    answer = a.ask(Q)
    assert "pandas" not in answer.text and any("pandas" in d for d in answer.dropped)
    assert "May 8" in answer.text


def test_unsupported_answer_abstains_whatever_the_model_says(fake_assistant):
    a = fake_assistant(["She first travelled to Paris in 1999 to meet the French president [P1]."])
    answer = a.ask(Q)
    assert answer.abstained and answer.text == ABSTAIN_TEXT and answer.citations == ()


def test_model_saying_it_does_not_know_abstains(fake_assistant):
    answer = fake_assistant(["I don't know — the articles don't say."]).ask("What is Ju-ae's favourite food?")
    assert answer.abstained and answer.text == ABSTAIN_TEXT


def test_off_topic_question_abstains_without_the_model(fake_assistant):
    a = fake_assistant(["should never be used"])
    answer = a.ask("Why is it so?")  # no content word: nothing can match
    assert answer.abstained and a._generator.prompts == []


def test_stream_yields_the_final_text(fake_assistant):
    a = fake_assistant()
    a._generator.replies.append(JUAE_REPLY.format(n=juae_tag(a, Q)))
    stream = a.stream(Q)
    chunks = list(stream)
    assert "".join(chunks) == stream.answer().text
    with pytest.raises(UsageError):
        iter(stream)


def test_a_question_typed_in_lower_case_reaches_the_model_as_a_question(fake_assistant):
    a = fake_assistant(["I don't know — the articles don't say."])
    answer = a.ask("when did ju-ae make her first diplomatic outing")
    assert answer.question == "when did ju-ae make her first diplomatic outing"  # as the user typed it
    assert answer.standalone_question == Q  # capitalised from the passages, and a question mark
    assert Q in a._generator.prompts[0][-1]["content"]


def test_follow_up_is_rewritten_before_retrieval(fake_assistant):
    a = fake_assistant(
        ["What gifts did Kim receive from the Primorsky governor?", "I don't know — the articles don't say."]
    )
    earlier = Answer(question="Where did Kim go in September 2023?", text="He visited Russia [002 ¶2].")
    answer = a.ask("What did he get there?", history=[earlier])
    rewrite_prompt = a._generator.prompts[0][1]["content"]
    assert "Where did Kim go in September 2023?" in rewrite_prompt and "What did he get there?" in rewrite_prompt
    assert answer.standalone_question == "What gifts did Kim receive from the Primorsky governor?"
    assert answer.passages[0].paragraph.number == 8


@pytest.mark.parametrize(
    "reply",
    [
        "Kim received drones and a vest.",  # an answer, not a question
        "Where did Kim go in September 2023?",  # the earlier question again
        "Who gave Kim gifts there?",  # another question word
        "What did he get there?",  # unchanged, "he" and "there" unresolved
    ],
)
def test_a_rewrite_that_is_no_rewrite_gives_way_to_the_conversation(fake_assistant, reply: str):
    a = fake_assistant([reply, "I don't know — the articles don't say."])
    earlier = Answer(question="Where did Kim go in September 2023?", text="He visited Russia [002 ¶2].")
    answer = a.ask("what did he get there", history=[earlier])
    assert answer.standalone_question == "Where did Kim go in September 2023? What did he get there?"


def test_a_rewrite_keeps_the_question_word_and_resolves_references():
    from qa.assistant import rewrites

    turns = [("How many troops has North Korea sent?", "About 15,000.")]
    assert rewrites("And how many of them died?", "How many of the North Korean troops died?", turns)
    assert rewrites("Where is Vladivostok?", "Where is Vladivostok?", turns)  # nothing to resolve
    assert rewrites("How many troops has North Korea sent?", "How many troops has North Korea sent?", turns)
    assert not rewrites("How many of them died?", "How many of them died?", turns)
    assert rewrites("What about his daughter?", "Who is Kim Jong-un's daughter?", turns)


@pytest.mark.parametrize("question", ["", "   \n ", "x" * 100_000], ids=["empty", "blank", "100KB"])
def test_bad_questions(fake_assistant, question: str):
    with pytest.raises(QuestionError):
        fake_assistant().ask(question)


def test_index_is_built_then_reused_then_refreshed(fake_assistant, seeds_copy):
    a = fake_assistant()
    assert a.build_index().built
    b = fake_assistant()
    assert not b.build_index().built
    (seeds_copy / "005_new.txt").write_text("Headline\nA new article about the Kremlin.\n")
    c = fake_assistant()
    report = c.build_index()
    assert report.built and "1 added" in report.reason and report.paragraphs == 78
    assert (report.changes.added, report.changes.embedded, report.changes.reused) == (["005_new.txt"], 2, 76)


def test_articles_read_with_new_dates_are_indexed_again_with_their_vectors(fake_assistant, seeds_copy, monkeypatch):
    """A newer qa that finds a date an older one missed ("Published 2026-03-14") re-indexes the
    unchanged files, so that the paragraphs carry it; nothing is embedded again."""
    import qa.formats

    assert fake_assistant().build_index().built
    read = qa.formats.article_metadata
    monkeypatch.setattr(qa.formats, "article_metadata", lambda paragraphs: (read(paragraphs)[0], "2026-03-14"))
    report = fake_assistant().build_index()
    assert report.built and report.reason == "article titles or dates read anew"
    assert (report.changes.embedded, report.changes.reused) == (0, 76)
    assert not fake_assistant().build_index().built


def test_another_embedding_model_needs_an_explicit_rebuild(fake_assistant, seeds_copy):
    assert fake_assistant().build_index().built

    class OtherEmbedder(KeywordEmbedder):
        name = "fake-other"

    other = fake_assistant()
    other._embedder = OtherEmbedder()
    with pytest.raises(IndexMismatch, match=r"built with fake-keyword.*qa index --rebuild"):
        other.build_index()
    report = other.build_index(rebuild=True)
    assert report.built and report.changes.embedded == 76 and report.changes.reused == 0


def test_an_index_made_with_another_stemmer_gets_new_keywords_not_new_vectors(fake_assistant, seeds_copy):
    a = fake_assistant()
    assert a.build_index().built
    manifest = next(a.settings.resolved_index_dir.glob("gen-*/manifest.json"))
    raw = json.loads(manifest.read_text())
    del raw["stemmer"]  # as an index written before the stemmer was recorded
    manifest.write_text(json.dumps(raw))
    b = fake_assistant()
    report = b.build_index()
    assert report.built and "light stemmer" in report.reason
    assert (report.changes.embedded, report.changes.reused) == (0, 76)
    assert b.index.manifest.stemmer == STEMMER
    assert not fake_assistant().build_index().built


BOTH = "When did Ju-ae make her first diplomatic outing, and what do many observers believe she is being positioned as?"
ROLE = "What do many observers believe Ju-ae is being positioned as?"
ROLE_REPLY = "Many observers believe Ju-ae is being positioned as her father's likely successor [P{n}]."


def test_a_compound_question_is_answered_half_by_half_the_second_as_a_follow_up(fake_assistant):
    a = fake_assistant()
    first = JUAE_REPLY.format(n=juae_tag(a, "When did Ju-ae make her first diplomatic outing?"))
    second = ROLE_REPLY.format(n=tag_of(a, ROLE, "001_679a087cb559579e.txt", 9))
    a._generator.replies += [first, ROLE, second]  # answer, rewrite of the second half, answer
    stream = a.stream(BOTH)
    chunks = list(stream)
    answer = stream.answer()
    assert "".join(chunks) == answer.text and ABSTAIN_TEXT not in answer.text
    assert "May 8" in answer.text and "successor" in answer.text
    assert answer.places == [
        ("000_f6d7438db1f1dcb4.txt", 12),
        ("001_679a087cb559579e.txt", 9),
    ]
    assert answer.question == BOTH and not answer.abstained
    assert [p.standalone_question for p in answer.parts] == ["When did Ju-ae make her first diplomatic outing?", ROLE]
    rewrite_prompt = a._generator.prompts[1][-1]["content"]
    assert "When did Ju-ae make her first diplomatic outing?" in rewrite_prompt  # the first half is history
    assert json.loads(json.dumps(answer.to_dict(details=True)))["parts"][1]["question"] == (
        "What do many observers believe she is being positioned as?"
    )


def test_a_compound_question_shows_what_any_half_answers_and_abstains_only_when_none_does(fake_assistant):
    a = fake_assistant()
    second = ROLE_REPLY.format(n=tag_of(a, ROLE, "001_679a087cb559579e.txt", 9))
    a._generator.replies += ["I don't know — the articles don't say.", ROLE, second]
    chunks = list(stream := a.stream(BOTH))
    answer = stream.answer()
    assert ABSTAIN_TEXT not in "".join(chunks) and not answer.abstained
    # the unanswered half is named where its answer would be, in the stream and the answer alike
    role = ROLE_REPLY.format(n=0).replace(" [P0]", " [001_679a087cb559579e.txt ¶9]")
    expected = "No cited answer was found for “When did Ju-ae make her first diplomatic outing?” " + role
    assert "".join(chunks) == answer.text == expected
    assert answer.places == [("001_679a087cb559579e.txt", 9)]

    later = fake_assistant()  # the second half unanswered: named after the first half's answer
    first = JUAE_REPLY.format(n=juae_tag(later, "When did Ju-ae make her first diplomatic outing?"))
    later._generator.replies += [first, ROLE, ABSTAIN_TEXT]
    chunks = list(stream := later.stream(BOTH))
    assert "".join(chunks) == stream.answer().text and "positioned" not in stream.answer().stated
    assert chunks[0].startswith("Ju-ae") and chunks[-1] == " No cited answer was found for “" + (
        "What do many observers believe she is being positioned as?”"
    )

    none = fake_assistant()  # every reply: the articles don't say
    chunks = list(stream := none.stream(BOTH))
    assert chunks == [ABSTAIN_TEXT] and stream.answer().abstained and stream.answer().citations == ()


def test_a_half_whose_answer_the_first_half_already_gave_is_not_repeated_nor_called_unanswered(fake_assistant):
    a = fake_assistant()
    first = JUAE_REPLY.format(n=juae_tag(a, "When did Ju-ae make her first diplomatic outing?"))
    a._generator.replies += [first, ROLE, first]  # the second half answered with the first's sentence
    chunks = list(stream := a.stream(BOTH))
    answer = stream.answer()
    assert "".join(chunks) == answer.text and answer.text.count("May 8") == 1
    assert "No cited answer" not in answer.text and not answer.abstained and not answer.parts[1].abstained


def test_closing_a_compound_answer_stops_before_the_second_half(fake_assistant):
    a = fake_assistant()
    a._generator.replies.append(JUAE_REPLY.format(n=juae_tag(a, "When did Ju-ae make her first diplomatic outing?")))
    stream = a.stream(BOTH)
    chunks = iter(stream)
    assert "May 8" in next(chunks)
    stream.close()
    assert len(a._generator.prompts) == 1  # the second half was never rewritten nor asked


WHY = "Why was Ju-ae's first diplomatic outing held at the Chinese Embassy?"


def test_a_why_question_whose_premise_the_model_denies_is_answered_by_the_denial(fake_assistant):
    a = fake_assistant()
    n = juae_tag(a, WHY)
    a._generator.replies += [f"No, her first outing was to the Russian Embassy on May 8 for Victory Day [P{n}]."]
    answer = a.ask(WHY)
    asked = [p[-1]["content"] for p in a._generator.prompts]
    assert len(asked) == 1 and "Was Ju-ae's first diplomatic outing held at the Chinese Embassy?" in asked[0]
    assert answer.premise == "Was Ju-ae's first diplomatic outing held at the Chinese Embassy?"
    assert not answer.abstained and "Russian Embassy" in answer.text and "[000_f6d7438db1f1dcb4.txt ¶12]" in answer.text
    assert answer.to_dict(details=True)["premise"] == answer.premise
    # the bare denial is shown too, on the paragraph about the event it denies
    c = fake_assistant(["No, Ju-ae did not skip her first diplomatic outing at the Russian Embassy."])
    bare = c.ask("Why did Ju-ae skip her first diplomatic outing at the Russian Embassy?")
    assert bare.premise and not bare.abstained
    assert bare.text.startswith("No, Ju-ae did not skip") and "[000_f6d7438db1f1dcb4.txt ¶12]" in bare.text
    # a denial that nothing supports is no answer: the premise stays unanswered, not the why
    b = fake_assistant(["No, she went to the moon in 1999 [P1]."])
    denied = b.ask(WHY)
    assert denied.abstained and denied.premise and len(b._generator.prompts) == 1


def test_a_why_question_whose_premise_the_model_grants_is_answered_as_asked(fake_assistant):
    a = fake_assistant()
    why = "Why did Ju-ae make her first diplomatic outing?"
    n = juae_tag(a, why)
    a._generator.replies += [
        "Yes, she made it on May 8.",  # stopped at its first word, never shown
        f"Her first outing was on May 8 at the Russian Embassy for Victory Day [P{n}].",
    ]
    answer = a.ask(why)
    asked = [p[-1]["content"] for p in a._generator.prompts]
    assert "Did Ju-ae make her first diplomatic outing?" in asked[0] and why in asked[1]
    assert answer.premise == "" and "Victory Day" in answer.text and "Yes" not in answer.text
    # "No one …" is no denial
    b = fake_assistant(["No one knows her reasons.", f"Her first outing was on May 8 for Victory Day [P{n}]."])
    assert b.ask(why).premise == "" and len(b._generator.prompts) == 2
