from dataclasses import replace

import pytest
from hypothesis import given
from hypothesis import strategies as st

from qa import cite
from qa.cite import (
    Sentence,
    check_sentence,
    parse_rendered,
    parse_tags,
    render_citation,
    split_sentences,
)
from qa.corpus import Paragraph, text_hash


def para(file: str, number: int, text: str, date: str = "", title: str = "") -> Paragraph:
    return Paragraph(file=file, number=number, text=text, hash=text_hash(text), date=date, title=title)


JUAE = para(
    "000.txt",
    12,
    "The Unification Ministry assessed that this marks Ju-ae's second official diplomatic activity, following the "
    "first in her visit to the Russian Embassy in North Korea with her father on May 8 for Russia's Victory Day.",
    date="2025-06-30",
)
CONCERT = para("000.txt", 11, "During the concert, Kim Jong-un was also accompanied by his daughter Ju-ae.")
GIFTS = para(
    "002.txt", 8, "These gifts included five explosive drones, a reconnaissance drone, and a bulletproof vest."
)
PASSAGES = [CONCERT, JUAE, GIFTS]
Q = "When did Ju-ae make her first diplomatic outing?"


def test_parse_tags_variants():
    assert parse_tags("She went on May 8 [P2].") == ("She went on May 8.", (2,))
    assert parse_tags("Two facts [P1, P3] and more [P3][p2]") == ("Two facts and more", (1, 3, 2))
    assert parse_tags("A [Passage 4] b [5]") == ("A b", (4, 5))
    assert parse_tags("Nothing cited [see above].")[1] == ()
    # a lead-in that names only the tag would name nothing once the tag is gone
    assert parse_tags("According to passage [P1], the troops left.") == ("The troops left.", (1,))
    assert parse_tags("As stated in P3, it rained [P3].") == ("It rained.", (3,))
    assert parse_tags("According to 2023 figures, it rained.") == ("According to 2023 figures, it rained.", ())
    assert parse_tags("According to Hong Min, it was old [P4].") == ("According to Hong Min, it was old.", (4,))


def test_split_keeps_trailing_tags_and_abbreviations():
    text = "U.S. President Trump met Kim on Aug. 12. [P1] Then he left [P2]. Done"
    sentences, tail = split_sentences(text)
    assert sentences == ["U.S. President Trump met Kim on Aug. 12. [P1]", "Then he left [P2].", "Done"]
    assert tail == ""


def test_split_keeps_quotations_whole():
    text = 'Trump said, "I get along with him. We will see." Then he left.'
    assert split_sentences(text)[0] == ['Trump said, "I get along with him. We will see."', "Then he left."]


def test_a_list_items_marker_ends_the_sentence_before_it_and_is_dropped():
    raw = "Two reasons:\n1. Mutual benefits [P1].\n2. Diversification of partners [P2].\n- A third"
    expected = ["Two reasons:", "Mutual benefits [P1].", "Diversification of partners [P2].", "A third"]
    assert split_sentences(raw) == (expected, "")
    streamed, pending = [], ""
    for i in range(0, len(raw), 3):  # token by token: a marker may arrive in pieces
        done, pending = split_sentences(pending + raw[i : i + 3], final=False)
        streamed += done
    assert streamed + split_sentences(pending)[0] == expected
    assert split_sentences("It cost 2. 5 more came.")[0] == ["It cost 2.", "5 more came."]


def test_a_line_break_ends_a_list_item_without_a_full_stop():
    raw = "Times:\n- High School: 8:30 a.m. to 3:20 p.m. (now 7:25 a.m.)\n- Middle School: 8:00 a.m. (unchanged)\nThat is all.\n[P3]"
    expected = [
        "Times:",
        "High School: 8:30 a.m. to 3:20 p.m. (now 7:25 a.m.)",
        "Middle School: 8:00 a.m. (unchanged)",
        "That is all.\n[P3]",  # a line of tags belongs to the line above
    ]
    assert split_sentences(raw) == (expected, "")
    streamed, pending = [], ""
    for i in range(0, len(raw), 2):  # token by token: a line break may come before the tags
        done, pending = split_sentences(pending + raw[i : i + 2], final=False)
        streamed += done
    assert streamed + split_sentences(pending)[0] == expected


def test_split_streaming_waits_for_possible_tags():
    done, tail = split_sentences("First fact [P1]. Second", final=False)
    assert done == ["First fact [P1]."] and tail == " Second"
    done, tail = split_sentences("Only fact.", final=False)
    assert done == [] and tail == "Only fact."
    done, tail = split_sentences("Only fact. [P", final=False)
    assert done == [] and tail == "Only fact. [P"


def test_streamed_tag_after_a_space_stays_with_its_sentence():
    """Token by token, "… outing. [P2]" arrives as "." then " [" then "P2]": the sentence must
    wait for its tag, as when the whole answer is checked at once."""
    tokens = ["Ju-ae", " visited", " the", " Russian", " Embassy", " on", " May", " 8", ".", " [", "P", "2", "]"]
    streamed = cite.AnswerCheck(PASSAGES, Q, {1: 1, 2: 2, 3: 3})
    for token in tokens:
        streamed.feed(token)
    streamed.finish()
    whole = cite.AnswerCheck(PASSAGES, Q, {1: 1, 2: 2, 3: 3})
    whole.feed("".join(tokens))
    whole.finish()
    assert streamed.checks == whole.checks == [("ok", streamed.checks[0][1])]
    assert streamed.text == whole.text


def test_a_sentence_the_token_limit_cut_off_is_dropped_not_shown():
    raw = "Her first outing was on May 8 at the Russian Embassy [P2]. During the concert, Kim was accompanied by his"
    ended, cut = (cite.AnswerCheck(PASSAGES, Q, {1: 1, 2: 2, 3: 3}) for _ in range(2))
    for check, was_cut in ((ended, False), (cut, True)):
        check.feed(raw)
        check.finish(cut=was_cut)
    assert len(ended.shown) == 2  # the model ended there itself: the last sentence is checked as said
    assert len(cut.shown) == 1 and cut.cut
    assert cut.dropped == ["During the concert, Kim was accompanied by his"]
    finished = cite.AnswerCheck(PASSAGES, Q, {1: 1, 2: 2, 3: 3})
    finished.feed(raw.split(" During")[0])
    finished.finish(cut=True)  # cut right after a full sentence and its tag: nothing is unfinished
    assert len(finished.shown) == 1 and finished.dropped == []


def test_the_question_restated_in_the_past_tense_claims_nothing():
    """A past-tense echo ("Putin gave Kim drones" to "Why did Putin give …?") repeats the premise: shown
    with a citation, it would vouch for a premise the paragraph may deny."""
    question = "Why did Putin personally give Kim five explosive drones?"
    assert cite.make_claim("Putin personally gave Kim five explosive drones.", question) is None
    assert cite.make_claim("Putin personally gives Kim five explosive drones.", question) is None
    claim = cite.make_claim("The governor gave Kim five explosive drones.", question)
    assert claim is not None and "governor" in claim.terms and "gave" not in claim.terms
    checked = check_sentence(Sentence("Putin personally gave Kim five explosive drones.", (3,)), PASSAGES, question)
    assert checked.status == "meta" and not checked.cited


def test_a_count_the_question_points_with_is_no_figure_to_find():
    """ "the two leaders" names Kim and Putin again; no paragraph need count them. A count the
    answer makes of its own ("spoke three times") is still a figure."""
    call = para("003.txt", 3, "Kim and Putin on August 12 exchanged greetings and had a conversation.")
    question = "On what date did the two leaders actually speak?"
    checked = check_sentence(Sentence("The two leaders actually spoke on August 12.", ()), [call], question)
    assert checked.kept and checked.cited == (call,)
    claim = cite.make_claim("The two leaders spoke three times on August 12.", question)
    assert claim is not None and "3" in claim.required and "2" not in claim.required
    # a count the question does not point with stays one the paragraph must state
    alone = check_sentence(Sentence("The two leaders spoke on August 12.", ()), [call], "When did Kim speak?")
    assert not alone.kept
    # pointing with "the two governments", a sentence that only says the question again claims nothing:
    # "agreed" restates "agreements", which the stemmer leaves whole
    asked = "What agreements came out of the November meeting the two governments planned?"
    assert cite.make_claim("The two governments agreed to meet in November.", asked) is None
    assert cite.make_claim("The two governments agreed on grain.", asked) is not None


def test_the_questions_own_date_said_again_may_come_from_elsewhere_in_the_article():
    """A date the sentence repeats from the question ("… when he met Kim in September 2023 …") may
    come from a paragraph of the same article far from the meeting; one the question lacks still
    needs a neighbour. That paragraph vouches for the date but is not shown: it does not say what
    the sentence tells."""
    trip = para("002.txt", 2, "The six-day trip took place in September 2023.")
    meeting = para(
        "002.txt",
        18,
        "Kim met Russian Defense Minister Sergei Shoigu, and they inspected a hypersonic missile system, "
        "strategic bombers and warships at the Vostochny Cosmodrome.",
    )
    factory = para("002.txt", 9, "Kim toured a fighter jet factory in Komsomolsk-on-Amur.")
    sentence = Sentence(
        "In September 2023, Kim met Russian Defense Minister Sergei Shoigu and inspected a hypersonic missile "
        "system, strategic bombers and warships.",
        (2,),
    )
    anchored = check_sentence(sentence, [trip, meeting, factory], "Whom did Kim meet in September 2023?")
    assert anchored.kept and [p.number for p in anchored.cited] == [18]
    assert not check_sentence(sentence, [trip, meeting, factory], "Whom did Kim meet in Russia?").kept
    elsewhere = [replace(trip, file="004.txt"), meeting, factory]  # another article's date is no premise
    assert not check_sentence(sentence, elsewhere, "Whom did Kim meet in September 2023?").kept


def test_a_sentence_joining_two_paragraphs_cites_both():
    concert = para(
        "000.txt",
        7,
        "Kim attended the concert at the East Pyongyang Grand Theatre with the Russian culture minister on Sunday.",
    )
    dress = para("000.txt", 12, "A white silk dress and a pearl necklace drew the cameras.")
    sentence = Sentence(
        "Kim's daughter wore a white silk dress and a pearl necklace at the concert at the East Pyongyang Grand "
        "Theatre with the Russian culture minister on Sunday.",
        (),
    )
    checked = check_sentence(sentence, [concert, dress], "What did Kim's daughter wear?")
    assert checked.status == "repaired" and [p.number for p in checked.cited] == [7, 12]
    assert checked.support == 1.0
    alone = check_sentence(replace(sentence, text=sentence.text.replace(" and a pearl necklace", "")), [concert], "")
    assert alone.kept and [p.number for p in alone.cited] == [7]  # enough alone, with nothing to add


def test_a_bare_surname_stands_for_the_full_name_its_article_gives():
    lead = para("001.txt", 1, "North Korean leader Kim Jong-un paid tribute to the soldiers killed in Russia.")
    coats = para(
        "001.txt", 4, "Winter coats worn by Kim and his sister Kim Yo-jong suggest the event was months earlier."
    )
    sister = para("001.txt", 6, "Kim Yo-jong also spoke.")
    q = "Which family member of Kim showed up at the ceremony?"
    checked = check_sentence(
        Sentence("Kim Jong-un's sister Kim Yo-jong showed up in winter coats.", ()), [lead, coats], q
    )
    assert checked.kept and checked.cited == (coats,)  # "Kim" in ¶4 is Kim Jong-un: ¶1 is not needed for "Jong-un"
    terms = cite._with_full_names([lead, coats, sister], [cite.paragraph_terms(p) for p in (lead, coats, sister)])
    assert terms[2] == cite.paragraph_terms(sister)  # no bare surname there: nothing to complete
    other = para("009.txt", 2, "Kim Jong-un's rival was never named.")  # another article's Kim is not this one's
    assert cite._with_full_names([other, coats], [set(), set()])[1] == set()


def test_correct_citation_is_kept():
    checked = check_sentence(
        Sentence("Her first outing was on May 8, 2025, at the Russian Embassy.", (2,)), PASSAGES, Q
    )
    assert checked.status == "ok" and checked.cited == (JUAE,)


def test_wrong_citation_is_reattributed():
    checked = check_sentence(
        Sentence("Her first outing was on May 8 at the Russian Embassy for Victory Day.", (1,)), PASSAGES, Q
    )
    assert checked.status == "repaired" and checked.cited == (JUAE,)


def test_missing_and_out_of_range_citations_are_repaired():
    assert check_sentence(Sentence("It was at the Russian Embassy on May 8.", ()), PASSAGES, Q).cited == (JUAE,)
    assert check_sentence(Sentence("It was at the Russian Embassy on May 8.", (9,)), PASSAGES, Q).cited == (JUAE,)


def test_invented_fact_is_unsupported():
    checked = check_sentence(
        Sentence("She visited the Chinese consulate on March 3 with her mother.", (2,)), PASSAGES, Q
    )
    assert checked.status == "unsupported" and checked.cited == ()


def test_invented_number_lowers_support():
    good = check_sentence(Sentence("Kim received five explosive drones.", (3,)), PASSAGES, "What did Kim receive?")
    bad = check_sentence(
        Sentence("Kim received 40 explosive drones and 12 tanks.", (3,)), PASSAGES, "What did Kim receive?"
    )
    assert good.kept and not bad.kept


def test_abstention_sentence_is_meta():
    assert (
        check_sentence(Sentence("The articles do not mention her age.", ()), PASSAGES, "How old is Ju-ae?").status
        == "meta"
    )


def test_a_named_source_saying_nothing_is_a_claim_not_an_abstention():
    """A report that "Pyongyang made no mention of it" says what an article says; only the articles' own
    silence ("the articles do not mention …") is the model declining to answer."""
    call = para(
        "003.txt",
        12,
        "The Kremlin said Putin shared information about the upcoming U.S.-Russia summit with Kim,"
        " but Pyongyang made no mention of it.",
    )
    question = "What did Putin brief Kim on that Pyongyang's account left out?"
    answer = "Putin shared information about the U.S.-Russia summit with Kim, but Pyongyang made no mention of it."
    checked = check_sentence(Sentence(answer, ()), [call], question)
    assert checked.kept and checked.cited == (call,)
    for declined in (
        "The articles do not mention what Putin said.",
        "The article makes no mention of it.",
        "It does not say.",
        "I don't know.",
    ):
        assert check_sentence(Sentence(declined, ()), [call], question).status == "meta", declined


def test_a_family_tie_stands_only_where_a_paragraph_states_it_of_that_person():
    daughter = para(
        "000.txt",
        11,
        "During the concert, Kim Jong-un was also accompanied by his daughter, believed to be named Ju-ae.",
    )
    sister = para("001.txt", 4, "Winter coats worn by Kim, his sister Kim Yo-jong, and Foreign Minister Choe Son-hui.")
    question = "Who is Kim Jong-un's sister?"
    check = cite.AnswerCheck([daughter, sister], question, {1: 1, 2: 2})
    check.feed("Kim Jong-un's sister is Ju-ae [P1].")
    check.finish()
    assert not check.kept  # the question's "sister" does not make Ju-ae one, nor does ¶4's sister
    assert cite.kin_unstated("Kim Jong-un's sister is Ju-ae.", question, [daughter, sister])
    assert not cite.kin_unstated("Kim Jong-un's sister is Kim Yo-jong.", question, [sister])
    # a tie and its converse state the same thing
    assert not cite.kin_unstated("Ju-ae went with her father.", "Who did Ju-ae go with?", [daughter])


def test_a_family_tie_of_the_other_sex_is_no_support_and_a_question_built_on_one_is_declined():
    daughter = para(
        "000.txt",
        11,
        "During the concert, Kim Jong-un was also accompanied by his daughter, believed to be named Ju-ae, "
        "who sat next to her father.",
    )
    assert cite.kin_unstated("Kim Jong-un brought his son, Ju-ae, to the concert.", "Who came?", [daughter])
    assert not cite.kin_unstated("Kim Jong-un brought his daughter, Ju-ae, to the concert.", "Who came?", [daughter])
    assert not cite.kin_unstated("Ju-ae sat next to her father.", "Where did Ju-ae sit?", [daughter])
    question = "Why did Kim bring his son to the concert?"
    assert cite.kin_denied("Kim brought his son, Ju-ae, to the concert to show unity.", question, [daughter])
    assert not cite.kin_denied("Kim brought Ju-ae to the concert.", question, [daughter])  # the tie not repeated
    son = para("000.txt", 12, "Kim's son was not seen at the concert.")
    assert not cite.kin_denied("Kim brought his son to the concert.", question, [daughter, son])
    # the premise is false: nothing the model says to it is shown, and the paragraph's sentence
    # that tells the concert with his daughter corrects it (``kin_corrected``)
    check = cite.AnswerCheck([daughter], question, {1: 1})
    check.feed("Kim brought his son, Ju-ae, to the concert to show unity [P1]. Ju-ae sat next to her father [P1].")
    check.finish()
    assert check.false_premise and [c.text for c in check.kept] == [daughter.text]
    assert "son" not in check.text.split() and "daughter" in check.text


def test_a_question_that_brings_a_relative_of_the_other_sex_to_an_event_is_corrected():
    title = para("000.txt", 3, "Kim attended a joint concert alongside his daughter and Russia's Culture Minister.")
    named = para(
        "000.txt",
        21,
        "During the concert, Kim Jong-un was also accompanied by his daughter — believed to be named Ju-ae.",
    )
    pool = [title, named]
    corrected = cite.kin_corrected("Why did Kim bring his son to the concert?", pool)
    assert corrected is not None and corrected.cited == (named,)  # the sentence that names her is preferred
    assert cite.kin_corrected("Why did Kim bring his son to the concert?", [title]).cited == (title,)
    # someone merely unmentioned: no event the paragraphs tell with the other relative
    assert cite.kin_corrected("What is the name of Kim's son?", pool) is None
    assert cite.kin_corrected("Where does Kim's son go to school?", pool) is None
    # the tie the question gives is stated, or none is given: nothing to correct
    assert cite.kin_corrected("Why did Kim bring his daughter to the concert?", pool) is None
    assert cite.kin_corrected("Why did Kim go to the concert?", pool) is None
    # the "Son" of a name is no tie: the question's premise is still false
    choe = para("001.txt", 4, "Winter coats worn by Kim, his sister Kim Yo-jong, and Foreign Minister Choe Son-hui.")
    assert cite.kin_corrected("Why did Kim bring his son to the concert?", [choe, *pool]).cited == (named,)
    assert not cite.kin_unstated("Kim's sister Kim Yo-jong and Choe Son-hui wore coats.", "Who wore coats?", [choe])
    son = para("000.txt", 22, "His son was not at the concert.")
    assert cite.kin_corrected("Why did Kim bring his son to the concert?", [*pool, son]) is None


