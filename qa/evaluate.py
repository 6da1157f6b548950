"""Score the assistant on a gold file: retrieval, answers, citations, abstention, latency.

A plain object over plain data (``GoldItem`` lists in, a metrics dict out), run through the
same ``Assistant.ask`` as the CLI. The gold format is documented in eval/README.md.
"""

from __future__ import annotations

import json
import math
import platform
import re
import string
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path

from qa.answer import Answer, Citation
from qa.assistant import Assistant
from qa.cite import strip_rendered
from qa.errors import ConfigError
from qa.models import DEFAULT_MODEL
from qa.progress import Notify, ProgressFactory, quiet, silent
from qa.text import light_stem

TYPES = ("fact", "date", "number", "list", "multi_hop", "reasoning", "unanswerable", "false_premise")
SPLITS = ("dev", "test", "all")
KS = (1, 3, 5, 10)
FIELDS = ("id", "question", "type", "answerable", "answer", "key_facts", "supporting", "split")


@dataclass(frozen=True)
class GoldItem:
    id: str
    question: str
    type: str
    answerable: bool
    answer: str
    key_facts: tuple[tuple[str, ...], ...]
    supporting: tuple[tuple[str, int], ...]
    split: str
    # content hash of each supporting paragraph when the gold was written ("" if not given)
    supporting_hashes: tuple[str, ...] = ()
    # earlier turns (question, answer) of a conversation: the question is their follow-up
    history: tuple[tuple[str, str], ...] = ()

    @property
    def articles(self) -> tuple[str, ...]:
        return tuple(sorted({f for f, _ in self.supporting})) or ("(none)",)


def load_gold(path: Path, split: str = "all") -> list[GoldItem]:
    """Read and validate a gold JSONL file; each problem names its line."""
    if split not in SPLITS:
        raise ConfigError(f"split must be one of {', '.join(SPLITS)}, not {split!r}")
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"cannot read gold file {path}: {exc}", path=path) from exc
    items: list[GoldItem] = []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        where = f"{path.name} line {number}"
        try:
            data = json.loads(line)
        except json.JSONDecodeError as exc:
            raise ConfigError(f"{where}: not valid JSON ({exc.msg})", path=path) from None
        missing = [f for f in ("id", "question", "answerable") if f not in data]
        if missing:
            raise ConfigError(f"{where}: missing field(s) {', '.join(missing)}", path=path)
        try:
            item = GoldItem(
                id=str(data["id"]),
                question=str(data["question"]),
                type=str(data.get("type", "fact" if data["answerable"] else "unanswerable")),
                answerable=bool(data["answerable"]),
                answer=str(data.get("answer", "")),
                key_facts=tuple(tuple(str(a) for a in fact) for fact in data.get("key_facts", [])),
                supporting=tuple((str(ref[0]), int(ref[1])) for ref in data.get("supporting", [])),
                split=str(data.get("split", "test")),
                supporting_hashes=tuple(str(ref[2]) if len(ref) > 2 else "" for ref in data.get("supporting", [])),
                history=tuple((str(turn[0]), str(turn[1])) for turn in data.get("history", [])),
            )
        except (TypeError, ValueError, IndexError) as exc:
            raise ConfigError(f"{where}: malformed field ({exc})", path=path) from None
        if split == "all" or item.split == split:
            items.append(item)
    if not items:
        raise ConfigError(f"no questions in {path} for split {split!r}", path=path)
    return items


# ---- answer scoring (SQuAD normalisation) ---------------------------------------------------
ORDINAL = re.compile(r"^(\d+)(?:st|nd|rd|th)$")


def normalize_answer(text: str) -> str:
    text = text.lower().replace("’", "'").replace("–", "-").replace("—", "-")
    text = "".join(" " if ch in string.punctuation and ch not in "'" else ch for ch in text).replace("'", "")
    text = re.sub(r"\b(a|an|the)\b", " ", text)
    return " ".join(text.split())


def _stems(text: str) -> str:
    """Light stems, and ordinals as their number: "the 80th" states the alias "80"."""
    return " ".join(light_stem(ORDINAL.sub(r"\1", w)) for w in normalize_answer(text).split())


def fact_present(answer: str, aliases: Sequence[str]) -> bool:
    """Any alias occurs as whole words, singular and plural alike ("drone" ~ "drones")."""
    norm = f" {_stems(answer)} "
    return any(f" {_stems(alias)} " in norm for alias in aliases if _stems(alias))


