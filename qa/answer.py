"""The one answer/citation data type shared by the CLI, the eval harness and the server."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from qa.cite import split_sentences, strip_rendered
from qa.corpus import Paragraph
from qa.retrieve import Passage

ABSTAIN_TEXT = "I don't know — the articles don't say."
# Said for the half of a compound question that got no answer of its own, when the other half
# did: left out silently, the answer would read as if it covered the whole question. It says what
# qa found, not that the articles are silent: the other half's answer may already hold it.
UNANSWERED_PART = "No cited answer was found for “{question}”"


@dataclass(frozen=True, kw_only=True)
class Citation:
    """A paragraph an answer relies on; ``hash`` lets a later reader detect edits."""

    file: str
    paragraph: int
    text: str
    hash: str = ""

    @classmethod
    def of(cls, p: Paragraph) -> Citation:
        return cls(file=p.file, paragraph=p.number, text=p.text, hash=p.hash)

    @property
    def label(self) -> str:
        return f"[{self.file} ¶{self.paragraph}]"

    def to_dict(self) -> dict:
        return {"file": self.file, "paragraph": self.paragraph, "text": self.text, "hash": self.hash}


@dataclass(frozen=True, kw_only=True)
class Timings:
    retrieve_ms: float = 0.0
    first_token_ms: float | None = None
    total_ms: float = 0.0

    def to_dict(self) -> dict:
        def r(v: float | None) -> float | None:
            return None if v is None else round(v, 1)

        return {
            "retrieve_ms": r(self.retrieve_ms),
            "first_token_ms": r(self.first_token_ms),
            "total_ms": r(self.total_ms),
        }


@dataclass(frozen=True, kw_only=True)
class Answer:
    """What the assistant says, with the evidence and the work that led to it."""

    question: str
    text: str
    citations: tuple[Citation, ...] = ()
    abstained: bool = False
    passages: tuple[Passage, ...] = ()
    timings: Timings = field(default_factory=Timings)
    standalone_question: str = ""
    raw: str = ""
    dropped: tuple[str, ...] = ()
    checks: tuple[tuple[str, float], ...] = ()  # (status, support) of each sentence the model wrote
    parts: tuple[Answer, ...] = ()  # a compound question's halves, each asked and checked on its own
    retried: bool = False  # the resident prompt failed; answered from a top-k prompt of ``passages``
    cut: bool = False  # the token limit ended the model's text: its unfinished last sentence was dropped
    # "Why did …?" whose premise the model denied when asked it as a yes-no question ("Did …?"):
    # ``raw`` answers this question, and the answer corrects the premise (or abstains)
    premise: str = ""

    @property
    def places(self) -> list[tuple[str, int]]:
        """(file, paragraph) of each citation, in order: how a gold file names a paragraph."""
        return [(c.file, c.paragraph) for c in self.citations]

    @property
    def sentences(self) -> list[str]:
        """The shown sentences without their citations; none for an abstention."""
        return [] if self.abstained else split_sentences(strip_rendered(self.text))[0]

    @property
    def stated(self) -> str:
        """The text less the names of unanswered halves, which repeat a question and state nothing:
        what accuracy is scored on."""
        return " ".join(a.text for a in self.parts if a.text and not a.abstained) if self.parts else self.text

    @property
    def as_part(self) -> str:
        """This answer as one half of a compound answer: its text, or which half went unanswered."""
        return UNANSWERED_PART.format(question=self.question) if self.abstained else self.text

    @classmethod
    def joined(cls, question: str, parts: Sequence[Answer], timings: Timings) -> Answer:
        """One answer to a compound question from its parts' answers, in order, each unanswered
        part named; the abstention phrase only when every part abstained."""
        shown = [a for a in parts if not a.abstained]
        citations = {(c.file, c.paragraph): c for a in shown for c in a.citations}
        passages = {(p.paragraph.file, p.paragraph.number): p for a in parts for p in a.passages}
        return cls(
            question=question,
            text=" ".join(filter(None, (a.as_part for a in parts))) if shown else ABSTAIN_TEXT,
            citations=tuple(citations.values()),
            abstained=not shown,
            passages=tuple(passages.values()),
            timings=timings,
            standalone_question=" ".join(a.standalone_question for a in parts),
            raw="\n\n".join(a.raw for a in parts),
            dropped=tuple(d for a in parts for d in a.dropped),
            checks=tuple(c for a in parts for c in a.checks),
            parts=tuple(parts),
        )

    def to_dict(self, *, details: bool = False) -> dict:
        data = {
            "question": self.question,
            "answer": self.text,
            "citations": [c.to_dict() for c in self.citations],
            "abstained": self.abstained,
            "timings": self.timings.to_dict(),
        }
        if details:
            data["standalone_question"] = self.standalone_question
            data["passages"] = [p.to_dict() for p in self.passages]
            data["raw"] = self.raw
            data["dropped"] = list(self.dropped)
            data["checks"] = [list(c) for c in self.checks]
            if self.parts:
                data["parts"] = [a.to_dict(details=True) for a in self.parts]
            if self.retried:
                data["retried"] = True
            if self.cut:
                data["cut"] = True
            if self.premise:
                data["premise"] = self.premise
        return data
