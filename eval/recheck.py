"""Replay a saved eval run's raw model answers through the current citation check.

Checker and abstention changes are measured on the answers the model already gave, in seconds
instead of the minutes a model run takes; the model's text is the same, only what qa makes of
it changes. Tune on ``--split dev`` runs only: the test split is scored, never tuned on.

    python eval/recheck.py eval/runs/dev            # prints old → new metrics, and flips
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path

from qa.answer import Answer, Timings
from qa.assistant import Assistant, checked_answer
from qa.evaluate import Record, aggregate, load_gold, retrieval_metrics, score_answer
from qa.retrieve import Passage, agree

GOLD = Path(__file__).with_name("gold.jsonl")


def replay(assistant: Assistant, saved: dict, strategy: str, said: Sequence[str] = ()) -> Answer:
    """The answer qa would give now for the model text saved in ``saved``; ``said``: what the
    earlier halves of a compound answer showed."""
    timings = Timings(**{k: v or 0.0 for k, v in saved["timings"].items()})
    if saved.get("parts"):  # a compound question: each half was asked and checked on its own
        parts: list[Answer] = []
        for part in saved["parts"]:
            parts.append(replay(assistant, part, strategy, [s for a in parts for s in a.sentences]))
        return Answer.joined(saved["question"], parts, timings)
    question = saved.get("standalone_question") or saved["question"]
    # a retried answer was written from a top-k prompt of the passages saved with it
    resident = strategy in ("auto", "article", "resident", "lazy") and not saved.get("retried")
    if resident and strategy == "lazy":  # a folder too big to read whole: one article, or top-k
        resident = agree(assistant.retrieve(question).passages)
    if resident:  # as qa does now: retrieve again (the same index gives the same passages), then
        # the top k (of the one article read) and their neighbours
        top = assistant.retrieve(question).passages
        one = strategy in ("article", "lazy") or (strategy == "auto" and agree(top))
        pool = assistant.check_pool(top, top[0].paragraph.file if one and top else None)
    else:  # the passages the model was shown, in the order its tags number them
        find = assistant.index.find
        pool = tuple(
            Passage(
                paragraph=find(p["file"], p["paragraph"]),
                rank=i,
                score=p["score"],
                dense=p["dense"],
                lexical=p["lexical"],
            )
            for i, p in enumerate(saved["passages"], start=1)
        )
    passages = [p.paragraph for p in pool]
    tags = assistant.passage_tags(passages, resident=resident)
    # a "why" whose premise the model denied: the saved text answers the yes-no premise question
    premise = saved.get("premise")
    check = assistant.answer_check(passages, premise or question, tags, said, denying=bool(premise))
    check.feed(saved["raw"])
    # a recital abstains here: qa would ask again with a top-k prompt, a model run
    check.finish(cut=bool(saved.get("cut")))
    return checked_answer(
        check,
        question=saved["question"],
        passages=pool,
        timings=timings,
        retried=bool(saved.get("retried")),
        premise=saved.get("premise", ""),
    )


def main(argv: list[str] | None = None, assistant: Assistant | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("run", type=Path, help="an eval output folder holding answers.jsonl")
    parser.add_argument(
        "--strategy",
        choices=["auto", "article", "resident", "topk", "lazy"],
        default="auto",
        help="how the run's model read the articles (qa's default is auto; lazy: auto with a folder too big"
        " to read whole, so one article or a top-k prompt)",
    )
    parser.add_argument("--gold", type=Path, default=GOLD, help="the gold file the run was scored on")
    args = parser.parse_args(argv)
    rows = [json.loads(line) for line in (args.run / "answers.jsonl").read_text().splitlines()]
    gold = {g.id: g for g in load_gold(args.gold)}
    assistant = assistant or Assistant()
    old, new = [], []
    for row in rows:
        item = gold[row["id"]]
        for records, answer in ((old, None), (new, replay(assistant, row["answer"], args.strategy))):
            record = Record(item)
            record.retrieval = dict(row["retrieval"]) or (
                retrieval_metrics([], item.supporting) if item.answerable and item.supporting else {}
            )
            if answer is None:
                record.correct, record.crag = row["correct"], row["crag"]
                record.cite_precision, record.cite_recall = row["cite_precision"], row["cite_recall"]
                record.answer = Answer(
                    question=item.question, text=row["answer"]["answer"], abstained=row["answer"]["abstained"]
                )
            else:
                score_answer(record, answer)
            records.append(record)
    before, after = aggregate(old, False), aggregate(new, False)
    for group in ("answers", "citations", "abstention"):
        for key, value in after[group].items():
            print(f"{group}.{key}: {before[group][key]} -> {value}")
    for a, b in zip(old, new, strict=True):
        if a.correct != b.correct or a.answer.text != b.answer.text:
            print(f"\n{b.item.id} [{b.item.type}] {a.correct} -> {b.correct}: {b.item.question}")
            print(f"  was: {a.answer.text[:240]}")
            print(f"  now: {b.answer.text[:240]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
