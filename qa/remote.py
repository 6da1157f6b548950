"""Generation by an external OpenAI-compatible engine (llama.cpp's server, vLLM on a GPU host…).

Retrieval and the citation check stay local; only the chat completion is sent away, so the
answers are checked exactly as with the in-process model.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence

import httpx

from qa.errors import ModelError
from qa.generate import Message, TokenStream

CONNECT_TIMEOUT_S = 10.0
READ_TIMEOUT_S = 600.0


class RemoteGenerator:
    """Streams chat completions from ``{url}/chat/completions`` (``url`` ends in ``/v1``)."""

    def __init__(
        self, url: str, *, model: str = "default", api_key: str | None = None, seed: int = 0, temperature: float = 0.0
    ) -> None:
        base = url.rstrip("/")
        self.url = base if base.endswith("/v1") else base + "/v1"
        self.name = f"{model}@{self.url}"
        self.model = model
        self.seed = seed
        self.temperature = temperature
        headers = {"Authorization": f"Bearer {api_key}"} if api_key else {}
        self._client = httpx.Client(
            headers=headers, timeout=httpx.Timeout(READ_TIMEOUT_S, connect=CONNECT_TIMEOUT_S), trust_env=False
        )

    def stream(self, messages: Sequence[Message], *, max_tokens: int) -> TokenStream:
        return TokenStream(lambda out: self._stream(messages, max_tokens, out))

    def _stream(self, messages: Sequence[Message], max_tokens: int, out: TokenStream) -> Iterator[str]:
        body = {
            "model": self.model,
            "messages": list(messages),
            "max_tokens": max_tokens,
            "temperature": self.temperature,
            "seed": self.seed,
            "stream": True,
        }
        try:
            with self._client.stream("POST", f"{self.url}/chat/completions", json=body) as response:
                if response.status_code != 200:
                    response.read()
                    raise ModelError(
                        f"the LLM server at {self.url} answered {response.status_code}: {response.text[:200]}"
                    )
                for line in response.iter_lines():
                    if not line.startswith("data:"):
                        continue
                    data = line[5:].strip()
                    if data == "[DONE]":
                        return
                    try:
                        chunk = json.loads(data)
                        out.cut |= chunk["choices"][0].get("finish_reason") == "length"
                        text = (chunk["choices"][0].get("delta") or {}).get("content")
                    except (ValueError, KeyError, IndexError, TypeError):
                        raise ModelError(f"the LLM server at {self.url} sent a malformed chunk: {data[:80]}") from None
                    if text:
                        yield text
        except httpx.HTTPError as exc:
            raise ModelError(f"cannot reach the LLM server at {self.url}: {exc}".splitlines()[0]) from exc