def test_the_same_noun_at_its_other_end_is_no_support():
    last = para(
        "002.txt",
        10,
        "Russian Natural Resources Minister Alexander Kozlov, who accompanied Kim on his final day in Russia, "
        "said a lot had been discussed. North Korea has sent troops.",
    )
    assert cite.opposite_told("Kozlov accompanied Kim on his first day in Russia.", [last])
    assert not cite.opposite_told("Kozlov accompanied Kim on his final day in Russia.", [last])
    assert not cite.opposite_told("South Korea said Kozlov went with Kim.", [last])  # a name, not an end
    assert not cite.opposite_told("Kozlov was there on the first day.", [])
    notebook = para("001.txt", 2, "A notebook believed to belong to a fallen North Korean soldier was shown.")
    assert cite.opposite_told("The notebook belonged to a Russian soldier.", [notebook])
    assert not cite.opposite_told("The notebook belonged to a Korean soldier.", [notebook])
    assert not cite.opposite_told("The notebook belonged to a North Korean soldier.", [notebook])
    check = cite.AnswerCheck([last], "Who went with Kim on the first day?", {1: 1})
    check.feed("Alexander Kozlov accompanied Kim on his first day in Russia [P1].")
    check.finish()
    assert not check.kept


def test_a_place_the_question_gives_must_be_in_the_cited_paragraphs():
    treaty = para("000.txt", 3, "Kim and Putin signed the Comprehensive Strategic Partnership Treaty on June 19, 2024.")
    question = "What agreement did Kim and Putin sign in Moscow in June 2024?"
    wrong = "Kim and Putin signed the Comprehensive Strategic Partnership Treaty in Moscow on June 19, 2024."
    assert cite.place_unfound(wrong, question, [treaty], [treaty])
    right = "Kim and Putin signed the Comprehensive Strategic Partnership Treaty on June 19, 2024."
    assert not cite.place_unfound(right, question, [treaty], [treaty])
    moscow = para("000.txt", 4, "The treaty was signed in Moscow on June 19, 2024.")
    assert not cite.place_unfound(wrong, question, [treaty, moscow], [treaty, moscow])
    # a place gone to or from is a place too; "according to Seoul" names a source, not a place
    visit = para("002.txt", 2, "In a six-day visit to Russia in September 2023, Kim Jong Un solidified ties.")
    went = "Why did Kim travel to Moscow for his six-day visit?"
    assert cite.place_unfound("Kim traveled to Moscow to solidify ties.", went, [visit], [visit])
    tone = para("001.txt", 9, "The ministry said Pyongyang has been tempering its criticism since Trump took office.")
    said = "How has North Korea's criticism changed, according to Seoul?"
    assert not cite.place_unfound("It has been tempering, according to Seoul.", said, [tone], [tone])
    check = cite.AnswerCheck([treaty], question, {1: 1})
    check.feed(wrong.replace(".", " [P1]."))
    check.finish()
    assert not check.kept


@pytest.mark.parametrize(
    ("raw", "said"),
    [
        ("The passage only mentions that the visit took place in September 2023 [P1].", "The visit took place"),
        ("According to the article, North Korea has sent 15,000 troops [P1].", "North Korea has sent"),
        ("The article states that Olga Lyubimova is the Culture Minister.", "Olga Lyubimova is"),
        ("The passages do not say whether it rained.", "The passages do not say"),  # no claim to bare
    ],
)
def test_a_lead_in_naming_the_source_is_left_to_the_citation(raw: str, said: str):
    assert cite.parse_sentence(raw).text.startswith(said)


def test_a_claim_behind_a_lead_in_is_checked_as_the_claim():
    visit = para("002.txt", 2, "This visit, taking place in September 2023, solidified the ties.")
    check = cite.AnswerCheck([visit], "Did Kim's visit to Russia take place in 2024?", {1: 1})
    check.feed("The passage only mentions that the visit took place in September 2023 [P1].")
    check.finish()
    assert check.text == "The visit took place in September 2023 [002.txt ¶2]."


def test_a_yes_does_not_stand_on_a_paragraph_that_denies_what_was_asked():
    kozlov = para(
        "002.txt",
        10,
        "Kozlov noted that a lot had been discussed during the visit. While Kozlov did not explicitly mention "
        "agreements related to military matters, he did mention discussions about grain supplies.",
    )
    assert {"agreement", "militari"} <= cite.negated_terms(kozlov.text)  # past the adverb, the telling verb's object
    question = "Did Kozlov say a military agreement had been reached during the visit?"
    check = cite.AnswerCheck([kozlov], question, {1: 1})
    check.feed("Yes, Kozlov noted that a lot had been discussed during the visit [P1].")
    check.finish()
    assert not check.kept
    check = cite.AnswerCheck([kozlov], "Did Kozlov say that a lot had been discussed during the visit?", {1: 1})
    check.feed("Yes, Kozlov noted that a lot had been discussed during the visit [P1].")
    check.finish()
    assert check.kept


def test_a_bare_yes_or_no_is_followed_by_the_sentence_it_rests_on():
    met = para(
        "000.txt",
        15,
        "Pyongyang hosted many guests. Kim also met with Shoigu, a close confidant of Putin, on June 4 and 17, "
        "marking two meetings in two weeks.",
    )
    question = "Did Kim meet Shoigu more than once in June?"
    check = cite.AnswerCheck([met], question, {1: 1})
    shown = check.feed("Yes, Kim met Shoigu twice in two weeks [P1].") + check.finish()
    assert "".join(shown) == (
        "Yes, Kim met Shoigu twice in two weeks [000.txt ¶15]. Kim also met with Shoigu, a close confidant of "
        "Putin, on June 4 and 17, marking two meetings in two weeks [000.txt ¶15]."
    )
    assert [c.text for c in check.kept][1].startswith("Kim also met")
    # an answer that gives its details itself, or a question that is no yes-no one, is left as it is
    check = cite.AnswerCheck([met], question, {1: 1})
    check.feed("Yes, Kim met Shoigu twice [P1]. They met on June 4 and 17 [P1].")
    check.finish()
    assert len(check.kept) == 2
    check = cite.AnswerCheck([met], "How often did Kim meet Shoigu in June?", {1: 1})
    check.feed("Kim met Shoigu twice in two weeks [P1].")
    check.finish()
    assert len(check.kept) == 1


def test_an_outcome_told_of_a_meeting_only_planned_is_not_shown():
    planned = para(
        "003.txt",
        8,
        "Putin is scheduled to meet Trump in Alaska on August 15 to discuss proposals for ending the war.",
    )
    ahead = para("003.txt", 2, "The call was a strategy session ahead of a planned U.S.-Russia summit.")
    sentence = "The summit between Putin and Trump in Alaska resulted in proposals for ending the war."
    assert cite.only_planned(sentence, [planned, ahead])
    held = para("003.txt", 9, "The summit in Alaska resulted in proposals for ending the war.")
    assert not cite.only_planned(sentence, [held])


def test_a_name_stitched_from_a_paragraph_that_says_nothing_of_the_question_is_not_shown():
    notebook = para("001.txt", 9, "A bloodstained notebook of a fallen soldier was shown at the gala in Moscow.")
    concert = para("001.txt", 2, "Kim Ju-ae watched the gala in Moscow with her father.")
    rare = {"notebook": 3.4, "bloodstain": 3.9, "soldier": 2.5, "ju": 3.1, "ae": 3.1, "tuesday": 3.9}
    rarity = lambda term: rare.get(term, 0.5)  # noqa: E731
    question = "What was the name of the soldier whose bloodstained notebook was shown?"
    check = cite.AnswerCheck([notebook, concert], question, {1: 1, 2: 2}, rarity=rarity)
    check.feed("The soldier whose notebook was shown at the gala was Kim Ju-ae [P1] [P2].")
    check.finish()
    assert not check.kept
    said = "The notebook of a fallen soldier was shown in Moscow."  # common names are context
    assert not cite.stitched_names(said, question, [notebook, concert], rarity)
    tuesday = para("001.txt", 3, "The gala, which began on Tuesday, drew a crowd.")  # a date may be lent
    assert not cite.stitched_names("The notebook was shown on Tuesday.", question, [notebook, tuesday], rarity)


def test_a_place_stitched_from_another_paragraph_is_trimmed_when_the_rest_stands():
    farewell = para("002.txt", 14, "As the visit ended, Kim waved from his train as the march Slavianka played.")
    gifts = para("002.txt", 8, "Before departing Vladivostok, Kim received gifts from the governor.")
    rare = {"slavianka": 3.9, "vladivostok": 3.6, "march": 2.8, "train": 2.5}
    rarity = lambda term: rare.get(term, 0.5)  # noqa: E731
    question = "Which march played as Kim's train pulled away?"
    check = cite.AnswerCheck([farewell, gifts], question, {1: 1, 2: 2}, rarity=rarity)
    check.feed("The march Slavianka played as Kim's train pulled away from Vladivostok [P1] [P2].")
    check.finish()
    assert check.text == "The march Slavianka played as Kim's train pulled away [002.txt ¶14]."


def test_a_lead_in_naming_the_article_is_left_to_the_citation():
    assert cite.parse_sentence("The 2023 article suggests that sanctions drew them closer.").text == (
        "Sanctions drew them closer."
    )
    assert cite.parse_sentence("According to the piece, sanctions drew them closer.").text == (
        "Sanctions drew them closer."
    )


def test_a_figure_from_a_sentence_naming_none_of_what_was_asked_counts_something_else():
    troops = para(
        "001.txt",
        5,
        "North Korea has reportedly deployed around 15,000 troops since last autumn. Seoul's officials warned that"
        " additional deployments may occur in July or August.",
    )
    rare = {"seoul": 3.0, "juli": 3.2, "august": 3.0, "mani": 3.9}
    rarity = lambda term: rare.get(term, 0.5)  # noqa: E731
    asked = "How many more troops does Seoul expect the North to send in July or August?"
    assert cite.counted_elsewhere("Seoul expects around 15,000 troops in July or August.", asked, [troops], rarity)
    # a sentence that goes on from the one before it ("These gifts …") is read with that one
    gifts = para(
        "002.txt",
        8,
        "Kim received a set of unusual gifts from the Primorsky governor. These gifts included five explosive drones.",
    )
    rare.update({"primorski": 3.4, "governor": 2.8})
    drones = "How many explosive drones did the Primorsky governor give Kim?"
    assert not cite.counted_elsewhere("The Primorsky governor gave Kim five explosive drones.", drones, [gifts], rarity)
    said = "The Primorsky governor gave Kim 5 explosive drones."
    alone = para("002.txt", 8, "Kim received gifts from the Primorsky governor. Five explosive drones were among them.")
    assert not cite.counted_elsewhere(said, drones, [alone], rarity)  # named in the sentence before only: "Five …"


def test_a_figure_told_without_the_time_the_question_asks_about_counts_another_time():
    troops = para(
        "001.txt",
        5,
        "North Korea has reportedly deployed around 15,000 troops since last autumn. Lawmakers in April estimated"
        " 600 deaths. Officials warned that additional deployments may occur in July or August.",
    )
    rarity = lambda term: 0.5  # noqa: E731 (no rare name: the question's time alone tells the figure apart)
    asked = "How many more troops is the North expected to send in the July or August deployment?"
    said = "The North is expected to send around 15,000 troops in July or August."
    assert cite.counted_elsewhere(said, asked, [troops], rarity)
    assert not cite.counted_elsewhere("600 died.", "How many deaths did lawmakers estimate in April?", [troops], rarity)
    # the time told in the next sentence, which opens on the figure's ("This visit, taking place in …")
    visit = para(
        "002.txt", 2, "Kim made a six-day visit to Russia. This visit, taking place in September 2023, was rare."
    )
    days = "How many days did Kim spend in Russia during his September 2023 visit?"
    assert not cite.counted_elsewhere("Kim spent six days in Russia.", days, [visit], rarity)


def test_a_figure_from_a_paragraph_naming_none_of_what_was_asked_counts_something_else():
    delegation = para(
        "000.txt", 6, "The embassy confirmed a Russian delegation comprising 125 people, including artists."
    )
    theatre = para("000.txt", 7, "Kim attended a concert at the East Pyongyang Grand Theatre with the minister.")
    rare = {"east": 3.1, "grand": 3.4, "theatr": 3.4, "embassi": 2.6, "delegation": 2.4, "mani": 3.9}
    rarity = lambda term: rare.get(term, 0.5)  # noqa: E731
    asked = "About how many people were in the audience at the East Pyongyang Grand Theatre concert?"
    said = "There were 125 people in the audience at the East Pyongyang Grand Theatre concert."
    assert cite.counted_elsewhere(said, asked, [delegation], rarity)
    check = cite.AnswerCheck([delegation, theatre], asked, {1: 1, 2: 2}, rarity=rarity)
    check.feed(said + " [P1]")
    check.finish()
    assert not check.kept
    # the figure stands where its paragraph names what the question names
    named = "How many people were in the Russian delegation the embassy confirmed?"
    assert not cite.counted_elsewhere("The delegation had 125 people.", named, [delegation], rarity)
    # "How Many of …", capitalised by a rewrite, names nothing
    assert not cite.counted_elsewhere(
        "125 of them were artists.", "How Many of them were artists?", [delegation], rarity
    )
    # not a "how many" question, or no figure given: nothing to count
    assert not cite.counted_elsewhere(
        said, "Who was at the East Pyongyang Grand Theatre concert?", [delegation], rarity
    )
    # two paragraphs cited: the one that gives the figure must name what was asked, not only the other
    council = para("004.txt", 1, "A delegation led by the Secretary of the Security Council arrived on September 13.")
    rare.update({"secur": 2.9, "council": 2.9})
    visit = "How many people were in the Security Council delegation that arrived on September 13?"
    joined = "There were 125 people in the Security Council delegation that arrived on September 13."
    assert cite.counted_elsewhere(joined, visit, [council, delegation], rarity)
    # cited alone, the council's paragraph gives no figure: the figure is the quantity check's
    assert not cite.counted_elsewhere(joined, visit, [council], rarity)
    counted = para("004.txt", 2, "The Security Council delegation of 40 people was received by Kim.")
    said_40 = "There were 40 people in the Security Council delegation that arrived on September 13."
    assert not cite.counted_elsewhere(said_40, visit, [council, counted], rarity)
    # two hops: the figure's paragraph names the team that the other cited paragraph joins to the question
    deal = para(
        "earnings.txt", 12, "Talbridge extended its shirt sponsorship of Calderwick Rovers, at £2.5 million a year."
    )
    match = para("match.txt", 3, "Calderwick Rovers climbed to fourth, beating Kingsmere Athletic 3-1.")
    rare.update({"calderwick": 2.5, "kingsmer": 2.3, "athlet": 3.6})
    asked = "How much a year is the sponsorship of the team that beat Kingsmere Athletic worth?"
    worth = "The sponsorship of the team that beat Kingsmere Athletic is worth £2.5 million a year."
    assert not cite.counted_elsewhere(worth, asked, [deal, match], rarity)
    assert cite.counted_elsewhere(worth, asked, [deal], rarity)  # alone, it names nothing asked
    # a name spelt with digits is one name: "HbA1c", not "hba" that no paragraph holds
    trial = para("study.txt", 4, "After 24 weeks, average HbA1c fell by 0.4 percentage points in the walking group.")
    rare.update({"hba1c": 4.7})
    fell = "HbA1c fell by 0.4 percentage points in the walking group."
    assert not cite.counted_elsewhere(fell, "By how much did HbA1c fall in the walking group?", [trial], rarity)


def test_a_sentence_whose_own_words_are_not_in_its_paragraph_is_not_carried_by_its_names_and_date():
    reception = para(
        "000.txt",
        14,
        "The Foreign Ministry co-hosted a reception on June 19, a year after Kim Jong-un and Putin signed a treaty.",
    )
    question = "Putin arrived on June 18. What happened the following day?"
    stitched = "On June 19, Putin met Kim Jong-un, who held the position of supreme leader and chief of state affairs."
    assert cite.words_unfound(stitched, question, [reception], [reception])
    check = cite.AnswerCheck([reception], question, {1: 1})
    check.feed(stitched + " [P1]")
    check.finish()
    assert not check.kept
    # most of its own words found: it stands; and a few words of its own are too few to judge by
    said = "On June 19, the Foreign Ministry co-hosted a reception a year after the treaty was signed."
    assert not cite.words_unfound(said, question, [reception], [reception])
    assert not cite.words_unfound("On June 19, Putin took place.", question, [reception], [reception])
    # words about the source are not claims from it
    told = "The article text states and the passage mentions that the ministry co-hosted a reception."
    assert not cite.words_unfound(told, question, [reception], [reception])


def test_a_sentence_joining_two_paragraphs_cited_to_one_is_cited_to_both():
    strategy = para(
        "004.txt",
        5,
        "The North Korean leadership has highlighted the importance of strengthening bilateral ties with Russia "
        "as part of a broader strategy to diversify international partnerships.",
    )
    talks = para(
        "004.txt",
        3,
        "The conversations covered a wide spectrum of issues of mutual interest that matter to both states "
        "and their regional and global contexts.",
    )
    other = para("004.txt", 1, "A delegation from Russia arrived in Pyongyang on September 13.")
    question = "Why is North Korea's leadership keen to strengthen ties with Russia?"
    joined = (
        "North Korea's leadership is keen to strengthen ties with Russia because it sees Russia as a key partner "
        "in diversifying international partnerships and enhancing cooperation on a wide range of issues that "
        "matter to both states and their regional and global contexts."
    )
    pool = [strategy, other, talks]
    checked = cite.Checked(joined, (strategy,), 0.86, "repaired")
    assert cite.words_unfound(joined, question, [strategy], pool)
    completed = cite.words_completed(checked, question, pool)
    assert completed is not None and completed.cited == (strategy, talks)

    # the embedding vouches for the paraphrase against the strategy paragraph alone, as it did
    # for this answer of the model's; the words of the talks paragraph went uncited
    def similarity(sentence: str, p: Paragraph) -> float:
        return 0.86 if p is strategy else 0.2

    check = cite.AnswerCheck(pool, question, {1: 1, 2: 2, 3: 3}, similarity=similarity)
    check.feed(joined + " [P1]")
    check.finish()
    assert [c.cited for c in check.kept] == [(strategy, talks)]
    # no paragraph of the pool holds the words the citation lacks: nothing to cite it to
    assert cite.words_completed(checked, question, [strategy, other]) is None


