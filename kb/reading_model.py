"""Bayegan's own reading model: (question, passages) → the answer span and how sure it is.

The heuristic span rules scored F1 0.21 on PersianQA; a reader trained for the one job does
better. It is small enough to train on a 2-core CPU in an afternoon and to ship in the
repository: EmbeddingGemma's lower layers (frozen, already installed) turn the question and each
passage into token vectors, separately; a two-layer head trained here (train/reader.py, on
PQuAD) lets every passage token attend to the question and scores where the answer starts and
ends, and a "no answer" slot before the passage says how likely it is that the passage does
not answer at all. The question and the passages are encoded apart so that training encodes
each of PQuAD's 1,103 paragraphs once, not once per question.
"""

from __future__ import annotations

import hashlib
import json
import re
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

import numpy as np

WEIGHTS = Path(__file__).parent / "weights" / "reader.safetensors"
# sha256 of the shipped weights; the loader refuses any other file
WEIGHTS_SHA256 = "528524d76db4bd36f2ec37241bf57827351ec3c02830c3d88f819bdb5eb9aea9"
MAX_TOKENS = 512  # a passage longer than this is read in its first 512 tokens (archive chunks are ≤ 700 chars)


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
    """Token vectors from EmbeddingGemma's lower layers, with each token's characters.

    Only the layers up to the deepest one asked for are run (the others are dropped after
    loading), so reading costs a fraction of a full forward pass. A layer's vectors are its raw
    output passed through the model's final RMS norm, the same way for training and reading."""

    def __init__(self, model_path: Path, layers: Sequence[int], threads: int = 2) -> None:
        import torch
        from transformers import AutoModel, AutoTokenizer

        torch.set_num_threads(threads)
        self.layers = tuple(sorted(set(layers)))
        self._tokenizer = AutoTokenizer.from_pretrained(str(model_path), local_files_only=True)
        model = AutoModel.from_pretrained(str(model_path), local_files_only=True, dtype=torch.float32)
        deepest = self.layers[-1]
        model.layers = torch.nn.ModuleList(list(model.layers)[:deepest])
        model.config.num_hidden_layers = deepest
        model.config.layer_types = model.config.layer_types[:deepest]
        self._model = model.eval()
        self._captured: dict[int, object] = {}
        for layer in self.layers:
            model.layers[layer - 1].register_forward_hook(self._capture(layer))
        self._lock = threading.Lock()

    def _capture(self, layer: int):
        def hook(_module, _inputs, output):
            self._captured[layer] = output[0] if isinstance(output, tuple) else output
        return hook

    def encode_pairs(self, question: str | Sequence[str], passages: Sequence[str], batch_size: int = 8
                     ) -> list[tuple[dict[int, np.ndarray], dict[int, np.ndarray], np.ndarray]]:
        """The question and each passage read together (`<bos> question <eos> <bos> passage <eos>`),
        so that every passage token has seen the question: for each passage, {layer: its tokens'
        vectors}, {layer: the question tokens' vectors} and the passage tokens' character spans.
        `question` is one question for all passages, or one per passage."""
        import torch

        questions = [question] * len(passages) if isinstance(question, str) else list(question)
        order = sorted(range(len(passages)), key=lambda i: len(passages[i]) + len(questions[i]))
        out: list = [None] * len(passages)
        with self._lock, torch.inference_mode():
            for b in range(0, len(order), batch_size):
                idx = order[b:b + batch_size]
                enc = self._tokenizer([questions[i] for i in idx], [passages[i] for i in idx],
                                      return_offsets_mapping=True, padding=True, truncation="only_second",
                                      max_length=MAX_TOKENS, return_tensors="pt")
                self._captured.clear()
                self._model(input_ids=enc["input_ids"], attention_mask=enc["attention_mask"])
                normed = {layer: self._model.norm(h).float().numpy() for layer, h in self._captured.items()}
                offsets = enc["offset_mapping"].numpy()
                for row, i in enumerate(idx):
                    seq = np.array([-1 if x is None else x for x in enc.sequence_ids(row)])
                    p, q = seq == 1, seq == 0
                    out[i] = ({layer: v[row][p] for layer, v in normed.items()},
                              {layer: v[row][q] for layer, v in normed.items()}, offsets[row][p])
        return out

    def question_offsets(self, question: str) -> np.ndarray:
        """The question's tokens' character spans, as encode_pairs reads it (no <bos>/<eos>)."""
        enc = self._tokenizer(question, return_offsets_mapping=True, add_special_tokens=False)
        return np.asarray(enc["offset_mapping"], dtype=np.int32).reshape(-1, 2)

    def encode(self, texts: Sequence[str], batch_size: int = 8) -> list[tuple[dict[int, np.ndarray], np.ndarray]]:
        """For each text: {layer: float32 array (tokens × 768)} and the tokens' character spans
        (tokens × 2; the <bos> token is (0, 0)). Batches are formed by length."""
        import torch

        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        out: list[tuple[dict[int, np.ndarray], np.ndarray] | None] = [None] * len(texts)
        with self._lock, torch.inference_mode():
            for b in range(0, len(order), batch_size):
                idx = order[b:b + batch_size]
                enc = self._tokenizer([texts[i] for i in idx], return_offsets_mapping=True, padding=True,
                                      truncation=True, max_length=MAX_TOKENS, return_tensors="pt")
                self._captured.clear()
                self._model(input_ids=enc["input_ids"], attention_mask=enc["attention_mask"])
                normed = {layer: self._model.norm(h).float().numpy() for layer, h in self._captured.items()}
                mask = enc["attention_mask"].numpy().astype(bool)
                offsets = enc["offset_mapping"].numpy()
                for row, i in enumerate(idx):
                    keep = mask[row]
                    out[i] = ({layer: v[row][keep] for layer, v in normed.items()}, offsets[row][keep])
        return out  # type: ignore[return-value]


