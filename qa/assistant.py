"""The Assistant: the one code path from a question to a cited answer.

The CLI, the eval harness and the HTTP server all call ``ask``/``stream`` here.
"""

from __future__ import annotations

import collections.abc
import os
import time
from collections.abc import Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from pathlib import Path

import numpy as np

from qa import cite
from qa.answer import ABSTAIN_TEXT, Answer, Citation, Timings
from qa.corpus import Corpus, Paragraph, article_files, scan_corpus
from qa.embed import Embedder, SentenceEmbedder, StaticEmbedder, make_embedder
from qa.errors import (
    ConfigError,
    IndexMismatch,
    IndexMissing,
    IndexOutdated,
    QuestionError,
    QuestionTooLong,
    UsageError,
)
from qa.generate import Generator, LlamaGenerator, Prompts
from qa.guard import quarantined
from qa.index import CURRENT, Changes, Index, corpus_files, diff_files, remove_stale_generations, writing
from qa.models import DEFAULT_MODEL, resolve_model
from qa.progress import Notify, ProgressFactory, quiet, silent
from qa.retrieve import Passage, Retrieval, Retriever, agree, with_bylines, with_neighbours
from qa.settings import Settings
from qa.stale import CitationCheck, article_finder, check_citation
from qa.text import ASKING, STEMMER, as_question, denies, premise_question, question_parts, truecase, words

# Below this best cosine (and with no lexical match) the question is off-topic: abstain
# without asking the model. Calibrated on the dev split of eval/gold.jsonl.
MIN_DENSE_SCORE = 0.2
REWRITE_MAX_TOKENS = 64
HISTORY_TURNS = 3
# Context kept free after a resident corpus: the question and the answer.
RESIDENT_RESERVE = 256
VECTOR_CACHE_SIZE = 4096

# Disk for the states of articles read when a question needs them (a folder too big to read
# whole): at about 30 KB a token, some 70 articles of 900 tokens. The least recently used go.
ARTICLE_CACHE_MB = 2048

Turn = tuple[str, str]


def keep_recent(cache: Path, used: str, limit_mb: float) -> None:
    """Mark the state file ``used`` as just used and remove the least recently used others
    until the folder's states fit ``limit_mb``. A state removed costs only time: it is evaluated
    again when a question needs it."""
    try:
        os.utime(cache / used)
    except OSError:
        return  # not written (a read-only cache): nothing to keep track of
    states = []
    for path in cache.glob("prefix-*.npz"):
        try:
            st = path.stat()
        except OSError:
            continue
        states.append((st.st_mtime, st.st_size, path))
    total = sum(size for _, size, _ in states)
    for _, size, path in sorted(states, key=lambda state: state[0]):
        if total <= limit_mb * 1024 * 1024:
            break
        if path.name != used:
            path.unlink(missing_ok=True)
            total -= size


@dataclass(frozen=True)
class IndexReport:
    """What ``build_index`` did, for the CLI to summarise."""

    path: Path
    articles: int
    paragraphs: int
    built: bool
    reason: str
    changes: Changes = field(default_factory=Changes)
    corpus: Corpus | None = None  # what was read and skipped


def _turns(history: Sequence[Answer | Turn] | None) -> list[Turn]:
    turns: list[Turn] = []
    for item in history or ():
        if isinstance(item, Answer):
            turns.append((item.standalone_question or item.question, cite.strip_rendered(item.text)))
        else:
            q, a = item
            turns.append((str(q), cite.strip_rendered(str(a))))
    return turns[-HISTORY_TURNS:]


_REFERS = frozenset("he she it they him her them his its their there that this these those".split())
_LEADING = frozenset("and so but then also ok okay".split())


def rewrites(question: str, text: str, turns: Sequence[Turn]) -> bool:
    """Whether ``text`` is a rewrite of the follow-up ``question``, not a failure that passes
    for one: an answer ("Kim gave the gifts to him."), an earlier question asked again, another
    question word ("when …?" rewritten as "Who …?"), or the follow-up unchanged, its "it" unresolved.
    """
    asked = [w for w in words(question) if w not in _LEADING]
    said = words(text)
    if not text.endswith("?") or not said:
        return False
    if any(said == words(q) for q, _ in turns):
        return asked == said
    if asked and asked[0] in ASKING and said[0] != asked[0] and asked[1:2] != ["about"]:  # "what about …?" may
        return False  # become any question
    return not (said == asked and _REFERS & set(asked))