def key_fact_accuracy(answer: str, key_facts: Sequence[Sequence[str]]) -> bool:
    return bool(key_facts) and all(fact_present(answer, aliases) for aliases in key_facts)


def exact_match(prediction: str, truth: str) -> float:
    return float(normalize_answer(prediction) == normalize_answer(truth))


def token_f1(prediction: str, truth: str) -> float:
    pred, gold = normalize_answer(prediction).split(), normalize_answer(truth).split()
    common = Counter(pred) & Counter(gold)
    same = sum(common.values())
    if not pred or not gold or not same:
        return float(pred == gold)
    precision, recall = same / len(pred), same / len(gold)
    return 2 * precision * recall / (precision + recall)


# ---- retrieval metrics ----------------------------------------------------------------------
def retrieval_metrics(ranked: Sequence[tuple[str, int]], relevant: Iterable[tuple[str, int]]) -> dict[str, float]:
    """recall@k, MRR@10 and binary nDCG@10 for one question."""
    rel = set(relevant)
    out: dict[str, float] = {}
    for k in KS:
        out[f"recall@{k}"] = len(rel & set(ranked[:k])) / len(rel)
    rr = 0.0
    for i, doc in enumerate(ranked[:10], start=1):
        if doc in rel:
            rr = 1.0 / i
            break
    out["mrr@10"] = rr
    dcg = sum(1.0 / math.log2(i + 1) for i, doc in enumerate(ranked[:10], start=1) if doc in rel)
    ideal = sum(1.0 / math.log2(i + 1) for i in range(1, min(len(rel), 10) + 1))
    out["ndcg@10"] = dcg / ideal
    return out


def percentile(values: Sequence[float], q: float) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    pos = (len(ordered) - 1) * q
    lo, hi = math.floor(pos), math.ceil(pos)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (pos - lo)


def _mean(values: Iterable[float]) -> float | None:
    values = list(values)
    return round(sum(values) / len(values), 4) if values else None


# ---- one question's record ------------------------------------------------------------------
@dataclass
class Record:
    item: GoldItem
    retrieval: dict[str, float] = field(default_factory=dict)
    answer: Answer | None = None
    correct: bool = False
    em: float = 0.0
    f1: float = 0.0
    cite_precision: float | None = None
    cite_recall: float | None = None
    checker_support: float | None = None
    crag: int = 0

    @property
    def abstained(self) -> bool:
        return self.answer is not None and self.answer.abstained

    @property
    def failed(self) -> bool:
        if self.answer is None:
            return self.item.answerable and self.retrieval.get("recall@5", 1.0) < 1.0
        return self.crag < 1 or (self.cite_precision is not None and self.cite_precision < 1.0)

    def to_dict(self) -> dict:
        data = {"id": self.item.id, "type": self.item.type, "split": self.item.split, "question": self.item.question}
        data["retrieval"] = {k: round(v, 4) for k, v in self.retrieval.items()}
        if self.answer is not None:
            data.update(
                answer=self.answer.to_dict(details=True),
                correct=self.correct,
                em=self.em,
                f1=round(self.f1, 4),
                cite_precision=self.cite_precision,
                cite_recall=self.cite_recall,
                crag=self.crag,
            )
        return data


def score_answer(record: Record, answer: Answer) -> None:
    item = record.item
    record.answer = answer
    plain = strip_rendered(answer.stated)
    if item.answerable:
        record.correct = not answer.abstained and key_fact_accuracy(plain, item.key_facts)
        record.em = exact_match(plain, item.answer)
        record.f1 = token_f1(plain, item.answer)
        record.crag = 0 if answer.abstained else (1 if record.correct else -1)
    else:
        record.correct = answer.abstained
        record.crag = 1 if answer.abstained else -1
    cited = set(answer.places)
    gold = set(item.supporting)
    if cited and gold:
        record.cite_precision = len(cited & gold) / len(cited)
    if gold:
        record.cite_recall = len(cited & gold) / len(gold)
    statuses = [status for status, _ in answer.checks if status != "meta"]
    if statuses:
        record.checker_support = sum(1 for s in statuses if s == "ok") / len(statuses)