def _head_class():
    """The head as a torch module; defined on first use so that importing kb needs no torch."""
    import torch
    from torch import nn

    class SpanHead(nn.Module):
        """Passage tokens attend to themselves and to the question, then score start and end.
        Position 0 of the passage is a learned "no answer" slot."""

        def __init__(self, dim_in: int = 768, dim: int = 256, layers: int = 2, heads: int = 4,
                     dropout: float = 0.1, match: bool = False) -> None:
            super().__init__()
            self.config = {"dim_in": dim_in, "dim": dim, "layers": layers, "heads": heads, "match": match}
            extra = 1 if match else 0  # a token's word is (or is not) in the other text: DrQA's "exact match"
            self.passage_in = nn.Sequential(nn.Linear(dim_in + extra, dim), nn.LayerNorm(dim), nn.Dropout(dropout))
            self.question_in = nn.Sequential(nn.Linear(dim_in + extra, dim), nn.LayerNorm(dim), nn.Dropout(dropout))
            self.null = nn.Parameter(torch.zeros(1, 1, dim))
            # no dropout inside the blocks: on the attention weights it cost a quarter of a training step
            self.blocks = nn.ModuleList(
                nn.TransformerDecoderLayer(dim, heads, dim * 2, 0.0, batch_first=True, norm_first=True)
                for _ in range(layers))
            self.out = nn.Sequential(nn.LayerNorm(dim), nn.Linear(dim, 2))

        def forward(self, passage, passage_pad, question, question_pad):
            """passage: (B, n, dim_in), passage_pad: (B, n) True where padding; likewise the
            question. Returns start and end logits (B, n + 1); index 0 is "no answer"."""
            p = self.passage_in(passage)
            p = torch.cat([self.null.expand(p.shape[0], 1, -1), p], dim=1)
            pad = torch.cat([torch.zeros_like(passage_pad[:, :1]), passage_pad], dim=1)
            q = self.question_in(question)
            for block in self.blocks:
                p = block(p, q, tgt_key_padding_mask=pad, memory_key_padding_mask=question_pad)
            logits = self.out(p).masked_fill(pad.unsqueeze(-1), -1e4)
            return logits[..., 0], logits[..., 1]

    return SpanHead


def new_head(**config):
    return _head_class()(**config)