class Assistant:
    """Answers questions about a folder of articles, citing file and paragraph.

    Collaborators are built lazily from ``settings`` unless passed in, which is how tests
    inject fakes and how one process shares one model across many questions.
    """

    def __init__(
        self,
        settings: Settings | None = None,
        *,
        embedder: Embedder | None = None,
        generator: Generator | None = None,
        index: Index | None = None,
        progress: ProgressFactory = silent,
        notify: Notify = quiet,
    ) -> None:
        self.settings = settings or Settings.from_env()
        self.progress = progress
        self.notify = notify
        self.prompts = Prompts(self.settings.prompts)
        self._embedder = embedder
        self._checker: Embedder | None = None
        self._generator = generator
        self._index = index
        self._model_path: Path | None = None
        self._resident: str | None = None  # the corpus system prompt, "" when top-k is used
        self._articles: dict[str, str] | None = None  # file → its own system prompt (article strategy)
        self._lazy: dict[str, str | None] = {}  # the same, made as questions need them (``article_prompt``)
        self._current = ""  # the system prompt resident in the model now
        self._loaded = False
        self._vectors: dict[str, np.ndarray] = {}
        self._visible: tuple[Index, list[Paragraph], frozenset[str], dict[str, int]] | None = None

    # ---- collaborators ------------------------------------------------------------------
    @property
    def embedder(self) -> Embedder:
        if self._embedder is None:
            self._embedder = make_embedder(self.settings.embedder, self.settings.home / "models", self.notify)
        return self._embedder

    @property
    def model_path(self) -> Path:
        if self._model_path is None:
            s = self.settings
            self._model_path = resolve_model(s.model, s.home, s.model_sha256, self.progress)
        return self._model_path

    @property
    def generator(self) -> Generator:
        if self._generator is None and self.settings.llm_url:
            from qa.remote import RemoteGenerator

            s = self.settings
            self._generator = RemoteGenerator(
                s.llm_url, model=s.llm_model, api_key=s.llm_api_key, seed=s.seed, temperature=s.temperature
            )
        if self._generator is None:
            s = self.settings
            self._generator = LlamaGenerator(
                self.model_path,
                n_ctx=s.n_ctx,
                threads=s.threads,
                seed=s.seed,
                temperature=s.temperature,
                sha256=s.model_sha256 or (DEFAULT_MODEL.sha256 if s.model is None else None),
            )
        return self._generator

    @property
    def index(self) -> Index:
        if self._index is None:
            self.build_index(rebuild=False)
        assert self._index is not None
        return self._index

    def load(self) -> None:
        """Load everything now rather than on the first question.

        The language model loads while the index and the question encoder (numpy, or torch
        for models qa/encoder.py cannot run) do: a one-shot ``qa ask`` spends much of its time
        loading. The prompt states it needs are read in once the model is there.
        """
        if self._loaded:
            return
        generator = self.generator  # a missing or damaged model fails before any slow work
        warm = getattr(self.embedder, "warm", None)  # fakes in tests have nothing to load
        with ThreadPoolExecutor(max_workers=1) as pool:
            model = pool.submit(getattr(generator, "load", lambda: None))
            _ = self.index
            if warm:
                warm()
            model.result()
        self.resident_prefix()
        self.article_prefixes()
        self._loaded = True

    @property
    def strategy(self) -> str:
        """How the model sees the articles (see ``Settings.strategy``): "auto" when it reads one
        article or all of them by question, else "article", "resident" or "topk"."""
        articles, whole = self.article_prefixes(), self.resident_prefix()
        if (articles and whole) or self.lazy_articles:
            return "auto"
        return "article" if articles else "resident" if whole else "topk"

    @property
    def strategy_note(self) -> str:
        """What ``strategy`` means for this folder, in a reader's words (``qa index`` prints it)."""
        if self.lazy_articles:
            return (
                "the articles do not fit the context together: the model reads the question's article, if it"
                " fits alone, when a question first needs it, states cached; top-k prompts otherwise"
            )
        return {
            "auto": "the model reads the question's article, or all of them for a question across articles; states cached",
            "article": "the model reads the question's article; states cached",
            "resident": "articles resident in the model, state cached",
        }.get(self.strategy, "top-k prompts")

    def _prefix_budget(self, system: str) -> bool:
        """Whether ``system`` leaves room in the context for a question and its answer."""
        s = self.settings
        budget = s.n_ctx - s.max_tokens - RESIDENT_RESERVE
        # cheap bound first (a token is rarely under 2 characters), then the exact count
        return len(system) <= budget * 8 and self.generator.count_tokens(system) <= budget

    def article_prefixes(self) -> dict[str, str]:
        """One system prompt per article (file → prompt), each evaluated once and cached.

        The model then reads only the article retrieval ranks first, and the paragraphs of
        other articles cannot lead the answer astray. An article too long for the context is
        answered from top-k prompts. Empty unless ``Settings.strategy`` is "article", or "auto"
        with a corpus that fits the context whole (so reading it costs at most twice what the
        whole did); a larger folder has its articles read one by one as questions need them
        (``article_prompt``).
        """
        if self._articles is not None:
            return self._articles
        generator = self.generator
        wanted = self.settings.strategy == "article" or (self.settings.strategy == "auto" and self.resident_prefix())
        if not wanted or getattr(generator, "prepare_prefix", None) is None:
            self._articles = {}
            return {}
        groups = self._article_paragraphs().items()
        systems = {file: system for file, paragraphs in groups if (system := self._article_system(paragraphs))}
        self._cache_prefixes(systems, article=True)
        self._articles = systems
        return systems

    @property
    def lazy_articles(self) -> bool:
        """Whether articles are read into the model only when a question needs them: "auto" with
        a folder too big to read whole. Reading every article of a large folder up front would
        take minutes per hundred articles, and a state file each."""
        return (
            self.settings.strategy == "auto"
            and getattr(self.generator, "prepare_prefix", None) is not None
            and not self.resident_prefix()
        )

    def article_prompt(self, file: str) -> str | None:
        """The system prompt the model reads ``file`` in alone; None when articles are not read
        one by one, or this one is too long for the context."""
        if not self.lazy_articles:
            return self.article_prefixes().get(file)
        if file not in self._lazy:  # made when first asked for: a folder may hold thousands
            self._lazy[file] = self._article_system(self._article_paragraphs().get(file, []))
        return self._lazy[file]

    def _article_paragraphs(self) -> dict[str, list[Paragraph]]:
        groups: dict[str, list[Paragraph]] = {}
        for p in self.prompt_paragraphs:
            groups.setdefault(p.file, []).append(p)
        return groups

    def _article_system(self, paragraphs: Sequence[Paragraph]) -> str | None:
        """The system prompt of one article's paragraphs; None when it would not leave room in
        the context for a question and its answer."""
        if not paragraphs:
            return None
        system = self.prompts.corpus_system(paragraphs, first=self._quarantine()[2][paragraphs[0].id])
        return system if self._prefix_budget(system) else None

    def _cache_prefixes(self, systems: dict[str, str], *, article: bool) -> None:
        """Evaluate and save the state of each prompt in ``systems`` (what it holds → prompt)
        that is not cached yet, and remove the states of prompts no longer used (old
        articles, old prompt files). States are put in the model only when a question needs
        them (``context_for``): a one-shot question may need one article only."""
        generator = self.generator
        cache = self._prefix_cache(article=article)
        names = {what: generator.prefix_file(system) for what, system in systems.items()}
        missing = [what for what, name in names.items() if not (cache / name).is_file()]
        if len(missing) == 1:  # the model's own progress, token by token
            what = missing[0]
            generator.prepare_prefix(
                systems[what], cache, progress=self.progress, notify=self.notify, what=what, only=False
            )
            self._current = systems[what]
        elif missing:
            self.notify(  # after the articles together: a question about one article reads it alone
                f"Reading each of {len(missing)} articles into the model on its own once; later questions reuse them …"
            )
            with self.progress("Reading the articles into the model", len(missing)) as task:
                for what in missing:
                    generator.prepare_prefix(systems[what], cache, only=False)
                    self._current = systems[what]
                    task.advance(1)
        generator.prune_prefixes(cache, keep=list(names.values()))

    def context_for(self, passages: Sequence[Passage]) -> str:
        """The resident prompt a question is answered after; "" for a top-k prompt.

        With "auto": the article of the first passage when it also holds the second or third;
        when those three spread over articles (a question across articles, or an unclear one),
        all of the articles if they fit the context, else a top-k prompt. The other articles
        cannot lead an answer from one article astray; answers from all of them were right more
        often on questions that span articles (eval/RESULTS.md, session 9).
        """
        file = self.article_read(passages)
        system, what = (self.article_prompt(file) or "", file) if file else (self.resident_prefix(), "all articles")
        self._make_resident(system, article=bool(file), what=what)
        return system

    def article_read(self, passages: Sequence[Passage]) -> str | None:
        """The one article whose prompt answers a question with these passages (see
        ``context_for``); None when the model reads all of them, or a top-k prompt."""
        file = passages[0].paragraph.file if passages else None
        if file is None or self.article_prompt(file) is None:
            return None
        return file if self.settings.strategy == "article" or agree(passages) else None

    def _make_resident(self, system: str, *, article: bool, what: str) -> None:
        """Put ``system``'s saved state in the model unless it is there already; "" records
        that a prompt without a resident prefix is about to replace the model's context."""
        if system and system != self._current:
            cache = self._prefix_cache(article=article)
            self.generator.prepare_prefix(
                system, cache, progress=self.progress, notify=self.notify, what=what, only=False
            )
            if article and self.lazy_articles:
                keep_recent(cache, self.generator.prefix_file(system), ARTICLE_CACHE_MB)
        self._current = system

    def _prefix_cache(self, *, article: bool) -> Path:
        """Where prefix states are cached: the whole corpus's beside the index, the articles'
        in a folder of their own (each folder keeps only its current files)."""
        folder = self.settings.resolved_index_dir / "prompt-cache"
        return folder / "articles" if article else folder

    def resident_prefix(self) -> str:
        """The system prompt holding every paragraph; "" for top-k. Its state is evaluated once
        and cached, and put in the model when a question needs it (``context_for``).

        With the whole corpus evaluated once (and its KV state cached beside the index), a
        question costs only its own tokens. A corpus that does not fit the context falls back
        to top-k prompts, unless the resident strategy was asked for explicitly.
        """
        if self._resident is not None:
            return self._resident
        s = self.settings
        if s.strategy in ("topk", "article") or getattr(self.generator, "prepare_prefix", None) is None:
            self._resident = ""
            return ""
        system = self.prompts.corpus_system(self.prompt_paragraphs)
        if not self._prefix_budget(system):
            if s.strategy == "resident":
                raise ConfigError(
                    f"the articles do not fit a context of {s.n_ctx} tokens: raise QA_N_CTX or use QA_STRATEGY=topk"
                )
            self._resident = ""
            return ""
        self._cache_prefixes({"all articles": system}, article=False)
        self._resident = system
        return system

    # ---- indexing -----------------------------------------------------------------------
    def build_index(self, *, rebuild: bool = False) -> IndexReport:
        """Load the index of the corpus, updating it first when the articles changed.

        Only paragraphs with new text are embedded; an index built with another embedding
        model is never mixed with new vectors: that needs ``rebuild=True``.
        """
        s = self.settings
        folder = s.resolved_index_dir
        corpus = scan_corpus(s.corpus, max_bytes=s.max_file_bytes)
        articles = corpus.require()
        with writing(folder, self.notify):
            previous: Index | None = None
            reason = "rebuild requested" if rebuild else ""
            if not rebuild:
                try:
                    previous = Index.load(folder)
                except IndexMissing:
                    reason = "no index yet"
                except IndexOutdated as exc:
                    reason = str(exc)
            if previous is not None:
                m = previous.manifest
                if m.embedder != self.embedder.name:  # compared by name: the dimension would load the model
                    raise IndexMismatch(
                        f"the index in {folder} was built with {m.embedder}, but qa now embeds with "
                        f"{self.embedder.name}: run `qa index --rebuild` to re-embed all {m.paragraphs:,} paragraphs",
                        path=folder,
                    )
                diff = diff_files(m.files, corpus_files(articles))
                unchanged = not (diff.added or diff.changed or diff.removed)
                if m.stemmer != STEMMER:  # the vectors stay valid: only the BM25 terms are made again
                    reason = f"keyword index made with the {m.stemmer} stemmer, qa now uses {STEMMER}"
                elif unchanged and {(p.file, p.title, p.date) for p in previous.paragraphs} != {
                    (a.file, a.title, a.date) for a in articles
                }:
                    reason = "article titles or dates read anew"  # by a newer qa; the vectors stay valid
                elif unchanged:
                    remove_stale_generations(folder)
                    self._index = previous
                    return IndexReport(folder, len(articles), len(previous), False, "up to date", corpus=corpus)
                else:
                    reason = (
                        f"articles changed: {len(diff.added)} added, {len(diff.changed)} changed, "
                        f"{len(diff.removed)} removed"
                    )
            self.notify(f"Indexing {s.corpus} ({reason}) …")
            index = Index.build(
                articles, self.embedder, corpus=str(s.corpus), progress=self.progress, previous=previous
            )
            index.save(folder)
        self.notify(index.changes.summary())
        hidden = quarantined(index.paragraphs)
        if hidden:
            where = ", ".join(p.label for p in hidden[:5]) + (" …" if len(hidden) > 5 else "")
            self.notify(
                f"{len(hidden)} paragraph{'s' if len(hidden) != 1 else ''} read like instructions to an AI"
                f" and will not be shown to the model: {where}"
            )
        if corpus.skipped:
            n = len(corpus.skipped)
            self.notify(f"{n} file{'s' if n != 1 else ''} skipped (`qa index` lists them and why)")
        self._index = index
        self._resident = self._articles = None  # the corpus prompt changed with the index
        self._lazy = {}
        self._loaded = False
        return IndexReport(folder, len(articles), len(index), True, reason, changes=index.changes, corpus=corpus)

    # ---- asking -------------------------------------------------------------------------
    def check_question(self, question: str) -> str:
        if not isinstance(question, str) or not question.strip():
            raise QuestionError("the question is empty: ask something about the articles")
        question = " ".join(question.split())
        limit = self.settings.max_question_chars
        if len(question) > limit:
            raise QuestionTooLong(
                f"the question is {len(question):,} characters long; the limit is {limit:,} (QA_MAX_QUESTION_CHARS)"
            )
        return question

    def standalone(self, question: str, history: Sequence[Answer | Turn] | None) -> str:
        """Resolve a follow-up against the conversation, so retrieval sees the whole question."""
        question = as_question(question)
        turns = _turns(history)
        if not turns:
            return question
        # After all articles when they are resident (the same prefix whatever was asked before);
        # with one article per question, after the one in the model now; else a prompt of its own.
        whole = self.resident_prefix()
        if whole:
            self._make_resident(whole, article=False, what="all articles")
        system = whole or self._current
        messages = (
            self.prompts.corpus_rewrite_messages(system, question, turns)
            if system
            else self.prompts.rewrite_messages(question, turns)
        )
        text = "".join(self.generator.stream(messages, max_tokens=REWRITE_MAX_TOKENS))
        text = " ".join(text.strip().splitlines()[0].split()) if text.strip() else ""
        text = as_question(text.removeprefix("Standalone question:").strip().strip('"'))
        if not text or len(text) > 4 * len(question) + 200 or not rewrites(question, text, turns):
            return f"{turns[-1][0]} {question}"
        return text

    def refresh_index(self) -> bool:
        """Pick up an index another process rewrote (``qa index``); True when it changed.

        Long-lived sessions (chat, server) otherwise keep answering from, and checking old
        citations against, the generation they loaded at start.
        """
        current = self._index.path if self._index is not None else None
        if current is None:
            return False
        pointer = current.parent / CURRENT
        try:
            live = pointer.read_text(encoding="utf-8").strip()
        except OSError:
            return False
        if live == current.name:
            return False
        self._index = Index.load(current.parent)
        self._resident = self._articles = None
        self._lazy = {}
        self._loaded = False
        return True

    def check_citations(self, citations: Sequence[Citation], *, articles: bool = False) -> list[CitationCheck]:
        """Whether each (possibly old) citation still points at the text it cited.

        Checked against the index the assistant answers from, or with ``articles=True``
        against the article files as they are now (no index or model needed).
        """
        if articles:
            s = self.settings
            find = article_finder(scan_corpus(s.corpus, max_bytes=s.max_file_bytes).require())
        else:
            find = self.index.find
        return [check_citation(c, find) for c in citations]

    def _quarantine(self) -> tuple[list[Paragraph], frozenset[str], dict[str, int]]:
        """(paragraphs the model may see, ids of those kept from it, resident tag number of each
        visible paragraph id), once per loaded index."""
        index = self.index
        if self._visible is None or self._visible[0] is not index:
            hidden = frozenset(p.id for p in quarantined(index.paragraphs))
            visible = [p for p in index.paragraphs if p.id not in hidden]
            self._visible = (index, visible, hidden, {p.id: n for n, p in enumerate(visible, start=1)})
        return self._visible[1], self._visible[2], self._visible[3]

    @property
    def prompt_paragraphs(self) -> list[Paragraph]:
        """The paragraphs the model may see: all but those that read as instructions to it."""
        return self._quarantine()[0]

    def passage_tags(self, passages: Sequence[Paragraph], *, resident: bool) -> dict[int, int]:
        """Tag number the model cites → 1-based position in ``passages``. Resident tags number
        every visible paragraph ([P1]…[Pn] in the system prompt); top-k tags the passages."""
        if not resident:
            return {i: i for i in range(1, len(passages) + 1)}
        number = self._quarantine()[2]
        return {number[p.id]: i for i, p in enumerate(passages, start=1) if p.id in number}

    def check_pool(self, passages: Sequence[Passage], article: str | None = None) -> tuple[Passage, ...]:
        """What a resident answer's sentences may be attributed to: the top-k passages, their
        neighbours and their articles' bylines, of ``article`` alone when the model read only
        that one. The model saw every paragraph of its prompt; retrieval keeps the citations to
        those near the question. (A pool of the top 15 only ever let through answers taken from
        the wrong paragraph: eval/RESULTS.md, session 7.) A paragraph the model never read cannot
        be a source."""
        seen = self.prompt_paragraphs
        if article is not None:
            passages = [p for p in passages if p.paragraph.file == article]
            seen = [p for p in seen if p.file == article]
        return with_bylines(with_neighbours(passages, seen, around=self.settings.top_k, width=2), seen)

    def retrieve(self, question: str, top_k: int | None = None) -> Retrieval:
        k = top_k or self.settings.top_k
        hidden = self._quarantine()[1]
        retrieval = Retriever(self.index, self.embedder).retrieve(as_question(question), k + len(hidden))
        if not hidden:
            return retrieval
        passages = tuple(p for p in retrieval.passages if p.paragraph.id not in hidden)[:k]
        return replace(retrieval, passages=passages)

    def similarity(self, sentence: str, paragraph: Paragraph) -> float:
        """Embedding cosine between an answer sentence and a paragraph, for paraphrases."""
        return self.cosine(sentence, paragraph.text)

    def cosine(self, a: str, b: str) -> float:
        """Embedding cosine of two texts.

        The checker asks about one sentence against many paragraphs, and about the same
        paragraphs again and again: both sides are embedded once and remembered. The support
        threshold was calibrated with MiniLM, so a static index embedder still checks with it.
        """
        cache = self._vectors
        missing = list(dict.fromkeys(t for t in (a, b) if t not in cache))
        if missing:
            if len(cache) > VECTOR_CACHE_SIZE:
                cache.clear()
            if self._checker is None:
                self._checker = SentenceEmbedder() if isinstance(self.embedder, StaticEmbedder) else self.embedder
            cache.update(zip(missing, self._checker.embed(missing), strict=True))
        return float(np.dot(cache[a], cache[b]))

    def answer_check(
        self,
        passages: Sequence[Paragraph],
        question: str,
        tags: dict[int, int],
        said: Sequence[str] = (),
        *,
        denying: bool = False,
    ) -> cite.AnswerCheck:
        """The check a model answer to ``question`` passes before it is shown (or replayed);
        ``said``: the sentences an earlier half of a compound answer showed; ``denying``: the
        question is a "why" question's premise, which a bare "No" answers."""
        return cite.AnswerCheck(
            passages,
            question,
            tags,
            similarity=self.similarity,
            rarity=self.index.rarity(),
            relevance=lambda sentence: self.cosine(sentence, question),
            said=said,
            denying=denying,
            written=self.prompt_paragraphs,
        )

    def stream(self, question: str, history: Sequence[Answer | Turn] | None = None) -> AnswerStream:
        """Answer incrementally: iterate for text as it is verified, then call ``answer()``."""
        question = self.check_question(question)
        if self._index is None:
            article_files(self.settings.corpus)  # a missing folder fails before any slow work
        return AnswerStream(self, question, history)

    def ask(self, question: str, history: Sequence[Answer | Turn] | None = None) -> Answer:
        return self.stream(question, history).answer()


