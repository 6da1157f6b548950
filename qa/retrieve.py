"""Question → ranked passages: dense and BM25 rankings fused by reciprocal rank.

On the seeds, fusion finds the answer paragraph in the top five more often than either
ranking alone (see models/README.md and ``qa eval --retrieval-only``).
"""

from __future__ import annotations

import re
import weakref
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace

from qa.corpus import Paragraph
from qa.embed import Embedder
from qa.index import Index

RRF_K = 60
CANDIDATES = 50


@dataclass(frozen=True, kw_only=True)
class Passage:
    """A retrieved paragraph with the evidence for its rank."""

    paragraph: Paragraph
    rank: int
    score: float
    dense: float
    lexical: float

    def to_dict(self) -> dict:
        p = self.paragraph
        return {
            "file": p.file,
            "paragraph": p.number,
            "text": p.text,
            "rank": self.rank,
            "score": round(self.score, 6),
            "dense": round(self.dense, 6),
            "lexical": round(self.lexical, 6),
        }


@dataclass(frozen=True)
class Retrieval:
    passages: tuple[Passage, ...]
    top_dense: float
    top_lexical: float


def fuse(rankings: list[list[tuple[int, float]]], k: int = RRF_K) -> list[tuple[int, float]]:
    """Reciprocal rank fusion; ties broken by the id so results are deterministic."""
    scores: dict[int, float] = {}
    for ranking in rankings:
        for rank, (doc, _) in enumerate(ranking, start=1):
            scores[doc] = scores.get(doc, 0.0) + 1.0 / (k + rank)
    return sorted(scores.items(), key=lambda item: (-item[1], item[0]))


