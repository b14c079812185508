"""The knowledge base: an archive of Persian news you can search, cite and check.

    from kb import Archive
    archive = Archive("my-archive")
    archive.add_pdf("paper.pdf")
    for hit in archive.search("سرمایه‌گذاری در هوش مصنوعی", k=5):
        print(hit.title, hit.page, hit.snippet)
"""

from .answer import Answer, Generation, Quote
from .archive import Archive
from .brief import Brief, BriefSentence, KeyFigure
from .catalogue import Alert, DocumentInfo, Feed, SavedSearch, Status, StoredChunk
from .feeds import FeedEvent
from .config import Settings, settings
from .copies import Difference
from .errors import (ArchiveError, ArchiveServed, ArchiveTooNew, ArchiveUnwritable, EmptyArchive, FolderNotEmpty,
                     GeneratorUnavailable, InvalidDate, InvalidSetting, ModelInstallFailed, ModelMissing, NoSuchFeed, NoSuchSearch, NotAFeedAddress, NotAnExport,
                     NothingToFollow, SearchExists,
                     NotInArchive, StoreUnavailable, WrongEmbedder)
from .factcheck import FigureCheck, Verdict
from .files import AddResult, AddStatus, ArticleAdded
from .pages import PageArticle, article_at
from .progress import IngestProgress
from .query import Filters, Query
from .reading import Reader
from .search import Hit, without_tail
from .summary import Sentence, Summary
from .watch import FolderWatch, WatchEvent

__all__ = [
    "Archive", "Reader", "PageArticle", "article_at", "Query", "Filters", "Hit", "without_tail", "AddResult", "AddStatus",
    "ArticleAdded", "IngestProgress", "DocumentInfo", "Status", "StoredChunk", "Difference", "FolderWatch", "WatchEvent",
    "SavedSearch", "Alert", "Feed", "FeedEvent",
    "Answer", "Generation", "Quote", "Verdict", "FigureCheck", "Brief", "BriefSentence", "KeyFigure", "Sentence",
    "Summary", "Settings", "settings",
    "ArchiveError", "ArchiveServed", "ArchiveTooNew", "ArchiveUnwritable", "EmptyArchive", "FolderNotEmpty", "GeneratorUnavailable",
    "InvalidDate", "InvalidSetting", "ModelInstallFailed", "ModelMissing", "NoSuchFeed", "NoSuchSearch", "NotAFeedAddress", "NothingToFollow", "SearchExists", "NotAnExport", "NotInArchive", "StoreUnavailable",
    "WrongEmbedder",
]
