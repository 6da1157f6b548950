"""The ``qa`` command line: parse, call the Assistant, render. No logic of its own."""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    ProgressColumn,
    TaskProgressColumn,
    TextColumn,
    TimeRemainingColumn,
)
from rich.text import Text

from qa import Answer, AnswerStream, Assistant, Citation, QAError, Settings, __version__
from qa.errors import InputError

app = typer.Typer(
    help="Answer questions about a folder of news articles, offline, citing article file and paragraph.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
err = Console(stderr=True, highlight=False, soft_wrap=True)
out = Console(highlight=False, soft_wrap=True)

CorpusOpt = Annotated[
    Optional[Path],
    typer.Option(
        "--corpus", "-c", envvar="QA_CORPUS", help="Folder of articles (.txt, .md). Default: the bundled seeds/."
    ),
]
IndexOpt = Annotated[
    Optional[Path],
    typer.Option("--index", envvar="QA_INDEX", help="Index folder. Default: one per corpus under QA_HOME (~/.qa)."),
]
ModelOpt = Annotated[
    Optional[Path],
    typer.Option(
        "--model",
        "-m",
        envvar="QA_MODEL",
        help="Any GGUF chat model. Default: Qwen2.5-Coder-1.5B-Instruct Q4_K_M, assembled and verified on first use.",
    ),
]
ShaOpt = Annotated[
    Optional[str],
    typer.Option(
        "--model-sha256",
        envvar="QA_MODEL_SHA256",
        help="Expected sha256 of --model; the file is refused if it differs.",
    ),
]
TopKOpt = Annotated[
    Optional[int],
    typer.Option("--top-k", "-k", envvar="QA_TOP_K", min=1, max=50, help="Passages given to the model."),
]
HomeOpt = Annotated[
    Optional[Path],
    typer.Option("--home", envvar="QA_HOME", help="Where qa keeps indexes, the assembled model and chat history."),
]


class _Rate(ProgressColumn):
    """Items per second, so a long indexing run shows its pace next to the ETA."""

    def render(self, task) -> Text:
        speed = task.finished_speed or task.speed
        return Text(f"{speed:,.0f}/s" if speed else "", style="progress.data.speed")


@contextmanager
def _bar(description: str, total: int | None) -> Iterator:
    progress = Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TaskProgressColumn(),
        _Rate(),
        TimeRemainingColumn(),
        console=err,
        transient=False,
        disable=not err.is_terminal,  # bars are for people; logs and pipes get the summary lines
    )
    with progress:
        task_id = progress.add_task(description, total=total)

        class Task:
            def advance(self, amount: int = 1) -> None:
                progress.advance(task_id, amount)

        yield Task()


def _notify(message: str) -> None:
    err.print(message, markup=False)


def _assistant(
    corpus: Path | None = None,
    index: Path | None = None,
    model: Path | None = None,
    model_sha256: str | None = None,
    top_k: int | None = None,
    home: Path | None = None,
) -> Assistant:
    settings = Settings.from_env(
        corpus=corpus, index_dir=index, model=model, model_sha256=model_sha256, top_k=top_k, home=home
    )
    return Assistant(settings, progress=_bar, notify=_notify)


@contextmanager
def _errors() -> Iterator[None]:
    """A QAError becomes one line on stderr and exit code 1; anything else is a bug."""
    try:
        yield
    except QAError as exc:
        err.print(f"Error: {exc}", markup=False)
        raise typer.Exit(1) from None
    except KeyboardInterrupt:
        err.print("Interrupted.")
        raise typer.Exit(130) from None


def _version(value: bool) -> None:
    if value:
        typer.echo(f"qa {__version__}")
        raise typer.Exit()


@app.callback()
def main_callback(
    version: Annotated[
        Optional[bool], typer.Option("--version", callback=_version, is_eager=True, help="Show the version and exit.")
    ] = None,
) -> None:
    """Answer questions about a folder of news articles, offline, citing article file and paragraph.

    Start with `qa ask "QUESTION"`: it indexes the bundled articles on first use.
    """