# "In the article about the September 13 delegation, …", "…, according to the piece on Kim's
# Russia trip?", "What does the 2023 article suggest …?": the question names the article to read
_SCOPE = re.compile(
    r"(?:,\s*)?\b(?:in|according to|per|from)\s+the\s+(?:(?P<year>\d{4})\s+)?(?:article|piece|story|report)"
    r"\s+(?:about|on|covering)\s+(?P<about>[^,?]+),?"
    r"|\bthe\s+(?P<only_year>\d{4})\s+(?:article|piece|story|report)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Scope:
    """The article a question names by what it is about, or by its year, and the question without it."""

    rest: str
    about: str = ""
    year: str = ""


def article_scope(question: str) -> Scope | None:
    match = _SCOPE.search(question)
    if match is None:
        return None
    rest = (question[: match.start()] + " " + question[match.end() :]).strip(" ,")
    rest = re.sub(r"\s+([?.!])", r"\1", re.sub(r"\s+", " ", rest))
    return Scope(rest=rest, about=match["about"] or "", year=match["year"] or match["only_year"] or "")


class Retriever:
    def __init__(self, index: Index, embedder: Embedder) -> None:
        self.index = index
        self.embedder = embedder

    def retrieve(self, query: str, top_k: int) -> Retrieval:
        """The top passages; of one article alone when the question names it ("according to the
        article on the phone call"): another article's paragraph on the same subject is not what
        was asked, and the words that name the article are no part of what to look for in it."""
        scope = article_scope(query)
        article = self._article(scope) if scope is not None else None
        if scope is None or article is None:
            return self._ranked(query, top_k)
        ranked = self._ranked(scope.rest, len(self.index.paragraphs))
        inside = [p for p in ranked.passages if p.paragraph.file == article][:top_k]
        if not inside:
            return self._ranked(query, top_k)
        return replace(ranked, passages=tuple(replace(p, rank=i) for i, p in enumerate(inside, start=1)))

    def _article(self, scope: Scope) -> str | None:
        """The file a scope names: by its date's year (or, with no date, the year its paragraphs
        give most), else the article of the passage that ranks first for what it is about, among
        those with a paragraph that gives each of its figures."""
        paragraphs = self.index.paragraphs
        if scope.year:
            dated = {p.file for p in paragraphs if p.date.startswith(scope.year)}
            if len(dated) == 1:
                return dated.pop()
            said = Counter(p.file for p in paragraphs if scope.year in p.text).most_common(2)
            if said and (len(said) == 1 or said[0][1] > said[1][1]):
                return said[0][0]
        if scope.about:  # an article that gives the description's figures ("the September 13 delegation")
            figures = set(re.findall(r"\d+", scope.about))
            held = {p.file for p in paragraphs if figures <= set(re.findall(r"\d+", p.text))}
            for passage in self._ranked(scope.about, len(paragraphs)).passages:
                if passage.paragraph.file in held:
                    return passage.paragraph.file
        return None

    def _ranked(self, query: str, top_k: int) -> Retrieval:
        query = spelt_out(query, self.index.paragraphs, _SPELT.setdefault(self.index, {}))
        vector = self.embedder.embed([query])[0]
        dense = self.index.search_dense(vector, CANDIDATES)
        lexical = self.index.search_lexical(query, CANDIDATES)
        dense_score = dict(dense)
        lexical_score = dict(lexical)
        fused = fuse([dense, lexical])[:top_k]
        passages = tuple(
            Passage(
                paragraph=self.index.paragraphs[doc],
                rank=rank,
                score=score,
                dense=dense_score.get(doc, 0.0),
                lexical=lexical_score.get(doc, 0.0),
            )
            for rank, (doc, score) in enumerate(fused, start=1)
        )
        return Retrieval(
            passages=passages,
            top_dense=dense[0][1] if dense else 0.0,
            top_lexical=lexical[0][1] if lexical else 0.0,
        )


# acronym → the words an index's articles spell it out in, per index (a Retriever lives for one question)
_SPELT: weakref.WeakKeyDictionary[Index, dict[str, str]] = weakref.WeakKeyDictionary()
_ACRONYM = re.compile(r"\b([A-Z]{3,6})s?\b")  # "UN", "US": two letters spell too many things
_JOINERS = frozenset("of for the and on in at to &".split())  # "Korea Institute for National Unification"


def spelt_out(query: str, paragraphs: Sequence[Paragraph], known: dict[str, str] | None = None) -> str:
    """The query with each acronym the articles never use followed by the words they spell it
    out in: "Which KINU research fellow …" looks for "Korea Institute for National Unification",
    which neither the index's words nor the embedding would find from "KINU". Only one spelling
    found in the articles is added; an acronym they use as it is, or spell out in no or several
    ways, is left alone. ``known``: the spellings found so far for these paragraphs, kept by the caller."""
    known = {} if known is None else known
    acronyms = dict.fromkeys(_ACRONYM.findall(query))
    for acronym in acronyms:
        if acronym not in known:  # a scan of every paragraph: once per acronym and folder
            known[acronym] = _spelling(acronym, paragraphs)
    added = [known[a] for a in acronyms if known[a]]
    return f"{query} ({'; '.join(added)})" if added else query


def _spelling(acronym: str, paragraphs: Sequence[Paragraph]) -> str:
    used = re.compile(rf"\b{acronym}s?\b")
    if any(used.search(p.text) for p in paragraphs):
        return ""
    found = {phrase.lower(): phrase for p in paragraphs for phrase in _spellings(acronym, p.text)}
    return next(iter(found.values())) if len(found) == 1 else ""


def _spellings(acronym: str, text: str) -> list[str]:
    """The runs of words in ``text`` whose initials spell ``acronym``, joiners ("for", "of")
    skipped between them, all capitalised or all in lower case ("intensive care unit")."""
    return [found for clause in re.split(r"[,.;:()\"“”]", text) for found in _spelt_in(acronym, clause)]


def _spelt_in(acronym: str, clause: str) -> Iterator[str]:
    words = re.findall(r"[\w'’-]+|&", clause)
    for start, word in enumerate(words):
        if word[0].upper() != acronym[0]:
            continue
        capital = word[0].isupper()
        taken, i = 0, start
        while i < len(words) and taken < len(acronym):
            w = words[i]
            if w[0].upper() == acronym[taken] and w[0].isupper() == capital and w.lower() not in _JOINERS:
                taken += 1
            elif not (taken and w.lower() in _JOINERS):
                break
            i += 1
        if taken == len(acronym):
            yield " ".join(words[start:i])


def with_neighbours(
    passages: Sequence[Passage], allowed: Sequence[Paragraph], *, around: int, width: int = 1
) -> tuple[Passage, ...]:
    """The passages, then the paragraphs next to the first ``around`` of them (same article).

    A paragraph often leans on the one before it ("It is the first time …" names no subject),
    so its own ranking misses it while its neighbour ranks high. Neighbours come last, with no
    score of their own; only paragraphs in ``allowed`` (those the model saw) are added.
    """
    by_ref = {(p.file, p.number): p for p in allowed}
    have = {(q.paragraph.file, q.paragraph.number) for q in passages}
    out = list(passages)
    for q in passages[:around]:
        for step in range(-width, width + 1):
            ref = (q.paragraph.file, q.paragraph.number + step)
            if ref in by_ref and ref not in have:
                have.add(ref)
                out.append(Passage(paragraph=by_ref[ref], rank=len(out) + 1, score=0.0, dense=0.0, lexical=0.0))
    return tuple(out)


def with_bylines(passages: Sequence[Passage], allowed: Sequence[Paragraph]) -> tuple[Passage, ...]:
    """The passages, then the byline of each article they come from: "Who wrote the article
    about the call?" is answered by a paragraph that shares no word with the question, so
    retrieval never ranks it. Only paragraphs in ``allowed`` (those the model saw) are added."""
    files = {q.paragraph.file for q in passages}
    have = {(q.paragraph.file, q.paragraph.number) for q in passages}
    out = list(passages)
    for p in allowed:
        if p.file in files and (p.file, p.number) not in have and p.byline:
            out.append(Passage(paragraph=p, rank=len(out) + 1, score=0.0, dense=0.0, lexical=0.0))
    return tuple(out)


def agree(passages: Sequence[Passage]) -> bool:
    """Whether the first passage's article also holds the second or third passage: the
    question is about that article, not one that spans several."""
    files = [q.paragraph.file for q in passages[:3]]
    return len(files) < 2 or files[0] in files[1:]
