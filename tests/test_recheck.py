"""eval/recheck.py: a saved eval run replayed through the checker gives the answers qa gave."""

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "eval"))

import recheck  # noqa: E402

from qa.evaluate import Evaluator, load_gold, write_outputs  # noqa: E402


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

    invented = dict(rows[0]["answer"], raw="Ju-ae's first outing was on May 8 at a Gazprom office in Omsk [P1].")
    assert recheck.replay(assistant, invented, "topk").abstained  # the replay checks the text it is given

    assert recheck.main([str(tmp_path), "--strategy", "topk"], assistant=assistant) == 0
    out = capsys.readouterr().out
    assert "answers.key_fact_accuracy:" in out and "abstention.recall:" in out