def test_a_thing_the_question_names_otherwise_than_the_folder_is_corrected_by_the_paragraph():
    embassy = para(
        "000.txt",
        12,
        "The ministry assessed that this marks Ju-ae's second official diplomatic activity, following the "
        "first in her visit to the Russian Embassy in North Korea with her father on May 8 for Victory Day.",
    )
    troops = para("001.txt", 5, "Lawmakers estimated about 4,700 casualties among North Korean forces.")
    folder = [embassy, troops]
    question = "Ju-ae's first diplomatic outing was at the Chinese embassy in May. What was the occasion?"
    corrected = cite.modifier_denied(question, folder)
    assert corrected is not None and corrected.cited == (embassy,) and "Russian Embassy" in corrected.text
    check = cite.AnswerCheck(folder, question, {1: 1, 2: 2})
    assert check.false_premise
    # a word the folder writes, or one of its forms ("Ukrainian" for "Ukraine"), may be what was meant
    ukraine = para("001.txt", 1, "Kim paid tribute to soldiers killed in Russia's war against Ukraine.")
    asked = "How many North Korean forces were taken prisoner by Ukrainian forces?"
    assert cite.modifier_denied(asked, [*folder, ukraine]) is None
    assert (
        cite.modifier_denied("Her first outing was at the Russian embassy in May. What was the occasion?", folder)
        is None
    )
    # offered, not claimed; and the correction must tell the question's event
    assert cite.modifier_denied("Was her first outing at the Chinese or the Russian embassy?", folder) is None
    assert cite.modifier_denied("Who guards the Chinese embassy?", folder) is None


def test_a_habit_the_question_assumes_is_corrected_by_the_paragraph_that_tells_a_first():
    call = para(
        "003.txt",
        4,
        "It is the first time North Korean media has publicly disclosed a conversation between its top leader "
        "and the leader of another country, apparently to highlight a hotline.",
    )
    footage = para("001.txt", 4, "It was the first time state media showed footage of soldiers deployed to Russia.")
    question = "So North Korean media publishes Kim's talks with foreign leaders all the time - what was new this time?"
    corrected = cite.habit_corrected(question, [call, footage])
    assert corrected is not None and corrected.cited == (call,)
    assert cite.AnswerCheck([call, footage], question, {1: 1, 2: 2}).false_premise
    # a first that shares too little of the question's event corrects nothing
    assert cite.habit_corrected(question, [footage]) is None
    # no habit assumed, both offered, or a paragraph that tells a habit of its own: left alone
    assert cite.habit_corrected("Does North Korean media publish Kim's talks with foreign leaders?", [call]) is None
    offered = "Is it the first time, or does North Korean media often publish talks with leaders?"
    assert cite.habit_corrected(offered, [call]) is None
    habit = para(
        "003.txt", 5, "North Korean media often reports talks with foreign leaders; for the first time, it named one."
    )
    assert cite.habit_corrected(question, [habit]) is None


def test_a_bracketed_label_alone_is_no_claim():
    """Small models sometimes close an answer with a source label ("[KCNA]") instead of a tag;
    a paragraph naming KCNA must not turn that label into a cited sentence."""
    kcna = para("003.txt", 1, "Kim spoke with Putin by phone, the Korean Central News Agency (KCNA) said.")
    for text in ("[KCNA]", "[KCNA].", "[Source: KCNA] [Reuters]"):
        checked = check_sentence(Sentence(text, (1,)), [kcna], "Who called whom?")
        assert checked.status == "meta" and not checked.cited
    check = cite.AnswerCheck([kcna], "Who spoke with Putin?", {1: 1})
    check.feed("Kim spoke with Putin by phone [P1]. [KCNA]")
    check.finish()
    assert check.text.endswith("[003.txt ¶1].") and "KCNA]" not in check.text


def test_similarity_can_vouch_for_a_paraphrase():
    s = Sentence("The girl joined her dad at the show.", (1,))
    assert not check_sentence(s, PASSAGES, "Who came?").kept
    assert check_sentence(s, PASSAGES, "Who came?", similarity=lambda text, p: 0.9 if p is CONCERT else 0.0).kept


names = st.from_regex(r"[A-Za-z0-9_\-]{1,20}\.(txt|md)", fullmatch=True)


@given(names, st.integers(min_value=1, max_value=10_000))
def test_render_parse_round_trip(file: str, number: int):
    assert parse_rendered(f"Some claim {render_citation(file, number)}.") == [(file, number)]


@given(st.text(max_size=300), st.lists(st.integers(min_value=-3, max_value=8), max_size=4))
def test_arbitrary_text_never_crashes(text: str, tags: list[int]):
    sentences, tail = split_sentences(text)
    assert tail == ""
    for s in sentences:
        clean, _ = parse_tags(s)
        checked = check_sentence(Sentence(clean, tuple(tags)), PASSAGES, Q)
        assert checked.status in {"ok", "repaired", "unsupported", "meta"}
        assert set(checked.cited) <= set(PASSAGES)


@pytest.mark.parametrize("text", ["", "   ", "[P1]", "..."])
def test_degenerate_sentences(text: str):
    clean, _ = parse_tags(text)
    assert check_sentence(Sentence(clean, (1,)), PASSAGES, Q).status in {"meta", "unsupported"}


def test_restating_the_question_is_not_an_answer():
    q = "What is the name of the governor who gave Kim the drones?"
    checked = check_sentence(Sentence("The governor who gave Kim the drones is the governor.", (3,)), PASSAGES, q)
    assert checked.status == "meta"


def test_invented_name_is_unsupported_even_among_true_words():
    q = "Which cities would the flights connect?"
    s = Sentence("The flights would connect Moscow with the reconnaissance drone base in Vladivostok.", (3,))
    assert check_sentence(s, PASSAGES, q).status == "unsupported"


def test_numbers_from_a_false_premise_must_be_in_the_paragraph():
    q = "Why did Kim receive 40 explosive drones?"
    s = Sentence("Kim received 40 explosive drones as gifts.", (3,))
    assert check_sentence(s, PASSAGES, q).status == "unsupported"
    assert check_sentence(Sentence("Kim received five explosive drones as gifts.", (3,)), PASSAGES, q).kept


def test_names_found_in_paragraph_pass():
    q = "When did Ju-ae make her first diplomatic outing?"
    s = Sentence("She visited the Russian Embassy in North Korea on May 8 for Victory Day.", (2,))
    checked = check_sentence(s, PASSAGES, q)
    assert checked.status == "ok" and checked.support == 1.0


def test_guessed_year_is_trimmed_not_fatal():
    q = "What did the governor give Kim?"
    s = Sentence("The gifts included five explosive drones and a bulletproof vest, in 2021.", (3,))
    checked = check_sentence(s, PASSAGES, q)
    assert checked.kept and checked.text == "The gifts included five explosive drones and a bulletproof vest."
    wrong_day = Sentence("The gifts included six explosive drones on May 9, 2021.", (3,))
    assert not check_sentence(wrong_day, PASSAGES, q).kept


MARCH = para(
    "002.txt",
    14,
    "As the visit ended, Kim waved goodbye from his train to the march \u201cFarewell of Slavianka.\u201d",
)


def test_a_guessed_place_is_trimmed_when_it_is_all_the_sentence_lacks():
    q = "Which march was played as Kim left?"
    s = Sentence("The march Farewell of Slavianka was played as Kim left Vladivostok, Russia, at the end.", (1,))
    checked = check_sentence(s, [MARCH], q)
    assert checked.kept and checked.text == "The march Farewell of Slavianka was played as Kim left at the end."
    # the place is the claim ("born in …"), or the answer ("Where …?"): nothing is left to stand
    born = Sentence("Kim, who waved from his train, was born in Vladivostok.", (1,))
    assert not check_sentence(born, [MARCH], "Where was Kim born?").kept
    went = Sentence("Kim waved goodbye from his train in Vladivostok.", (1,))
    assert not check_sentence(went, [MARCH], "Where did Kim wave goodbye from his train?").kept
    # a second unfound name stays: no repair
    both = Sentence("The march Farewell of Slavianka was played by Gergiev as Kim left Vladivostok.", (1,))
    assert not check_sentence(both, [MARCH], q).kept


def test_year_from_the_question_is_not_trimmed_away():
    q = "Who won the football World Cup in 2022?"
    s = Sentence("Kim Jong-un's daughter Ju-ae won the football World Cup in 2022.", (1,))
    assert check_sentence(s, PASSAGES, q).status == "unsupported"


def test_new_words_alone_do_not_ground_a_sentence():
    q = "Who won the football World Cup?"
    s = Sentence("Ju-ae won the football World Cup trophy tournament final.", (1,))
    assert check_sentence(s, PASSAGES, q).status == "unsupported"


def test_rendering_puts_citations_before_the_full_stop():
    from qa.cite import Checked, render_sentence

    assert render_sentence(Checked("It was May 8.", (JUAE,), 1.0, "ok")) == "It was May 8 [000.txt ¶12]."
    assert render_sentence(Checked('He said "go."', (JUAE,), 1.0, "ok")) == 'He said "go." [000.txt ¶12]'
    assert render_sentence(Checked("No stop", (JUAE, CONCERT), 1.0, "ok")) == "No stop [000.txt ¶12] [000.txt ¶11]."


# ---- dates and numbers ---------------------------------------------------------------------
def _para(text: str, date: str = "2025-06-30", number: int = 1) -> Paragraph:
    return Paragraph(file="a.txt", number=number, text=text, hash="h", title="t", date=date)


def test_bare_month_day_gets_the_year_of_its_article():
    p = _para("She visited the embassy on May 8 for Victory Day.")
    assert cite.add_years("Her first outing was on May 8 for Victory Day.", [p]) == (
        "Her first outing was on May 8, 2025 for Victory Day."
    )


def test_year_is_the_one_nearest_the_article_date():
    p = _para("The talks are set for January 3.", date="2025-12-20")
    assert cite.add_years("The talks are on January 3.", [p]).endswith("January 3, 2026.")


def test_no_year_added_when_sentence_or_paragraph_names_one():
    p = _para("She visited the embassy on May 8 for Victory Day.")
    assert cite.add_years("On May 8, 2024 she went.", [p]) == "On May 8, 2024 she went."
    q = _para("In 2023 Kim went to Russia on September 13.")
    assert cite.add_years("Kim went on September 13.", [q]) == "Kim went on September 13."


def test_no_year_added_where_the_paragraph_tells_of_a_year_between_dates():
    # the reception was on June 19, 2025, the treaty it marked signed on June 19, 2024
    p = _para("A reception was held on June 19, a year to the day that Kim and Putin signed the treaty.")
    assert cite.add_years("The treaty was signed on June 19.", [p]) == "The treaty was signed on June 19."
    q = _para("The gala on June 29 marked the first anniversary of the treaty.")
    assert cite.add_years("The treaty was signed on June 19.", [q]) == "The treaty was signed on June 19."


def test_no_year_added_without_an_article_date_or_with_two():
    assert cite.add_years("On May 8 she went.", [_para("May 8.", date="")]) == "On May 8 she went."
    two = [_para("May 8.", date="2025-06-30"), _para("May 8.", date="2024-01-01", number=2)]
    assert cite.add_years("On May 8 she went.", two) == "On May 8 she went."


def test_weekday_gets_its_date_from_the_article():
    p = _para("Kim met the minister on Sunday, in a treaty signed on June 19, 2024, media reported Monday.")
    complete = cite.complete_dates
    assert complete("Kim met the minister on Sunday.", [p]) == "Kim met the minister on Sunday, June 29, 2025."
    assert complete("Media reported it Monday.", [p]) == "Media reported it Monday, June 30, 2025."  # the day itself
    assert complete("They will meet again on Sunday.", [p]) == "They will meet again on Sunday, July 6, 2025."
    night = "They met on Sunday night, June 29, 2025 at the theatre."
    assert complete("They met on Sunday night at the theatre.", [p]) == night  # the date after "Sunday night"


def test_weekday_left_alone_when_unsure():
    p = _para("Kim met the minister on Sunday.")
    complete = cite.complete_dates
    assert complete("They met on Sunday, June 29.", [p]) == "They met on Sunday, June 29, 2025."  # already dated
    assert complete("They met on Sunday night, June 29.", [p]) == "They met on Sunday night, June 29, 2025."
    assert complete("Sunday's concert was long.", [p]) == "Sunday's concert was long."
    assert complete("They met on Friday.", [p]) == "They met on Friday."  # not the paragraph's weekday
    assert complete("They met on Sunday.", [_para("On Sunday.", date="")]) == "They met on Sunday."
    two = [p, _para("On Sunday.", date="2024-01-01", number=2)]
    assert complete("They met on Sunday.", two) == "They met on Sunday."


def test_a_date_the_calendar_denies_its_weekday_is_dropped_for_the_articles_own():
    p = _para("Lyubimova's five-day visit to Pyongyang began on Saturday.")
    fix = cite.without_miscounted_weekdays
    assert fix("Her visit began on Saturday, June 19, 2025.", [p]) == "Her visit began on Saturday."  # a Thursday
    assert fix("Her visit began on Saturday, June 19.", [p]) == "Her visit began on Saturday."  # in 2025
    assert fix("Her visit began on Saturday, June 28, 2025.", [p]) == "Her visit began on Saturday, June 28, 2025."
    # articles of several years: the date stands if it is that weekday in the year any of them implies
    assert fix("It began on Saturday, June 19.", [p, _para("x", date="2021-06-25")]) == "It began on Saturday, June 19."
    assert fix("It began on Saturday, June 19.", [p, _para("x", date="2023-09-18")]) == "It began on Saturday."
    # the date line's own form: 2026-09-22 was a Tuesday
    assert fix("It announced the deal on Monday, 2026-09-22.", [p]) == "It announced the deal on Monday."
    assert fix("It announced the deal on Tuesday, 2026-09-22.", [p]) == "It announced the deal on Tuesday, 2026-09-22."
    assert fix("It began on Saturday, February 30, 2025.", [p]) == "It began on Saturday."  # no such day
    check = cite.AnswerCheck([p], "When did Lyubimova's visit begin?", {1: 1})
    check.feed("Lyubimova's visit began on Saturday, June 19, 2025 [P1].")
    check.finish()
    assert check.text == "Lyubimova's visit began on Saturday, June 28, 2025 [a.txt ¶1]."


def test_a_date_no_passage_gives_beside_a_weekday_is_trimmed_to_the_weekday():
    p = _para("The gala was held at the theatre on Sunday to mark the anniversary.")
    q = "When was the gala at the theatre?"
    checked = cite.check_sentence(cite.Sentence("The gala was held on Sunday, January 1, 2023.", (1,)), [p], q)
    assert checked.kept and checked.text == "The gala was held on Sunday."
    asked = "Was the gala at the theatre on Sunday, January 1?"  # the question's own date is its premise
    checked = cite.check_sentence(cite.Sentence("The gala was held on Sunday, January 1.", (1,)), [p], asked)
    assert not checked.kept


def test_a_year_from_another_article_is_not_given_to_a_date():
    visit = para("004.txt", 4, "The exchanges began with Putin's official visit to North Korea on June 18.")
    other = para("002.txt", 2, "This visit, taking place in September 2023, solidified the ties.")
    treaty = para("000.txt", 3, "Kim marked the signing of the treaty on June 19, 2024.", date="2025-06-30")
    fix = cite.without_borrowed_years
    assert fix("Putin's visit began on June 18, 2023.", [visit, other]) == "Putin's visit began on June 18."
    assert fix("It was signed on June 19, 2024.", [treaty, other]) == "It was signed on June 19, 2024."
    embassy = para("000.txt", 12, "Her first visit was to the embassy on May 8.", date="2025-06-30")
    assert fix("She went on May 8, 2025, with him.", [embassy]) == "She went on May 8, 2025, with him."  # its date line
    assert fix("It began on March 3, 2021.", [visit]) == "It began on March 3, 2021."  # no passage: the check decides
    # the year no longer needs another article's paragraph to stand
    check = cite.AnswerCheck([visit, other], "When did Putin's official visit to North Korea begin?", {1: 1, 2: 2})
    check.feed("Putin's official visit to North Korea began on June 18, 2023.")
    check.finish()
    assert check.text == "Putin's official visit to North Korea began on June 18 [004.txt ¶4]."


def test_a_name_the_next_paragraph_gives_completes_a_sentence():
    named = para("000.txt", 21, '"Party has never lowered the banner of self-reliance," a Rodong Simun article read.')
    content = para(
        "000.txt",
        22,
        "The article underscored that the banner of self-reliance is by no means a temporary solution to "
        'overcome immediate difficulties, but something that "must always be firmly held as a strategic weapon."',
    )
    q = "What did the Rodong Sinmun article say about self-reliance?"
    sentence = cite.Sentence(
        "Rodong Simun article emphasized that the banner of self-reliance is by no means a temporary solution "
        'to overcome immediate difficulties, but something that "must always be firmly held as a strategic weapon."',
        (),
    )
    checked = cite.check_sentence(sentence, [content, named], q)
    assert checked.kept and {p.number for p in checked.cited} == {21, 22}
    # the same name four paragraphs away is another article's or another event's: no completion
    far = replace(named, number=26)
    assert not cite.check_sentence(sentence, [content, far], q).kept


def test_a_yes_is_not_supported_by_a_paragraph_that_denies_it():
    denies = para(
        "003.txt",
        12,
        "The Kremlin said Putin shared information about the U.S.-Russia summit, but Pyongyang made no mention of it.",
    )
    says = para("003.txt", 3, "Pyongyang mentioned the U.S.-Russia summit in its report.")
    q = "Did Pyongyang mention the U.S.-Russia summit?"
    yes = cite.Sentence("Yes, Pyongyang mentioned the U.S.-Russia summit.", (1,))
    assert not cite.check_sentence(yes, [denies], q).kept
    assert cite.check_sentence(yes, [says], q).kept
    # "not only … but also" denies nothing
    both = para("002.txt", 2, "The visit has not only solidified the ties with Russia but also ignited concerns.")
    q = "Did the visit solidify the ties with Russia?"
    assert cite.check_sentence(cite.Sentence("Yes, the visit solidified the ties with Russia.", (1,)), [both], q).kept


