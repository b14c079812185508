"""Errors a user of the archive can see; each message says what to do next."""

from __future__ import annotations


class ArchiveError(Exception):
    """Base of the knowledge base's errors."""


class EmptyArchive(ArchiveError):
    def __init__(self, folder: str) -> None:
        super().__init__(f"the archive in {folder} is empty: add documents first "
                         "(`bayegan ingest FILE…` or Archive.add_pdf / add_text)")


class NotInArchive(ArchiveError):
    def __init__(self, doc_id: str) -> None:
        self.doc_id = doc_id
        super().__init__(f"no document {doc_id!r} in the archive (`bayegan docs` lists them)")


class ArchiveBusy(ArchiveError):
    def __init__(self, folder: str) -> None:
        super().__init__(f"another ingest is writing to {folder}; wait for it to finish, then try again")


class WrongEmbedder(ArchiveError):
    def __init__(self, folder: str, built: str, asked: str) -> None:
        super().__init__(f"the archive in {folder} was built with the {built!r} embedder, and the settings ask "
                         f"for {asked!r}: set BAYEGAN_EMBEDDER={built}, or run `bayegan rebuild --embedder {asked}` "
                         "to re-embed it (texts are kept, nothing is re-read from the PDFs)")


class ArchiveTooNew(ArchiveError):
    """The archive was written by a newer Bayegan (a later layout); the message says to upgrade."""