@app.command("index")
def index_cmd(
    folder: Annotated[
        Optional[Path], typer.Argument(help="Folder of articles to index. Default: QA_CORPUS or the bundled seeds/.")
    ] = None,
    rebuild: Annotated[
        bool, typer.Option("--rebuild", help="Rebuild even if the index is up to date (e.g. after corruption).")
    ] = False,
    prompt_cache: Annotated[
        bool,
        typer.Option(
            "--prompt-cache/--no-prompt-cache",
            help="Also read the articles into the model once and cache its state, so answers start at once"
            " (needs the model; skipped when the articles do not fit its context).",
        ),
    ] = True,
    index: IndexOpt = None,
    home: HomeOpt = None,
) -> None:
    """Build or refresh the search index (FAISS + BM25) of a folder of articles."""
    with _errors():
        assistant = _assistant(corpus=folder, index=index, home=home)
        report = assistant.build_index(rebuild=rebuild)
        if report.corpus is not None:
            for item in report.corpus.skipped:
                err.print(f"Skipped {item.file}: {item.reason}", markup=False)
            for item in report.corpus.notes:
                err.print(f"Note: {item.file}: {item.reason}", markup=False)
        verb = "Indexed" if report.built else "Index is up to date:"
        err.print(f"{verb} {report.articles} articles, {report.paragraphs} paragraphs → {report.path}", markup=False)
        if prompt_cache:
            err.print(f"Answer strategy: {assistant.strategy} ({assistant.strategy_note})", markup=False)


def _print_streamed(stream: AnswerStream) -> Answer:
    """Each verified chunk as it comes, then the finished answer."""
    for chunk in stream:
        out.print(chunk, end="", markup=False)
    out.print()
    return stream.answer()


def _print_sources(answer: Answer) -> None:
    if not answer.citations:
        return
    out.print("\nSources:", markup=False)
    for c in answer.citations:
        out.print(f"  {c.label} {c.text}", markup=False)


ECHO_CHARS = 200  # a question read from stdin is shown above its answer, this much of it


def _stdin_questions() -> Iterator[str]:
    for line in sys.stdin:
        if line.strip():
            yield line.rstrip("\n")


def _ask_text_lines(assistant: Assistant) -> int:
    """One question per stdin line → each answer streamed with its sources, a blank line between;
    a bad line is reported on stderr and does not stop the batch."""
    failures = 0
    for n, question in enumerate(_stdin_questions()):
        if n:
            out.print()
        shown = question if len(question) <= ECHO_CHARS else question[:ECHO_CHARS] + "…"
        out.print(f"Q: {shown}", markup=False, soft_wrap=True)
        try:
            _print_sources(_print_streamed(assistant.stream(question)))
        except QAError as exc:
            failures += 1
            err.print(f"Error: {exc}", markup=False)
    return 1 if failures else 0


def _ask_json_lines(assistant: Assistant) -> int:
    """One question per stdin line → one JSON object per line; bad lines do not stop the batch."""
    failures = 0
    for question in _stdin_questions():
        try:
            record = assistant.ask(question).to_dict()
        except QAError as exc:
            failures += 1
            record = {"question": question, "error": str(exc)}
        sys.stdout.write(json.dumps(record, ensure_ascii=False) + "\n")
        sys.stdout.flush()
    return 1 if failures else 0


