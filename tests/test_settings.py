from pathlib import Path

import pytest

from qa import ConfigError, Settings
from qa.settings import DEFAULT_TOP_K


def test_defaults():
    s = Settings.from_env({})
    assert s.top_k == DEFAULT_TOP_K and s.model is None and s.temperature == 0.0
    assert (s.corpus / "000_f6d7438db1f1dcb4.txt").is_file()


def test_env_is_read_and_arguments_win():
    env = {"QA_TOP_K": "7", "QA_MODEL": "~/m.gguf", "QA_HOME": "/tmp/h"}
    s = Settings.from_env(env)
    assert s.top_k == 7 and s.model == Path("~/m.gguf").expanduser() and s.home == Path("/tmp/h")
    assert Settings.from_env(env, top_k=3).top_k == 3
    assert Settings.from_env(env, top_k=None).top_k == 7


def test_hints_may_be_zero_but_not_negative():
    assert Settings.from_env({}).hints == 0 and Settings.from_env({"QA_HINTS": "3"}).hints == 3
    with pytest.raises(ConfigError, match="QA_HINTS"):
        Settings.from_env({"QA_HINTS": "-1"})


@pytest.mark.parametrize("value", ["seven", "0", "-1"])
def test_bad_numbers_are_config_errors(value: str):
    with pytest.raises(ConfigError, match="QA_TOP_K"):
        Settings.from_env({"QA_TOP_K": value})


def test_index_dir_is_per_corpus(tmp_path: Path):
    a = Settings.from_env({}, home=tmp_path, corpus=tmp_path / "a").resolved_index_dir
    b = Settings.from_env({}, home=tmp_path, corpus=tmp_path / "b").resolved_index_dir
    assert a != b and a.parent == b.parent == tmp_path / "indexes"
    assert Settings.from_env({}, index_dir=tmp_path / "x").resolved_index_dir == tmp_path / "x"
