"""EmbeddingGemma for real (installed by `make test` through `bayegan models install`)."""

from __future__ import annotations

import os

import numpy as np
import pytest

from kb import Archive, settings
from kb.embedders import load_embedder
from kb.models import GEMMA_SHA256, gemma_path, sha256_of
from sample_articles import ARTICLES


@pytest.mark.slow
def test_gemma_is_installed_verified_and_loads_offline():
    assert os.environ.get("HF_HUB_OFFLINE") == "1"  # set by kb.embedders before any model loads
    path = gemma_path(settings().models)
    assert sha256_of(path / "model.safetensors") == GEMMA_SHA256
    g = load_embedder(settings(embedder="gemma"))
    docs = g.embed_documents(["پایتخت ایران تهران است.", "تیم ملی فوتبال برد."])
    q = g.embed_query("پایتخت ایران کجاست؟")
    assert docs.shape == (2, 768) and np.allclose(np.linalg.norm(docs, axis=1), 1, atol=1e-3)
    assert float(docs[0] @ q) > float(docs[1] @ q)


@pytest.mark.slow
def test_archive_with_gemma_finds_persian_and_english_queries(tmp_path):
    with Archive(tmp_path / "g", embedder="gemma", chroma_url="") as a:
        ids = {k: a.add_text(text, title=title).doc_id for k, (title, _s, _d, text) in ARTICLES.items()}
        assert a.search("قیمت کالاها چقدر بالا رفت؟", k=1, mode="dense")[0].doc_id == ids["inflation"]
        assert a.search("AI spending by US tech firms", k=1)[0].doc_id == ids["ai"]
