"""Bayegan's reading model: span decoding, folding the adapters in, the shipped weights and
their checksum, and the real model (EmbeddingGemma's tuned layers) reading real Persian passages."""

from __future__ import annotations

import hashlib
import shutil

import numpy as np
import pytest

from kb.reading_model import FIRST_TOKEN, WEIGHTS, WEIGHTS_SHA256, best_span, load_weights, lora_wrap, merge_lora


def test_best_span_takes_the_highest_start_plus_end_after_the_no_answer_slot():
    start = np.array([50.0, 0.0, 9.0, 1.0, 0.0, 0.0])
    end = np.array([50.0, 0.0, 0.0, 1.0, 8.0, 0.0])
    assert best_span(start, end) == (2, 4, 17.0)  # never the "no answer" slot, however high
    assert best_span(start, end, max_tokens=2)[:2] in {(2, 3), (3, 4)}  # a span of at most two tokens
    # start 2 + end 1 would score 14, but an end never comes before its start
    assert best_span(np.array([0.0, 1.0, 5.0, 0.0]), np.array([0.0, 9.0, 0.0, 1.0])) == (FIRST_TOKEN, 1, 10.0)


def test_a_length_penalty_prefers_the_shorter_of_two_spans_scored_nearly_alike():
    # start 1 → end 1 scores 10.0 (one token); start 1 → end 4 scores 10.2 (four tokens)
    start = np.array([0.0, 5.0, 0.0, 0.0, 0.0])
    end = np.array([0.0, 5.0, 0.0, 0.0, 5.2])
    assert best_span(start, end)[:2] == (1, 4)
    s, e, score = best_span(start, end, length_penalty=0.1)  # 10.2 − 3 × 0.1 = 9.9 < 10.0
    assert (s, e, score) == (1, 1, 10.0)  # the score stays the raw start + end: the margin is unchanged
    assert best_span(start, end, length_penalty=0.05)[:2] == (1, 4)  # 10.2 − 0.15 = 10.05 still wins


def test_adapters_folded_into_the_weights_compute_what_they_computed_beside_them():
    import torch
    from torch import nn

    class Layer(nn.Module):
        def __init__(self):
            super().__init__()
            self.mlp = nn.Module()
            self.mlp.up_proj = nn.Linear(6, 4, bias=False)

    class Model(nn.Module):
        def __init__(self):
            super().__init__()
            self.layers = nn.ModuleList([Layer(), Layer()])

    torch.manual_seed(0)
    trained, plain = Model(), Model()
    plain.load_state_dict(trained.state_dict())
    adapters = lora_wrap(trained.layers, rank=2, alpha=4.0, targets=("mlp.up_proj",), first=0)
    for p in adapters.parameters():
        nn.init.normal_(p)  # B starts at zero; a trained adapter does not
    x = torch.randn(3, 6)
    assert not torch.allclose(trained.layers[1].mlp.up_proj(x), plain.layers[1].mlp.up_proj(x))
    merge_lora(plain, adapters.state_dict(), 4.0 / 2)
    for i in (0, 1):
        assert torch.allclose(trained.layers[i].mlp.up_proj(x), plain.layers[i].mlp.up_proj(x), atol=1e-5)


def test_the_shipped_weights_match_their_checksum_and_a_changed_file_is_refused(tmp_path):
    assert WEIGHTS.exists() and WEIGHTS.stat().st_size < 20 * 1024 * 1024  # small enough to ship
    assert hashlib.sha256(WEIGHTS.read_bytes()).hexdigest() == WEIGHTS_SHA256
    span, (adapters, scale), config, meta = load_weights(WEIGHTS, WEIGHTS_SHA256)
    assert config["layer"] > config["from_layer"] and scale > 0 and "threshold" in meta and "PQuAD" in meta["trained_on"]
    tuned = {int(k.split("-")[1]) for k in adapters}
    assert tuned == set(range(config["from_layer"], config["layer"]))  # every tuned layer has its adapters
    changed = tmp_path / "reader.safetensors"
    shutil.copy(WEIGHTS, changed)
    with changed.open("r+b") as fh:
        fh.seek(-1, 2)
        fh.write(b"\x00" if fh.read(1) != b"\x00" else b"\x01")
    with pytest.raises(ValueError, match="sha256"):
        load_weights(changed, WEIGHTS_SHA256)


@pytest.fixture(scope="module")
def reader():
    from kb.config import settings
    from kb.reading_model import reading_model_for

    model = reading_model_for(settings())
    if model is None:
        pytest.skip("EmbeddingGemma is not installed (bayegan models install)")
    return model


PASSAGES = [
    "باشگاه فوتبال رئال مادرید یک باشگاه حرفه‌ای فوتبال است که در مادرید، پایتخت اسپانیا قرار دارد. "
    "این باشگاه در سال ۱۹۰۲ تأسیس شد و ورزشگاه خانگی آن سانتیاگو برنابئو است.",
    "دریاچه ارومیه در شمال غرب ایران قرار دارد و بزرگ‌ترین دریاچه داخلی کشور است. سطح آب این دریاچه در "
    "دو دهه گذشته به دلیل سدسازی و برداشت آب‌های زیرزمینی به شدت کاهش یافته است.",
]


@pytest.mark.slow
@pytest.mark.parametrize("question,answer", [
    ("رئال مادرید در چه سالی تأسیس شد؟", "۱۹۰۲"),
    ("ورزشگاه خانگی رئال مادرید چه نام دارد؟", "سانتیاگو برنابئو"),
    ("دریاچه ارومیه در کدام بخش ایران قرار دارد؟", "شمال غرب"),  # «ایران» the question says already
])
def test_the_reader_finds_the_answer_in_the_right_passage(reader, question, answer):
    spans = reader.read(question, PASSAGES)
    best = max(spans, key=lambda s: s.margin)
    text = PASSAGES[best.passage][best.start:best.end]
    assert answer in text and len(text) <= len(answer) + 12, text
    assert best.margin > reader.threshold


@pytest.mark.slow
def test_the_reader_says_no_answer_when_the_passages_do_not_say(reader):
    spans = reader.read("جمعیت شهر توکیو در سال ۱۹۵۰ چند نفر بود؟", PASSAGES)
    assert max(s.margin for s in spans) < reader.threshold


@pytest.mark.slow
def test_the_reader_keeps_its_span_inside_the_sentences_it_is_given(reader):
    passage = PASSAGES[0]
    first = passage.index(".") + 1  # the first sentence: the club and its city, no year, no stadium
    spans = reader.read("رئال مادرید در چه سالی تأسیس شد؟", [passage, passage], within=[[(0, first)], [(first, len(passage))]])
    assert spans[0].end <= first and spans[1].start >= first
    assert "۱۹۰۲" in passage[spans[1].start:spans[1].end] and spans[1].margin > spans[0].margin
