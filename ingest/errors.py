"""Errors a user can see, rooted in `BayeganError`; here the ones of reading a file. Each says
what happened and what to do, in English (`str(error)`: logs, `--json`) and in Persian
(`error.persian`: what the app shows).

    BayeganError
    ├── IngestError            a file could not be read (this module)
    │   ├── NotAPdf, EmptyFile, CorruptPdf, HostilePdf, EncryptedPdf, NoPages, NoTextLayer, NoSuchFile
    └── kb.ArchiveError        the archive could not do what was asked (kb/errors.py)
"""

from __future__ import annotations


class BayeganError(Exception):
    """Base of every error a user of Bayegan can meet; the message says what to do next."""

    def __init__(self, message: str, persian: str = "") -> None:
        super().__init__(message)
        self.persian = persian or message


class IngestError(BayeganError):
    """Base class: the file was not ingested, and nothing of it was stored."""

    reason = "rejected"

    def __init__(self, path: str, message: str, persian: str = ""):
        self.path = str(path)
        super().__init__(f"{self.path}: {message}", f"{self.path}: {persian}" if persian else "")


class NoSuchFile(IngestError):
    reason = "no such file"

    def __init__(self, path: str):
        super().__init__(path, "no such file", "چنین پرونده‌ای نیست")


class NotAPdf(IngestError):
    reason = "not a PDF"

    def __init__(self, path: str):
        super().__init__(path, "this is not a PDF file (it does not start with %PDF-). "
                               "Check the file, or ingest it as .txt/.html if it is text.",
                         "این پرونده PDF نیست (با ‎%PDF-‎ شروع نمی‌شود). پرونده را بررسی کنید، یا اگر متن است "
                         "آن را به‌صورت ‎.txt‎ یا ‎.html‎ بیفزایید.")


class EmptyFile(IngestError):
    reason = "empty file"

    def __init__(self, path: str):
        super().__init__(path, "the file is empty (0 bytes); was the download or copy interrupted?",
                         "پرونده خالی است (۰ بایت)؛ شاید بارگیری یا رونوشت نیمه‌کاره مانده است.")


class CorruptPdf(IngestError):
    reason = "corrupt PDF"

    def __init__(self, path: str, detail: str = ""):
        msg = "the PDF is damaged or truncated and could not be read"
        if detail:
            msg += f" ({detail})"
        super().__init__(path, msg + ". Try re-downloading it, or re-saving it with a PDF printer.",
                         "پروندهٔ PDF آسیب دیده یا ناقص است و خوانده نشد. دوباره بارگیری‌اش کنید یا با "
                         "چاپگر PDF از نو ذخیره‌اش کنید.")


class HostilePdf(IngestError):
    reason = "refused: built to exhaust memory"

    def __init__(self, path: str, detail: str):
        super().__init__(path, f"the PDF was refused: {detail} (a decompression bomb or a structure nested "
                               "past reason). Nothing was added; if it is a real document, re-save it with a PDF printer.",
                         "این PDF پذیرفته نشد: ساختارش برای پر کردن حافظه ساخته شده است. چیزی افزوده نشد؛ "
                         "اگر سند واقعی است، با چاپگر PDF از نو ذخیره‌اش کنید.")


class EncryptedPdf(IngestError):
    reason = "encrypted PDF"

    def __init__(self, path: str, wrong_password: bool = False):
        if wrong_password:
            msg = "the password given does not open this encrypted PDF"
            fa = "گذرواژهٔ داده‌شده این PDF رمزدار را باز نمی‌کند."
        else:
            msg = "the PDF is encrypted; give its password (--password / password=) to ingest it"
            fa = "این PDF رمزدار است؛ برای افزودنش گذرواژه‌اش را بدهید."
        super().__init__(path, msg + ".", fa)


class NoPages(IngestError):
    reason = "no pages"

    def __init__(self, path: str):
        super().__init__(path, "the PDF has zero pages: there is nothing to ingest.",
                         "این PDF هیچ صفحه‌ای ندارد: چیزی برای افزودن نیست.")


class NoTextLayer(IngestError):
    reason = "needs OCR"

    def __init__(self, path: str, pages: list[int], ocr_missing: bool = False):
        self.pages = pages
        shown = ", ".join(map(str, pages[:10])) + ("…" if len(pages) > 10 else "")
        how = ("Install Tesseract with Persian data (apt install tesseract-ocr tesseract-ocr-fas) and add it "
               "again: its pages will be read by OCR." if ocr_missing else "OCR found no text on them either.")
        fa_how = ("Tesseract را با دادهٔ فارسی نصب کنید (apt install tesseract-ocr tesseract-ocr-fas) و دوباره "
                  "بیفزایید." if ocr_missing else "نویسه‌خوانی (OCR) هم متنی در آن‌ها نیافت.")
        super().__init__(path, f"no page has a usable text layer (scanned or image-only; pages {shown}). "
                               f"It needs OCR before its text can be searched. {how}",
                         f"هیچ صفحه‌ای لایهٔ متن ندارد (اسکن‌شده یا فقط تصویر؛ صفحه‌های {shown}). {fa_how}")