def test_split_number_or_initials_joined_only_when_passages_spell_them_joined():
    p = _para("about 15,000 troops before U.S. President Donald Trump and the M.E. Pyatnitsky choir")
    assert cite.join_split_tokens("around 15, 000 troops", [p]) == "around 15,000 troops"
    assert cite.join_split_tokens("on May 8, 100 people came", [p]) == "on May 8, 100 people came"
    assert cite.join_split_tokens("meet U. S. President Trump", [p]) == "meet U.S. President Trump"
    assert cite.join_split_tokens("the M. E. Pyatnitsky choir", [p]) == "the M.E. Pyatnitsky choir"
    assert cite.join_split_tokens("J. R. R. Tolkien wrote", [p]) == "J. R. R. Tolkien wrote"  # not so spelt
    evening = _para("The fireworks start at 9 p.m. over the harbor.")
    assert cite.join_split_tokens("at 9 p. m. over the harbor", [evening]) == "at 9 p.m. over the harbor"


def test_leading_passage_label_is_a_tag():
    assert cite.parse_tags("P58: Putin will meet Trump on August 15.") == ("Putin will meet Trump on August 15.", (58,))
    assert cite.parse_tags("[P3]: The ministry said so [P4].") == ("The ministry said so.", (3, 4))
    assert cite.parse_tags("The P5 group met.") == ("The P5 group met.", ())
    # a tag put first without a colon: left in, "p64" was a claim no paragraph supports
    assert cite.parse_tags("P64 [P64] On August 15, Putin meets Trump.") == ("On August 15, Putin meets Trump.", (64,))
    assert cite.parse_tags("P5 nations met [P3].") == ("P5 nations met.", (3,))


def test_year_follows_a_day_range():
    p = _para("Kim met Shoigu on June 4 and 17.")
    assert (
        cite.add_years("They met on June 4 and 17 in Pyongyang.", [p])
        == "They met on June 4 and 17, 2025 in Pyongyang."
    )


# ---- quantities ---------------------------------------------------------------------------------
CALL = para("003.txt", 8, "Putin is scheduled to meet Trump in Alaska on August 15 to discuss ending the war.")
TROOPS = para("001.txt", 5, "North Korea has deployed around 15,000 North Korean troops since last autumn.")


def test_a_number_needs_the_unit_its_paragraph_gives_it():
    # "15" is in the paragraph, but as a date: it does not vouch for "15 minutes"
    invented = check_sentence(Sentence("The call lasted about 15 minutes.", (1,)), [CALL], "How long was the call?")
    assert not invented.kept
    dated = check_sentence(Sentence("They meet on August 15 in Alaska.", (1,)), [CALL], "When do they meet?")
    assert dated.kept
    # "people" counts whoever the paragraph counts: "1,284 people" on "1,284 adults"
    trial = para("study.txt", 3, "The trial enrolled 1,284 adults aged 60 to 79.")
    assert check_sentence(Sentence("1,284 people were in the trial.", (1,)), [trial], "How many people?").kept
    assert not check_sentence(Sentence("1,284 dogs were in the trial.", (1,)), [trial], "How many dogs?").kept
    # so do a group's members: "the 125-member delegation" on "a delegation comprising 125 people"
    group = para("000.txt", 6, "A delegation comprising 125 people, including the Gzhel dance theatre, came.")
    joined = Sentence("The 125-member delegation included the Gzhel dance theatre.", (1,))
    assert check_sentence(joined, [group], "Which groups were part of the 125-member delegation?").kept
    for counted in ("125-person", "125-strong"):  # a head count in other words
        joined = Sentence(f"The {counted} delegation included the Gzhel dance theatre.", (1,))
        assert check_sentence(joined, [group], f"Which groups came with the {counted} delegation?").kept
    assert not check_sentence(Sentence("The 125-dancer troupe came.", (1,)), [group], "Who came?").kept


def test_a_unit_may_follow_its_number_at_a_short_distance_in_the_paragraph():
    s = Sentence("North Korea has sent about 15,000 troops.", (1,))
    assert check_sentence(s, [TROOPS], "How many soldiers has North Korea sent?").kept
    assert cite.quantities("about 15,000 troops and 600 deaths on May 8 in 2025") == {"15000|troop", "600|death"}


def test_a_figure_is_the_same_in_words_or_digits():
    visit = para("002.txt", 2, "In a rare six-day visit to Russia, Kim left a lasting mark.")
    assert check_sentence(Sentence("Kim spent 6 days in Russia.", (1,)), [visit], "How long was the visit?").kept
    assert not check_sentence(Sentence("Kim spent 7 days in Russia.", (1,)), [visit], "How long was it?").kept
    assert cite.with_numerals("Six days, twenty troops, someone") == "6 days, 20 troops, someone"


def test_a_date_is_one_fact_not_a_month_and_a_number():
    arrival = para("004.txt", 4, "Putin arrived for an official visit on June 18.")
    call = para("003.txt", 2, "North Korea on August 13 released details of a phone call.")
    wrong = Sentence("Putin arrived on August 18.", ())
    assert not check_sentence(wrong, [arrival, call], "When did Putin arrive?").kept  # "18" + "August" elsewhere
    assert check_sentence(Sentence("Putin arrived on June 18.", ()), [arrival, call], "When did he arrive?").kept
    assert cite.date_terms("on June 4 and 17, 13 September, Aug. 12, date 2025-06-30, in May 2025") == {
        "@6-4",
        "@6-17",
        "@9-13",
        "@8-12",
        "@6-30",
    }


def test_how_many_is_answered_only_by_a_figure():
    q = "How many people were in the delegation that arrived on September 13?"
    assert cite.asks_for_quantity(q) and not cite.asks_for_quantity("When did they arrive?")
    assert not cite.gives_quantity("The delegation arrived on September 13 and was led by Shoigu.", q)
    assert cite.gives_quantity("The delegation had 125 people.", q)
    assert cite.gives_quantity("Dozens of officials came.", q)


def test_answer_check_holds_supported_sentences_until_a_figure_answers_how_many():
    delegation = para("004.txt", 1, "A delegation led by Sergei Shoigu arrived in Pyongyang on September 13.")
    size = para("004.txt", 2, "The delegation comprised 125 people, including artists.")
    q = "How many people were in the delegation that arrived on September 13?"

    no_figure = cite.AnswerCheck([delegation, size], q, {1: 1, 2: 2})
    shown = no_figure.feed("The delegation arrived on September 13, led by Sergei Shoigu [P1]. ")
    assert shown == [] and no_figure.finish() == []
    assert not no_figure.kept and no_figure.dropped  # nothing answered "how many": the caller abstains

    figure = cite.AnswerCheck([delegation, size], q, {1: 1, 2: 2})
    shown = figure.feed("A delegation led by Sergei Shoigu arrived [P1]. It comprised 125 people [P2]. ")
    shown += figure.finish()
    assert len(figure.kept) == 2 and "125 people" in figure.text and "Shoigu" in shown[0]


def test_answer_check_replays_a_saved_answer_like_the_stream():
    raw = "Ju-ae's first diplomatic outing was on May 8 for Russia's Victory Day [P2]."
    streamed = cite.AnswerCheck(PASSAGES, Q, {1: 1, 2: 2, 3: 3})
    for token in raw.split(" "):
        streamed.feed(token + " ")
    streamed.finish()
    replayed = cite.AnswerCheck(PASSAGES, Q, {1: 1, 2: 2, 3: 3})
    replayed.feed(raw)
    replayed.finish()
    assert streamed.text == replayed.text and "[000.txt ¶12]" in replayed.text and "2025" in replayed.text


def shown(passages: list[Paragraph], question: str, raw: str) -> str:
    """What the check shows of a whole raw answer over ``passages`` (tagged [P1]…)."""
    check = cite.AnswerCheck(passages, question, {i: i for i in range(1, len(passages) + 1)})
    check.feed(raw)
    check.finish()
    return check.text


def test_a_pronoun_sentence_falls_with_the_sentence_it_leans_on():
    shoigu = para("000.txt", 15, "Kim met Sergei Shoigu, Russia's top security official, in Pyongyang in June.")
    q = "Which Russian official did Kim meet, and what post did he hold?"
    follow = "In June, he was Russia's top security official in Pyongyang."
    # it leans on a kept sentence
    assert "top security official" in shown([shoigu], q, f"Kim met Sergei Shoigu in Pyongyang. {follow}")
    # the first sentence is unsupported (no such minister), so "he" would name nobody
    assert shown([shoigu], q, f"Kim met Sergei Lavrov, the foreign minister of Belarus, in Minsk. {follow}") == ""
    assert cite.leans_back("He left.") and cite.leans_back("In June 2025, she was minister.")
    assert not cite.leans_back("Kim met Putin, and he left.") and not cite.leans_back("Heading home, Kim left.")


def test_a_planned_meeting_does_not_support_what_came_of_it():
    alaska = para(
        "003.txt",
        8,
        "Putin is scheduled to meet U.S. President Donald Trump in Alaska on August 15 to discuss proposals for "
        "ending the war in Ukraine. The call also came the same day the summit was announced.",
    )
    q = "What did Putin and Trump agree on in Alaska?"
    assert shown([alaska], q, "Putin and Trump agreed on proposals for ending the war in Ukraine.") == ""
    planned = "Putin is scheduled to meet Trump on August 15 to discuss ending the war in Ukraine."
    assert shown([alaska], q, planned) == ""  # true, but no answer to what came of it (plan_not_outcome)
    plans = "What are Putin and Trump to talk about in Alaska?"
    assert "scheduled" in shown([alaska], plans, planned)
    assert "will discuss" in shown(
        [alaska], plans, "Putin and Trump will discuss proposals for ending the war in Ukraine."
    )
    held = para("003.txt", 9, "Putin and Trump discussed proposals for ending the war in Ukraine in Alaska.")
    assert not cite.only_planned("Putin and Trump discussed proposals for ending the war in Ukraine.", [held])


def test_a_name_given_in_full_elsewhere_and_by_honorific_here_is_not_stitched():
    lead = para("obit.txt", 3, "Eleanor Mae Whitcombe, who ran the transit authority, died on Saturday.")
    born = para("obit.txt", 4, "Ms. Whitcombe was born on March 14, 1941, in Ashby Falls.")
    rarity = lambda term: {"born": 3.0, "eleanor": 1.5, "whitcomb": 1.5, "mae": 3.0}.get(term, 0.5)  # noqa: E731
    said = "Eleanor Mae Whitcombe was born on March 14, 1941, in Ashby Falls."
    assert not cite.stitched_names(said, "When was Eleanor Whitcombe born?", [born, lead], rarity)
    bare = para("obit.txt", 4, "Whitcombe was born on March 14, 1941, in Ashby Falls.")  # no "Ms.": could be anyone
    assert cite.stitched_names(said, "When was Eleanor Whitcombe born?", [bare, lead], rarity)


def test_a_date_after_the_articles_own_is_still_to_come():
    assert cite.dated_ahead("Rovers host Dunmore City on Saturday, November 22.", "2025-11-09")
    assert not cite.dated_ahead("Rovers beat Kingsmere on November 8.", "2025-11-09")
    assert not cite.dated_ahead("It was dismissed on September 12, 2024.", "2026-02-11")  # an earlier year
    assert not cite.dated_ahead("Rovers host Dunmore City on November 22.", "")  # no article date
    assert not cite.dated_ahead("The contract expired on Dec. 31.", "2026-01-20")  # the nearest Dec. 31 is past
    fixture = para("match.txt", 13, "Rovers host Dunmore City on Saturday, November 22.", date="2025-11-09")
    q = "Who did Rovers play the week before?"
    assert shown([fixture], q, "Rovers played Dunmore City on Saturday, November 22.") == ""  # told as done
    assert "will host" in shown([fixture], "Who do Rovers play next?", "Rovers will host Dunmore City on November 22.")
    dividend = para(
        "earnings.txt", 9, "He said the board had recommended a final dividend, payable on April 17.", date="2026-02-11"
    )
    assert "will pay" in shown(
        [dividend], "When is the dividend paid?", "Talbridge will pay its final dividend on April 17."
    )


def test_something_done_about_a_day_to_come_is_no_plan_told_as_done():
    """ "have been rescheduled for Sept. 1" is done, though Sept. 1 is after the article's date."""
    moved = para(
        "festival.txt", 9, "The fireworks have been rescheduled for Labor Day, Sept. 1, at 9 p.m.", date="2025-08-11"
    )
    said = "The fireworks were moved to Labor Day, Sept. 1, at 9 p.m."
    assert "moved" in shown([moved], "What date were the fireworks moved to?", said)
    # the show itself, told as done on a day still to come, is not
    assert cite.only_planned("The fireworks started at 9 p.m. on Sept. 1.", [moved])
    host = para("match.txt", 13, "Rovers host Dunmore City on Saturday, November 22.", date="2025-11-09")
    assert cite.only_planned("Rovers played Dunmore City on November 22.", [host])


def test_a_verb_the_paragraph_has_only_to_come_is_not_told_as_done():
    plant = para(
        "release.txt", 5, "At full capacity, the plant will produce up to 1,200 buses a year.", date="2026-05-05"
    )
    q = "How many buses did the plant produce in its first year?"
    assert shown([plant], q, "The plant produced up to 1,200 buses a year.") == ""
    assert "will produce" in shown(
        [plant], "How many buses will the plant make?", "The plant will produce 1,200 buses."
    )
    voted = para("rates.txt", 3, "The council voted to raise rates, which will take effect in May.")
    assert not cite.only_planned("The council voted to raise rates.", [voted])


def test_a_time_of_day_is_no_count():
    q = "How many people watched the fireworks?"
    assert not cite.gives_quantity("The fireworks are at 9 p.m. on Sept. 1, with a hearing at 6:30 pm.", q)
    assert cite.gives_quantity("About 300 people watched at 9 p.m.", q)


def test_what_has_happened_does_not_support_an_expectation_of_more():
    troops = para(
        "001.txt",
        5,
        "North Korea has reportedly deployed around 15,000 troops to fight alongside Russian forces since last "
        "autumn. South Korean lawmakers estimated about 4,700 casualties.",
    )
    q = "How many more troops is North Korea expected to send to Russia in July or August?"
    expected = "North Korea is expected to deploy around 15,000 troops to fight alongside Russian forces."
    assert shown([troops], q, expected) == ""
    assert "has reportedly deployed" in shown([troops], q, "North Korea has reportedly deployed around 15,000 troops.")
    plan = para("001.txt", 6, "Seoul's spy agency said North Korea plans to send about 6,000 more troops.")
    assert "expected to" in shown([plan], q, "North Korea is expected to send about 6,000 more troops.")
    agreed = para("002.txt", 12, "Officials from Russia and North Korea have agreed to meet in Pyongyang in November.")
    q = "When and where will Russian and North Korean officials meet next?"
    assert "will meet" in shown([agreed], q, "Russian and North Korean officials will meet in Pyongyang in November.")
    summit = para("003.txt", 8, "Lee Jae Myung is set to hold his first summit with Trump on August 25.")
    assert "will hold" in shown([summit], "When will Lee meet Trump?", "Lee will hold his first summit on August 25.")
    # a paragraph in the present tense tells no past: the question's "will" is no expectation of the model's own
    library = para("council.txt", 2, "Construction starts in March 2027 and costs 4.2 million dollars.")
    q = "How much will the library cost?"
    assert "4.2 million" in shown([library], q, "The library will cost 4.2 million dollars.")
    built = para("council.txt", 3, "The library was built in 2020 and cost 4.2 million dollars.")
    assert shown([built], q, "The library will cost 4.2 million dollars.") == ""
    # a future in reported speech is what someone said; a rescheduled event is still to come
    priced = para("bridge.txt", 8, "Both favored a rehabilitation, which an outside consultant priced at $9.6 million.")
    q = "How much did the consultant say fixing up the old bridge would cost?"
    assert "9.6 million" in shown([priced], q, "The consultant said fixing the old bridge would cost $9.6 million.")
    moved = para("festival.txt", 9, "The fireworks have been rescheduled for Labor Day, Sept. 1, at 9 p.m.")
    assert "Labor Day" in shown(
        [moved], "When are the fireworks now?", "The fireworks will be held on Labor Day, Sept. 1."
    )


def test_an_abbreviation_of_the_name_before_it_is_no_new_claim():
    treaty = para(
        "003.txt",
        11,
        "North Korea and Russia are seeking to justify the North's troop deployment to Russia by citing the "
        "“Treaty on Comprehensive Strategic Partnership” signed in June last year.",
    )
    q = "What treaty do Pyongyang and Moscow cite to justify the troop deployment?"
    raw = "The Comprehensive Strategic Partnership Treaty (CSPT) signed in June last year is cited [P1]."
    assert "(CSPT)" in shown([treaty], q, raw)
    # letters that are not the initials of the words before them are a name to be found
    assert shown([treaty], q, raw.replace("CSPT", "KCNA")) == ""
    assert cite.without_own_acronyms("the Korean Central News Agency (KCNA) said") == (
        "the Korean Central News Agency said"
    )


@pytest.mark.parametrize(
    ("raw", "nothing"),
    [
        ("P64 [P64]", True),
        ("", True),
        ("[P1, P2].", True),
        ("Passage 4", True),
        ("15,000 [P5].", False),  # a bare figure is an answer
        ("May 8 [P12]", False),
        ("I don't know — the articles don't say.", False),  # declining is not failing
    ],
)
def test_an_answer_of_tags_alone_says_nothing(raw: str, nothing: bool):
    assert cite.says_nothing(raw) is nothing


def test_repair_finds_the_paragraphs_that_cover_a_sentence_together_behind_near_duplicates():
    # Seven paragraphs name the mayor and outrank the one naming the engineer: a repair that
    # only grew its choice from the best-scoring paragraphs down never reached her.
    question = "Who opened the bridge?"
    sentence = "Mayor Ivan Petrov opened the bridge with engineer Olga Smirnova."
    paragraphs = [
        para("a.txt", n, f"Mayor Ivan Petrov spoke at meeting number {n} about the bridge budget.") for n in range(1, 8)
    ]
    paragraphs.append(para("a.txt", 8, "Engineer Olga Smirnova designed it."))
    checked = cite.check_sentence(cite.Sentence(sentence, ()), paragraphs, question)
    assert checked.status == "repaired" and [p.number for p in checked.cited] == [1, 8]


