"""eval/recheck.py: a saved eval run replayed through the checker gives the answers qa gave."""

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "eval"))

import pytest  # noqa: E402
import recheck  # noqa: E402

from qa import Assistant, Settings  # noqa: E402
from qa.evaluate import Evaluator, load_gold, write_outputs  # noqa: E402
from tests.conftest import KeywordEmbedder, ResidentQueueGenerator  # noqa: E402


def test_replay_reproduces_the_run_and_follows_the_raw_text(fake_assistant, tmp_path: Path, capsys):
    gold = [g for g in load_gold(recheck.GOLD) if g.id in ("q024", "q097")]
    replies = [
        "Ju-ae's first diplomatic outing was on May 8 for Russia's Victory Day at the Russian Embassy [P1].",
        "The delegation that arrived in Pyongyang on September 13 was led by Sergei Shoigu [P1].",
    ]
    assistant = fake_assistant(replies)
    metrics, records = Evaluator(assistant, gold).run()
    write_outputs(tmp_path, metrics, records)
    rows = [json.loads(line) for line in (tmp_path / "answers.jsonl").read_text().splitlines()]

    for row, record in zip(rows, records, strict=True):
        again = recheck.replay(assistant, row["answer"], "topk")
        assert again.text == record.answer.text and again.abstained == record.answer.abstained
        assert [c.label for c in again.citations] == [c.label for c in record.answer.citations]
    assert not records[0].answer.abstained and "¶12" in records[0].answer.text

    fragment = rows[0]["answer"]["raw"] + " She went there with her"
    cut = dict(rows[0]["answer"], raw=fragment, cut=True)  # the token limit ended the model's text there
    again = recheck.replay(assistant, cut, "topk")
    assert again.cut and again.text == records[0].answer.text and again.dropped == ("She went there with her",)
    assert not recheck.replay(assistant, dict(cut, cut=False), "topk").cut

    invented = dict(rows[0]["answer"], raw="Ju-ae's first outing was on May 8 at a Gazprom office in Omsk [P1].")
    assert recheck.replay(assistant, invented, "topk").abstained  # the replay checks the text it is given

    assert recheck.main([str(tmp_path), "--strategy", "topk"], assistant=assistant) == 0
    out = capsys.readouterr().out
    assert "answers.key_fact_accuracy:" in out and "abstention.recall:" in out


@pytest.mark.parametrize("agrees", [True, False])
@pytest.mark.parametrize("lazy", [False, True])
def test_replay_of_an_auto_run_rebuilds_the_pool_qa_checked_against(
    tmp_path: Path, seeds_copy, monkeypatch, agrees, lazy
):
    # One article read (or all of them): the saved passages are the pool, not the retrieval, so
    # the replay must retrieve again to know which passages were the top ones. With a folder too
    # big to read whole ("lazy"), a question whose top passages spread got a top-k prompt.
    monkeypatch.setattr("qa.assistant.agree", lambda passages: agrees)
    monkeypatch.setattr("recheck.agree", lambda passages: agrees)
    gold = [g for g in load_gold(recheck.GOLD) if g.id in ("q024", "q097")]
    s = Settings.from_env(corpus=seeds_copy, home=tmp_path / "qa-home")
    replies = [
        "Ju-ae's first diplomatic outing was on May 8 for Russia's Victory Day at the Russian Embassy [P1].",
        "The delegation that arrived in Pyongyang on September 13 was led by Sergei Shoigu [P1].",
    ]
    generator = ResidentQueueGenerator(replies, n_tokens_per_char=0.5 if lazy else 0.25)
    assistant = Assistant(s, embedder=KeywordEmbedder(), generator=generator)
    metrics, records = Evaluator(assistant, gold).run()
    assert assistant.strategy == "auto" and assistant.lazy_articles == lazy
    write_outputs(tmp_path / "run", metrics, records)
    rows = [json.loads(line) for line in (tmp_path / "run" / "answers.jsonl").read_text().splitlines()]
    for row, record in zip(rows, records, strict=True):
        again = recheck.replay(assistant, row["answer"], "lazy" if lazy else "auto")
        assert [p.paragraph.id for p in again.passages] == [p.paragraph.id for p in record.answer.passages]
        assert again.text == record.answer.text and again.abstained == record.answer.abstained


def test_a_compound_answer_is_replayed_half_by_half(fake_assistant):
    from tests.test_assistant import BOTH, JUAE_REPLY, ROLE, ROLE_REPLY, juae_tag, tag_of

    assistant = fake_assistant()
    first = JUAE_REPLY.format(n=juae_tag(assistant, "When did Ju-ae make her first diplomatic outing?"))
    second = ROLE_REPLY.format(n=tag_of(assistant, ROLE, "001_679a087cb559579e.txt", 9))
    assistant._generator.replies += [first, ROLE, second]
    answer = assistant.ask(BOTH)
    saved = json.loads(json.dumps(answer.to_dict(details=True)))
    again = recheck.replay(assistant, saved, "topk")
    assert again.text == answer.text and len(again.parts) == 2 and "successor" in again.text

    saved["parts"][1]["raw"] = "Observers think she will run a Gazprom office in Omsk [P1]."
    again = recheck.replay(assistant, saved, "topk")
    assert "May 8" in again.text and "Omsk" not in again.text and not again.abstained

    saved["parts"][1]["raw"] = first  # the second half restating the first: shown once, as qa does
    again = recheck.replay(assistant, saved, "topk")
    assert again.text.count("May 8") == 1 and "No cited answer" not in again.text


def test_an_answer_asked_again_with_the_top_k_prompt_replays_from_the_passages_it_was_given(tmp_path, seeds_copy):
    from tests.test_assistant_resident import REPLY, Q

    s = Settings.from_env(corpus=seeds_copy, home=tmp_path / "qa-home")
    assistant = Assistant(s, embedder=KeywordEmbedder(), generator=ResidentQueueGenerator())
    top = [p.paragraph for p in assistant.retrieve(Q).passages]
    n = next(i for i, p in enumerate(top, 1) if (p.file, p.number) == ("000_f6d7438db1f1dcb4.txt", 12))
    assistant._generator.replies += ["P1 [P1]", REPLY.format(n=n)]  # tags alone: asked again, top-k
    answer = assistant.ask(Q)
    assert answer.retried and "¶12" in answer.text
    again = recheck.replay(assistant, json.loads(json.dumps(answer.to_dict(details=True))), "auto")
    assert again.retried and again.text == answer.text  # P{n} read in the top-k prompt's numbering
    assert [p.paragraph.id for p in again.passages] == [p.id for p in top]  # not the resident pool


def test_replay_of_a_denied_premise_checks_the_denial_against_the_yes_no_question(fake_assistant):
    why = "Why was Ju-ae's first diplomatic outing held at the Chinese Embassy?"
    assistant = fake_assistant()
    n = next(
        i
        for i, p in enumerate(assistant.retrieve(why).passages, 1)
        if (p.paragraph.file, p.paragraph.number) == ("000_f6d7438db1f1dcb4.txt", 12)
    )
    assistant._generator.replies.append(f"No, her first outing was to the Russian Embassy on May 8 [P{n}].")
    answer = assistant.ask(why)
    assert answer.premise and not answer.abstained
    again = recheck.replay(assistant, answer.to_dict(details=True), "topk")
    assert again.text == answer.text and again.premise == answer.premise
