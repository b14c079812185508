"""The knowledge base: an archive of Persian news you can search, cite and check.

    from kb import Archive
    archive = Archive("my-archive")
    archive.add_pdf("paper.pdf")
    for hit in archive.search("سرمایه‌گذاری در هوش مصنوعی", k=5):
        print(hit.title, hit.page, hit.snippet)
"""

from .answer import Answer, Quote
from .archive import AddResult, Archive
from .brief import Brief, BriefSentence, KeyFigure
from .factcheck import FigureCheck, Verdict
from .catalogue import DocumentInfo
from .config import Settings, settings
from .errors import ArchiveBusy, ArchiveError, ArchiveTooNew, EmptyArchive, NotInArchive, WrongEmbedder
from .models import ModelMissing
from .search import Hit
from .summary import Sentence, Summary

__all__ = ["Brief", "BriefSentence", "KeyFigure", "Sentence", "Summary", "Answer", "Quote", "FigureCheck", "Verdict", "AddResult", "Archive", "DocumentInfo", "Hit", "Settings", "settings", "ArchiveError", "ArchiveBusy", "ArchiveTooNew",
           "EmptyArchive", "NotInArchive", "WrongEmbedder", "ModelMissing"]
