"""The HTTP API: OpenAI-compatible chat completions, ``/v1/ask``, and a chat page.

One Assistant (one model) serves every client. Requests wait their turn in arrival order in a
bounded queue; when it is full the server answers 503 with ``Retry-After``. The answer is
produced in a worker thread and handed to the event loop chunk by chunk, so a client that
disconnects or times out stops its generation and frees the model for the next one.
"""

from __future__ import annotations

import asyncio
import hmac
import json
import threading
import time
import uuid
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass
from importlib import resources
from typing import Any, Literal

from fastapi import Depends, FastAPI, HTTPException, Request
from fastapi.responses import HTMLResponse, JSONResponse, StreamingResponse
from pydantic import BaseModel, ConfigDict, Field

from qa import __version__
from qa.answer import Answer
from qa.assistant import Assistant, Turn
from qa.errors import QAError, QuestionError, QuestionTooLong

MODEL_ID = "qa"
DEFAULT_QUEUE = 16
DEFAULT_TIMEOUT_S = 600.0
MAX_BODY_BYTES = 1_000_000


# ---- request and response bodies ------------------------------------------------------------
class ChatMessage(BaseModel):
    role: Literal["system", "developer", "user", "assistant", "tool"]
    content: str | list[dict[str, Any]] | None = None

    def text(self) -> str:
        if isinstance(self.content, list):  # OpenAI content parts: keep the text ones
            return " ".join(str(part.get("text", "")) for part in self.content if part.get("type") == "text")
        return self.content or ""


class ChatRequest(BaseModel):
    """The OpenAI chat-completions request; sampling fields are accepted and ignored (qa is
    deterministic by design)."""

    model_config = ConfigDict(extra="allow")
    model: str = MODEL_ID
    messages: list[ChatMessage] = Field(min_length=1)
    stream: bool = False


class AskRequest(BaseModel):
    question: str
    history: list[tuple[str, str]] = Field(default_factory=list, description="Earlier (question, answer) turns.")


def conversation(messages: Sequence[ChatMessage]) -> tuple[str, list[Turn]]:
    """The last user message is the question; earlier user/assistant pairs are the history."""
    if messages[-1].role != "user":
        raise HTTPException(422, "the last message must have role 'user'")
    turns: list[Turn] = []
    pending: str | None = None
    for m in messages[:-1]:
        if m.role == "user":
            pending = m.text()
        elif m.role == "assistant" and pending is not None:
            turns.append((pending, m.text()))
            pending = None
    return messages[-1].text(), turns


def citations_json(answer: Answer) -> list[dict]:
    return [c.to_dict() for c in answer.citations]


# ---- one model, many clients ----------------------------------------------------------------
class Busy(Exception):
    """The queue is full."""


@dataclass
class Queue:
    """Arrival-ordered access to the one model, with a bound on how many may wait."""

    size: int
    waiting: int = 0
    seconds_per_answer: float = 10.0

    def __post_init__(self) -> None:
        self.lock = asyncio.Lock()  # wakes waiters in FIFO order

    @asynccontextmanager
    async def slot(self) -> AsyncIterator[None]:
        if self.waiting >= self.size:
            raise Busy
        self.waiting += 1
        try:
            async with self.lock:
                start = time.perf_counter()
                yield
                took = time.perf_counter() - start
                self.seconds_per_answer = 0.8 * self.seconds_per_answer + 0.2 * took
        finally:
            self.waiting -= 1

    def retry_after(self) -> int:
        return max(1, round(self.waiting * self.seconds_per_answer))


class Job:
    """One answer produced in a worker thread; chunks are handed to the event loop."""

    def __init__(self, assistant: Assistant, question: str, history: list[Turn]) -> None:
        self.assistant = assistant
        self.question = question
        self.history = history
        self.chunks: asyncio.Queue = asyncio.Queue()
        self.cancel = threading.Event()
        self.answer: Answer | None = None
        self.error: BaseException | None = None
        self.loop = asyncio.get_running_loop()
        self.done = self.loop.run_in_executor(None, self._work)

    def _work(self) -> None:
        put = self.chunks.put_nowait
        try:
            # one job runs at a time (Queue.slot): pick up an index `qa index` rewrote meanwhile
            self.assistant.refresh_index()
            stream = self.assistant.stream(self.question, self.history)
            try:
                for chunk in stream:
                    if self.cancel.is_set():
                        return
                    self.loop.call_soon_threadsafe(put, chunk)
            finally:
                stream.close()  # stops llama.cpp mid-answer when cancelled, releasing the model
            self.answer = stream.answer()
        except BaseException as exc:  # noqa: BLE001 - handed to the request that owns the job
            self.error = exc
        finally:
            self.loop.call_soon_threadsafe(put, None)

    async def stop(self) -> None:
        self.cancel.set()
        await asyncio.shield(self.done)


def _error_response(exc: BaseException) -> HTTPException:
    if isinstance(exc, QuestionError):
        return HTTPException(413 if isinstance(exc, QuestionTooLong) else 422, str(exc))
    if isinstance(exc, QAError):
        return HTTPException(500, str(exc))
    return HTTPException(500, f"internal error: {type(exc).__name__}")


