"""Settings in one place, from BAYEGAN_* environment variables, with defaults that work offline."""

from __future__ import annotations

import os
from dataclasses import dataclass, replace
from pathlib import Path

from .errors import InvalidSetting

EMBEDDERS = ("e5-small", "gemma")
READERS = ("model", "rules")


def _data_home() -> Path:
    return Path(os.environ.get("XDG_DATA_HOME", Path.home() / ".local" / "share"))


def _cache_home() -> Path:
    return Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache"))


@dataclass(frozen=True)
class Settings:
    archive: Path  # where an archive lives on disk (BAYEGAN_ARCHIVE)
    max_upload_mb: int  # largest file accepted for ingest (BAYEGAN_MAX_UPLOAD_MB)
    embedder: str  # "gemma" or "e5-small" (BAYEGAN_EMBEDDER)
    models: Path  # installed offline models (BAYEGAN_MODELS)
    chroma_url: str  # a Chroma server, e.g. http://127.0.0.1:8000; empty = embedded store (BAYEGAN_CHROMA_URL)
    threads: int  # CPU threads for embedding and generation (BAYEGAN_THREADS; default: the cores free now)
    llm_gguf: str = ""  # a local GGUF model file for generative answers (BAYEGAN_LLM_GGUF)
    llm_url: str = ""  # an OpenAI-compatible server, e.g. http://127.0.0.1:8080 (BAYEGAN_LLM_URL)
    llm_model: str = ""  # the model name to ask that server for (BAYEGAN_LLM_MODEL)
    reader: str = "model"  # answer spans: "model" (kb/reading_model.py) or "rules" (BAYEGAN_READER)

    @classmethod
    def from_env(cls, **overrides) -> "Settings":
        env = os.environ
        s = cls(
            archive=Path(env.get("BAYEGAN_ARCHIVE", _data_home() / "bayegan")),
            max_upload_mb=_whole_number(env, "BAYEGAN_MAX_UPLOAD_MB", "200"),
            # gemma won bench/retrieval.py (MRR 0.994 vs 0.988); e5-small embeds ~4× faster
            embedder=env.get("BAYEGAN_EMBEDDER", "gemma"),
            models=Path(env.get("BAYEGAN_MODELS", _cache_home() / "bayegan" / "models")),
            chroma_url=env.get("BAYEGAN_CHROMA_URL", ""),
            threads=_whole_number(env, "BAYEGAN_THREADS", str(free_threads())),
            # no generative model by default: answers are quoted from the sources
            llm_gguf=env.get("BAYEGAN_LLM_GGUF", ""),
            llm_url=env.get("BAYEGAN_LLM_URL", ""),
            llm_model=env.get("BAYEGAN_LLM_MODEL", ""),
            # the trained reader: span F1 0.21 → 0.52 on PersianQA, 0.26 → 0.78 on news (bench/answers.py)
            reader=env.get("BAYEGAN_READER", "model"),
        )
        s = replace(s, **{k: v for k, v in overrides.items() if v is not None})
        if s.embedder not in EMBEDDERS:
            raise InvalidSetting("BAYEGAN_EMBEDDER", s.embedder, f"choose one of {', '.join(EMBEDDERS)}")
        if s.reader not in READERS:
            raise InvalidSetting("BAYEGAN_READER", s.reader, f"choose one of {', '.join(READERS)}")
        return s


def free_threads(most: int = 4) -> int:
    """The cores other work leaves free now (at least one, at most `most`): with both cores of
    this 2-core machine busy with other work, one EmbeddingGemma query took p50 695 ms, p95
    2,503 ms on two threads and 232 ms, 353 ms on one (bench/search_speed.py). Several Bayegan
    processes at work thus take one core each, and one alone takes them all."""
    try:
        load = os.getloadavg()[0]
    except OSError:  # no load average on this system
        load = 0.0
    try:  # runnable now, this process among them (Linux)
        others = int(Path("/proc/loadavg").read_text().split()[3].split("/")[0]) - 1
    except (OSError, ValueError, IndexError):
        others = None
    return threads_for(os.cpu_count() or 1, load, others, most)


def threads_for(cores: int, load: float, others: int | None, most: int = 4) -> int:
    """Threads from the one-minute load average and the processes running beside this one now:
    the smaller says what others use. The average alone would count a process's own work of the
    last minute (just after an ingest, one thread on an idle machine); the instant alone would
    miss another process between two of its bursts."""
    busy = load if others is None else min(load, max(0, others))
    return max(1, min(most, cores - round(busy)))


def fit_threads() -> int:
    """Give torch (EmbeddingGemma, the reader) the cores free now, unless BAYEGAN_THREADS
    fixes them; a long-running process (the app, `bayegan serve`) calls it before each piece
    of work. Returns the threads in use (0 when torch is not loaded: nothing to move)."""
    import sys

    torch = sys.modules.get("torch")
    if torch is None:
        return 0
    if "BAYEGAN_THREADS" not in os.environ:
        torch.set_num_threads(free_threads())
    return torch.get_num_threads()


def _whole_number(env: os._Environ | dict, name: str, default: str) -> int:
    value = env.get(name, default)
    if not value.strip().isdigit() or int(value) < 1:
        raise InvalidSetting(name, value, "a whole number of at least 1")
    return int(value)


def settings(**overrides) -> Settings:
    return Settings.from_env(**overrides)
