"""Bayegan's own reading model: (question, passages) → the answer span and how sure it is.

The heuristic span rules scored F1 0.21 on PersianQA; a reader trained for the one job does
better. EmbeddingGemma (installed already) reads the question and a passage together through its
first 12 of 24 layers; layers 9–12 carry low-rank adapters (LoRA, rank 16) trained here on PQuAD
(train/reader.py, 2 CPU cores), and one linear layer scores, for every passage token, how
likely the answer starts and ends there. The question's <bos> token scores "no answer": how
likely it is that the passage does not answer at all. Only the adapters and that layer are
shipped (kb/weights/reader.safetensors, 1.4 MB); loading folds the adapters into Gemma's own
weights, so reading costs what twelve plain layers cost.

Tried first, and measured on the same 500 dev questions: a two-block attention head on frozen
layer 8 (token F1 0.385) and on frozen layer 9 with question and passage encoded apart (0.353);
tuning layers 9–12 reached F1 0.716 (README, "The reading model").
"""

from __future__ import annotations

import hashlib
import json
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

import numpy as np

WEIGHTS = Path(__file__).parent / "weights" / "reader.safetensors"
# sha256 of the shipped weights; the loader refuses any other file
WEIGHTS_SHA256 = "df946ff8869fa2c49ef3a03f3a7db9737bb07aa3dbf78e0510ce9a56a7669dab"
MAX_TOKENS = 512  # a passage longer than this is read in its first 512 tokens (archive chunks are ≤ 700 chars)
LORA_TARGETS = ("self_attn.q_proj", "self_attn.k_proj", "self_attn.v_proj", "self_attn.o_proj",
                "mlp.gate_proj", "mlp.up_proj", "mlp.down_proj")


@dataclass
class ReadSpan:
    """The best answer the reader found in one passage: character offsets into that passage."""

    passage: int  # index into the passages given
    start: int
    end: int
    score: float  # start + end logits of the span
    null: float  # start + end logits of "this passage does not answer"

    @property
    def margin(self) -> float:
        """How much the span beats "no answer": the reader's confidence."""
        return self.score - self.null


class TokenStates:
    """EmbeddingGemma's token vectors after `layer` layers, for a question read with each passage.

    The layers above `layer` are dropped after loading, so reading costs half a full forward
    pass; the vectors go through the model's final RMS norm, as in training."""

    def __init__(self, model_path: Path, layer: int, threads: int = 2,
                 adapters: tuple[dict, float] | None = None) -> None:
        import torch
        from transformers import AutoModel, AutoTokenizer

        torch.set_num_threads(threads)
        self._tokenizer = AutoTokenizer.from_pretrained(str(model_path), local_files_only=True)
        model = AutoModel.from_pretrained(str(model_path), local_files_only=True, dtype=torch.float32)
        keep_layers(model, 0, layer)
        if adapters is not None:
            merge_lora(model, *adapters)
        self._model = model.eval()
        self._lock = threading.Lock()

    def encode_pairs(self, question: str, passages: Sequence[str], batch_size: int = 8
                     ) -> list[tuple[np.ndarray, np.ndarray]]:
        """The question and each passage read together (`<bos> question <eos> <bos> passage <eos>`):
        for each passage, the vectors of the <bos> (row 0) and of its tokens (rows 1…), and its
        tokens' character spans."""
        import torch

        order = sorted(range(len(passages)), key=lambda i: len(passages[i]))
        out: list = [None] * len(passages)
        with self._lock, torch.inference_mode():
            for b in range(0, len(order), batch_size):
                idx = order[b:b + batch_size]
                enc = self._tokenizer([question] * len(idx), [passages[i] for i in idx],
                                      return_offsets_mapping=True, padding=True, truncation="only_second",
                                      max_length=MAX_TOKENS, return_tensors="pt")
                hidden = self._model(input_ids=enc["input_ids"], attention_mask=enc["attention_mask"],
                                     use_cache=False).last_hidden_state.float().numpy()
                offsets = enc["offset_mapping"].numpy()
                for row, i in enumerate(idx):
                    passage = np.array([x == 1 for x in enc.sequence_ids(row)])
                    out[i] = (np.vstack([hidden[row][:1], hidden[row][passage]]), offsets[row][passage])
        return out


def keep_layers(model, first: int, last: int) -> None:
    """Keep only Gemma's layers first+1 … last (its config told), so a forward pass runs just those."""
    import torch

    model.layers = torch.nn.ModuleList(list(model.layers)[first:last])
    model.config.num_hidden_layers = last - first
    model.config.layer_types = model.config.layer_types[first:last]