# ---- the app ---------------------------------------------------------------------------------
def create_app(
    assistant: Assistant,
    *,
    api_key: str | None = None,
    queue_size: int = DEFAULT_QUEUE,
    timeout_s: float = DEFAULT_TIMEOUT_S,
) -> FastAPI:
    """The FastAPI app over one loaded Assistant."""

    queue_holder: dict[str, Queue] = {}

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        queue_holder["q"] = Queue(queue_size)
        yield

    app = FastAPI(
        title="qa",
        version=__version__,
        description="Cited answers about a folder of news articles; OpenAI-compatible chat completions.",
        lifespan=lifespan,
    )

    async def check_key(request: Request) -> None:
        if not api_key:
            return
        given = request.headers.get("authorization", "").removeprefix("Bearer ").strip()
        given = given or request.headers.get("x-api-key", "")
        if not hmac.compare_digest(given.encode(), api_key.encode()):
            raise HTTPException(401, "missing or wrong API key", headers={"WWW-Authenticate": "Bearer"})

    @app.middleware("http")
    async def limit_body(request: Request, call_next):
        length = request.headers.get("content-length")
        if length and length.isdigit() and int(length) > MAX_BODY_BYTES:
            return JSONResponse({"detail": f"request body over {MAX_BODY_BYTES:,} bytes"}, status_code=413)
        return await call_next(request)

    def check_length(question: str) -> None:
        limit = assistant.settings.max_question_chars
        if len(question) > limit:
            raise HTTPException(413, f"the question is {len(question):,} characters long; the limit is {limit:,}")

    async def answer_of(request: Request, question: str, history: list[Turn]) -> Answer:
        check_length(question)
        queue = queue_holder["q"]
        try:
            async with queue.slot():
                job = Job(assistant, question, history)
                try:
                    async with asyncio.timeout(timeout_s):
                        while await job.chunks.get() is not None:
                            pass
                except TimeoutError:
                    await job.stop()
                    raise HTTPException(504, f"no answer within {timeout_s:g} s") from None
                await job.done
        except Busy:
            raise HTTPException(
                503, "busy: too many requests waiting", {"Retry-After": str(queue.retry_after())}
            ) from None
        if job.error is not None:
            raise _error_response(job.error)
        assert job.answer is not None
        return job.answer

    @app.get("/healthz")
    async def healthz() -> dict:
        return {"status": "ok", "model": MODEL_ID, "strategy": assistant.strategy, "paragraphs": len(assistant.index)}

    @app.get("/v1/models", dependencies=[Depends(check_key)])
    async def models() -> dict:
        return {"object": "list", "data": [{"id": MODEL_ID, "object": "model", "created": 0, "owned_by": "qa"}]}

    @app.post("/v1/ask", dependencies=[Depends(check_key)])
    async def ask(body: AskRequest, request: Request) -> dict:
        """The same JSON as ``qa ask --json``."""
        return (await answer_of(request, body.question, list(body.history))).to_dict()

    @app.post("/v1/chat/completions", dependencies=[Depends(check_key)])
    async def chat_completions(body: ChatRequest, request: Request):
        question, history = conversation(body.messages)
        created = int(time.time())
        ident = f"chatcmpl-{uuid.uuid4().hex[:24]}"
        if not body.stream:
            answer = await answer_of(request, question, history)
            citations = citations_json(answer)
            return {
                "id": ident,
                "object": "chat.completion",
                "created": created,
                "model": MODEL_ID,
                "choices": [
                    {
                        "index": 0,
                        "message": {"role": "assistant", "content": answer.text, "citations": citations},
                        "finish_reason": "stop",
                    }
                ],
                "citations": citations,
                "abstained": answer.abstained,
                "usage": {"prompt_tokens": 0, "completion_tokens": 0, "total_tokens": 0},
            }
        check_length(question)
        queue = queue_holder["q"]
        if queue.waiting >= queue.size:
            raise HTTPException(503, "busy: too many requests waiting", {"Retry-After": str(queue.retry_after())})

        def event(delta: dict, finish: str | None = None, **extra: Any) -> str:
            chunk = {
                "id": ident,
                "object": "chat.completion.chunk",
                "created": created,
                "model": MODEL_ID,
                "choices": [{"index": 0, "delta": delta, "finish_reason": finish}],
                **extra,
            }
            return f"data: {json.dumps(chunk, ensure_ascii=False)}\n\n"

        async def events() -> AsyncIterator[str]:
            try:
                async with queue.slot():
                    job = Job(assistant, question, history)
                    try:
                        yield event({"role": "assistant", "content": ""})
                        async with asyncio.timeout(timeout_s):
                            while True:
                                chunk = await job.chunks.get()
                                if chunk is None:
                                    break
                                yield event({"content": chunk})
                        await job.done
                    except TimeoutError:
                        await job.stop()
                        yield f"data: {json.dumps({'error': {'message': f'no answer within {timeout_s:g} s'}})}\n\n"
                        return
                    finally:  # a client that went away (the generator is closed) frees the model
                        if not job.done.done():
                            await job.stop()
                    if job.error is not None:
                        message = str(_error_response(job.error).detail)
                        yield f"data: {json.dumps({'error': {'message': message}})}\n\n"
                        return
                    answer = job.answer
                    assert answer is not None
                    yield event({}, "stop", citations=citations_json(answer), abstained=answer.abstained)
                    yield "data: [DONE]\n\n"
            except Busy:
                yield f"data: {json.dumps({'error': {'message': 'busy: too many requests waiting'}})}\n\n"

        return StreamingResponse(events(), media_type="text/event-stream", headers={"Cache-Control": "no-cache"})

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    async def page() -> str:
        return resources.files("qa").joinpath("web/index.html").read_text(encoding="utf-8")

    return app
