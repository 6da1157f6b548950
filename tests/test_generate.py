"""The llama generator's resident prefix: evaluated once, cached on disk, restored, rebuilt
when damaged. Real model, small corpus (a few hundred prefix tokens)."""

from __future__ import annotations

from pathlib import Path

import pytest

from qa.corpus import iter_paragraphs, read_corpus
from qa.generate import LlamaGenerator, Prompts
from qa.models import resolve_model
from qa.settings import bundled_dir

pytestmark = pytest.mark.e2e

ARTICLE = """date 2024-03-02 Harbour town opens new ferry line
The town of Eastport opened a ferry line to Grand Island on Saturday.
The ferry, named Osprey, carries 120 passengers and makes four crossings a day.
Mayor Lena Ortiz said the line cost 3.2 million dollars.
"""
QUESTION = "How many passengers does the Osprey carry?"


@pytest.fixture(scope="module")
def model_path(real_home: Path) -> Path:
    return resolve_model(None, real_home, None)


@pytest.fixture(scope="module")
def system(tmp_path_factory: pytest.TempPathFactory) -> str:
    folder = tmp_path_factory.mktemp("corpus")
    (folder / "ferry.txt").write_text(ARTICLE, encoding="utf-8")
    paragraphs = list(iter_paragraphs(read_corpus(folder)))
    return Prompts(bundled_dir("prompts")).corpus_system(paragraphs)


def answer(g: LlamaGenerator, system: str) -> str:
    messages = Prompts(bundled_dir("prompts")).corpus_messages(system, QUESTION)
    return "".join(g.stream(messages, max_tokens=40))


def prepare(model_path: Path, system: str, cache: Path) -> tuple[LlamaGenerator, list[str]]:
    notes: list[str] = []
    g = LlamaGenerator(model_path, n_ctx=2048, threads=2)
    g.prepare_prefix(system, cache, notify=notes.append)
    return g, notes


def test_prefix_is_cached_then_restored_with_the_same_answer(model_path, system, tmp_path):
    cache = tmp_path / "cache"
    first, notes = prepare(model_path, system, cache)
    assert any("Reading all articles" in n for n in notes)
    files = list(cache.glob("prefix-*.npz"))
    assert len(files) == 1
    expected = answer(first, system)
    assert "120" in expected
    del first

    second, notes = prepare(model_path, system, cache)
    assert notes == []  # restored from disk, nothing evaluated
    assert answer(second, system) == expected
    # a second question after the first still reuses the prefix and answers alike
    assert answer(second, system) == expected