def lora_wrap(layers, rank: int, alpha: float, targets: Sequence[str] = LORA_TARGETS, first: int = 8):
    """Put a low-rank adapter (LoRA: W + B·A·alpha/rank, B zero at first) beside every target
    projection of these decoder layers; returns the adapters alone (what training saves), keyed
    by the layer's index in the whole model (`first` + its index here) and the projection."""
    import torch
    from torch import nn

    class LoRA(nn.Module):
        def __init__(self, n_in: int, n_out: int) -> None:
            super().__init__()
            self.A = nn.Parameter(torch.empty(rank, n_in))
            nn.init.kaiming_uniform_(self.A, a=5 ** 0.5)
            self.B = nn.Parameter(torch.zeros(n_out, rank))

    class Adapted(nn.Module):
        def __init__(self, base, lora) -> None:
            super().__init__()
            self.base, self.lora = base, lora

        def forward(self, x):
            return self.base(x) + (x @ self.lora.A.T @ self.lora.B.T) * (alpha / rank)

    adapters = nn.ModuleDict()
    for i, layer in enumerate(layers):
        for target in targets:
            owner_path, name = target.rsplit(".", 1)
            owner = layer.get_submodule(owner_path)
            base = getattr(owner, name)
            lora = LoRA(base.in_features, base.out_features)
            adapters[f"layers-{first + i}-{target.replace('.', '-')}"] = lora
            setattr(owner, name, Adapted(base, lora))
    return adapters


def merge_lora(model, tensors: dict, scale: float) -> None:
    """Fold the adapters into the model's own weights (W += B·A·scale)."""
    import torch

    keys = {k.rsplit(".", 1)[0] for k in tensors}
    with torch.no_grad():
        for key in keys:
            _, index, path = key.split("-", 2)
            linear = model.layers[int(index)].get_submodule(path.replace("-", "."))
            linear.weight += (tensors[f"{key}.B"].float() @ tensors[f"{key}.A"].float()) * scale


def new_span_layer():
    """Start and end scores from the top tuned layer's normed token vectors."""
    from torch import nn

    return nn.Linear(768, 2)


FIRST_TOKEN = 1  # logit 0 is "no answer"; logit k is the passage's token k − 1


# each token past the first costs a span this much of its start + end score: among spans the reader
# scores nearly alike, the shorter one. Chosen on the reader's own dev questions (PQuAD, paragraph
# given; 0 / 0.05 / 0.1 / 0.15: EM 0.476 / 0.499 / 0.504 / 0.496, F1 0.708 / 0.713 / 0.704 / 0.685)
LENGTH_PENALTY = 0.05


def best_span(start: np.ndarray, end: np.ndarray, max_tokens: int = 30,
              length_penalty: float = 0.0) -> tuple[int, int, float]:
    """The logit span (s, e), FIRST_TOKEN ≤ s ≤ e < s + max_tokens, with the highest start + end
    less `length_penalty` per token after the first; the score returned is start + end alone."""
    if length_penalty:
        # start[s] + end[e] − p·(e − s) = (start[s] + p·s) + (end[e] − p·e): the same search on shifted logits
        shift = length_penalty * np.arange(len(start))
        s, e, _ = best_span(start + shift, end - shift, max_tokens)
        return s, e, float(start[s] + end[e])
    n = len(start)
    best = (FIRST_TOKEN, FIRST_TOKEN, -np.inf)
    running_s, running_v = FIRST_TOKEN, -np.inf
    for e in range(FIRST_TOKEN, n):
        # the best start within the window ending at e; windows are short, a rescan is cheap
        lo = max(FIRST_TOKEN, e - max_tokens + 1)
        if running_s < lo or start[e] >= running_v:
            window = start[lo:e + 1]
            k = int(np.argmax(window))
            running_s, running_v = lo + k, float(window[k])
        v = running_v + float(end[e])
        if v > best[2]:
            best = (running_s, e, v)
    return best


