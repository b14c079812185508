"""The knowledge base: what `ingest` produces, stored, indexed and searched.

    from kb import settings
"""

from .config import Settings, settings

__all__ = ["Settings", "settings"]
