"""Errors a user can see when a file cannot be ingested. Each says what happened and what to do."""

from __future__ import annotations


class IngestError(Exception):
    """Base class: the file was not ingested, and nothing of it was stored."""

    reason = "rejected"

    def __init__(self, path: str, message: str):
        self.path = str(path)
        super().__init__(f"{self.path}: {message}")


class NotAPdf(IngestError):
    reason = "not a PDF"

    def __init__(self, path: str):
        super().__init__(path, "this is not a PDF file (it does not start with %PDF-). "
                               "Check the file, or ingest it as .txt/.html if it is text.")


class EmptyFile(IngestError):
    reason = "empty file"

    def __init__(self, path: str):
        super().__init__(path, "the file is empty (0 bytes); was the download or copy interrupted?")


class CorruptPdf(IngestError):
    reason = "corrupt PDF"

    def __init__(self, path: str, detail: str = ""):
        msg = "the PDF is damaged or truncated and could not be read"
        if detail:
            msg += f" ({detail})"
        super().__init__(path, msg + ". Try re-downloading it, or re-saving it with a PDF printer.")


class HostilePdf(IngestError):
    reason = "refused: built to exhaust memory"

    def __init__(self, path: str, detail: str):
        super().__init__(path, f"the PDF was refused: {detail} (a decompression bomb or a structure nested "
                               "past reason). Nothing was added; if it is a real document, re-save it with a PDF printer.")


class EncryptedPdf(IngestError):
    reason = "encrypted PDF"

    def __init__(self, path: str, wrong_password: bool = False):
        if wrong_password:
            msg = "the password given does not open this encrypted PDF"
        else:
            msg = "the PDF is encrypted; give its password (--password / password=) to ingest it"
        super().__init__(path, msg + ".")


class NoPages(IngestError):
    reason = "no pages"

    def __init__(self, path: str):
        super().__init__(path, "the PDF has zero pages: there is nothing to ingest.")


class NoTextLayer(IngestError):
    reason = "needs OCR"

    def __init__(self, path: str, pages: list[int], ocr_missing: bool = False):
        self.pages = pages
        shown = ", ".join(map(str, pages[:10])) + ("…" if len(pages) > 10 else "")
        how = ("Install Tesseract with Persian data (apt install tesseract-ocr tesseract-ocr-fas) and add it "
               "again: its pages will be read by OCR." if ocr_missing else "OCR found no text on them either.")
        super().__init__(path, f"no page has a usable text layer (scanned or image-only; pages {shown}). "
                               f"It needs OCR before its text can be searched. {how}")
