"""The HTTP server: a real uvicorn server on 127.0.0.1 and real HTTP clients. Here with the
fake embedder and generator (one layer); tests/test_server_e2e.py uses the real models."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator

import httpx
import pytest

from qa import Assistant, Settings
from qa.server import create_app
from tests.conftest import KeywordEmbedder, QueueGenerator
from tests.serving import running

Q = "When did Ju-ae make her first diplomatic outing?"
REPLY = "Ju-ae's first diplomatic outing was on May 8, 2025, at the Russian Embassy for Victory Day."


class SlowGenerator(QueueGenerator):
    """Replies word by word with a pause, and records how many words it got to write."""

    def __init__(self, reply: str, delay: float) -> None:
        super().__init__()
        self.reply = reply
        self.delay = delay
        self.written: list[int] = []

    def stream(self, messages, *, max_tokens: int) -> Iterator[str]:
        self.prompts.append(list(messages))
        self.written.append(0)
        for i, word in enumerate(self.reply.split(" ")):
            time.sleep(self.delay)
            self.written[-1] += 1
            yield word if i == 0 else " " + word


@pytest.fixture
def make_server(tmp_path, seeds_copy):
    servers = []

    def make(generator=None, **options):
        s = Settings.from_env(corpus=seeds_copy, home=tmp_path / "qa-home")
        assistant = Assistant(s, embedder=KeywordEmbedder(), generator=generator or QueueGenerator([REPLY] * 10))
        assistant.load()
        ctx = running(create_app(assistant, **options))
        url = ctx.__enter__()
        servers.append(ctx)
        return url, assistant

    yield make
    for ctx in servers:
        ctx.__exit__(None, None, None)


def chat(url: str, content: str = Q, *, stream: bool = False, **extra) -> httpx.Response:
    body = {"model": "qa", "messages": [{"role": "user", "content": content}], "stream": stream}
    return httpx.post(f"{url}/v1/chat/completions", json=body, timeout=60, **extra)


def sse_chunks(text: str) -> list[dict]:
    out = []
    for block in text.split("\n\n"):
        block = block.strip()
        if block.startswith("data: ") and block != "data: [DONE]":
            out.append(json.loads(block[6:]))
    return out


def test_health_models_and_openapi(make_server):
    url, _ = make_server()
    assert httpx.get(f"{url}/healthz").json()["status"] == "ok"
    assert httpx.get(f"{url}/v1/models").json()["data"][0]["id"] == "qa"
    paths = httpx.get(f"{url}/openapi.json").json()["paths"]
    assert {"/v1/chat/completions", "/v1/ask", "/v1/models", "/healthz"} <= set(paths)


def test_plain_completion_has_text_and_structured_citations(make_server):
    url, _ = make_server()
    data = chat(url).json()
    message = data["choices"][0]["message"]
    assert message["role"] == "assistant"
    assert "[000_f6d7438db1f1dcb4.txt ¶12]" in message["content"]
    assert {"file": "000_f6d7438db1f1dcb4.txt", "paragraph": 12} in [
        {"file": c["file"], "paragraph": c["paragraph"]} for c in message["citations"]
    ]
    assert data["citations"] == message["citations"]


def test_stream_concatenates_to_the_plain_answer_and_ends_with_citations(make_server):
    url, _ = make_server()
    plain = chat(url).json()
    response = chat(url, stream=True)
    assert response.headers["content-type"].startswith("text/event-stream")
    assert response.text.rstrip().endswith("data: [DONE]")
    chunks = sse_chunks(response.text)
    text = "".join(c["choices"][0]["delta"].get("content") or "" for c in chunks)
    assert text == plain["choices"][0]["message"]["content"]
    assert chunks[-1]["choices"][0]["finish_reason"] == "stop"
    assert chunks[-1]["citations"] == plain["citations"]


def test_server_answers_from_an_index_rewritten_by_another_process(make_server, seeds_copy):
    from tests.test_stale import _edit

    url, assistant = make_server()
    first = httpx.post(f"{url}/v1/ask", json={"question": Q}, timeout=60).json()
    assert "May 8" in first["citations"][0]["text"]
    _edit(seeds_copy, "000_f6d7438db1f1dcb4.txt", 12, "Ju-ae first went abroad on May 9 to the Russian Embassy.")
    other = Assistant(assistant.settings, embedder=KeywordEmbedder(), generator=QueueGenerator())
    other.build_index()  # as `qa index` in another process would
    again = httpx.post(f"{url}/v1/ask", json={"question": Q}, timeout=60).json()
    texts = [c["text"] for c in again["citations"]]
    assert not any("May 8 for Russia" in t for t in texts)  # never the old text under the old label
    assert assistant.index.path == other.index.path


def test_ask_endpoint_is_the_cli_json(make_server):
    url, _ = make_server()
    data = httpx.post(f"{url}/v1/ask", json={"question": Q}, timeout=60).json()
    assert set(data) == {"question", "answer", "citations", "abstained", "timings"}
    assert data["citations"][0]["paragraph"] == 12


def test_follow_up_sends_the_conversation_to_the_rewriter(make_server):
    gen = QueueGenerator(["Where did Ju-ae go on May 8 for Victory Day?", REPLY])
    url, _ = make_server(gen)
    messages = [
        {"role": "user", "content": Q},
        {"role": "assistant", "content": REPLY + " [000_f6d7438db1f1dcb4.txt ¶12]"},
        {"role": "user", "content": "Where did she go?"},
    ]
    r = httpx.post(f"{url}/v1/chat/completions", json={"messages": messages}, timeout=60)
    assert r.status_code == 200
    rewrite_prompt = gen.prompts[0][-1]["content"]
    assert Q in rewrite_prompt and "Where did she go?" in rewrite_prompt
    assert "¶12]" not in rewrite_prompt  # rendered citations are stripped from the history


@pytest.mark.parametrize(
    ("body", "status"),
    [
        ({"messages": []}, 422),
        ({"messages": [{"role": "wizard", "content": "hi"}]}, 422),
        ({"messages": [{"role": "assistant", "content": "hi"}]}, 422),
        ({"nothing": 1}, 422),
        ({"messages": [{"role": "user", "content": "x" * 5000}]}, 413),
        ({"messages": [{"role": "user", "content": "   "}]}, 422),
    ],
)
def test_bad_bodies(make_server, body, status):
    url, _ = make_server()
    r = httpx.post(f"{url}/v1/chat/completions", json=body, timeout=60)
    assert r.status_code == status, r.text
    assert r.json()["detail"]


def test_malformed_json_and_huge_body(make_server):
    url, _ = make_server()
    r = httpx.post(
        f"{url}/v1/chat/completions", content=b"{not json", headers={"content-type": "application/json"}, timeout=60
    )
    assert r.status_code == 422
    r = httpx.post(f"{url}/v1/ask", content=b"x" * 2_000_000, headers={"content-type": "application/json"})
    assert r.status_code == 413
    assert httpx.get(f"{url}/healthz").status_code == 200  # still serving


def test_api_key(make_server):
    url, _ = make_server(api_key="s3cret")
    assert httpx.get(f"{url}/v1/models").status_code == 401
    assert httpx.get(f"{url}/v1/models", headers={"Authorization": "Bearer wrong"}).status_code == 401
    assert httpx.get(f"{url}/v1/models", headers={"Authorization": "Bearer s3cret"}).status_code == 200
    assert httpx.get(f"{url}/healthz").status_code == 200


def test_full_queue_answers_503_with_retry_after(make_server):
    url, _ = make_server(SlowGenerator(REPLY, 0.15), queue_size=1)
    first: list[httpx.Response] = []
    t = threading.Thread(target=lambda: first.append(chat(url)))
    t.start()
    time.sleep(0.5)
    busy = chat(url)
    t.join()
    assert busy.status_code == 503 and int(busy.headers["Retry-After"]) >= 1
    assert first[0].status_code == 200


def test_requests_are_answered_in_order_none_lost(make_server):
    gen = SlowGenerator(REPLY, 0.01)
    url, _ = make_server(gen, queue_size=8)
    results: dict[int, httpx.Response] = {}

    def client(i: int) -> None:
        results[i] = httpx.post(f"{url}/v1/ask", json={"question": f"{Q} ({i})"}, timeout=60)

    threads = [threading.Thread(target=client, args=(i,)) for i in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(results) == list(range(6))
    for i, r in results.items():
        assert r.status_code == 200 and r.json()["question"] == f"{Q} ({i})"  # not mixed up


def test_timeout_is_504_and_frees_the_model(make_server):
    gen = SlowGenerator(REPLY, 0.3)
    url, _ = make_server(gen, timeout_s=1.0)
    r = chat(url)
    assert r.status_code == 504
    gen.delay = 0.0
    assert chat(url).status_code == 200


def test_client_that_disconnects_frees_its_slot(make_server):
    gen = SlowGenerator(REPLY + " " + REPLY, 0.2)
    url, _ = make_server(gen, queue_size=1)
    body = {"messages": [{"role": "user", "content": Q}], "stream": True}
    with httpx.stream("POST", f"{url}/v1/chat/completions", json=body, timeout=60) as r:
        for line in r.iter_lines():
            if "content" in line:
                break  # hang up mid-answer
    # still slow enough that the server sees the hang-up before the answer's end (at no delay the
    # rest came out before it did, once, on a loaded machine), fast enough for the next request
    gen.delay = 0.05
    deadline = time.time() + 20
    while (r2 := chat(url)).status_code == 503 and time.time() < deadline:
        time.sleep(0.2)
    assert r2.status_code == 200
    assert gen.written[0] < len((REPLY + " " + REPLY).split(" "))  # the first answer was cut short


def test_chat_page_is_served(make_server):
    url, _ = make_server()
    page = httpx.get(url + "/")
    assert page.status_code == 200 and "/v1/chat/completions" in page.text