# ---- aggregation ----------------------------------------------------------------------------
def aggregate(records: Sequence[Record], retrieval_only: bool) -> dict:
    answerable = [r for r in records if r.item.answerable]
    out: dict = {"questions": len(records), "answerable": len(answerable)}
    if answerable:
        out["retrieval"] = {
            key: _mean(r.retrieval[key] for r in answerable)
            for key in answerable[0].retrieval
            if answerable[0].retrieval
        }
    if retrieval_only:
        return out
    unans = [r for r in records if not r.item.answerable]
    abstained = [r for r in records if r.abstained]
    out["answers"] = {
        "key_fact_accuracy": _mean(float(r.correct) for r in answerable),
        # the rule: a false premise is answered by correcting it, or by declining to answer
        "accepted": _mean(float(r.correct or (r.item.type == "false_premise" and r.abstained)) for r in answerable),
        "exact_match": _mean(r.em for r in answerable),
        "f1": _mean(r.f1 for r in answerable),
    }
    out["citations"] = {
        "precision": _mean(r.cite_precision for r in answerable if r.cite_precision is not None),
        "recall": _mean(r.cite_recall for r in answerable if r.cite_recall is not None),
        "checker_accepted_as_cited": _mean(r.checker_support for r in records if r.checker_support is not None),
    }
    p, rc = out["citations"]["precision"], out["citations"]["recall"]
    out["citations"]["f1"] = round(2 * p * rc / (p + rc), 4) if p and rc else None
    true_abstain = [r for r in abstained if not r.item.answerable]
    out["abstention"] = {
        "precision": round(len(true_abstain) / len(abstained), 4) if abstained else None,
        "recall": round(len(true_abstain) / len(unans), 4) if unans else None,
        "false_abstention_rate": _mean(float(r.answer.abstained) for r in answerable if r.answer),
        "crag_score": _mean(r.crag for r in records),
    }
    first = [r.answer.timings.first_token_ms for r in records if r.answer and r.answer.timings.first_token_ms]
    total = [r.answer.timings.total_ms for r in records if r.answer]
    out["latency_ms"] = {
        "first_token_p50": _round(percentile(first, 0.5)),
        "first_token_p90": _round(percentile(first, 0.9)),
        "answer_p50": _round(percentile(total, 0.5)),
        "answer_p90": _round(percentile(total, 0.9)),
    }
    return out


def _round(v: float | None) -> float | None:
    return None if v is None else round(v, 1)


def breakdown(records: Sequence[Record], key: Callable[[Record], Iterable[str]], retrieval_only: bool) -> dict:
    groups: dict[str, list[Record]] = defaultdict(list)
    for r in records:
        for k in key(r):
            groups[k].append(r)
    return {k: aggregate(v, retrieval_only) for k, v in sorted(groups.items())}


# ---- the evaluator --------------------------------------------------------------------------
class Evaluator:
    """Runs gold questions through an Assistant and writes metrics.json and report.md."""

    def __init__(self, assistant: Assistant, items: Sequence[GoldItem], *, retrieval_only: bool = False) -> None:
        self.assistant = assistant
        self.items = list(items)
        self.retrieval_only = retrieval_only

    def stale_gold(self) -> dict[str, list[str]]:
        """Gold items whose supporting paragraphs changed since the gold was written.

        Scoring them would compare answers and citations with text that no longer says what
        the gold assumed; they are left out and listed instead.
        """
        stale: dict[str, list[str]] = {}
        for item in self.items:
            refs = [
                Citation(file=f, paragraph=n, text="", hash=h)
                for (f, n), h in zip(item.supporting, item.supporting_hashes, strict=False)
                if h
            ]
            for check in self.assistant.check_citations(refs) if refs else ():
                if check.stale:
                    stale.setdefault(item.id, []).append(check.describe())
        return stale

    def run(self, progress: ProgressFactory = silent, notify: Notify = quiet) -> tuple[dict, list[Record]]:
        records = []
        stale = self.stale_gold()
        for item_id, reasons in stale.items():
            notify(f"Skipping gold {item_id}: {'; '.join(reasons)}")
        items = [i for i in self.items if i.id not in stale]
        label = "Scoring retrieval" if self.retrieval_only else "Answering gold questions"
        with progress(label, len(items)) as task:
            for item in items:
                record = Record(item)
                answer = None if self.retrieval_only else self.assistant.ask(item.question, history=item.history)
                # a follow-up is retrieved as the model rewrote it; with no model, it is not scored
                query = answer.standalone_question if answer is not None and item.history else item.question
                if item.answerable and item.supporting and (answer is not None or not item.history):
                    ranked = [
                        (p.paragraph.file, p.paragraph.number) for p in self.assistant.retrieve(query, 10).passages
                    ]
                    record.retrieval = retrieval_metrics(ranked, item.supporting)
                if answer is not None:
                    score_answer(record, answer)
                records.append(record)
                task.advance(1)
        metrics = {
            "overall": aggregate(records, self.retrieval_only),
            "by_type": breakdown(records, lambda r: [r.item.type], self.retrieval_only),
            "by_article": breakdown(records, lambda r: r.item.articles, self.retrieval_only),
            "run": self.run_info(),
            "stale_gold": stale,
        }
        return metrics, records

    def run_info(self) -> dict:
        a = self.assistant
        s = a.settings
        info = {
            "date": time.strftime("%Y-%m-%d %H:%M:%S %Z"),
            "machine": f"{platform.machine()} {platform.processor() or ''}".strip() + f", {_cpus()} cores",
            "index_fingerprint": a.index.manifest.fingerprint,
            "embedder": a.index.manifest.embedder,
            "settings": {k: str(v) for k, v in asdict(s).items()},
            "retrieval_only": self.retrieval_only,
        }
        if not self.retrieval_only:
            info["model"] = a.model_path.name
            info["model_sha256"] = DEFAULT_MODEL.sha256 if s.model is None else (s.model_sha256 or "(not given)")
        return info