class ReadingModel:
    """EmbeddingGemma's first layers, tuned, and the start/end layer (see the module's docstring)."""

    def __init__(self, states: TokenStates, span_layer, threshold: float = 0.0) -> None:
        self.states = states
        self.span_layer = span_layer.eval()
        self.threshold = threshold  # the margin below which it abstains, set on its dev articles
        self.length_penalty = LENGTH_PENALTY

    def read(self, question: str, passages: Sequence[str], max_answer_tokens: int = 30,
             within: Sequence[Sequence[tuple[int, int]]] | None = None) -> list[ReadSpan]:
        """The best span in each passage, with its score and its "no answer" score. With
        `within` (for each passage, stretches of it as character offsets: its candidate
        sentences), the span lies inside one of them; each passage is read once however many."""
        import torch

        spans = []
        for i, (vectors, offsets) in enumerate(self.states.encode_pairs(question, passages)):
            with torch.inference_mode():
                logits = self.span_layer(torch.from_numpy(vectors)).numpy()
            start, end = logits[:, 0], logits[:, 1]  # row 0 is "no answer", row k token k − 1
            best: tuple[float, int, int] | None = None
            for lo, hi in (within[i] if within is not None else [(0, len(passages[i]))]):
                inside = np.concatenate([[True], (offsets[:, 1] > lo) & (offsets[:, 0] < hi)])
                if not inside[1:].any():
                    continue
                st, en = np.where(inside, start, -1e4), np.where(inside, end, -1e4)
                s, e, score = best_span(st, en, max_answer_tokens, self.length_penalty)
                a, b = max(int(offsets[s - 1][0]), lo), min(int(offsets[e - 1][1]), hi)
                if best is None or score > best[0]:
                    best = (score, a, b)
            if best is None:  # no window holds a token (past the tokens read): nothing to point at
                spans.append(ReadSpan(i, 0, 0, -np.inf, float(start[0] + end[0])))
                continue
            score, a, b = best
            text = passages[i]
            while a < b and text[a].isspace():
                a += 1
            spans.append(ReadSpan(i, a, b, score, float(start[0] + end[0])))
        return spans


def save_weights(adapters: dict, span: dict, path: Path, first: int, last: int, rank: int, alpha: float,
                 extra: dict | None = None) -> str:
    """Write the adapters and the start/end layer (float16) with their configuration; returns the sha256."""
    from safetensors.torch import save_file

    tensors = {k: v.detach().to("cpu").half().contiguous() for k, v in adapters.items()}
    tensors.update({f"span.{k}": v.detach().to("cpu").half().contiguous() for k, v in span.items()})
    config = {"from_layer": first, "layer": last, "rank": rank, "alpha": alpha}
    meta = {"config": json.dumps(config), **{k: str(v) for k, v in (extra or {}).items()}}
    path.parent.mkdir(parents=True, exist_ok=True)
    save_file(tensors, str(path), metadata=meta)
    return hashlib.sha256(path.read_bytes()).hexdigest()


def load_weights(path: Path, sha256: str | None = None):
    """The start/end layer, the adapters with their scale, and the file's configuration and
    metadata, from a safetensors file checked against `sha256`."""
    from safetensors import safe_open

    if sha256 is not None:
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        if digest != sha256:
            raise ValueError(f"{path}: sha256 {digest} is not the shipped reader's {sha256}")
    with safe_open(str(path), framework="pt") as f:
        meta = f.metadata()
        tensors = {k: f.get_tensor(k).float() for k in f.keys()}
    config = json.loads(meta["config"])
    span = new_span_layer()
    span.load_state_dict({k[len("span."):]: v for k, v in tensors.items() if k.startswith("span.")})
    adapters = {k: v for k, v in tensors.items() if not k.startswith("span.")}
    return span.eval(), (adapters, config["alpha"] / config["rank"]), config, meta


def load_reading_model(gemma: Path, weights: Path = WEIGHTS, sha256: str | None = WEIGHTS_SHA256,
                       threads: int = 2) -> ReadingModel:
    """The shipped reader over the installed EmbeddingGemma."""
    span, adapters, config, meta = load_weights(weights, sha256 or None)
    return ReadingModel(TokenStates(gemma, config["layer"], threads, adapters), span, float(meta.get("threshold", 0.0)))


_LOADED: dict[str, "ReadingModel | None"] = {}
_LOAD_LOCK = threading.Lock()


def reading_model_for(settings) -> ReadingModel | None:
    """The reader for these settings, loaded once per process; None without EmbeddingGemma."""
    from .errors import ModelMissing
    from .models import gemma_path

    key = str(settings.models)
    with _LOAD_LOCK:
        if key not in _LOADED:
            try:
                gemma: Path | None = gemma_path(settings.models)
            except ModelMissing:
                gemma = None
            usable = gemma is not None and WEIGHTS.exists()
            _LOADED[key] = load_reading_model(gemma, threads=settings.threads) if usable else None
        return _LOADED[key]
