"""Moving an archive: one .tar file with the catalogue, the embedding cache and the original
PDFs. Vectors and the BM25 index are not in it: they are rebuilt from the catalogue and the
cached embeddings on import (nothing is embedded again), into an embedded store or a Chroma
server.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import tarfile
import tempfile
import uuid
from pathlib import Path

from .errors import FolderNotEmpty, NotAnExport

DATABASES = ("archive.db", "embeddings.db")


def write_export(folder: Path, path: Path) -> Path:
    """Pack the archive in `folder` into `path`; the caller holds the write lock, so the copy is
    consistent. Written beside `path` and renamed: never half a file."""
    tmp = path.with_name(f".{path.name}.{uuid.uuid4().hex[:8]}.tmp")
    try:
        with tempfile.TemporaryDirectory() as snap, tarfile.open(tmp, "w") as tar:
            for name in DATABASES:
                src = sqlite3.connect(folder / name)
                dst = sqlite3.connect(Path(snap) / name)
                src.backup(dst)  # a consistent copy even while readers use the file
                dst.close()
                src.close()
                tar.add(Path(snap) / name, arcname=name)
            if (folder / "files").is_dir():
                tar.add(folder / "files", arcname="files")
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)
    return path


def unpack_export(path: Path, folder: Path) -> None:
    """Unpack an export into `folder`, which must be new or empty. Only the catalogue, the cache
    and files/*.pdf are taken: a crafted tar cannot write anywhere else."""
    if folder.exists() and any(folder.iterdir()):
        raise FolderNotEmpty(str(folder))
    try:
        tar = tarfile.open(path)
    except (tarfile.TarError, OSError) as e:
        raise NotAnExport(str(path), f"{e.__class__.__name__}: {e}") from e
    with tar:
        members = [m for m in tar.getmembers() if m.name in DATABASES
                   or (m.name.startswith("files/") and m.isfile() and "/" not in m.name[6:] and ".." not in m.name)]
        if not any(m.name == "archive.db" for m in members):
            raise NotAnExport(str(path))
        folder.mkdir(parents=True, exist_ok=True)
        try:
            tar.extractall(folder, members=members)
        except BaseException:  # a full disk half-way: leave no half-imported folder to trip over
            shutil.rmtree(folder, ignore_errors=True)
            raise