def test_damaged_cache_is_rebuilt_with_a_message(model_path, system, tmp_path):
    cache = tmp_path / "cache"
    first, _ = prepare(model_path, system, cache)
    expected = answer(first, system)
    del first
    (path,) = cache.glob("prefix-*.npz")
    size = path.stat().st_size
    path.write_bytes(path.read_bytes()[: size // 3])  # truncated, as by a crash or full disk

    again, notes = prepare(model_path, system, cache)
    assert any("damaged" in n for n in notes)
    assert answer(again, system) == expected
    assert path.stat().st_size == size


def test_changed_prompt_or_articles_make_a_new_cache(model_path, system, tmp_path):
    cache = tmp_path / "cache"
    prepare(model_path, system, cache)
    (old,) = cache.glob("prefix-*.npz")
    _, notes = prepare(model_path, system.replace("120 passengers", "140 passengers"), cache)
    assert any("Reading all articles" in n for n in notes)
    (new,) = cache.glob("prefix-*.npz")  # the stale state is gone, never reused
    assert new.name != old.name


def test_one_cache_file_per_article_and_switching_between_them(model_path, system, tmp_path):
    """The article strategy keeps several prefixes on disk and restores whichever a question
    needs; an answer after switching back is the answer the prefix gave first."""
    cache = tmp_path / "cache"
    other = system.replace("120 passengers", "140 passengers")
    g = LlamaGenerator(model_path, n_ctx=2048, threads=2)
    g.prepare_prefix(system, cache, only=False)
    expected = answer(g, system)
    g.prepare_prefix(other, cache, only=False)
    assert "140" in answer(g, other)
    names = {g.prefix_file(system), g.prefix_file(other)}
    assert {p.name for p in cache.glob("prefix-*.npz")} == names  # both kept
    notes: list[str] = []
    g.prepare_prefix(system, cache, notify=notes.append, only=False)
    assert notes == []  # restored, not evaluated again
    assert answer(g, system) == expected
    g.prune_prefixes(cache, keep=[g.prefix_file(other)])
    assert [p.name for p in cache.glob("prefix-*.npz")] == [g.prefix_file(other)]


def test_weights_load_as_mapped_unless_repacking_is_asked_for(model_path, system, tmp_path):
    """Repacking costs 600 MB and seconds of loading; a state saved under one layout is not
    restored under the other (answers differ in the last bits)."""
    import llama_cpp.llama as module

    default = module.llama_cpp.llama_model_default_params
    mapped = LlamaGenerator(model_path, n_ctx=2048, threads=2)
    assert mapped.load().model_params.use_extra_bufts is False
    assert module.llama_cpp.llama_model_default_params is default  # only for that load
    assert default().use_extra_bufts is True
    mapped.prepare_prefix(system, tmp_path)
    assert "120" in answer(mapped, system)
    repacked = LlamaGenerator(model_path, n_ctx=2048, threads=2, repack=True)
    assert repacked.load().model_params.use_extra_bufts is True
    assert repacked.prefix_file(system) != mapped.prefix_file(system)


def test_prefix_tokens_are_remembered_for_a_few_prompts_and_match_a_fresh_count(model_path, system):
    from qa.generate import PREFIXES_REMEMBERED

    g = LlamaGenerator(model_path, n_ctx=2048, threads=2)
    first = g.prefix_tokens(system)
    assert g.prefix_tokens(system) is first  # not tokenized again
    others = [system.replace("Osprey", f"Osprey {n}") for n in range(PREFIXES_REMEMBERED + 2)]
    for other in others:
        g.prefix_tokens(other)
    assert len(g._prefixes) == PREFIXES_REMEMBERED and system not in g._prefixes  # the oldest went
    assert g.prefix_tokens(system) == first
    assert g.prefix_tokens(others[-1]) == LlamaGenerator(model_path, n_ctx=2048, threads=2).prefix_tokens(others[-1])


def test_two_models_loading_at_once_take_turns_with_the_load_parameters():
    """The parameters are swapped in a module global; two loads in one process must not
    leave one's swap in place after both are done."""
    import threading
    import time

    import llama_cpp.llama as module

    from qa.generate import _model_params

    lib = module.llama_cpp
    original = lib.llama_model_default_params
    inside, seen = threading.Event(), {}

    def load(name: str, repack: bool, hold: float) -> None:
        with _model_params(use_extra_bufts=repack):
            inside.set()
            seen[name] = lib.llama_model_default_params().use_extra_bufts
            time.sleep(hold)

    first = threading.Thread(target=load, args=("mapped", False, 0.2))
    first.start()
    inside.wait()
    second = threading.Thread(target=load, args=("repacked", True, 0.4))
    second.start()
    first.join()
    second.join()
    assert seen == {"mapped": False, "repacked": True}
    assert lib.llama_model_default_params is original


def test_the_token_limit_is_told_apart_from_the_models_own_end(model_path, system, tmp_path):
    g, _ = prepare(model_path, system, tmp_path / "cache")
    messages = Prompts(bundled_dir("prompts")).corpus_messages(system, QUESTION)
    short = g.stream(messages, max_tokens=3)
    assert "".join(short) and short.cut
    whole = g.stream(messages, max_tokens=80)
    assert "120" in "".join(whole) and not whole.cut
