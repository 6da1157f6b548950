"""The CLI layer: help text, and one clear line plus exit code 1 for each bad input."""

import hashlib
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from qa.cli import app
from qa.corpus import read_corpus
from qa.index import CURRENT, Index

from .conftest import SEEDS, KeywordEmbedder

runner = CliRunner()


def one_line_error(result, pattern: str) -> None:
    assert result.exit_code == 1, result.output
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("Error: ") and pattern in lines[0], lines[0]
    assert "Traceback" not in result.output


def test_help_explains_commands_and_variables():
    result = runner.invoke(app, ["--help"])
    assert result.exit_code == 0
    for command in ("index", "ask", "chat"):
        assert command in result.stdout
    result = runner.invoke(app, ["ask", "--help"], env={"COLUMNS": "200"})
    assert result.exit_code == 0
    for text in ("--json", "QA_MODEL", "QA_CORPUS", "--top-k", "stdin"):
        assert text in result.stdout


def test_version():
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0 and result.stdout.startswith("qa ")


@pytest.mark.parametrize("question", ["", "   ", "x" * 100_000], ids=["empty", "blank", "100KB"])
def test_bad_question(question: str):
    one_line_error(runner.invoke(app, ["ask", question]), "question")


def test_missing_corpus_folder(tmp_path: Path):
    one_line_error(runner.invoke(app, ["index", str(tmp_path / "nope")]), "does not exist")
    one_line_error(runner.invoke(app, ["ask", "--corpus", str(tmp_path / "nope"), "Who?"]), "does not exist")


def test_corrupt_index(tmp_path: Path):
    folder = tmp_path / "index"
    Index.build(read_corpus(SEEDS), KeywordEmbedder()).save(folder)
    gen = folder / (folder / CURRENT).read_text().strip()
    (gen / "vectors.npy").write_bytes(b"garbage")
    fake_model = tmp_path / "m.gguf"
    fake_model.write_bytes(b"GGUF0000")
    result = runner.invoke(app, ["ask", "--index", str(folder), "--model", str(fake_model), "Who met Kim?"])
    one_line_error(result, "qa index --rebuild")


def test_other_embedding_model_on_an_existing_index(tmp_path: Path):
    from .test_embed import tiny_static_model

    folder = tmp_path / "index"
    Index.build(read_corpus(SEEDS), KeywordEmbedder()).save(folder)
    before = sorted(p.name for p in folder.iterdir() if p.name != ".lock")
    env = {"QA_EMBEDDER": str(tiny_static_model(tmp_path / "tiny")), "QA_HOME": str(tmp_path / "home")}
    result = runner.invoke(app, ["index", "--index", str(folder), str(SEEDS)], env=env)
    one_line_error(result, "qa index --rebuild")
    assert "model2vec/tiny" in result.stderr and KeywordEmbedder.name in result.stderr
    assert sorted(p.name for p in folder.iterdir() if p.name != ".lock") == before  # nothing written or mixed


def test_missing_model_path(tmp_path: Path):
    one_line_error(runner.invoke(app, ["ask", "--model", str(tmp_path / "none.gguf"), "Who?"]), "does not exist")


def test_model_with_wrong_checksum(tmp_path: Path):
    model = tmp_path / "m.gguf"
    model.write_bytes(b"GGUF" + b"\x00" * 64)
    wrong = hashlib.sha256(b"something else").hexdigest()
    result = runner.invoke(app, ["ask", "--model", str(model), "--model-sha256", wrong, "Who?"])
    one_line_error(result, "sha256")
    result = runner.invoke(app, ["ask", "Who?"], env={"QA_MODEL": str(model), "QA_MODEL_SHA256": wrong})
    one_line_error(result, "sha256")


def test_not_a_gguf(tmp_path: Path):
    model = tmp_path / "m.gguf"
    model.write_text("hello")
    one_line_error(runner.invoke(app, ["ask", "--model", str(model), "Who?"]), "not a GGUF")


def test_bad_setting_from_environment():
    one_line_error(runner.invoke(app, ["ask", "Who?"], env={"QA_N_CTX": "many"}), "QA_N_CTX")