def test_repair_cites_no_more_paragraphs_than_the_sentence_needs():
    question = "Who opened the bridge?"
    sentence = "Mayor Ivan Petrov opened the bridge with engineer Olga Smirnova."
    paragraphs = [
        para("a.txt", 1, "Mayor Ivan Petrov spoke about the bridge budget."),
        para("a.txt", 2, "Engineer Olga Smirnova designed it."),
        para("a.txt", 3, "Mayor Ivan Petrov opened the bridge with engineer Olga Smirnova on Monday."),
    ]
    checked = cite.check_sentence(cite.Sentence(sentence, ()), paragraphs, question)
    assert [p.number for p in checked.cited] == [3]


# ---- either-or and yes-no questions ----------------------------------------------------------
def test_the_options_of_an_either_or_question_are_the_terms_that_tell_them_apart():
    assert cite.options("Did they talk by phone or in person?") == ({"phone"}, {"person"})
    assert cite.options("Was it released on August 13 or on August 15?") == ({"13"}, {"15"})
    assert cite.options("Who called first, Kim or Putin?") == ({"kim"}, {"putin"})
    assert cite.options("When did Ju-ae make her first diplomatic outing?") == (set(), set())
    assert cite.options("Was it on a Russian or a Russian plane?") == (set(), set())


def test_an_either_or_answer_must_find_the_option_it_chose():
    q = "Did Kim and Putin talk on August 12 by phone or in person?"
    phone = _para("Kim spoke with Putin in a phone call on August 12.")
    checked = cite.check_sentence(cite.Sentence("Kim and Putin talked on August 12 by phone.", ()), [phone], q)
    assert checked.kept and checked.cited == (phone,)  # it only repeats the question, yet it answers
    checked = cite.check_sentence(cite.Sentence("Kim and Putin talked on August 12 in person.", ()), [phone], q)
    assert not checked.kept


def test_who_of_two_named_did_it_must_find_the_deed():
    q = "Who initiated the August 12 phone call, Kim or Putin?"
    call = _para("Kim Jong-un spoke with Putin by phone on August 12, KCNA said.")
    said = cite.Sentence("Kim initiated the August 12 phone call.", ())
    assert not cite.check_sentence(said, [call], q).kept  # both are named; who began it is not told
    began = _para("Kim initiated the phone call with Putin on August 12, KCNA said.")
    assert cite.check_sentence(said, [began], q).kept
    q = "Who did Trump say he gets along with very well, Kim or Putin?"
    along = _para("Trump said he gets along with Kim very well, and spoke of Putin too.")
    assert cite.check_sentence(cite.Sentence("Trump said he gets along with Kim very well.", ()), [along], q).kept


def test_a_yes_must_find_the_whole_question_in_one_paragraph_or_two_in_a_row():
    q = "Did Putin give Kim five explosive drones?"
    gifts = _para("The governor gave Kim five explosive drones and a vest.", number=8)
    putin = _para("Putin praised Kim's visit.", number=3)
    yes = cite.Sentence("Yes, Putin gave Kim five explosive drones.", ())
    assert not cite.check_sentence(yes, [gifts, putin], q).kept  # Putin is in another paragraph
    near = _para("Putin saw Kim off after the governor gave him gifts.", number=7)
    assert cite.check_sentence(yes, [gifts, near], q).kept  # two paragraphs in a row say it
    q = "Did the governor give Kim five explosive drones?"
    yes = cite.Sentence("Yes, the governor gave Kim five explosive drones.", ())
    checked = cite.check_sentence(yes, [putin, gifts], q)
    assert checked.kept and checked.cited == (gifts,)
    assert cite.affirmation("No, the governor did not give them.", q) is None  # a "no" is checked as usual
    assert cite.affirmation("Yes, he did.", "Who gave Kim the drones?") is None  # not a yes-no question


def test_a_bare_denial_of_a_premise_stands_on_the_one_paragraph_about_what_it_denies():
    q = "Did Kim skip the concert at the East Pyongyang Grand Theatre?"
    no = cite.Sentence("No, Kim did not skip the concert at the East Pyongyang Grand Theatre.", ())
    concert = _para("Kim and Lyubimova watched the concert at the East Pyongyang Grand Theatre.", number=7)
    other = _para("Kim met Lyubimova at the party headquarters.", number=3)
    assert cite.check_sentence(no, [other, concert], q).status == "meta"  # an ordinary answer: a restatement
    checked = cite.check_sentence(no, [other, concert], q, denying=True)
    assert checked.kept and checked.cited == (concert,)
    assert "skip" not in cite.denial(no.text, q).terms  # what it denies is no term to find
    # the event is in no one paragraph: the denial stands on nothing
    split = [
        _para("Kim watched the concert.", number=7),
        _para("It was at the East Pyongyang Grand Theatre.", number=9),
    ]
    assert not cite.check_sentence(no, split, q, denying=True).kept
    assert cite.denial("Yes, he skipped it.", q) is None and cite.denial("No, he did not.", "Why did Kim go?") is None


def test_with_rarity_a_paragraph_sharing_only_common_words_does_not_support_a_sentence():
    common = {"north", "korean", "state", "event", "pyongyang"}
    rarity = lambda term: 0.2 if term in common else 2.0  # noqa: E731
    q = "Who is Ju-ae?"
    sentence = cite.Sentence("Ju-ae sat next to her father at the North Korean state event in Pyongyang.", ())
    media = _para("North Korean state media covered the event in Pyongyang.", number=3)
    seat = _para("His daughter Ju-ae sat next to her father.", number=11)
    # five of eight words, unweighed: enough alone, and the seat paragraph is cited only as its completion
    assert cite.check_sentence(sentence, [media, seat], q).cited == (media, seat)
    checked = cite.check_sentence(sentence, [media, seat], q, rarity=rarity)
    assert checked.kept and seat in checked.cited


def test_a_sentence_citing_more_paragraphs_than_shown_keeps_the_first_three():
    q = "Who came to the meeting?"
    names = ["Ivan Petrov", "Olga Smirnova", "Pavel Orlov", "Anna Volkova"]
    paragraphs = [_para(f"{name} came to the meeting.", number=n) for n, name in enumerate(names, start=1)]
    sentence = cite.Sentence("Ivan Petrov, Olga Smirnova, Pavel Orlov and Anna Volkova came.", (1, 2, 3, 4))
    checked = cite.check_sentence(sentence, paragraphs, q)
    assert checked.kept and [p.number for p in checked.cited] == [1, 2, 3]


def test_a_sentence_is_copied_only_when_a_passage_has_its_words_in_order():
    assert cite.copied("During the concert, Kim Jong-un was also accompanied by his daughter Ju-ae.", PASSAGES)
    assert cite.copied("during the concert Kim Jong-un was also accompanied", PASSAGES)  # case and commas aside
    assert not cite.copied("During the concert, Kim Jong-un was accompanied by his daughter Ju-ae.", PASSAGES)
    assert not cite.copied("Kim was also accompanied.", PASSAGES)  # too few words to tell


def test_an_answer_that_opens_by_reciting_a_passage_off_the_question_is_a_recital():
    gifts = GIFTS.text.split(". ")[0] + "."
    likeness = {gifts: 0.2}
    check = cite.AnswerCheck(PASSAGES, Q, {1: 1, 2: 2, 3: 3}, relevance=lambda s: likeness.get(s, 0.9))
    shown = check.feed(gifts + " [P3] Ju-ae made her first outing on May 8 [P2].")
    shown += check.finish()
    assert check.recital and shown == [] and check.kept == []  # nothing after it is checked or shown
    assert check.dropped == [gifts]

    likeness[gifts] = 0.5  # copied, but as like the question as answers are: checked as usual
    check = cite.AnswerCheck(PASSAGES, Q, {1: 1, 2: 2, 3: 3}, relevance=lambda s: likeness.get(s, 0.9))
    check.feed(gifts + " [P3]")
    check.finish()
    assert not check.recital

    said = "Ju-ae visited the Russian Embassy in North Korea with her father on May 8 [P2]."  # not copied
    check = cite.AnswerCheck(PASSAGES, Q, {1: 1, 2: 2, 3: 3}, relevance=lambda s: 0.0)
    assert check.feed(said) + check.finish() and not check.recital


def test_an_answer_written_again_is_a_loop_and_nothing_after_it_counts():
    first = "Ju-ae visited the Russian Embassy in North Korea with her father on May 8 [P2]."
    check = cite.AnswerCheck(PASSAGES, Q, {1: 1, 2: 2, 3: 3})
    shown = check.feed(f"{first} {first} During the concert, Kim Jong-un was also accompanied by his daughter [P1].")
    shown += check.finish(cut=True)
    assert check.looping and not check.cut and len(check.kept) == 1 and "concert" not in "".join(shown)
    check = cite.AnswerCheck(PASSAGES, Q, {1: 1, 2: 2, 3: 3})
    check.feed("Yes [P2]. Yes [P2]. Ju-ae went on May 8 [P2].")  # too short to tell a loop
    check.finish()
    assert not check.looping


def test_a_sentence_said_already_is_shown_once():
    concert = "During the concert, Kim Jong-un was also accompanied by his daughter Ju-ae [P1]."
    check = cite.AnswerCheck(PASSAGES, Q, {1: 1, 2: 2, 3: 3})
    shown = check.feed(concert + " Kim Jong-un was accompanied by his daughter [P1].") + check.finish()
    assert len(shown) == 1 and check.repeated == [] and len(check.kept) == 1  # the model repeating itself

    # a later half of a compound answer, repeating what the first half showed: answered, by that half
    check = cite.AnswerCheck(PASSAGES, Q, {1: 1, 2: 2, 3: 3}, said=[cite.strip_rendered(concert)])
    shown = check.feed("Kim Jong-un was accompanied by his daughter Ju-ae [P1].") + check.finish()
    assert shown == [] and check.kept == [] and check.repeated and check.dropped == []


def test_a_post_the_paragraph_gives_someone_else_is_no_support():
    marsh = para("school.md", 5, "Superintendent Dr. Helen Marsh said the change was driven by attendance data.")
    assert cite.posts(marsh.text) == {(cite.stem("superintendent"), "marsh")}
    assert cite.posts("Olga Lyubimova, Russia's culture minister, came.") == {(cite.stem("minister"), "lyubimova")}
    # the post is someone else's
    assert cite.post_swapped("Superintendent Priya Castellano said the change was driven by data.", [marsh])
    # the person holds another post there
    assert cite.post_swapped("The board president is Dr. Helen Marsh.", [marsh])
    assert not cite.post_swapped("Superintendent Helen Marsh said the change was driven by data.", [marsh])
    assert not cite.post_swapped("Marsh said the change was driven by attendance data.", [marsh])  # no post
    koo = para("000.txt", 9, "Unification Ministry spokesperson Koo Byoung-sam said the photos were a first.")
    assert not cite.post_swapped("Spokesperson Koo said the photos were a first.", [koo])  # his family name
    # a post "of" something before the name, a sport's roles, and a long way from post to name
    pell = para("cup.txt", 11, "The league's director of officiating, Graham Pell, said the review was proper.")
    assert cite.posts(pell.text) == {(cite.stem("director"), "pell")}
    assert cite.post_swapped(
        "The referee who made the goaltender interference call in the final was Graham Pell.", [pell]
    )
    assert not cite.post_swapped("The director of officiating, Graham Pell, said the review was proper.", [pell])


def test_a_question_that_gives_someone_anothers_post_is_declined_whole():
    marsh = para(
        "school.md",
        5,
        "Superintendent Dr. Helen Marsh said the change was driven by attendance data. Last year 18 percent missed class.",
    )
    q = "What did Superintendent Priya Castellano say about the later start times?"
    check = cite.AnswerCheck([marsh], q, {1: 1})
    check.feed(
        "Superintendent Priya Castellano said the change was driven by attendance data. Last year 18 percent missed class."
    )
    check.finish()
    assert check.false_premise and check.text == ""  # nothing after the premise is shown
    q = "Who said the change was driven by attendance data?"
    check = cite.AnswerCheck([marsh], q, {1: 1})
    check.feed(
        "Superintendent Priya Castellano said the change was driven by attendance data. Last year 18 percent missed class."
    )
    check.finish()
    assert not check.false_premise and "18 percent" in check.text  # the model's own slip: that sentence only


def test_a_paragraph_giving_only_the_questions_date_is_not_shown_but_one_giving_more_is():
    """The question's own year picks out the trip; the march is what the sentence tells, so only
    its paragraph is cited. A paragraph that adds a fact of the sentence beyond the date stays."""
    opening = para("002.txt", 2, "Kim Jong Un's six-day visit took place in September 2023.")
    farewell = para(
        "002.txt", 14, "Kim waved goodbye from his armored train as the march Farewell of Slavianka played."
    )
    asked = "What march was played as Kim's train left at the end of his 2023 trip?"
    checked = check_sentence(
        Sentence("The march Farewell of Slavianka played as Kim's train left at the end of his 2023 trip.", ()),
        [opening, farewell],
        asked,
    )
    assert checked.kept and [p.number for p in checked.cited] == [14]
    assert [p.number for p in checked.premise] == [2]  # checked, and read by later checks, but not shown
    checked = check_sentence(
        Sentence("The march Farewell of Slavianka played as Kim's train left after his six-day 2023 trip.", ()),
        [opening, farewell],
        asked,
    )
    assert checked.kept and sorted(p.number for p in checked.cited) == [2, 14]


@pytest.mark.parametrize(
    ("sentence", "question", "no_answer"),
    [
        # the plan is true, but the question asks what came of it
        (
            "The summit in Alaska was scheduled to discuss proposals for ending the war.",
            "What was agreed at the summit in Alaska?",
            True,
        ),
        ("Judge Tsai will hear the request on Wednesday.", "How did Judge Tsai rule on the request?", True),
        # something done, about the future, does answer it
        ("The council decided it will vote again in May.", "What did the council decide?", False),
        # a question about the plan itself
        ("The summit is scheduled for August 15.", "When is the summit scheduled?", False),
        ("The summit was held on August 15.", "What was agreed at the summit?", False),
        # reported speech: what someone said would come
        ("Kozlov said the two sides agreed they would resume flights.", "What was agreed?", False),
    ],
)
def test_a_plan_is_no_answer_to_what_came_of_it(sentence: str, question: str, no_answer: bool):
    assert cite.plan_not_outcome(sentence, question) is no_answer


def test_a_plan_told_for_an_outcome_leaves_nothing_to_show():
    plan = para("003.txt", 8, "Putin is scheduled to meet Trump in Alaska on August 15 to discuss ending the war.")
    check = cite.AnswerCheck([plan], "What was agreed at the Putin–Trump summit in Alaska?", {1: 1})
    check.feed("The summit in Alaska was scheduled to discuss ending the war [P1].")
    check.finish()
    assert not check.kept and check.dropped


def test_what_is_to_come_may_be_in_the_sentence_that_names_who_does_it():
    """The court is named in a past sentence ("asked the … Court"), the judge and the hearing to come
    in the next one: "will hear" is the paragraph's own expectation, not the model's."""
    court = para(
        "strike.html",
        13,
        "On Tuesday the authority asked the Calder County Superior Court for an injunction. Judge Ramona Tsai "
        "scheduled a hearing on the request for Wednesday morning.",
        date="2026-01-20",
    )
    said = "The judge who will hear the injunction request is Judge Ramona Tsai of the Calder County Superior Court."
    assert not cite.only_done(said, [court])
    past = para("strike.html", 13, "On Tuesday the authority asked the Calder County Superior Court for an injunction.")
    assert cite.only_done("The Calder County Superior Court will grant the injunction.", [past])


def test_of_two_paragraphs_naming_the_answer_the_one_telling_the_rest_of_the_sentence_is_cited():
    """Both hold every word the sentence adds to the question, so they tie; only one holds the
    question's own words (the observers naming her), and it is cited whichever comes first."""
    seated = para("000.txt", 11, "Kim was seen at the Pyongyang concert with his daughter Ju-ae.")
    named = para("001.txt", 9, "Observers name his daughter Ju-ae, seen at the Pyongyang concert.")
    said = Sentence("Observers name his daughter Ju-ae, seen at the Pyongyang concert.", ())
    for order in ([seated, named], [named, seated]):
        checked = check_sentence(said, order, "Who do observers name?")
        assert checked.kept and [p.file for p in checked.cited] == ["001.txt"]


def test_a_would_in_a_that_clause_is_someones_demand_not_the_sentences_expectation():
    conditions = para(
        "election.txt",
        14,
        "Brandt said her party's conditions included keeping the Safe Staffing Act.",
        date="2026-04-20",
    )
    said = "Green Future made it a condition that it would keep the Safe Staffing Act."
    assert not cite.only_done(said, [conditions])
    assert cite.only_done("Green Future will keep the Safe Staffing Act.", [conditions])


def test_a_why_questions_would_is_its_mood_and_not_the_answers_expectation():
    told = para("003.txt", 4, "North Korean media disclosed the call, apparently to highlight the hotline.")
    reason = "North Korea would make the call public to highlight the hotline."
    assert not cite.only_done(reason, [told], "Why would North Korea make the call public?")
    assert cite.only_done(reason, [told], "What would North Korea make public?")  # a plan asked for
    assert cite.only_done(reason, [told])


def test_a_yes_takes_on_the_names_the_question_asks_about():
    opposed = para(
        "policy.txt", 8, "The Hospital Federation of Norland, which represents 62 hospital operators, opposed the bill."
    )
    q = "Did the Hospital Federation take the staffing law to the Constitutional Court?"
    yes = "Yes, the Hospital Federation of Norland opposed the bill."
    assert shown([opposed], q, yes) == ""  # the court is nowhere in the paragraph
    sued = para("policy.txt", 9, "The Hospital Federation took the staffing law to the Constitutional Court on Monday.")
    assert "¶9" in shown([opposed, sued], q, yes.replace("opposed the bill", "took it to court"))


