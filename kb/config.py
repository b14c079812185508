"""Settings in one place, from BAYEGAN_* environment variables, with defaults that work offline."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Settings:
    archive: Path  # where an archive lives on disk (BAYEGAN_ARCHIVE)
    max_upload_mb: int  # largest file accepted for ingest (BAYEGAN_MAX_UPLOAD_MB)

    @classmethod
    def from_env(cls) -> "Settings":
        default = Path(os.environ.get("XDG_DATA_HOME", Path.home() / ".local" / "share")) / "bayegan"
        return cls(
            archive=Path(os.environ.get("BAYEGAN_ARCHIVE", default)),
            max_upload_mb=int(os.environ.get("BAYEGAN_MAX_UPLOAD_MB", "200")),
        )


def settings() -> Settings:
    return Settings.from_env()
