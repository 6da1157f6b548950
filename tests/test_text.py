import pytest

from qa.text import (
    as_question,
    asks_for_list,
    content_terms,
    light_stem,
    question_parts,
    stem,
    truecase,
    verb_base,
    words,
)


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


def test_a_question_typed_without_a_question_mark_gets_one():
    assert (
        as_question("how many troops has north korea sent to russia")
        == "How many troops has north korea sent to russia?"
    )
    assert as_question("  did kim go alone ") == "Did kim go alone?"
    assert as_question("What did Kim say?") == "What did Kim say?"  # a well-typed question stays as it is
    assert as_question("Tell me about Ju-ae") == "Tell me about Ju-ae"  # a request, not a question: no "?"
    # a contracted question word asks as the whole one does
    assert as_question("where's the capsule going to land") == "Where's the capsule going to land?"
    assert as_question("Who’s Kim's daughter") == "Who’s Kim's daughter?"


PASSAGES = [
    "Kim also met with Russia’s top security official, Sergei Shoigu — a close confidant of Putin — on June 4 "
    "and 17, marking two meetings in just two weeks in Pyongyang.",
    "Putin praised the service personnel of the Korean People’s Army in liberating Kursk.",
    "North Korea has sent troops. The north of the country is cold.",
]


def test_a_lower_case_question_gets_the_capitals_its_passages_give_names():
    assert truecase("How many times did kim meet shoigu in pyongyang in june?", PASSAGES) == (
        "How many times did Kim meet Shoigu in Pyongyang in June?"
    )
    # a possessive counts for the name; the question keeps its own apostrophe
    assert truecase("What did russia's korean people's army do?", PASSAGES) == (
        "What did Russia's Korean People's Army do?"
    )


def test_truecase_leaves_common_words_and_well_typed_questions_alone():
    # "north" is lower case inside a sentence as often as it is capitalised at the start of one
    assert truecase("Where is the north?", PASSAGES) == "Where is the north?"
    assert truecase("How many times did Kim meet shoigu?", PASSAGES) == "How many times did Kim meet shoigu?"
    assert truecase("What did the officials discuss?", PASSAGES) == "What did the officials discuss?"
    # a word the passages write only at the start of sentences, and that names nothing
    opening = ["Many observers believe she is a successor.", "About 4,700 casualties, including 600 deaths."]
    assert truecase("how many of the casualties were deaths?", opening) == "how many of the casualties were deaths?"
    assert truecase("what did observers say about ju-ae?", [*opening, "Ju-ae sat beside him."]) == (
        "what did observers say about Ju-ae?"
    )


def test_a_compound_question_splits_into_the_questions_it_joins_each_with_its_preface():
    assert question_parts("When was the treaty signed, and what commitment does it contain?") == [
        "When was the treaty signed?",
        "What commitment does it contain?",
    ]
    assert question_parts("Kim's daughter was there too. When was her first outing; what is she groomed for") == [
        "Kim's daughter was there too. When was her first outing?",
        "Kim's daughter was there too. What is she groomed for?",
    ]
    # typed without a comma: a bare "and" joins two questions when a whole question comes before it
    assert question_parts("How much will the library cost and who opposed it?") == [
        "How much will the library cost?",
        "Who opposed it?",
    ]
    # the second question may open with a preposition
    assert question_parts("How long did the strike last, and in what town was its leader born?") == [
        "How long did the strike last?",
        "In what town was its leader born?",
    ]
    # the first question may open with a contraction ("What's" is "What is")
    assert question_parts(
        "Shoigu is in two pieces. What's his title in one, and how is he described in the other?"
    ) == [
        "Shoigu is in two pieces. What's his title in one?",
        "Shoigu is in two pieces. How is he described in the other?",
    ]


def test_questions_that_only_look_compound_stay_whole():
    for question in (
        "Who met Kim in Pyongyang and when?",  # the second half is no question of its own
        "According to the Kremlin, what did Putin brief Kim on?",  # a comma before "what", no "and"
        "Which officials, and which ministers, came?",  # a list inside one question
        "Tell me about Ju-ae, and what she did in May.",  # a request, not a question
        "When did Kim meet Shoigu, and when Lavrov, and why?",  # more than one joint: leave it to the model
        "When and where will officials meet next?",  # one question asking two things
        "What did Kim and who else attend the concert?",  # no whole question before the bare "and"
        "Which judge will hear the request, and in which court?",  # "in which court?" asks nothing alone
    ):
        assert question_parts(question) == [question], question


def test_an_irregular_past_form_has_its_base_forms_stem():
    assert [verb_base(stem(w)) for w in ("gave", "given", "met", "held", "sent", "left")] == [
        stem(w) for w in ("give", "give", "meet", "hold", "send", "leave")
    ]
    assert verb_base(stem("visited")) == stem("visit") and verb_base("troop") == "troop"


def test_a_why_question_takes_a_yes_no_premise_for_granted():
    from qa.text import premise_question

    assert premise_question("Why did Kim skip the concert?") == "Did Kim skip the concert?"
    assert premise_question("why was the trip cut to two days") == "Was the trip cut to two days?"
    assert premise_question("Why do observers think it aired later?") == "Do observers think it aired later?"
    for question in ("Why didn't Kim attend?", "Why would Putin call?", "What did Kim do?", "Why?"):
        assert premise_question(question) is None


def test_a_reply_denies_once_its_first_word_is_no():
    from qa.text import denies

    for head in ("", "N", "No", "Not", "Yes", " No one"):
        assert denies(head) is None  # the first word may still grow
    assert denies("No,") and denies("NO.") and denies('"No, he did not') and denies("No Kim did not skip it")
    for head in ("Yes,", "North Korea", "Not at", "The article says", "No one knows", "No longer denied"):
        assert denies(head) is False


@pytest.mark.parametrize(
    "question",
    [
        "Which Calderwick Rovers players are out injured?",
        "What gifts did the Primorsky governor give Kim?",
        "List the honors Eleanor Whitcombe received.",
        "Name the three consulting firms in the case.",
        "Apart from Kim himself, who else is seen in the footage?",
        "In the piece on the Security Council visit, what fields do analysts expect cooperation to cover?",
        "What are the fishermen's main complaints about the wind farm?",
        "In which fields do analysts see joint initiatives?",
    ],
)
def test_a_question_asking_for_several_things_is_a_list_question(question):
    assert asks_for_list(question)


@pytest.mark.parametrize(
    "question",
    [
        "When did Ju-ae make her first diplomatic outing?",
        "What do analysts read into the timing of the call?",
        "What was Veridian Motors' annual revenue last year?",
        "What is the status of the talks?",
        "Which paper ran the front-page piece?",
        "Why did the council vote to replace the bridge?",
        "How many troops has North Korea sent?",
    ],
)
def test_a_question_asking_for_one_thing_is_not(question):
    assert not asks_for_list(question)