@app.command()
def ask(
    question: Annotated[
        str,
        typer.Argument(
            help='The question, in quotes; "-" reads one question per line from stdin, loading the models once.'
        ),
    ],
    json_out: Annotated[
        bool, typer.Option("--json", help="Print one JSON object: question, answer, citations, abstained, timings.")
    ] = False,
    corpus: CorpusOpt = None,
    index: IndexOpt = None,
    model: ModelOpt = None,
    model_sha256: ShaOpt = None,
    top_k: TopKOpt = None,
    home: HomeOpt = None,
) -> None:
    """Answer one question, streaming the answer, then list the cited paragraphs."""
    with _errors():
        assistant = _assistant(corpus, index, model, model_sha256, top_k, home)
        if question == "-":
            assistant.load()
            raise typer.Exit(_ask_json_lines(assistant) if json_out else _ask_text_lines(assistant))
        if json_out:
            answer = assistant.ask(question)
            typer.echo(json.dumps(answer.to_dict(), ensure_ascii=False))
            return
        _print_sources(_print_streamed(assistant.stream(question)))


def _answer_records(text: str) -> Iterator[dict]:
    """JSON answers as ``qa ask --json`` writes them: one per line, or one object or list."""
    text = text.strip()
    try:
        whole = json.loads(text) if text else []
    except json.JSONDecodeError:
        whole = None
    if isinstance(whole, dict):
        yield whole
        return
    if isinstance(whole, list):
        yield from whole
        return
    for number, line in enumerate(text.splitlines(), start=1):
        if line.strip():
            try:
                yield json.loads(line)
            except json.JSONDecodeError as exc:
                raise InputError(
                    f"line {number} is not JSON ({exc.msg}): give answers saved by `qa ask --json`"
                ) from None


@app.command()
def verify(
    answers: Annotated[
        Path, typer.Argument(help='Answers saved by `qa ask --json` (one per line, or a JSON list); "-" reads stdin.')
    ],
    corpus: CorpusOpt = None,
    index: IndexOpt = None,
    home: HomeOpt = None,
) -> None:
    """Check that saved answers' citations still point at the text they cited.

    Each citation carries its paragraph's content hash; it is compared with the articles as
    they are now. A cited paragraph that was edited or removed is reported as stale, never
    shown with other text. Exit code 1 when any citation is stale.
    """
    with _errors():
        try:
            text = sys.stdin.read() if str(answers) == "-" else answers.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise InputError(f"cannot read {answers}: {getattr(exc, 'strerror', None) or exc}") from None
        assistant = _assistant(corpus=corpus, index=index, home=home)
        stale = total = 0
        for record in _answer_records(text):
            if not isinstance(record, dict) or not isinstance(record.get("citations", []), list):
                raise InputError("an answer is not a JSON object with a citations list: give `qa ask --json` output")
            try:
                citations = [Citation(**c) for c in record.get("citations", [])]
            except TypeError as exc:
                raise InputError(f"a citation is malformed ({exc}): give `qa ask --json` output") from None
            out.print(f"{record.get('question', '(no question)')}", markup=False)
            for check in assistant.check_citations(citations, articles=True):
                total += 1
                stale += check.stale
                out.print(f"  {'STALE' if check.stale else 'ok   '} {check.describe()}", markup=False)
        err.print(f"{stale} of {total} citations stale", markup=False)
        raise typer.Exit(1 if stale else 0)


CHAT_HELP = "Ask about the articles; follow-up questions are understood. /sources shows the last sources, /new starts over, /quit leaves."


@app.command()
def chat(
    corpus: CorpusOpt = None,
    index: IndexOpt = None,
    model: ModelOpt = None,
    model_sha256: ShaOpt = None,
    top_k: TopKOpt = None,
    home: HomeOpt = None,
) -> None:
    """Interactive shell with history: follow-ups, /sources, /new, /quit."""
    with _errors():
        assistant = _assistant(corpus, index, model, model_sha256, top_k, home)
        assistant.load()
        _enable_history(assistant.settings.home / "chat_history")
        err.print(CHAT_HELP, markup=False)
        history: list[Answer] = []
        while True:
            try:
                line = input("qa> ").strip()
            except EOFError:
                out.print()
                return
            if not line:
                continue
            if line in ("/quit", "/exit", "/q"):
                return
            if line == "/help":
                err.print(CHAT_HELP, markup=False)
                continue
            if line == "/new":
                history.clear()
                err.print("Started a new conversation.")
                continue
            if line == "/sources":
                if history and history[-1].citations:
                    assistant.refresh_index()  # the articles may have been re-indexed meanwhile
                    out.print("Sources:", markup=False)
                    for check in assistant.check_citations(history[-1].citations):
                        out.print(f"  {check.describe()}", markup=False)
                else:
                    out.print("(no sources yet)")
                continue
            if line.startswith("/"):
                err.print(f"Unknown command {line}. {CHAT_HELP}", markup=False)
                continue
            try:
                if assistant.refresh_index():
                    err.print("The index changed on disk; answering from the new one.", markup=False)
                history.append(_print_streamed(assistant.stream(line, history)))
            except QAError as exc:  # a bad question should not end the session
                err.print(f"Error: {exc}", markup=False)


