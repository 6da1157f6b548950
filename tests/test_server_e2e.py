"""The server end to end: the real model behind a real uvicorn server, the official openai
client, a headless Chromium on the chat page, and generation sent to a real OpenAI-compatible
engine (llama-cpp-python's server) with --llm-url."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from qa import Assistant, Settings
from qa.models import resolve_model
from qa.server import create_app
from tests.serving import free_port, running

pytestmark = pytest.mark.e2e

Q = "When did Ju-ae make her first diplomatic outing?"
JUAE = "[000_f6d7438db1f1dcb4.txt ¶12]"


@pytest.fixture(scope="module")
def url(real_assistant: Assistant) -> Iterator[str]:
    with running(create_app(real_assistant)) as base:
        yield base


@pytest.fixture(scope="module")
def client(url: str):
    from openai import OpenAI

    return OpenAI(base_url=f"{url}/v1", api_key="unused", max_retries=0, timeout=600)


def test_openai_client_plain_answer_with_citations(client):
    resp = client.chat.completions.create(model="qa", messages=[{"role": "user", "content": Q}])
    message = resp.choices[0].message
    assert "May 8" in message.content and JUAE in message.content
    citations = message.model_extra["citations"]
    assert ("000_f6d7438db1f1dcb4.txt", 12) in [(c["file"], c["paragraph"]) for c in citations]
    assert all(c["text"] for c in citations)


def test_openai_client_stream_equals_plain_and_carries_citations(client):
    messages = [{"role": "user", "content": "Where was the joint North Korea–Russia concert staged?"}]
    plain = client.chat.completions.create(model="qa", messages=messages)
    chunks = list(client.chat.completions.create(model="qa", messages=messages, stream=True))
    text = "".join(c.choices[0].delta.content or "" for c in chunks if c.choices)
    assert text == plain.choices[0].message.content
    assert "East Pyongyang Grand Theatre" in text
    last = chunks[-1]
    assert last.choices[0].finish_reason == "stop"
    assert last.model_extra["citations"] == plain.choices[0].message.model_extra["citations"]


def test_two_turn_conversation(client):
    first_q = "What gifts did Kim receive from the governor of the Primorsky region?"
    first = client.chat.completions.create(model="qa", messages=[{"role": "user", "content": first_q}])
    answer = first.choices[0].message.content
    follow = client.chat.completions.create(
        model="qa",
        messages=[
            {"role": "user", "content": first_q},
            {"role": "assistant", "content": answer},
            {"role": "user", "content": "Which city did he depart from when he received them?"},
        ],
    )
    assert "Vladivostok" in follow.choices[0].message.content
    assert "[002_7561d2828fcb181b.txt ¶" in follow.choices[0].message.content


# ---- the chat page in a real browser -------------------------------------------------------------
def chromium_path() -> str:
    """Debian's chromium, installed here if missing (the machine may start without it)."""
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if found:
        return found
    if shutil.which("apt-get") and os.geteuid() == 0:
        env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
        if subprocess.run(["apt-get", "install", "-y", "chromium"], env=env, capture_output=True).returncode != 0:
            subprocess.run(["apt-get", "update"], env=env, capture_output=True)
            subprocess.run(["apt-get", "install", "-y", "chromium"], env=env, capture_output=True, check=True)
        found = shutil.which("chromium")
    if not found:
        pytest.fail("headless Chromium is needed for the chat page test: apt-get install chromium")
    return found


def test_chat_page_streams_an_answer_and_shows_the_cited_paragraph(url: str, real_assistant: Assistant):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=chromium_path(),
            args=[
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        try:
            page = browser.new_page()
            page.goto(url + "/")
            page.fill("#question", Q)
            page.click("#send")
            page.wait_for_selector(".a[data-done='true']", timeout=600_000)
            answer = page.inner_text(".a")
            assert "May 8" in answer
            page.click("a.cite[data-file='000_f6d7438db1f1dcb4.txt'][data-paragraph='12']")
            shown = page.inner_text("#source-text")
        finally:
            browser.close()
    paragraph = next(
        p for p in real_assistant.index.paragraphs if (p.file, p.number) == ("000_f6d7438db1f1dcb4.txt", 12)
    )
    assert shown == paragraph.text


# ---- generation on an external OpenAI-compatible engine -------------------------------------------
# llama-cpp-python's own server, its weights kept as mapped from disk as qa keeps them (llama.cpp's
# `--no-repack`). With its defaults, llama.cpp repacks them for Intel AMX where the CPU has it, and that
# path crashes on this Q4_K_M model in the first matrix product (ggml-org/llama.cpp#20824); qa's own loads
# never repack (LlamaGenerator).
ENGINE = """
import runpy
from qa.generate import _model_params

with _model_params(use_extra_bufts=False):
    runpy.run_module("llama_cpp.server", run_name="__main__", alter_sys=True)
"""


def test_llm_url_sends_generation_to_an_openai_compatible_server(real_home: Path, tmp_path: Path):
    model = resolve_model(None, real_home)
    port = free_port()
    log = tmp_path / "engine.log"  # a file, not a pipe: llama.cpp logs a lot and would block on a full pipe
    with open(log, "wb") as out:
        engine = subprocess.Popen(
            [
                sys.executable,
                "-c",
                ENGINE,
                "--model",
                str(model),
                "--host",
                "127.0.0.1",
                "--port",
                str(port),
                "--n_ctx",
                "4096",
                "--n_threads",
                "2",
                "--seed",
                "0",
            ],
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    try:
        deadline = time.time() + 180
        while True:
            try:
                if httpx.get(f"http://127.0.0.1:{port}/v1/models", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if engine.poll() is not None or time.time() > deadline:
                raise AssertionError("the llama.cpp server did not start: " + log.read_text(errors="replace")[-2000:])
            time.sleep(1)
        settings = Settings.from_env({}, home=real_home, llm_url=f"http://127.0.0.1:{port}/v1")
        assistant = Assistant(settings)
        answer = assistant.ask("How many troops has North Korea reportedly deployed to fight alongside Russian forces?")
        assert assistant.strategy == "topk"  # a remote engine gets the retrieved passages in each prompt
        assert "15,000" in answer.text and "[001_679a087cb559579e.txt ¶5]" in answer.text, answer.raw
        cut = assistant.generator.stream([{"role": "user", "content": "Count to fifty."}], max_tokens=4)
        assert "".join(cut) and cut.cut  # the server's finish_reason "length" is read as a cut
    finally:
        engine.terminate()
        engine.wait(timeout=30)