def test_a_yes_does_not_stand_on_an_event_still_weighed_or_to_come():
    opposed = para("policy.txt", 8, "The Hospital Federation of Norland opposed the bill.")
    weighed = para(
        "policy.txt",
        9,
        "Pell said the federation was studying whether to challenge parts of the law in the Constitutional Court "
        'and would decide "within weeks."',
    )
    q = "Did the Hospital Federation go ahead with its Constitutional Court challenge to the staffing law?"
    assert cite.yes_to_pending("Yes, the federation opposed the bill.", q, [opposed, weighed])
    to_come = para("003.txt", 2, "Kim and Putin will sign the treaty next week in Moscow.")
    signed = para("003.txt", 2, "Kim and Putin signed the treaty on Wednesday, and will meet again next year.")
    did = "Did Kim and Putin sign the treaty?"
    assert cite.yes_to_pending("Yes, they signed the treaty.", did, [to_come])
    assert not cite.yes_to_pending("Yes, they signed the treaty.", did, [signed])
    # a question about the plan itself, and a future elsewhere in the sentence, are left alone
    pledged = para("001.txt", 6, "Kim pledged to build a monument in Pyongyang.")
    assert not cite.yes_to_pending(
        "Yes, Kim pledged to build a monument.", "Did Kim pledge to build a monument?", [pledged]
    )
    voted = para(
        "bridge.txt", 2, "The council voted 5-2 to approve the bridge replacement, which will close it in June."
    )
    assert not cite.yes_to_pending("Yes, it did.", "Did the council approve the bridge replacement?", [voted])


def test_nothing_stands_after_a_yes_or_no_that_does_not():
    opposed = para(
        "policy.txt",
        8,
        "The Hospital Federation of Norland opposed the bill. Its chief executive, Gregor Pell, said the government "
        'had "passed a law for nurses who do not exist."',
    )
    q = "Did the Hospital Federation take the staffing law to the Constitutional Court?"
    raw = 'Yes, the federation opposed the bill [P1]. Gregor Pell said the government had "passed a law for nurses who do not exist." [P1]'
    assert shown([opposed], q, raw) == ""  # the elaboration alone would read as the answer
    # without the verdict, the same elaboration is a plain answer
    assert "Gregor Pell" in shown([opposed], "What did Gregor Pell say about the law?", raw.split("[P1]. ", 1)[1])
    # a denied "why" premise is followed by its correction, which stands on its own
    trip = para("002.txt", 2, "In a rare six-day visit to Russia, Kim Jong Un left a lasting mark.")
    check = cite.AnswerCheck([trip], "Was Kim's trip to Russia cut to two days?", {1: 1}, denying=True)
    check.feed("No, the trip was not cut to just two days because of weather. The visit lasted six days [P1].")
    check.finish()
    assert "six days" in check.text


def test_a_quotation_is_not_given_to_a_document_the_paragraph_does_not_give_it_to():
    asked = para(
        "000.txt",
        18,
        "When Trump was asked whether he had written a letter to Kim as reported by media, he responded Friday, "
        '"If there is a conflict, I get along with him very, very well."',
    )
    q = "What did Trump's letter to Kim say?"
    letter = 'Trump\'s letter to Kim said, "If there is a conflict, I get along with him very, very well."'
    assert cite.quote_misattributed(letter, [asked])
    assert shown([asked], q, letter + " [P1]") == ""
    spoken = 'Trump said, "If there is a conflict, I get along with him very, very well."'
    assert not cite.quote_misattributed(spoken, [asked])  # the speaker's words, given to the speaker
    read = para("000.txt", 5, 'The letter read: "We will meet again soon, my friend, in Pyongyang."')
    assert not cite.quote_misattributed('The letter said, "We will meet again soon, my friend, in Pyongyang."', [read])


def test_a_post_the_paragraph_gives_only_as_past_is_not_told_as_held_now():
    outgoing = para(
        "election.txt", 5, "The Social Democratic Union of outgoing Prime Minister Anton Varga won 71 seats."
    )
    q = "Who ended up as prime minister after the coalition talks?"
    assert shown([outgoing], q, "Anton Varga ended up as Prime Minister after the coalition talks [P1].") == ""
    assert not cite.former_post("Anton Varga was Prime Minister before the election.", [outgoing])
    serving = para("election.txt", 6, "Prime Minister Anton Varga said the vote was fair.")
    assert not cite.former_post("Anton Varga is Prime Minister.", [outgoing, serving])  # held unqualified too
    then = para(
        "strike.html", 27, "The 1994 strike ended when then-general manager Eleanor Whitcombe agreed to arbitration."
    )
    assert cite.former_post("Eleanor Whitcombe is the general manager.", [then])
    # told of the time she held it, the post is hers
    assert not cite.former_post("General manager Eleanor Whitcombe ended the strike in 1994.", [then])


def test_a_future_in_a_that_clause_does_not_make_the_event_a_plan():
    deal = para(
        "merger.txt",
        4,
        "Harrow's Markets said on Monday that it had agreed to buy Bluestem Grocers for about $1.3 billion, "
        "a deal that would create the largest grocery operator in the region.",
        date="2026-09-22",
    )
    assert not cite.only_planned("Harrow's announced the Bluestem deal on Monday.", [deal])
    planned = para("003.txt", 8, "Putin is scheduled to meet Trump in Alaska, where they would discuss the war.")
    assert cite.only_planned("Putin and Trump discussed the war in Alaska.", [planned])


def test_a_denial_stands_only_where_a_paragraph_denies_the_same():
    burns = para(
        "recall.txt",
        6,
        "Four people reported minor burns, and one fire caused about $40,000 in damage. No deaths have been reported.",
    )
    q = "anyone hurt by those heaters?"
    assert cite.denial_unfound("No one was hurt by those heaters.", q, [burns])
    assert shown([burns], q, "No one was hurt by those heaters [P1].") == ""
    assert not cite.denial_unfound("No deaths have been reported.", "Did anyone die?", [burns])
    # "No," answering the question is the verdict, not the denial; a denial the question makes is its own
    assert not cite.denial_unfound("No, four people reported minor burns.", "Was no one hurt?", [burns])
    late = para("court.txt", 7, "The cooperative filed suit on August 1, well within that window.")
    assert not cite.denial_unfound("The suit wasn't filed too late.", "Why wasn't the suit filed too late?", [late])


def test_a_description_goes_to_the_name_the_paragraph_gives_it_to():
    deal = para(
        "merger.txt",
        4,
        "Harrow's Markets, the supermarket chain based in Carlow City, said on Monday that it had agreed to buy "
        "its smaller rival Bluestem Grocers for about $1.3 billion.",
    )
    assert cite.appositive_swapped("Yes, Bluestem Grocers is based in Carlow City.", [deal])
    assert (
        shown([deal], "Is Bluestem based in Carlow City?", "Yes, Bluestem Grocers is based in Carlow City [P1].") == ""
    )
    assert not cite.appositive_swapped("Harrow's Markets is based in Carlow City.", [deal])
    family = para(
        "obituary.txt",
        8,
        "Her husband of 58 years, Douglas Whitcombe, a high school history teacher, died in 2021. She is survived "
        "by her son, Peter Whitcombe, of Hollis Bay.",
    )
    assert cite.appositive_swapped("Peter Whitcombe works as a high school history teacher.", [family])
    assert not cite.appositive_swapped("Douglas Whitcombe was a high school history teacher.", [family])
    assert not cite.appositive_swapped("Her husband was a high school history teacher.", [family])  # names no one


def test_a_why_questions_premise_told_as_so_must_stand_as_a_yes_would():
    gifts = para(
        "002.txt",
        8,
        "Before departing Vladivostok, Kim received a set of unusual gifts from the governor of the Primorsky"
        " region. These gifts included five explosive drones, a reconnaissance drone, and a bulletproof vest."
        " The nature of these presents underscores the importance of Kim's visit.",
    )
    why = "Why did Putin personally give Kim five explosive drones before he left Vladivostok?"
    check = cite.AnswerCheck([gifts], why, {1: 1})
    check.feed("Putin personally gave Kim five explosive drones before he left Vladivostok. ")
    check.feed("This gesture underscores the importance of Kim's visit [P1].")
    check.finish()
    assert check.false_premise and not check.kept  # nothing said "Putin", so nothing after it counts
    # the premise the paragraph bears out: the restatement is passed over, the reason shown
    true = "Why did the governor give Kim five explosive drones before he left Vladivostok?"
    granted = cite.AnswerCheck([gifts], true, {1: 1})
    granted.feed("The governor gave Kim five explosive drones before he left Vladivostok. ")
    granted.feed("The gifts underscore the importance of Kim's visit [P1].")
    granted.finish()
    assert not granted.false_premise and [c.text for c in granted.kept] == [
        "The gifts underscore the importance of Kim's visit."
    ]
    # the yes-no premise itself, and any other question, are not asked about
    assert cite.AnswerCheck([gifts], "Did Putin give Kim drones?", {1: 1}).premise_granted("Putin gave Kim drones.")


def test_a_date_from_a_sentence_about_something_else_does_not_answer_when():
    review = para(
        "court.txt",
        7,
        "Writing for the majority, Judge Eleanor Vasquez-Hale said the state's 90-day deadline for challenging a"
        " coastal permit began to run only when the board posted its final environmental review on May 20, 2024,"
        " not when it issued the permit on March 4, 2024. The cooperative filed suit on August 1, 2024.",
    )
    dismissal = para(
        "court.txt",
        9,
        "The ruling reverses a decision by Superior Court Judge Alan Whitcombe, who dismissed the suit on"
        " September 12, 2024, finding that the cooperative had missed the deadline.",
    )
    dateline = para("court.txt", 3, "June 3, 2025")
    when = "When did the lower court throw out the fishermen's lawsuit?"
    assert cite.dated_elsewhere("The lower court threw out the lawsuit on May 20, 2024.", when, [review])
    assert not cite.dated_elsewhere("The court dismissed it on September 12, 2024.", when, [dismissal])
    # the date line is the day the article came out, not the day of what it reports
    ruled = "On what date did the appeals court hand down its ruling?"
    assert cite.dated_elsewhere("The appeals court ruled on June 3, 2025.", ruled, [dateline])
    assert not cite.dated_elsewhere("It was published on June 3, 2025.", "When was the article published?", [dateline])
    # not a "when" question, or a date the question gives itself: not asked about
    assert not cite.dated_elsewhere("The board posted it on May 20, 2024.", "What did the board post?", [review])
    assert not cite.dated_elsewhere("It happened on May 20, 2024.", "When after May 20, 2024 did it happen?", [review])
    check = cite.AnswerCheck([review, dismissal], when, {1: 1, 2: 2})
    check.feed("The lower court threw out the fishermen's lawsuit on May 20, 2024 [P1].")
    check.finish()
    assert not check.kept


def test_a_date_another_clause_gives_is_replaced_by_the_weekday_of_the_asked_event():
    # the sentence dates the opening by its weekday; the one written date is the approval's
    bridge = para(
        "bridge.txt",
        4,
        "Mayor Ines Dorr opened the Harbor Street Bridge on Tuesday, marking ten years since the council"
        " approved its design on March 3, 2015, city officials said.",
        date="2025-06-12",
    )
    opened = "When did the mayor open the Harbor Street Bridge?"
    told = "Mayor Ines Dorr opened the Harbor Street Bridge on March 3, 2015."
    assert cite.weekday_redated(told, opened, [bridge]) == (
        "Mayor Ines Dorr opened the Harbor Street Bridge on Tuesday.",
        (bridge,),
    )
    asked_later = "Going by the June 12 report, on what calendar date did the mayor open the bridge?"
    assert cite.weekday_redated(told, asked_later, [bridge]) is not None
    # the date is the asked event's own; the answer tells more than the weekday's clause; no date asked
    approved = "When did the council approve the bridge's design?"
    assert cite.weekday_redated("The council approved it on March 3, 2015.", approved, [bridge]) is None
    reopened = "Mayor Ines Dorr reopened the bridge to traffic on March 3, 2015."
    assert cite.weekday_redated(reopened, opened, [bridge]) is None
    assert cite.weekday_redated(told, "Who opened the Harbor Street Bridge?", [bridge]) is None
    check = cite.AnswerCheck([bridge], opened, {1: 1})
    check.feed(told[:-1] + " [P1].")
    check.finish()
    assert [c.text for c in check.kept] == [
        "Mayor Ines Dorr opened the Harbor Street Bridge on Tuesday, June 10, 2025."
    ]
    # what the answer says of the event ("reopened … to traffic") is in no clause of the cited
    # sentence with a weekday; a sentence read that tells it so, with two of the question's words, dates it
    traffic = para(
        "bridge.txt",
        6,
        "Drivers crowded onto the Harbor Street Bridge, which reopened to traffic Wednesday, officials said.",
        date="2025-06-12",
    )
    when = "When did the Harbor Street Bridge reopen to traffic?"
    reopened = "The Harbor Street Bridge reopened to traffic on March 3, 2015."
    assert cite.weekday_redated(reopened, when, [bridge], [bridge, traffic]) == (
        "The Harbor Street Bridge reopened to traffic on Wednesday.",
        (bridge, traffic),
    )
    assert cite.weekday_redated(reopened, when, [bridge], [bridge]) is None


def test_a_why_answered_from_a_paragraph_without_the_reason_gets_the_sentence_that_gives_it():
    # the model recites the paragraph that shows the flood as its "because"; the sign is elsewhere
    shown = para(
        "flood.txt",
        2,
        "Drone pictures aired on Monday showed the flooded mill, its ground floor under water.",
    )
    sign = para(
        "flood.txt",
        5,
        "The date of the roof's collapse is unclear, though bare trees in the pictures suggest it happened"
        " months earlier. The mill had been empty for a decade.",
    )
    why = "Why do people think the mill's roof collapsed months before it was shown?"
    told = "The roof collapsed months earlier because drone pictures showed the flooded mill."
    fixed = cite.reason_elsewhere(told, why, [shown], [shown, sign])
    assert fixed is not None and fixed.text.startswith("The date of the roof's collapse") and fixed.cited == (sign,)
    how = "How can anyone tell the roof collapsed months earlier?"
    assert cite.reason_elsewhere(told, how, [shown], [shown, sign]) is not None
    # the answer's paragraph gives the reason; no sentence read tells a sign; no reason asked for
    assert cite.reason_elsewhere("Bare trees suggest it.", why, [sign], [shown, sign]) is None
    plain = para("flood.txt", 5, "The date of the roof's collapse is unclear; it happened months earlier.")
    assert cite.reason_elsewhere(told, why, [shown], [shown, plain]) is None
    assert cite.reason_elsewhere(told, "When did the mill's roof collapse?", [shown], [shown, sign]) is None
    # as many of the question's words on both sides: the sentence that tells a reason wins, not the reverse
    tied = para("flood.txt", 2, "Pictures of the roof aired months later, after the collapse.")
    assert cite.reason_elsewhere(told, why, [tied], [tied, sign]) is not None
    assert cite.reason_elsewhere(told, why, [sign], [tied, sign]) is None
    check = cite.AnswerCheck([shown, sign], why, {1: 1, 2: 2})
    check.feed(told[:-1] + " [P1].")
    check.finish()
    assert [c.cited for c in check.kept] == [(sign,)]


def test_an_answer_about_one_of_two_times_asked_of_each_is_followed_by_the_other():
    # the 2021 story calls her mayor; the one dated 2024 tells what she was then
    then = para("a.txt", 4, "The ribbon was cut by Mayor Dana Ruiz, who praised the builders.", date="2021-05-02")
    now = para(
        "b.txt",
        7,
        "The council heard from state transport secretary Dana Ruiz. She backed the plan.",
        date="2024-03-09",
    )
    other = para("b.txt", 2, "The council met on Tuesday.", date="2024-03-09")
    asked = "Dana Ruiz opened the bridge in 2021 and spoke to the council in 2024. What was her post each time?"
    told = cite.Checked("Dana Ruiz was the mayor.", (then,), 1.0, "ok")
    assert cite.other_occasion(asked, [told], [then, other, now]) == (
        "The council heard from state transport secretary Dana Ruiz.",
        now,
    )
    # one time asked of; an answer citing both stories already; no article dated the other year
    assert cite.other_occasion("What was Dana Ruiz's post in 2021?", [told], [then, now]) is None
    both = cite.Checked("Dana Ruiz was mayor, then secretary.", (then, now), 1.0, "ok")
    assert cite.other_occasion(asked, [both], [then, now]) is None
    assert cite.other_occasion(asked, [told], [then, replace(now, date="2021-06-01")]) is None
    # one thing said of both times, from the story of one, is not shown: its paragraph's own sentence is
    check = cite.AnswerCheck([then, now], asked, {1: 1, 2: 2})
    check.feed("Dana Ruiz was the Mayor in both [P1].")
    check.finish()
    assert [c.text for c in check.kept] == [
        "The ribbon was cut by Mayor Dana Ruiz, who praised the builders.",
        "The council heard from state transport secretary Dana Ruiz.",
    ]
    assert check.dropped == ["Dana Ruiz was the Mayor in both."]
    # nor is one that tells the other time from the story of one
    check = cite.AnswerCheck([then, now], asked, {1: 1, 2: 2})
    check.feed("Dana Ruiz was the Mayor in 2021 and the Mayor again in 2024 [P1].")
    check.finish()
    assert [c.cited for c in check.kept] == [(then,), (now,)]


def test_names_asked_for_together_may_each_come_from_a_paragraph_of_their_own():
    raman = para(
        "release.txt", 12, '"We need to grow," said Priya Raman, President and Chief Executive Officer of Veridian.'
    )
    lindqvist = para(
        "release.txt", 13, '"We looked at eleven sites," said Tomasz Lindqvist, a Senior Vice President of Veridian.'
    )
    rare = {"priya": 4.0, "raman": 4.0, "tomasz": 4.0, "lindqvist": 4.0, "execut": 3.2, "quot": 4.8, "2": 3.7}
    rarity = lambda term: rare.get(term, 0.9)  # noqa: E731
    both = "Priya Raman and Tomasz Lindqvist are quoted."
    assert not cite.stitched_names(both, "Which two Veridian executives are quoted?", [raman, lindqvist], rarity)
    # one person asked for: a name from the paragraph without the question's rare words is stitched on
    one = "The Veridian executive quoted is Tomasz Lindqvist."
    assert cite.stitched_names(one, "Which Veridian executive is quoted?", [raman, lindqvist], rarity)


VOTE = para("council.txt", 4, "The council will vote on the budget on March 3.", date="2026-02-20")
HEARING = para("council.txt", 7, "A public hearing on the plan is set for March 17.", date="2026-02-20")
SEATS = para("council.txt", 9, "The hall has 240 seats, and 65 of them are reserved for residents.", date="2026-02-20")


def answer(passages: list[Paragraph], question: str, raw: str) -> cite.AnswerCheck:
    check = cite.AnswerCheck(passages, question, {i: i for i in range(1, len(passages) + 1)})
    check.feed(raw)
    check.finish()
    return check