@app.command("eval")
def eval_cmd(
    gold: Annotated[Path, typer.Option("--gold", help="Gold questions, JSONL in the format of eval/README.md.")] = Path(
        "eval/gold.jsonl"
    ),
    split: Annotated[
        str, typer.Option("--split", help="Which questions: dev (tune on these), test (only score), all.")
    ] = "all",
    retrieval_only: Annotated[
        bool, typer.Option("--retrieval-only", help="Score retrieval only; no model needed.")
    ] = False,
    json_out: Annotated[bool, typer.Option("--json", help="Print the metrics as JSON instead of a summary.")] = False,
    out_dir: Annotated[
        Optional[Path], typer.Option("--out", help="Write metrics.json, answers.jsonl and report.md here.")
    ] = None,
    limit: Annotated[Optional[int], typer.Option("--limit", min=1, help="Only the first N questions.")] = None,
    corpus: CorpusOpt = None,
    index: IndexOpt = None,
    model: ModelOpt = None,
    model_sha256: ShaOpt = None,
    top_k: TopKOpt = None,
    home: HomeOpt = None,
) -> None:
    """Score the assistant on a gold set: retrieval, answers, citations, abstention, latency."""
    from qa.evaluate import Evaluator, load_gold, write_outputs

    with _errors():
        items = load_gold(gold, split)[:limit]
        assistant = _assistant(corpus, index, model, model_sha256, top_k, home)
        metrics, records = Evaluator(assistant, items, retrieval_only=retrieval_only).run(progress=_bar, notify=_notify)
        command = "qa " + " ".join(sys.argv[1:])
        target = out_dir or assistant.settings.home / "eval" / time.strftime("%Y%m%d-%H%M%S")
        write_outputs(target, metrics, records, command)
        if json_out:
            typer.echo(json.dumps(metrics, ensure_ascii=False))
        else:
            out.print(json.dumps(metrics["overall"], indent=1), markup=False)
        err.print(f"Report: {target / 'report.md'}", markup=False)