def test_python_m_qa_help_without_loading_heavy_modules():
    result = subprocess.run([sys.executable, "-m", "qa", "--help"], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0 and "Usage" in result.stdout
    code = "import sys, qa; print(sorted(m for m in ('typer', 'rich', 'torch', 'llama_cpp', 'sentence_transformers', 'faiss') if m in sys.modules))"
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert loaded.stdout.strip() == "[]", loaded.stdout + loaded.stderr


def test_chat_follow_ups_sources_and_commands(monkeypatch: pytest.MonkeyPatch, fake_assistant):
    from qa import cli

    assistant = fake_assistant()
    tag = next(
        i
        for i, p in enumerate(assistant.retrieve("When did Ju-ae make her first diplomatic outing?").passages, 1)
        if p.paragraph.number == 12
    )
    assistant._generator.replies += [
        f"Her first outing was on May 8 at the Russian Embassy for Victory Day [P{tag}].",
        "When did Ju-ae visit the Russian Embassy for Victory Day?",  # the rewrite of the follow-up
        "I don't know — the articles don't say.",
    ]
    monkeypatch.setattr(cli, "_assistant", lambda *a, **k: assistant)
    session = "When did Ju-ae make her first diplomatic outing?\n/sources\nAnd where was that?\n/bogus\n/new\n/quit\n"
    result = runner.invoke(cli.app, ["chat"], input=session)
    assert result.exit_code == 0, result.output
    assert "[000_f6d7438db1f1dcb4.txt ¶12]" in result.stdout
    assert "Sources:" in result.stdout and "Victory Day" in result.stdout
    rewrite_prompt = assistant._generator.prompts[1][1]["content"]
    assert (
        "When did Ju-ae make her first diplomatic outing?" in rewrite_prompt and "And where was that?" in rewrite_prompt
    )
    assert "Unknown command /bogus" in result.stderr and "new conversation" in result.stderr


def test_bench_refuses_an_unknown_strategy_before_any_work(tmp_path: Path):
    result = runner.invoke(app, ["bench", "--strategy", "auto", "--strategy", "fast", "--home", str(tmp_path / "home")])
    one_line_error(result, "strategy 'fast' is not one of")
    assert not (tmp_path / "home" / "indexes").exists()  # no index was built first


def test_ask_dash_answers_each_stdin_line_and_reports_bad_ones(monkeypatch: pytest.MonkeyPatch, fake_assistant):
    """`qa ask -` without --json: one answer per stdin line, with its sources; a bad line is one
    error on stderr, the others are still answered, and the exit code says something failed."""
    from qa import cli

    assistant = fake_assistant(max_question_chars=300)
    question = "When did Ju-ae make her first diplomatic outing?"
    tag = next(i for i, p in enumerate(assistant.retrieve(question).passages, 1) if p.paragraph.number == 12)
    assistant._generator.replies += [
        f"Her first outing was on May 8 at the Russian Embassy for Victory Day [P{tag}].",
        "I don't know — the articles don't say.",
    ]
    monkeypatch.setattr(cli, "_assistant", lambda *a, **k: assistant)
    long = "Why " + "x" * 400 + "?"
    result = runner.invoke(cli.app, ["ask", "-"], input=f"{question}\n\n{long}\nWhat is the capital of Mars?\n")
    assert result.exit_code == 1, result.output
    assert f"Q: {question}" in result.stdout and "[000_f6d7438db1f1dcb4.txt ¶12]" in result.stdout
    assert "Sources:" in result.stdout and "Victory Day" in result.stdout
    assert "Q: What is the capital of Mars?" in result.stdout
    assert result.stdout.count("Q: ") == 3 and "x" * 201 not in result.stdout  # a long question is cut when shown
    assert result.stderr.count("Error:") == 1 and "limit is 300" in result.stderr


@pytest.mark.parametrize(
    ("ratio", "note"),
    [
        (0.25, "or all of them for a question across articles"),  # the articles fit the context together
        (0.5, "do not fit the context together"),  # each fits alone: read when a question needs it
    ],
)
def test_index_says_how_the_model_will_read_the_articles(monkeypatch, tmp_path, seeds_copy, ratio, note):
    from qa import Assistant, Settings, cli

    from .conftest import ResidentQueueGenerator

    settings = Settings.from_env(corpus=seeds_copy, home=tmp_path / "qa-home")
    assistant = Assistant(
        settings, embedder=KeywordEmbedder(), generator=ResidentQueueGenerator(n_tokens_per_char=ratio)
    )
    monkeypatch.setattr(cli, "_assistant", lambda *a, **k: assistant)
    result = runner.invoke(cli.app, ["index", str(seeds_copy)])
    assert result.exit_code == 0, result.output
    line = [line for line in result.stderr.splitlines() if line.startswith("Answer strategy:")]
    assert line == [f"Answer strategy: auto ({assistant.strategy_note})"] and note in line[0]