def test_a_figure_worked_out_from_the_answers_own_dates_stands_on_their_paragraphs():
    question = "How many days after the budget vote is the public hearing?"
    check = answer(
        [VOTE, HEARING],
        question,
        "The vote is on March 3 [P1] and the hearing on March 17 [P2]. That is 14 days later.",
    )
    assert check.text.endswith("That is 14 days later [council.txt ¶4] [council.txt ¶7].")
    assert [c.status for c in check.kept][-1] == "reckoned"
    # in one sentence with its dates, the same
    one = answer([VOTE, HEARING], question, "The hearing on March 17 is 14 days after the vote on March 3 [P1] [P2].")
    assert one.kept and "14 days" in one.text
    # a wrong count, or a count with no second date, is still made up
    assert not answer([VOTE, HEARING], question, "The vote is on March 3 [P1]. The hearing is 12 days later.").kept
    assert not answer([VOTE], question, "The hearing is 14 days after the vote on March 3 [P1].").kept


def test_a_difference_of_two_stated_figures_stands_but_nothing_more_said_with_it():
    question = "How many of the hall's seats are open to anyone?"
    check = answer(
        [SEATS], question, "The hall has 240 seats, and 65 are reserved for residents [P1]. That leaves 175."
    )
    assert check.text.endswith("That leaves 175 [council.txt ¶9].")
    # the sum comes with a claim no paragraph makes
    assert (
        "175"
        not in answer(
            [SEATS],
            question,
            "The hall has 240 seats, and 65 are reserved [P1]. So 175 seats go to the mayor's donors.",
        ).text
    )
    # not asked for a quantity: a figure is not worked out
    assert (
        "175"
        not in answer([SEATS], "Who are the seats reserved for?", "65 seats are for residents [P1]. 175 are not.").text
    )


def test_the_sum_asked_for_is_worked_out_from_the_answers_own_figures():
    # a difference of two figures the kept sentence gives, cited to its paragraph
    check = answer([SEATS], "Of the hall's 240 seats, how many are not reserved?", "65 of them are reserved [P1].")
    assert check.text.endswith("240 − 65 = 175 [council.txt ¶9].")
    assert check.kept[-1].status == "reckoned"
    # days between the two dates the answer gives, in weeks too when asked in weeks
    check = answer(
        [VOTE, HEARING],
        "How many weeks after the budget vote is the public hearing?",
        "The vote is on March 3 [P1]. The hearing is on March 17 [P2].",
    )
    assert check.text.endswith("From March 3 to March 17 is 14 days (2 weeks) [council.txt ¶4] [council.txt ¶7].")
    # the counts of the thing asked about, "a" for one; not the other things listed
    gifts = para("gifts.txt", 2, "The governor gave him five drones, a reconnaissance drone and a vest.")
    check = answer(
        [gifts], "How many drones did he get altogether?", "He got five drones, a reconnaissance drone and a vest [P1]."
    )
    assert check.text.endswith("5 drones + a reconnaissance drone = 6 drones [gifts.txt ¶2].")


def test_no_sum_without_two_operands_of_the_answer_or_for_a_month_the_question_does_not_name():
    question = "How many days after the budget vote is the public hearing?"
    assert "days" not in answer([VOTE, HEARING], question, "The vote is on March 3 [P1].").text
    november = "How many days after the budget vote did the November audit begin?"
    assert (
        "days"
        not in answer([VOTE, HEARING], november, "The vote is on March 3 [P1] and the hearing on March 17 [P2].").text
    )
    # a figure the question gives alone is no operand the answer stands on
    assert "=" not in answer([SEATS], "Of the 240 seats, how many are not reserved?", "I don't know.").text
    # the model already did the sum
    said = answer(
        [SEATS], "Of the 240 seats, how many are not reserved?", "65 of them are reserved [P1]. That leaves 175."
    )
    assert said.text.count("175") == 1


def test_a_negation_skips_adverbs_not_nouns_that_end_in_ly():
    assert "suppli" in cite.negated_terms("Russia did not supply the weapons.")
    assert "famili" in cite.negated_terms("There was no family at the ceremony.")
    assert "mention" in cite.negated_terms("Kozlov did not explicitly mention agreements.")


def test_no_difference_is_worked_out_when_the_answer_gives_one():
    troops = para("t.txt", 3, "The North sent 11,000 troops last year and is expected to send 6,000 more.")
    check = answer([troops], "How many more troops is the North expected to send?", "It will send 6,000 more [P1].")
    assert "=" not in check.text and "6,000 more" in check.text


def test_a_bound_stands_on_a_figure_that_meets_it_and_counts_the_same_thing():
    delegation = para("000.txt", 6, "The embassy confirmed the visit of a Russian delegation comprising 125 people.")
    question = "Did the Russian delegation have more than {} members?"
    assert check_sentence(
        Sentence("Yes, the Russian delegation had more than 100 members.", (1,)), [delegation], question.format(100)
    ).kept
    assert not check_sentence(
        Sentence("Yes, the Russian delegation had more than 150 members.", (1,)), [delegation], question.format(150)
    ).kept
    troops = para("001.txt", 5, "About 15,000 troops were sent, and 600 soldiers died.")
    died = "Did more than 5,000 soldiers die?"
    assert not check_sentence(Sentence("Yes, more than 5,000 soldiers died.", (1,)), [troops], died).kept


def test_one_of_something_stands_on_a_paragraphs_a():
    question = "What did the governor give Kim?"
    said = Sentence("The governor gave Kim 5 explosive drones and 1 reconnaissance drone.", (3,))
    assert check_sentence(said, PASSAGES, question).kept
    assert not check_sentence(Sentence("The governor gave Kim 2 reconnaissance drones.", (3,)), PASSAGES, question).kept


# ---- a list answered with one of several ---------------------------------------------------------
COATS = para(
    "001.txt",
    7,
    "The date remains unclear, though winter coats worn by Kim, his sister Kim Yo-jong, and Foreign Minister"
    " Choe Son-hui suggest the event took place months earlier. State media showed the footage.",
)
WHO_ELSE = "Apart from Kim himself, who else is seen wearing winter coats in the footage?"


def _answered(question: str, raw: str, passages: list[Paragraph]) -> cite.AnswerCheck:
    check = cite.AnswerCheck(passages, question, {i: i for i in range(1, len(passages) + 1)})
    check.feed(raw)
    check.finish()
    return check


def test_a_list_answer_naming_one_of_a_series_is_followed_by_the_series():
    check = _answered(WHO_ELSE, "His sister Kim Yo-jong is seen wearing winter coats [P1].", [COATS])
    assert len(check.shown) == 2
    assert check.shown[1].startswith("The date remains unclear, though winter coats worn by Kim, his sister")
    assert "Choe Son-hui" in check.text and check.cited == [COATS]


def test_no_series_follows_an_answer_that_names_it_all_or_a_question_for_one_thing():
    whole = "His sister Kim Yo-jong and Foreign Minister Choe Son-hui wore winter coats [P1]."
    assert len(_answered(WHO_ELSE, whole, [COATS]).shown) == 1
    one = "Whose coat hinted at the date?"
    assert len(_answered(one, "His sister Kim Yo-jong wore a winter coat [P1].", [COATS]).shown) == 1


def test_a_clause_after_a_name_is_no_series():
    won = para("election.txt", 4, "With all votes counted, the Civic Alliance, led by Helena Marsh, took 82 seats.")
    check = _answered("Which parties won seats?", "The Civic Alliance won 82 seats [P1].", [won])
    assert len(check.shown) == 1


# ---- a list filled out with items its paragraph lacks ---------------------------------------------
AHEAD = para(
    "004.txt",
    7,
    "Looking ahead, analysts anticipate continued dialogues that could advance coordinated responses to regional"
    " security concerns, energy and technological collaboration, and potential joint initiatives in science,"
    " education, and infrastructure. The partnership may adapt.",
)
AREAS = para(
    "004.txt",
    5,
    "Such partnerships emphasize economic development and technology exchange.",
)
FIELDS = "What fields might future cooperation extend to, according to analysts?"
BLENDED = (
    "Future cooperation might extend to fields such as economic development, technology exchange, defense-related"
    " dialogues, strategic diplomacy, and joint initiatives in science, education, and infrastructure [P1]."
)


def test_a_list_blended_from_two_series_is_answered_with_the_cited_paragraphs_series():
    check = _answered(FIELDS, BLENDED, [AHEAD, AREAS])
    assert check.shown == [
        "Looking ahead, analysts anticipate continued dialogues that could advance coordinated responses to"
        " regional security concerns, energy and technological collaboration, and potential joint initiatives in"
        " science, education, and infrastructure [004.txt ¶7]."
    ]
    assert check.cited == [AHEAD]


def test_a_list_its_paragraph_holds_or_a_clause_list_or_a_question_for_one_thing_stays_as_written():
    own = (
        "Cooperation might extend to energy, technological collaboration, science, education, and infrastructure [P1]."
    )
    assert _answered(FIELDS, own, [AHEAD]).shown == [own.replace("[P1]", "[004.txt ¶7]")]
    # pieces of five words or more are clauses, not items: "In 2023, he was …, and in 2025, he was …"
    assert (
        cite._series("In 2023, he was the Russian defense minister, and in 2025, he was the top security official.")
        == []
    )
    assert cite._series(BLENDED)[:2] == ["economic development", "technology exchange"]
    assert cite.series_blended("Why might cooperation grow?", BLENDED, [AHEAD]) is None


# ---- a first told as a habit ----------------------------------------------------------------------
HOTLINE = para(
    "003.txt",
    4,
    "It is the first time North Korean media has publicly disclosed a conversation between its top leader and"
    " the leader of another country, apparently to highlight the hotline. Analysts took note.",
)
HABIT = "North Korean media regularly publishes Kim's phone calls to highlight the hotline [P1]."


def test_a_habit_the_paragraph_tells_as_a_first_corrects_the_question_that_assumed_it():
    check = _answered("Why does North Korean media so regularly publish Kim's phone calls?", HABIT, [HOTLINE])
    assert check.shown == [
        "It is the first time North Korean media has publicly disclosed a conversation between its top leader"
        " and the leader of another country, apparently to highlight the hotline [003.txt ¶4]."
    ]
    assert check.false_premise


def test_a_habit_the_question_did_not_assume_is_dropped_and_a_told_habit_stands():
    check = _answered("Why did North Korean media publish the call?", HABIT, [HOTLINE])
    assert not check.kept and not check.false_premise
    often = para("003.txt", 4, "North Korean media often discloses calls, and did so for the first time in 2019.")
    assert cite.habit_denied("North Korean media often discloses calls.", [often]) is None
    assert cite.habit_denied("North Korean media disclosed the call.", [HOTLINE]) is None


# ---- an answer resting on a sentence that goes on from the one before ------------------------------
SANCTIONS = para(
    "002.txt",
    16,
    "Both Russia and North Korea are no strangers to global sanctions, with Moscow facing repercussions for its"
    " actions in Ukraine. This shared experience may be one of the driving forces behind their closer ties.",
)
SHARED = "What shared circumstance is drawing the two countries closer?"


def test_an_answer_naming_only_this_shared_experience_is_followed_by_what_it_was():
    said = "The shared experience of sanctions is a driving force behind their closer ties [P1]."
    check = _answered(SHARED, said, [SANCTIONS])
    assert len(check.shown) == 2
    assert check.shown[1] == (
        "Both Russia and North Korea are no strangers to global sanctions, with Moscow facing repercussions for"
        " its actions in Ukraine [002.txt ¶16]."
    )
    # by a word of its phrase: "a shared history" for "this shared experience"
    history = "They have a shared history of sanctions, a driving force behind their closer ties [P1]."
    assert len(_answered(SHARED, history, [SANCTIONS]).shown) == 2


def test_no_sentence_before_follows_an_answer_that_gives_it_or_names_no_this():
    whole = "Both Russia and North Korea are no strangers to global sanctions, with Moscow facing repercussions [P1]."
    assert len(_answered(SHARED, whole, [SANCTIONS]).shown) == 1
    gifts = para("002.txt", 8, "Kim received gifts from the governor. These gifts included five drones and a vest.")
    assert len(_answered("What gifts did Kim get?", "Kim got five drones and a vest [P1].", [gifts]).shown) == 1


# ---- a yes the paragraph tells otherwise ----------------------------------------------------------
GALA = para(
    "001.txt",
    2,
    "Footage aired on Sunday. The event featured Russian artists and wartime imagery, including a bloodstained"
    " notebook believed to belong to a fallen North Korean soldier.",
)


def test_a_yes_whose_paragraph_tells_the_other_nation_is_answered_no_with_that_sentence():
    asked = "Was the notebook shown at the gala believed to belong to a Russian soldier?"
    check = _answered(asked, "Yes, the notebook was believed to belong to a Russian soldier [P1].", [GALA])
    assert check.shown == [
        "No. The event featured Russian artists and wartime imagery, including a bloodstained notebook believed to"
        " belong to a fallen North Korean soldier [001.txt ¶2]."
    ]


def test_a_yes_the_paragraph_bears_out_or_a_question_not_yes_no_gets_no_no():
    asked = "Was the notebook shown at the gala believed to belong to a North Korean soldier?"
    yes = "Yes, the notebook was believed to belong to a fallen North Korean soldier [P1]."
    assert _answered(asked, yes, [GALA]).shown[0].startswith("Yes")
    said = "Yes, the notebook belonged to a Russian soldier."
    check = cite.AnswerCheck([GALA], "Whose notebook was shown at the gala?", {1: 1})
    assert check._told_otherwise(cite.Checked(said, (GALA,), 1.0, "ok")) is None


# ---- a list its paragraph goes on with ------------------------------------------------------------
TOPICS = para(
    "002.txt",
    10,
    "Kozlov noted that a lot had been discussed. He did mention increasing grain supplies and the resumption of"
    " regular air travel. Additionally, long-muted infrastructure projects were on the table for revival.",
)


def test_a_list_answer_is_followed_by_the_sentence_that_adds_to_its_series():
    asked = "Which topics did Kozlov say were discussed?"
    check = _answered(asked, "Kozlov mentioned increasing grain supplies and regular air travel [P1].", [TOPICS])
    assert (
        check.shown[1]
        == "Additionally, long-muted infrastructure projects were on the table for revival [002.txt ¶10]."
    )


def test_no_added_sentence_follows_an_answer_to_one_thing_or_one_that_gives_it():
    said = "Kozlov mentioned increasing grain supplies and regular air travel [P1]."
    assert len(_answered("What did Kozlov mention first?", said, [TOPICS]).shown) == 1
    whole = "Additionally, long-muted infrastructure projects were on the table for revival [P1]."
    assert len(_answered("Which topics did Kozlov say were discussed?", whole, [TOPICS]).shown) == 1


def test_a_why_answer_is_followed_by_what_its_cause_would_lead_to():
    fear = para(
        "002.txt",
        6,
        "The concern is that Moscow and Pyongyang could disregard Western sanctions in pursuit of an arms deal."
        " Such an agreement could bolster Russia's assault on Ukraine. Western nations are watching.",
    )
    said = "Western countries fear Moscow and Pyongyang could disregard Western sanctions for an arms deal [P1]."
    check = _answered("Why are Western countries worried about the trip?", said, [fear])
    assert check.shown[1:] == ["Such an agreement could bolster Russia's assault on Ukraine [002.txt ¶6]."]
    assert len(_answered("What do Western countries fear?", said, [fear]).shown) == 1  # no "why"


# ---- someone the question names only by what they did ----------------------------------------------
WEAPONS = para(
    "002.txt",
    18,
    "The visit was long. Kim's visit also featured a meeting with Russian Defense Minister Sergei Shoigu, during"
    " which they inspected weapons, including a hypersonic missile system.",
)
JUNE = para(
    "000.txt",
    15,
    "Kim also met with Russia's top security official on June 4 and 17, 2025, marking two meetings in two weeks.",
)
DESCRIBED = "The Russian official who saw Kim twice in June 2025 - what weapon system did he inspect with Kim?"


def test_an_answer_that_repeats_the_questions_description_is_followed_by_the_sentence_naming_them():
    said = "The Russian official who saw Kim twice in June 2025 inspected a hypersonic missile system with Kim [P1]."
    check = _answered(DESCRIBED, said, [WEAPONS, JUNE])
    assert check.shown[1] == (
        "Kim's visit also featured a meeting with Russian Defense Minister Sergei Shoigu, during which they"
        " inspected weapons, including a hypersonic missile system [002.txt ¶18]."
    )


def test_no_naming_sentence_follows_an_answer_that_names_them_or_a_question_asking_who():
    named = "Sergei Shoigu inspected a hypersonic missile system with Kim [P1]."
    assert len(_answered(DESCRIBED, named, [WEAPONS]).shown) == 1
    asked = "Who was the official who inspected weapons with Kim?"
    said = "The official who inspected weapons with Kim saw a hypersonic missile system [P1]."
    assert len(_answered(asked, said, [WEAPONS]).shown) == 1


# ---- a year the question gets wrong ---------------------------------------------------------------
VISIT = para("002.txt", 2, "It was a rare visit. This visit, taking place in September 2023, solidified ties.")
TRAIN = para("002.txt", 14, "Kim waved goodbye from his heavily armored train to a Russian delegation.")
MISDATED = "How did Kim head home at the end of his September 2024 trip?"


def test_a_question_that_misdates_an_event_is_answered_undated_and_then_corrected():
    said = "Kim headed home at the end of his September 2024 trip by his heavily armored train [P2]."
    check = _answered(MISDATED, said, [VISIT, TRAIN])
    assert check.shown == [
        "Kim headed home at the end of his trip by his heavily armored train [002.txt ¶14].",
        "This visit, taking place in September 2023, solidified ties [002.txt ¶2].",
    ]


def test_a_month_and_year_some_paragraph_gives_is_no_misdating():
    assert cite.year_denied(MISDATED, [VISIT, TRAIN]) is not None
    signed = para("000.txt", 3, "The treaty was signed on September 19, 2024, in Pyongyang.")
    assert cite.year_denied(MISDATED, [VISIT, TRAIN], [signed]) is None  # the folder gives it
    dated = para("000.txt", 1, "Kim left.", date="2024-09-30")
    assert cite.year_denied(MISDATED, [VISIT, dated]) is None  # an article dated that month
    assert cite.year_denied("How did Kim head home in 2024?", [VISIT, TRAIN]) is None  # no month given