@app.command("bench")
def bench_cmd(
    gold: Annotated[Path, typer.Option("--gold", help="Questions to time, JSONL as in eval/README.md.")] = Path(
        "eval/gold.jsonl"
    ),
    split: Annotated[str, typer.Option("--split", help="Which gold questions: dev, test or all.")] = "all",
    limit: Annotated[int, typer.Option("--limit", min=1, help="Time the first N questions.")] = 10,
    cold_runs: Annotated[
        int,
        typer.Option(
            "--cold-runs",
            min=0,
            help="One-shot `qa ask` processes to time from start to answer, each with the next question.",
        ),
    ] = 1,
    out_file: Annotated[Path, typer.Option("--out", help="Write the figures here as JSON.")] = Path(
        "eval/runs/bench.json"
    ),
    strategies: Annotated[
        Optional[list[str]],
        typer.Option(
            "--strategy",
            help="A strategy to time (repeat for several; the first is the one the cold start uses and the"
            " ratios divide by). Default: auto, then topk.",
        ),
    ] = None,
    corpus: CorpusOpt = None,
    index: IndexOpt = None,
    model: ModelOpt = None,
    model_sha256: ShaOpt = None,
    top_k: TopKOpt = None,
    home: HomeOpt = None,
) -> None:
    """Time indexing, retrieval, first token, whole answers, cold start and memory: qa's strategy
    against the plain top-k prompt, on the same questions in the same run."""
    from qa.bench import STRATEGIES, render, run_bench
    from qa.evaluate import load_gold

    with _errors():
        items = load_gold(gold, split)[:limit]
        assistant = _assistant(corpus, index, model, model_sha256, top_k, home)
        chosen = tuple(strategies or STRATEGIES)
        for name in chosen:
            assistant.settings.with_(strategy=name)  # an unknown name fails before any slow work
        _ = assistant.index  # build or load it once; each strategy loads its own model context
        figures = run_bench(assistant, items, cold_runs=cold_runs, strategies=chosen, progress=_bar, notify=_notify)
        figures["command"] = "qa " + " ".join(sys.argv[1:])
        out_file.parent.mkdir(parents=True, exist_ok=True)
        out_file.write_text(json.dumps(figures, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
        out.print(render(figures), markup=False)
        err.print(f"Figures: {out_file}", markup=False)


@app.command("serve")
def serve_cmd(
    host: Annotated[
        str, typer.Option("--host", help="Address to bind. Loopback by default: not reachable from other machines.")
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", min=1, max=65535, help="TCP port.")] = 8000,
    api_key: Annotated[
        Optional[str],
        typer.Option("--api-key", envvar="QA_API_KEY", help="Require this key (Authorization: Bearer KEY)."),
    ] = None,
    queue: Annotated[
        int, typer.Option("--queue", min=1, help="Requests that may wait for the model; more get 503 with Retry-After.")
    ] = 16,
    timeout: Annotated[
        float,
        typer.Option(
            "--timeout", min=1, help="Seconds an answer may take once its turn comes; then 504 and the model is freed."
        ),
    ] = 600.0,
    llm_url: Annotated[
        Optional[str],
        typer.Option(
            "--llm-url",
            envvar="QA_LLM_URL",
            help="Generate with an OpenAI-compatible server at this URL (e.g. http://gpu-host:8080/v1) instead of"
            " the local model; retrieval and citation checks stay here.",
        ),
    ] = None,
    llm_model: Annotated[
        Optional[str], typer.Option("--llm-model", envvar="QA_LLM_MODEL", help="Model name to ask --llm-url for.")
    ] = None,
    corpus: CorpusOpt = None,
    index: IndexOpt = None,
    model: ModelOpt = None,
    model_sha256: ShaOpt = None,
    top_k: TopKOpt = None,
    home: HomeOpt = None,
) -> None:
    """Serve the assistant over HTTP: OpenAI-compatible /v1/chat/completions, /v1/ask, and a chat page at /."""
    with _errors():
        import uvicorn

        from qa.server import create_app

        settings = Settings.from_env(
            corpus=corpus,
            index_dir=index,
            model=model,
            model_sha256=model_sha256,
            top_k=top_k,
            home=home,
            llm_url=llm_url,
            llm_model=llm_model,
        )
        assistant = Assistant(settings, progress=_bar, notify=_notify)
        assistant.load()
        if host not in ("127.0.0.1", "localhost", "::1") and not api_key:
            err.print(
                f"Warning: serving on {host} without --api-key: anyone who can reach it can use it.", markup=False
            )
        err.print(f"qa serving on http://{host}:{port} (strategy: {assistant.strategy})", markup=False)
        app_ = create_app(assistant, api_key=api_key, queue_size=queue, timeout_s=timeout)
        uvicorn.run(app_, host=host, port=port, log_level="warning")


def _enable_history(path: Path) -> None:
    try:
        import atexit
        import readline
    except ImportError:  # not on every platform; chat still works without it
        return
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        if path.exists():
            readline.read_history_file(path)
        atexit.register(readline.write_history_file, path)
    except OSError:
        pass


def main() -> None:
    app(prog_name="qa")