LORA_TARGETS = ("self_attn.q_proj", "self_attn.k_proj", "self_attn.v_proj", "self_attn.o_proj",
                "mlp.gate_proj", "mlp.up_proj", "mlp.down_proj")


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
    """Fold the adapters into the model's own weights (W += B·A·scale): reading then costs what
    the plain model costs."""
    import torch

    keys = {k.rsplit(".", 1)[0] for k in tensors if k.startswith("layers-")}
    with torch.no_grad():
        for key in keys:
            _, index, path = key.split("-", 2)
            linear = model.layers[int(index)].get_submodule(path.replace("-", "."))
            linear.weight += (tensors[f"{key}.B"].float() @ tensors[f"{key}.A"].float()) * scale


def new_span_layer():
    """Start and end scores from the tuned layer's normed token vectors."""
    from torch import nn

    return nn.Linear(768, 2)


def save_tuned(adapters: dict, span: dict, path: Path, first: int, last: int, rank: int, alpha: float,
               extra: dict | None = None) -> str:
    """Write the adapters and the start/end layer (float16) with their configuration; returns the sha256."""
    from safetensors.torch import save_file

    tensors = {k: v.detach().to("cpu").half().contiguous() for k, v in adapters.items()}
    tensors.update({f"span.{k}": v.detach().to("cpu").half().contiguous() for k, v in span.items()})
    config = {"kind": "tuned", "from_layer": first, "layer": last, "rank": rank, "alpha": alpha}
    meta = {"config": json.dumps(config), "layer": str(last), **{k: str(v) for k, v in (extra or {}).items()}}
    path.parent.mkdir(parents=True, exist_ok=True)
    save_file(tensors, str(path), metadata=meta)
    return hashlib.sha256(path.read_bytes()).hexdigest()


FIRST_TOKEN = 1  # logit 0 is "no answer"; logit k is the passage's token k − 1


def best_span(start: np.ndarray, end: np.ndarray, max_tokens: int = 30) -> tuple[int, int, float]:
    """The logit span (s, e), FIRST_TOKEN ≤ s ≤ e < s + max_tokens, with the highest start + end."""
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
    """The trained head over EmbeddingGemma's token vectors (see the module's docstring)."""

    def __init__(self, states: TokenStates, head, layer: int, threshold: float = 0.0) -> None:
        self.states = states
        self.head = head.eval()
        self.layer = layer
        self.threshold = threshold  # the margin below which it abstains, set on its dev articles

    def read(self, question: str, passages: Sequence[str], max_answer_tokens: int = 30,
             within: Sequence[tuple[int, int]] | None = None) -> list[ReadSpan]:
        """The best span in each passage, with its score and its "no answer" score; with
        `within` (character offsets, one pair per passage), only spans inside that stretch."""
        import torch

        if not passages:
            return []
        rest = self.states.encode_pairs(question, passages)
        spans = []
        ps, qs = [r[0][self.layer] for r in rest], [r[1][self.layer] for r in rest]
        if self.head.config.get("match"):
            q_offsets = self.states.question_offsets(question)
            ps = [with_match(v, passage, offsets, question) for v, passage, (_, _, offsets) in zip(ps, passages, rest)]
            qs = [with_match(v, question, q_offsets, passage) for v, passage in zip(qs, passages)]
        with torch.inference_mode():
            p, ppad = _padded(ps)
            q, qpad = _padded(qs)
            start, end = self.head(p, ppad, q, qpad)
        for i, (_, _, offsets) in enumerate(rest):
            st, en = start[i, :len(offsets) + 1].numpy().copy(), end[i, :len(offsets) + 1].numpy().copy()
            if within is not None:
                lo, hi = within[i]
                outside = np.concatenate([[False], (offsets[:, 1] <= lo) | (offsets[:, 0] >= hi)])
                if not outside[1:].all():
                    st[outside], en[outside] = -1e4, -1e4
            s, e, score = best_span(st, en, max_answer_tokens)
            # token k of the passage is logit index k + 1 (index 0 is "no answer")
            a, b = int(offsets[s - 1][0]), int(offsets[e - 1][1])
            if within is not None:
                a, b = max(a, within[i][0]), min(b, within[i][1])
            text = passages[i]
            while a < b and text[a].isspace():
                a += 1
            spans.append(ReadSpan(i, a, b, score, float(st[0] + en[0])))
        return spans