def _cpus() -> int:
    import os

    return os.cpu_count() or 1


def write_outputs(out_dir: Path, metrics: dict, records: Sequence[Record], command: str = "") -> None:
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / "metrics.json").write_text(json.dumps(metrics, indent=1, ensure_ascii=False))
    with open(out_dir / "answers.jsonl", "w", encoding="utf-8") as fh:
        for r in records:
            fh.write(json.dumps(r.to_dict(), ensure_ascii=False) + "\n")
    (out_dir / "report.md").write_text(render_report(metrics, records, command), encoding="utf-8")


def _table(rows: dict[str, dict], columns: list[tuple[str, str, str]]) -> list[str]:
    head = "| group | n | " + " | ".join(c[0] for c in columns) + " |"
    lines = [head, "|" + "---|" * (len(columns) + 2)]
    for name, m in rows.items():
        cells = []
        for _, section, key in columns:
            v = m.get(section, {}).get(key) if section else m.get(key)
            cells.append("–" if v is None else (f"{v:.3f}" if isinstance(v, float) else str(v)))
        lines.append(f"| {name} | {m['questions']} | " + " | ".join(cells) + " |")
    return lines


def render_report(metrics: dict, records: Sequence[Record], command: str = "") -> str:
    run = metrics["run"]
    o = metrics["overall"]
    lines = ["# qa eval report", ""]
    if command:
        lines += [f"Command: `{command}`", ""]
    lines += [
        f"- date: {run['date']}; machine: {run['machine']}",
        f"- index fingerprint: {run['index_fingerprint']} ({run['embedder']})",
    ]
    if "model" in run:
        lines.append(f"- model: {run['model']} (sha256 {run['model_sha256']})")
    lines += ["", "## Overall", "", "```json", json.dumps(o, indent=1), "```", ""]
    if run["retrieval_only"]:
        cols = [(k, "retrieval", k) for k in ("recall@1", "recall@5", "recall@10", "mrr@10")]
    else:
        cols = [
            ("key facts", "answers", "key_fact_accuracy"),
            ("accepted", "answers", "accepted"),
            ("cite P", "citations", "precision"),
            ("cite R", "citations", "recall"),
            ("abstain R", "abstention", "recall"),
            ("false abst.", "abstention", "false_abstention_rate"),
            ("CRAG", "abstention", "crag_score"),
            ("recall@5", "retrieval", "recall@5"),
        ]
    lines += ["## By type", ""] + _table(metrics["by_type"], cols) + [""]
    lines += ["## By article", ""] + _table(metrics["by_article"], cols) + [""]
    failed = [r for r in records if r.failed]
    lines += [f"## Failed questions ({len(failed)})", ""]
    for r in failed:
        lines.append(f"### {r.item.id} ({r.item.type}, {r.item.split}): {r.item.question}")
        lines.append(f"- expected: {r.item.answer or '(abstain)'}; supporting: {list(r.item.supporting)}")
        for question, answer in r.item.history:
            lines.append(f"- after: {question} → {answer}")
        if r.answer is not None:
            if r.item.history:
                lines.append(f"- understood as: {r.answer.standalone_question}")
            lines.append(f"- answer: {r.answer.text}")
            lines.append(f"- cited: {r.answer.places}")
            if r.answer.dropped:
                lines.append(f"- dropped as unsupported: {list(r.answer.dropped)}")
        lines.append(f"- retrieval: {json.dumps({k: round(v, 3) for k, v in r.retrieval.items()})}")
        lines.append("")
    return "\n".join(lines)