# ---- an answer that says only that much was said ----------------------------------------------------
KOZLOV = para(
    "002.txt",
    10,
    "Minister Alexander Kozlov, who accompanied Kim, noted that “a lot” had been discussed during the visit. While"
    " Kozlov did not mention military matters, he did mention discussions about grain supplies and air travel."
    " Additionally, long-muted infrastructure projects were on the table. The region's landscape may shift.",
)


def test_an_answer_that_says_only_that_a_lot_was_discussed_is_followed_by_what_was():
    check = _answered(
        "What did Kozlov say was discussed?", "Kozlov noted that “a lot” had been discussed [P1].", [KOZLOV]
    )
    # the next sentence, then those that add to it ("Additionally, …"), word for word; not the rest
    assert check.shown[1].startswith("While Kozlov did not mention military matters, he did mention discussions")
    assert check.shown[2].startswith("Additionally, long-muted infrastructure projects were on the table")
    assert len(check.shown) == 3 and check.cited == [KOZLOV]


def test_nothing_follows_an_answer_that_names_what_or_a_question_not_about_what_was_said():
    told = "Kozlov said grain supplies and air travel had been discussed [P1]."
    assert len(_answered("What did Kozlov say was discussed?", told, [KOZLOV]).shown) == 1
    vague = "Kozlov noted that “a lot” had been discussed [P1]."
    assert len(_answered("Which minister accompanied Kim?", vague, [KOZLOV]).shown) == 1


# ---- a day the question gets wrong ------------------------------------------------------------------
RELEASED = para(
    "003.txt",
    2,
    "North Korea on August 13 released details of a phone conversation the previous day between Kim Jong-un and"
    " Russian President Vladimir Putin. The disclosure appears to signal a strategy session.",
)
ALASKA = para(
    "003.txt",
    8,
    "Putin is scheduled to meet U.S. President Donald Trump in Alaska on August 15 to discuss proposals for"
    " ending the war in Ukraine.",
)
CALLED = "What did Kim and Putin discuss in their August 15 phone call?"
DATED_CALL = (
    "North Korea on August 13 released details of a phone conversation the previous day (August 12) between"
    " Kim Jong-un and Russian President Vladimir Putin"
)


def test_a_question_that_puts_an_event_on_another_day_is_corrected_by_the_sentence_that_dates_it():
    correction = cite.day_denied(CALLED, [RELEASED, ALASKA])
    assert correction is not None and correction.text == DATED_CALL + "."
    assert correction.cited == (RELEASED,)
    # the event before the date ("the phone call on August 15") as well as after it
    assert cite.day_denied("What did Kim and Putin say in their phone call on August 15?", [RELEASED, ALASKA])


def test_the_models_answer_on_the_wrong_day_is_dropped_and_the_day_is_corrected():
    said = "Kim and Putin spoke by phone on August 15 about ending the war in Ukraine [P2]."
    check = _answered(CALLED, said, [RELEASED, ALASKA])
    assert check.shown == [DATED_CALL + " [003.txt ¶2]."]


def test_no_day_is_corrected_where_the_paragraphs_tell_the_event_on_it_or_on_two_days():
    on_the_day = para("003.txt", 1, "Kim and Putin held a phone call on August 15 in a warm atmosphere.")
    assert cite.day_denied(CALLED, [RELEASED, ALASKA, on_the_day]) is None
    again = para("003.txt", 9, "A second phone call between Kim and Putin followed on August 20.")
    assert cite.day_denied(CALLED, [RELEASED, ALASKA, again]) is None  # which of two days was meant?
    # a question that asks when, names two days, or dates nothing but a name is no misdating
    assert cite.day_denied("When was their August 15 phone call?", [RELEASED, ALASKA]) is None
    assert cite.day_denied("Was the August 15 call before the August 25 summit?", [RELEASED, ALASKA]) is None
    assert cite.day_denied("What did Putin say on August 15?", [RELEASED, ALASKA]) is None
    # the correcting article must name everyone the question names
    assert cite.day_denied("What did Kim and Lee discuss in their August 15 phone call?", [RELEASED]) is None


# ---- a weekday no date line dates ----------------------------------------------------------------
BEGAN = para("002.txt", 4, "Kim's visit to Russia's far eastern region, which commenced on Tuesday, was long.")


def test_a_weekday_for_when_in_an_undated_article_is_followed_by_its_month_and_year():
    said = "Kim's visit began on Tuesday [P2]."
    check = _answered("When did Kim's visit begin?", said, [VISIT, BEGAN])
    assert check.shown[1] == "This visit, taking place in September 2023, solidified ties [002.txt ¶2]."


def test_no_month_and_year_follow_a_question_not_when_a_dated_article_or_two_such_sentences():
    asked = "When did Kim's visit begin?"
    assert len(_answered("What began on Tuesday?", "Kim's visit began on Tuesday [P2].", [VISIT, BEGAN]).shown) == 1
    dated = para("002.txt", 4, "Kim's visit, which commenced on Tuesday, was long.", date="2023-09-14")
    assert len(_answered(asked, "Kim's visit began on Tuesday [P2].", [VISIT, dated]).shown) == 1
    other = para("002.txt", 9, "Officials will meet in November 2023 in Pyongyang.")
    assert len(_answered(asked, "Kim's visit began on Tuesday [P2].", [VISIT, BEGAN, other]).shown) == 1


# ---- a post the question gets wrong ---------------------------------------------------------------
CULTURE = para(
    "000.txt",
    3,
    "It was a busy week. Kim met with Russian Culture Minister Olga Lyubimova at the Party headquarters"
    " on Sunday. They watched a concert.",
)


def test_a_post_the_paragraphs_give_the_person_only_as_another_is_corrected():
    corrected = cite.post_denied("What did Kim tell Russian Defense Minister Olga Lyubimova?", [CULTURE])
    assert corrected is not None and corrected.cited == (CULTURE,)
    assert corrected.text == "Kim met with Russian Culture Minister Olga Lyubimova at the Party headquarters on Sunday."
    # the post the paragraphs give, a nationality, a tenure or a question word: nothing to correct
    for question in (
        "What did Kim tell Culture Minister Olga Lyubimova?",
        "What did Kim tell Russian Minister Olga Lyubimova?",
        "What did Kim tell former Minister Olga Lyubimova?",
        "Did Minister Olga Lyubimova meet Kim?",
    ):
        assert cite.post_denied(question, [CULTURE]) is None, question


def test_the_correction_is_the_answer_and_nothing_the_model_says_to_the_premise_counts():
    check = cite.AnswerCheck([CULTURE], "What did Kim tell Russian Defense Minister Olga Lyubimova?", {1: 1})
    assert check.stopped  # the model can be stopped at once
    check.feed("Kim told Olga Lyubimova that ties would grow [P1].")
    check.finish()
    assert check.text == (
        "Kim met with Russian Culture Minister Olga Lyubimova at the Party headquarters on Sunday [000.txt ¶3]."
    )
    assert not cite.AnswerCheck([CULTURE], "Whom did Kim meet?", {1: 1}).stopped


def test_a_silence_the_paragraph_reports_is_no_response_a_yes_can_stand_on():
    silent = para(
        "000.txt", 16, "Pyongyang has remained silent on Trump's continued overtures to revive summit diplomacy."
    )
    question = "has pyongyang responded to trump's overtures about reviving summit diplomacy"
    said = Sentence("Yes, Pyongyang has responded to Trump's overtures about reviving summit diplomacy.", (1,))
    assert not check_sentence(said, [silent], question).kept
    assert {"respond", "repli"} <= cite.negated_terms(silent.text)
    assert not cite.negated_terms("A moment of applause followed.") & {"respond"}


def test_a_question_that_counts_an_event_as_another_place_in_a_series_is_corrected():
    second = para(
        "000.txt",
        12,
        "The Unification Ministry assessed that this marks Ju-ae's second official diplomatic activity, following "
        "the first in her visit to the Russian Embassy on May 8.",
        title="Kim Jong-un's daughter attends NK-Russia concert in 2nd official diplomatic outing",
    )
    corrected = cite.ordinal_denied("Why was the June concert Ju-ae's first diplomatic outing?", [second])
    assert corrected is not None and corrected.text == second.text
    # the series asked about, not an event put in it: nothing to deny
    assert cite.ordinal_denied("When did Ju-ae make her first diplomatic outing?", [second]) is None
    assert cite.ordinal_denied("Kim's daughter made her first diplomatic outing where?", [second]) is None
    # the question's place is the paragraphs' own
    assert cite.ordinal_denied("Why was the June concert Ju-ae's second diplomatic outing?", [second]) is None
    # no name shared: another person's series
    assert cite.ordinal_denied("Why was the June concert Choe's first diplomatic outing?", [second]) is None
    anniversary = para("000.txt", 3, "Kim met Lyubimova on Sunday, marking the first anniversary of the treaty.")
    # a place still to come is not denied by one passed
    assert cite.ordinal_denied("When will the Treaty mark its fifth anniversary?", [anniversary]) is None
    # a question that walks the series names no one place of it to deny
    walked = "how many days were there between ju-ae's first diplomatic outing and her second one at the concert?"
    assert cite.ordinal_denied(walked, [second]) is None
    # a name written in lower case is still a name, no word of the event
    assert cite.ordinal_denied("why was the june concert ju-ae's first diplomatic outing?", [second]) is not None
    check = cite.AnswerCheck([second], "Why was the June concert Ju-ae's first diplomatic outing?", {1: 1})
    check.feed("It was her first outing because she sat next to her father [P1].")
    check.finish()
    assert check.false_premise and [c.text for c in check.kept] == [second.text]


def test_names_are_read_from_how_the_paragraphs_write_them():
    paragraphs = [
        para("000.txt", 1, "Kim Jong-un attended the concert with Ju-ae. Many watched."),
        para("000.txt", 2, "Analysts said the concert drew Kim and many officials."),
    ]
    # written only capitalised, and not first in a sentence: a name
    assert {"ju", "ae", "kim", "jong", "un"} <= cite._proper_terms(tuple(paragraphs))
    # also in lower case, or capitalised only where a sentence starts: no name
    assert not {"concert", "mani", "analyst"} & cite._proper_terms(tuple(paragraphs))
    assert {"ju", "ae"} <= cite._question_names("was ju-ae at the concert?", paragraphs)
    assert "concert" not in cite._question_names("was ju-ae at the concert?", paragraphs)


def test_a_word_a_paragraph_gives_only_as_not_so_vouches_for_no_claim_that_it_is():
    kozlov = para(
        "002.txt",
        10,
        "While Kozlov did not explicitly mention agreements related to military matters, he did mention "
        "discussions about increasing grain supplies.",
    )
    assert cite.denied_only(kozlov.text) == {"agreement", "relat", "militari"}  # "mention" is told after
    q = "What did Kozlov say was discussed?"
    military = cite.Sentence("Kozlov said military agreements were discussed.", (1,))
    assert not cite.check_sentence(military, [kozlov], q).kept
    grain = cite.Sentence("Kozlov mentioned discussions about increasing grain supplies.", (1,))
    assert cite.check_sentence(grain, [kozlov], q).kept
    denied = cite.Sentence("Kozlov did not mention agreements related to military matters.", (1,))
    assert cite.check_sentence(denied, [kozlov], q).kept  # a claim that denies it too


def test_a_name_asked_for_is_answered_only_by_a_name_the_question_does_not_give():
    for asked in (
        "What was the name of the soldier whose notebook was shown?",
        "what's the name of kim jong un's wife",
        "Name of the Primorsky governor who gave Kim the drones?",
        "What is Kim's daughter's name?",
    ):
        assert cite.asks_for_name(asked), asked
    assert not cite.asks_for_name("Who gave Kim the drones?")  # a who: a post or a description answers too
    q = "What was the name of the soldier whose bloodstained notebook was shown at the gala?"
    assert not cite.gives_name("The notebook belonged to a fallen North Korean soldier.", q)
    assert cite.gives_name("The notebook belonged to Private Ri Chol-min.", q)
    juae = para("000.txt", 11, "Kim was accompanied by his daughter, believed to be named Ju-ae.")
    assert cite.gives_name("Ju-ae [000.txt ¶11].", "What is the name of Kim's daughter?", [juae])  # first, a name
    assert not cite.gives_name("Accompanied by his daughter.", "What is the name of Kim's daughter?", [juae])
    gala = para(
        "001.txt", 2, "The gala showed a bloodstained notebook believed to belong to a fallen North Korean soldier."
    )
    check = cite.AnswerCheck([gala], q, {1: 1})
    shown = check.feed("The bloodstained notebook shown at the gala belonged to a fallen North Korean soldier [P1].")
    shown += check.finish()
    assert not shown and not check.kept  # supported, yet no answer to what was asked


def test_what_was_said_is_answered_only_by_a_sentence_that_tells_it():
    met = para("000.txt", 15, "Kim met Russia's top security official, Sergei Shoigu, on June 4 and 17 in Pyongyang.")
    asked = "What did Kim and Shoigu talk about when they met on June 4?"
    assert cite.asks_what_was_said(asked)
    assert cite.asks_what_was_said("What did Trump's letter to Kim say?")
    assert cite.asks_what_was_said("What did Kozlov say had been discussed?")
    for other in ("What deal did Putin and Kim sign, and does it contain a defense pledge?", "What did Kim watch?"):
        assert not cite.asks_what_was_said(other), other
    check = cite.AnswerCheck([met], asked, {1: 1})
    check.feed("Kim met with Russia's top security official, Sergei Shoigu, on June 4 [P1].")
    check.finish()
    assert not check.shown and not check.kept  # that they met is no answer to what they said
    talks = para("002.txt", 10, "Kozlov said a lot had been discussed, including grain supplies and air travel.")
    check = cite.AnswerCheck([talks], "What did Kozlov say was discussed?", {1: 1})
    check.feed("Grain supplies and air travel were discussed, Kozlov said [P1].")
    check.finish()
    assert [c.cited for c in check.kept] == [(talks,)]
    assert cite.tells_what_was_said("“We are friends,” he wrote.")
    assert not cite.tells_what_was_said("The letter was reported by the media.")  # that it was reported, not what


def test_a_question_that_puts_an_event_where_no_paragraph_puts_anything_is_corrected():
    met = para(
        "000.txt",
        3,
        "Kim met with Russian Culture Minister Olga Lyubimova at the headquarters of the Party Central Committee "
        "in Pyongyang on Sunday, North Korean state media reported Monday.",
    )
    aligned = para("000.txt", 2, "Kim put Pyongyang's growing alignment with Moscow on full display.")
    folder = [met, aligned]
    asked = "What did Kim Jong-un tell Olga Lyubimova when the two met in Moscow?"
    corrected = cite.place_denied(asked, [met], folder)
    assert corrected is not None and corrected.cited == (met,)
    # lower case, a name and a place alike
    assert cite.place_denied("what did kim tell lyubimova when they met in moscow?", [met], folder) is not None
    # the folder puts something in the question's place: not the folder's to deny
    told = para("001.txt", 4, "Kim flew to Moscow in 2019 for talks.")
    assert cite.place_denied(asked, [met], [*folder, told]) is None
    # the folder tells the event with that place, by another turn of phrase: what it meant
    there = para("001.txt", 5, "Kim and Lyubimova met again, this time Moscow hosting.")
    assert cite.place_denied(asked, [met], [*folder, there]) is None
    for alone in (
        "Did Kim meet Lyubimova in Pyongyang or in Moscow?",  # a place offered, none claimed
        "If Kim met Lyubimova in Moscow, what would they discuss?",  # supposed
        "Will Kim meet Lyubimova in Moscow?",  # still to come
        "What did Putin tell Lyubimova when they met in Moscow?",  # no sentence names Putin
        "What did Kim sing with Lyubimova in Moscow?",  # no word of the event told
        "What did Kim say according to Moscow?",  # no place: "according to"
    ):
        assert cite.place_denied(alone, [met], folder) is None, alone
    # the place must follow the event's word: "has left a lasting mark" is no leaving of a place
    left = para("002.txt", 2, "In a visit to Russia, Kim has left a lasting mark on diplomacy.")
    assert cite.place_denied("What was the weather in Vladivostok when Kim left?", [left], [left]) is None
    # a trip is the paragraphs' visit; the fullest place of several; the question's year in the article
    visit = para(
        "002.txt",
        2,
        "In a six-day visit to Russia, Kim left a mark. Kim's visit to Russia's far eastern region began"
        " on Tuesday, in September 2023.",
    )
    trip = "What did Kim do during his September 2023 trip to Moscow?"
    corrected = cite.place_denied(trip, [visit], [visit])
    assert corrected is not None and corrected.text.startswith("Kim's visit to Russia's far eastern region")
    assert cite.place_denied(trip.replace("2023", "2019"), [visit], [visit]) is None
    check = cite.AnswerCheck([met], asked, {1: 1}, written=folder)
    check.feed("Kim told Lyubimova that ties would grow [P1].")
    check.finish()
    assert check.false_premise and [c.text for c in check.kept] == [met.text]


def test_a_question_that_gives_a_figure_no_paragraph_gives_of_it_is_corrected():
    delegation = para(
        "000.txt", 6, "The Russian Embassy in Pyongyang confirmed a large Russian delegation comprising 125 people."
    )
    other = para("000.txt", 9, "Some 1,500 people watched the concert in Pyongyang.")
    asked = "The Russian delegation to Pyongyang had 215 members. How many were dancers?"
    corrected = cite.figure_denied(asked, [delegation, other], [delegation, other])
    assert corrected is not None and corrected.cited == (delegation,)
    # the question's figure of it, given somewhere in the folder: nothing to correct
    assert cite.figure_denied(asked.replace("215", "125"), [delegation], [delegation]) is None
    told = para("000.txt", 12, "An earlier report spoke of a delegation of 215 members.")
    assert cite.figure_denied(asked, [delegation], [delegation, told]) is None
    # supposed, offered as one of two, bounded, or of nothing named: no premise to deny
    for alone in (
        "If the delegation had 215 members, how many were dancers?",
        "Did the Russian delegation have 215 members or 125?",
        "Did the Russian delegation have more than 215 members?",
        "How many of the 215 members were dancers?",
    ):
        assert cite.figure_denied(alone, [delegation], [delegation]) is None, alone
    check = cite.AnswerCheck([delegation], asked, {1: 1}, written=[delegation])
    check.feed("The delegation had 215 members, of which 125 were dancers [P1].")
    check.finish()
    assert check.false_premise and [c.text for c in check.kept] == [delegation.text]