def with_match(vectors: np.ndarray, text: str, offsets: np.ndarray, other: str) -> np.ndarray:
    """The token vectors with one more column: 1 where the token's word, folded, is a content
    word of the other text (the question for a passage, the passage for the question)."""
    from .folding import STOPWORDS, fold

    others = {fold(w) for w in _WORD.findall(other)} - STOPWORDS
    words = [(m.start(), m.end(), fold(m.group(0))) for m in _WORD.finditer(text)]  # spans in `text` itself
    flags = np.zeros((len(offsets), 1), dtype=np.float32)
    k = 0
    for t, (a, b) in enumerate(offsets):
        while k < len(words) and words[k][1] <= a:
            k += 1
        if k < len(words) and words[k][0] < b and words[k][2] in others:
            flags[t, 0] = 1.0
    return np.concatenate([np.asarray(vectors, dtype=np.float32), flags], axis=1)


_WORD = re.compile(r"[^\s\u200c،,.:;!?؟«»()\"']+")


def _padded(arrays: Sequence[np.ndarray]):
    """Token vectors of several texts as one zero-padded batch and its padding mask."""
    import torch

    n = max(len(a) for a in arrays)
    batch = torch.zeros(len(arrays), n, arrays[0].shape[-1])
    pad = torch.ones(len(arrays), n, dtype=torch.bool)
    for i, a in enumerate(arrays):
        batch[i, :len(a)] = torch.from_numpy(np.asarray(a, dtype=np.float32))
        pad[i, :len(a)] = False
    return batch, pad


def save_head(head, path: Path, layer: int, extra: dict | None = None) -> str:
    """Write the head's weights (float16) with its configuration; returns their sha256."""
    from safetensors.torch import save_file

    tensors = {k: v.detach().to("cpu").half().contiguous() for k, v in head.state_dict().items()}
    meta = {"config": json.dumps(head.config), "layer": str(layer), **{k: str(v) for k, v in (extra or {}).items()}}
    path.parent.mkdir(parents=True, exist_ok=True)
    save_file(tensors, str(path), metadata=meta)
    return hashlib.sha256(path.read_bytes()).hexdigest()


def load_head(path: Path, sha256: str | None = None):
    """The head, the layer it reads and the file's metadata, from a safetensors file (checked
    against `sha256`)."""
    from safetensors import safe_open

    if sha256 is not None:
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        if digest != sha256:
            raise ValueError(f"{path}: sha256 {digest} is not the shipped reader's {sha256}")
    with safe_open(str(path), framework="pt") as f:
        meta = f.metadata()
        tensors = {k: f.get_tensor(k).float() for k in f.keys()}
    head = new_head(**json.loads(meta["config"]))
    head.load_state_dict(tensors)
    return head.eval(), int(meta["layer"]), meta


def load_reading_model(gemma: Path, weights: Path = WEIGHTS, sha256: str | None = WEIGHTS_SHA256,
                       threads: int = 2) -> ReadingModel:
    """The shipped reader over the installed EmbeddingGemma."""
    head, layer, meta = load_head(weights, sha256 or None)
    return ReadingModel(TokenStates(gemma, [layer], threads), head, layer, float(meta.get("threshold", 0.0)))


_LOADED: dict[tuple[str, int], "ReadingModel | None"] = {}
_LOAD_LOCK = threading.Lock()


def reading_model_for(settings) -> ReadingModel | None:
    """The reader for these settings, loaded once per process; None without EmbeddingGemma."""
    from .errors import ModelMissing
    from .models import gemma_path

    key = (str(settings.models), settings.threads)
    with _LOAD_LOCK:
        if key not in _LOADED:
            try:
                gemma: Path | None = gemma_path(settings.models)
            except ModelMissing:
                gemma = None
            usable = gemma is not None and WEIGHTS.exists()
            _LOADED[key] = load_reading_model(gemma, threads=settings.threads) if usable else None
        return _LOADED[key]