class AnswerStream:
    """Verified answer text, sentence by sentence, as the model writes it.

    Iterate once for the chunks; ``answer()`` finishes the work and returns the final Answer.
    """

    def __init__(
        self,
        assistant: Assistant,
        question: str,
        history: Sequence[Answer | Turn] | None,
        said: Sequence[str] = (),
    ) -> None:
        self._assistant = assistant
        self._question = question
        self._history = history
        self._said = said  # what earlier halves of a compound answer showed: not shown again
        self._chunks: Iterator[str] | None = None
        self._answer: Answer | None = None
        self._iterated = False

    def __iter__(self) -> Iterator[str]:
        if self._iterated:
            raise UsageError("an AnswerStream can be iterated only once")
        self._iterated = True
        self._chunks = self._run()
        return self._chunks

    def close(self) -> None:
        """Stop generating now (a client went away); frees the model for the next question."""
        if self._chunks is not None:
            self._chunks.close()

    def answer(self) -> Answer:
        if self._answer is None:
            chunks = self._chunks if self._chunks is not None else iter(self)
            for _ in chunks:
                pass
        assert self._answer is not None
        return self._answer

    def _run(self) -> Iterator[str]:
        parts = question_parts(self._question)
        yield from self._run_one() if len(parts) == 1 else self._run_parts(parts)

    def _run_parts(self, parts: Sequence[str]) -> Iterator[str]:
        """Each half of a compound question in turn, the later read as a follow-up to the earlier
        ("What commitment does it contain?" after the treaty was named); what any half showed is the
        answer, with the unanswered halves named in their place (``Answer.joined`` builds the same text)."""
        start = time.perf_counter()
        history: list[Answer | Turn] = list(self._history or ())
        answers: list[Answer] = []
        unanswered: list[str] = []  # named once something is shown; alone, they are the abstention
        shown = False
        for part in parts:
            sub = AnswerStream(self._assistant, part, history, [s for a in answers for s in a.sentences])
            try:
                for chunk in sub:
                    if chunk == ABSTAIN_TEXT:
                        continue
                    for text in [*unanswered, chunk]:
                        yield " " + text if shown and not text.startswith(" ") else text
                        shown = True
                    unanswered = []
            finally:
                sub.close()  # closed mid-answer (a client went away): stop this half's model run now
            answers.append(sub.answer())
            history.append(answers[-1])
            if answers[-1].abstained:
                unanswered.append(answers[-1].as_part)
        if shown:
            yield from (" " + text for text in unanswered)
        else:
            yield ABSTAIN_TEXT
        timings = replace(answers[0].timings, total_ms=(time.perf_counter() - start) * 1000)
        self._answer = Answer.joined(self._question, answers, timings)

    def _run_one(self) -> Iterator[str]:
        a = self._assistant
        s = a.settings
        start = time.perf_counter()
        a.load()  # a missing or damaged model fails before any other work
        standalone = a.standalone(self._question, self._history)
        retrieval = a.retrieve(standalone, s.top_k)
        standalone = truecase(standalone, (p.paragraph.text for p in retrieval.passages))
        retrieved_at = time.perf_counter()
        system = a.context_for(retrieval.passages)  # may restore a saved state: time to the first token
        pool = a.check_pool(retrieval.passages, a.article_read(retrieval.passages)) if system else retrieval.passages
        passages = [p.paragraph for p in pool]
        base = dict(question=self._question, standalone_question=standalone, passages=pool)

        def finish(check: cite.AnswerCheck | None, first: float | None) -> None:
            end = time.perf_counter()
            timings = Timings(
                retrieve_ms=(retrieved_at - start) * 1000,
                first_token_ms=None if first is None else (first - start) * 1000,
                total_ms=(end - start) * 1000,
            )
            self._answer = checked_answer(check, timings=timings, **base)

        if not passages or (retrieval.top_dense < MIN_DENSE_SCORE and retrieval.top_lexical <= 0):
            yield ABSTAIN_TEXT
            finish(None, None)
            return

        check: cite.AnswerCheck | None = None
        premise = premise_question(standalone)
        if premise is not None:  # "Why did …?": asked first whether it did
            check, first = yield from self._generate(system, premise, passages, denial=True)
            if check is not None:  # it did not: the denial is the answer, or nothing is
                base.update(premise=premise)
        if check is None:
            check, first = yield from self._generate(system, standalone, passages)
            if system and (check.recital or (not check.kept and cite.says_nothing(check.raw))):
                # Tags and no words ("P64 [P64]"), or a passage recited that is not about the
                # question: the model failed rather than answered or abstained, and nothing was
                # shown. Ask again with the retrieved passages pasted in, a prompt of another shape.
                a._make_resident("", article=False, what="")
                base.update(passages=retrieval.passages, retried=True)
                passages = [p.paragraph for p in retrieval.passages]
                failed = check.dropped
                check, first = yield from self._generate("", standalone, passages)
                check.dropped[:0] = failed  # the recital stays on record, beside what the retry dropped
        if not check.kept and not check.repeated:
            yield ABSTAIN_TEXT
        finish(check, first)

    def _generate(
        self, system: str, question: str, passages: Sequence[Paragraph], *, denial: bool = False
    ) -> collections.abc.Generator[str, None, tuple[cite.AnswerCheck | None, float | None]]:
        """Stream the checked sentences of one model answer; return the check and when its first
        token came. ``denial``: the question is a yes-no premise; unless the reply begins "No",
        the model is stopped at its first word and the check is None (nothing was shown)."""
        a = self._assistant
        s = a.settings
        tags = a.passage_tags(passages, resident=bool(system))
        if system:  # tags number every paragraph of the index; name the top retrieved ones
            messages = a.prompts.corpus_messages(system, question, list(tags)[: s.hints])
        else:
            messages = a.prompts.answer_messages(question, passages)
        check = a.answer_check(passages, question, tags, self._said, denying=denial)
        first: float | None = None
        head: str | None = "" if denial else None  # the reply's opening, until its first word is known
        tokens = a.generator.stream(messages, max_tokens=s.max_tokens)
        try:
            for token in tokens:
                if first is None:
                    first = time.perf_counter()
                if head is not None:
                    head += token
                    said_no = denies(head)
                    if said_no is None:
                        continue
                    if not said_no:
                        return None, first
                    token, head = head, None
                yield from check.feed(token)
                if check.stopped:  # reciting, looping or answering a false premise: nothing more would count
                    break
        finally:
            if close := getattr(tokens, "close", None):
                close()
        if head is not None:  # the reply ended before its first word was known
            if not denies(head + " ."):
                return None, first
            yield from check.feed(head)
        yield from check.finish(cut=getattr(tokens, "cut", False))
        return check, first


def checked_answer(check: cite.AnswerCheck | None, **fields) -> Answer:
    """What a check leaves of the model's text: the sentences it showed and the paragraphs they
    cite, or the abstention phrase when none stood (or, with no check, nothing was asked). A
    compound's later half whose every sentence an earlier half had said is answered, by that half:
    its text is empty, not the abstention phrase."""
    if check is None:
        return Answer(text=ABSTAIN_TEXT, abstained=True, **fields)
    answered = bool(check.kept or check.repeated)
    return Answer(
        text=check.text if answered else ABSTAIN_TEXT,
        citations=tuple(Citation.of(p) for p in check.cited),
        abstained=not answered,
        raw=check.raw,
        dropped=tuple(check.dropped),
        checks=tuple(check.checks),
        cut=check.cut,
        **fields,
    )
