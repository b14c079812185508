"""Train Bayegan's reading model (kb/reading_model.py) on PQuAD, on the CPU, resumably.

Data: ../shared/train/qa/pquad-validation.jsonl — PQuAD's validation split (7,976 questions on
1,103 paragraphs of 120 Persian Wikipedia articles, a quarter unanswerable; Darvishi et al.,
CC BY-SA 4.0). Split by article with SEED: 100 articles train, 20 dev. PersianQA and the news
questions of bench/answers.py are never read here.

Three steps, each resumable (a step that is killed starts again where it stopped):

    .venv/bin/python train/reader.py cache          # question + paragraph through layers 1–12, once (~30 min)
    .venv/bin/python train/reader.py train --layer 8 [--epochs 6]   # the head; prints its curve
    .venv/bin/python train/reader.py export --layer 8 --epochs 6    # best dev epoch → kb/weights/reader.safetensors

`cache` writes shards of 64 texts; `train` checkpoints after every epoch (head, optimiser, epoch,
random state) and resumes from the last one. CI and `make` never run this file.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from kb.folding import fold  # noqa: E402
from kb.models import gemma_path  # noqa: E402
from kb.reading_model import MAX_TOKENS, WEIGHTS, TokenStates, _padded, best_span, new_head, save_head, with_match  # noqa: E402

DATA = ROOT.parent / "shared" / "train" / "qa" / "pquad-validation.jsonl"
CACHE = Path.home() / ".cache" / "bayegan" / "reader-train"
LAYERS = (8, 12)
SEED = 13
DEV_ARTICLES = 20
SHARD = 64
# reading a question with its paragraph costs ~0.35 s per pair through 12 layers here, so the cache
# holds a seeded sample: 3,500 training questions (of 6,874) and 500 dev questions (of 1,102)
TRAIN_QUESTIONS = 3500
DEV_QUESTIONS = 500


def norm_tokens(text: str) -> list[str]:
    return [t for t in fold(text).replace("\u200c", " ").split() if t not in "،.؟?!«»()"]


def f1(pred: str, gold: str) -> float:
    p, g = norm_tokens(pred), norm_tokens(gold)
    common = sum(min(p.count(t), g.count(t)) for t in set(p))
    if not p or not g or not common:
        return float(p == g)
    prec, rec = common / len(p), common / len(g)
    return 2 * prec * rec / (prec + rec)


def load_data() -> tuple[list[str], list[dict]]:
    """The paragraphs, and one record per question: its paragraph, answers, article."""
    contexts, questions = [], []
    for line in DATA.open(encoding="utf-8"):
        para = json.loads(line)
        c = len(contexts)
        contexts.append(para["context"])
        for qa in para["qas"]:
            questions.append({"context": c, "title": para["title"], "question": qa["question"],
                              "answers": qa["answers"], "starts": qa["answer_starts"],
                              "impossible": qa["is_impossible"] or not qa["answers"]})
    return contexts, questions


def split(questions: list[dict]) -> tuple[list[int], list[int]]:
    titles = sorted({q["title"] for q in questions})
    random.Random(SEED).shuffle(titles)
    dev = set(titles[:DEV_ARTICLES])
    return ([i for i, q in enumerate(questions) if q["title"] not in dev],
            [i for i, q in enumerate(questions) if q["title"] in dev])


# ---------------------------------------------------------------- cache


def sample(questions: list[dict]) -> tuple[list[int], list[int]]:
    train_ids, dev_ids = split(questions)
    rng = random.Random(SEED)
    return sorted(rng.sample(train_ids, TRAIN_QUESTIONS)), sorted(rng.sample(dev_ids, DEV_QUESTIONS))


def cache(args) -> None:
    contexts, questions = load_data()
    train_ids, dev_ids = sample(questions)
    ids = train_ids + dev_ids
    states = TokenStates(gemma_path(Path(args.models)), LAYERS, threads=args.threads)
    folder = CACHE / "pairs"
    folder.mkdir(parents=True, exist_ok=True)
    started = time.time()
    for b in range(0, len(ids), SHARD):
        path = folder / f"{b:06d}.npz"
        if path.exists():
            continue
        part = ids[b:b + SHARD]
        out = states.encode_pairs([questions[i]["question"] for i in part],
                                  [contexts[questions[i]["context"]] for i in part])
        arrays = {}
        for k, (passage, question, offsets) in zip(part, out):
            for layer in LAYERS:
                arrays[f"{k}_P{layer}"] = passage[layer].astype(np.float16)
                arrays[f"{k}_Q{layer}"] = question[layer].astype(np.float16)
            arrays[f"{k}_off"] = offsets.astype(np.int32)
        tmp = path.with_suffix(".tmp.npz")
        np.savez(tmp, **arrays)
        tmp.rename(path)
        print(f"pairs {b + len(part)}/{len(ids)}  {time.time() - started:.0f} s", flush=True)


def load_cache(ids: list[int], layer: int) -> dict[int, tuple[np.ndarray, np.ndarray, np.ndarray]]:
    """question id → (passage token vectors, question token vectors, passage token spans)."""
    out = {}
    for path in sorted((CACHE / "pairs").glob("[0-9]*.npz")):
        z = np.load(path)
        for key in z.files:
            if key.endswith("_off"):
                k = int(key[:-4])
                out[k] = (z[f"{k}_P{layer}"], z[f"{k}_Q{layer}"], z[key])
    missing = [i for i in ids if i not in out]
    if missing:
        raise SystemExit(f"{len(missing)} questions are not cached yet: run `train/reader.py cache` to the end")
    return out


# ---------------------------------------------------------------- train


def target(q: dict, offsets: np.ndarray) -> tuple[int, int] | None:
    """Logit indices (start, end) of the first answer, 0 for unanswerable; None when the answer
    lies past the tokens read."""
    if q["impossible"]:
        return 0, 0
    a = q["starts"][0]
    b = a + len(q["answers"][0])
    tok = [t for t in range(len(offsets)) if offsets[t][1] > a and offsets[t][0] < b]
    if not tok:
        return None
    return tok[0] + 1, tok[-1] + 1  # passage token t is logit t + 1


def batches(ids: list[int], size: int, rng: random.Random, length) -> list[list[int]]:
    """Shuffled batches of questions whose passages are of similar length (less padding)."""
    ids = list(ids)
    rng.shuffle(ids)
    pool = size * 20
    out = []
    for i in range(0, len(ids), pool):
        group = sorted(ids[i:i + pool], key=length)
        out += [group[j:j + size] for j in range(0, len(group), size)]
    rng.shuffle(out)
    return out


def tensors(batch: list[int], cached):
    p, ppad = _padded([cached[i][0] for i in batch])
    q, qpad = _padded([cached[i][1] for i in batch])
    return p, ppad, q, qpad


def evaluate(head, ids, questions, contexts, cached) -> dict:
    """Dev figures with the right paragraph given: EM/F1 on answerable questions with the span
    always given, and SQuAD 2.0's overall F1 at the best "no answer" threshold."""
    import torch

    head.eval()
    rows = []
    with torch.inference_mode():
        for b in range(0, len(ids), 64):
            batch = ids[b:b + 64]
            start, end = head(*tensors(batch, cached))
            for k, i in enumerate(batch):
                qq = questions[i]
                offs = cached[i][2]
                st, en = start[k, :len(offs) + 1].numpy(), end[k, :len(offs) + 1].numpy()
                s, e, score = best_span(st, en)
                text = contexts[qq["context"]][int(offs[s - 1][0]):int(offs[e - 1][1])].strip()
                rows.append({"impossible": qq["impossible"], "margin": score - float(st[0] + en[0]),
                             "em": max((float(norm_tokens(text) == norm_tokens(g)) for g in qq["answers"]), default=0.0),
                             "f1": max((f1(text, g) for g in qq["answers"]), default=0.0)})
    head.train()
    answerable = [r for r in rows if not r["impossible"]]
    out = {"em": float(np.mean([r["em"] for r in answerable])), "f1": float(np.mean([r["f1"] for r in answerable]))}
    best = (-1.0, 0.0)
    for t in sorted({round(r["margin"], 2) for r in rows}):
        total = sum((r["f1"] if r["margin"] >= t else 0.0) if not r["impossible"] else float(r["margin"] < t) for r in rows)
        best = max(best, (total / len(rows), t))
    out["overall_f1"], out["threshold"] = best
    return out


def add_match(cached: dict, questions: list[dict], contexts: list[str], models: Path) -> dict:
    """Each token's "word is in the other text" flag appended to its vector (kb.reading_model.with_match)."""
    from transformers import AutoTokenizer

    tokenizer = AutoTokenizer.from_pretrained(str(gemma_path(models)), local_files_only=True)
    out = {}
    for i, (p, q, offsets) in cached.items():
        question, passage = questions[i]["question"], contexts[questions[i]["context"]]
        q_offsets = np.asarray(tokenizer(question, return_offsets_mapping=True, add_special_tokens=False)
                               ["offset_mapping"], dtype=np.int32).reshape(-1, 2)[:len(q)]
        out[i] = (with_match(p, passage, offsets, question).astype(np.float16),
                  with_match(q, question, q_offsets, passage).astype(np.float16), offsets)
    return out


def checkpoint(args) -> Path:
    """One checkpoint per configuration: a run with other settings never resumes another's."""
    match = "-match" if args.match else ""
    return CACHE / f"ckpt-L{args.layer}-d{args.dim}-b{args.blocks}-e{args.epochs}-lr{args.lr:g}{match}.pt"


def train(args) -> None:
    import torch

    torch.set_num_threads(args.threads)
    contexts, questions = load_data()
    train_ids, dev_ids = sample(questions)
    cached = load_cache(train_ids + dev_ids, args.layer)
    if args.match:
        cached = add_match(cached, questions, contexts, Path(args.models))
    targets = {i: target(questions[i], cached[i][2]) for i in train_ids}
    train_ids = [i for i in train_ids if targets[i] is not None]
    print(f"train {len(train_ids)} questions, dev {len(dev_ids)} (split by article, seed {SEED}); layer {args.layer}",
          flush=True)

    torch.manual_seed(SEED)
    head = new_head(dim=args.dim, layers=args.blocks, match=args.match)
    opt = torch.optim.AdamW(head.parameters(), lr=args.lr, weight_decay=0.01)
    ckpt = checkpoint(args)
    first, history = 0, []
    if ckpt.exists():
        state = torch.load(ckpt, weights_only=False)
        head.load_state_dict(state["head"])
        opt.load_state_dict(state["opt"])
        first, history = state["epoch"] + 1, state["history"]
        torch.set_rng_state(state["torch_rng"])
        print(f"resumed after epoch {state['epoch']}")
    rng = random.Random(SEED)

    def length(i: int) -> int:
        return len(cached[i][2])

    for _ in range(first):
        batches(train_ids, args.batch, rng, length)  # replay the shuffles so the order continues
    steps = args.epochs * ((len(train_ids) + args.batch - 1) // args.batch)
    sched = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=args.lr, total_steps=steps, pct_start=0.1,
                                                last_epoch=first * ((len(train_ids) + args.batch - 1) // args.batch) - 1)
    head.train()
    for epoch in range(first, args.epochs):
        started, losses = time.time(), []
        for batch in batches(train_ids, args.batch, rng, length):
            start, end = head(*tensors(batch, cached))
            ts = torch.tensor([targets[i][0] for i in batch])
            te = torch.tensor([targets[i][1] for i in batch])
            loss = (torch.nn.functional.cross_entropy(start, ts) + torch.nn.functional.cross_entropy(end, te)) / 2
            opt.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(head.parameters(), 1.0)
            opt.step()
            sched.step()
            losses.append(loss.item())
        dev = evaluate(head, dev_ids, questions, contexts, cached)
        history.append({"epoch": epoch, "loss": float(np.mean(losses)), **dev, "seconds": time.time() - started})
        print(json.dumps(history[-1]), flush=True)
        state = {"head": head.state_dict(), "opt": opt.state_dict(), "epoch": epoch, "history": history,
                 "torch_rng": torch.get_rng_state(), "config": head.config}
        torch.save(state, ckpt.with_suffix(".tmp"))
        ckpt.with_suffix(".tmp").rename(ckpt)
        best = max(history, key=lambda h: h["overall_f1"])
        if best["epoch"] == epoch:
            torch.save(state, ckpt.with_suffix(".best.pt"))


def export(args) -> None:
    import torch

    state = torch.load(checkpoint(args).with_suffix(".best.pt"), weights_only=False)
    head = new_head(**state["config"])
    head.load_state_dict(state["head"])
    best = state["history"][state["epoch"]]
    digest = save_head(head, WEIGHTS, args.layer, {"threshold": best["threshold"], "dev": json.dumps(best),
                                                   "trained_on": "PQuAD validation (CC BY-SA 4.0), 100 articles"})
    print(json.dumps(best))
    print(f"{WEIGHTS}  sha256 {digest}")


# ---------------------------------------------------------------- tuned: LoRA on layers 9–12

FROM_LAYER, TO_LAYER = 8, 12  # layer 8's output is cached; layers 9–12 are tuned (LoRA) and read


def states(args) -> None:
    """Layer 8's raw output (the residual stream, every token, specials too) for each sampled
    question read with its paragraph, so that tuning runs only layers 9–12."""
    import torch
    from transformers import AutoModel, AutoTokenizer

    torch.set_num_threads(args.threads)
    contexts, questions = load_data()
    train_ids, dev_ids = sample(questions)
    ids = train_ids + dev_ids
    path = gemma_path(Path(args.models))
    tokenizer = AutoTokenizer.from_pretrained(str(path), local_files_only=True)
    model = AutoModel.from_pretrained(str(path), local_files_only=True, dtype=torch.float32)
    model.layers = torch.nn.ModuleList(list(model.layers)[:FROM_LAYER])
    model.config.num_hidden_layers = FROM_LAYER
    model.config.layer_types = model.config.layer_types[:FROM_LAYER]
    captured = {}
    model.layers[-1].register_forward_hook(lambda _m, _i, out: captured.update(h=out[0] if isinstance(out, tuple) else out))
    model.eval()
    folder = CACHE / f"states{FROM_LAYER}"
    folder.mkdir(parents=True, exist_ok=True)
    started = time.time()
    for b in range(0, len(ids), SHARD):
        out_path = folder / f"{b:06d}.npz"
        if out_path.exists():
            continue
        part = ids[b:b + SHARD]
        arrays = {}
        for c in range(0, len(part), 8):
            chunk = part[c:c + 8]
            enc = tokenizer([questions[i]["question"] for i in chunk], [contexts[questions[i]["context"]] for i in chunk],
                            return_offsets_mapping=True, padding=True, truncation="only_second",
                            max_length=MAX_TOKENS, return_tensors="pt")
            with torch.inference_mode():
                model(input_ids=enc["input_ids"], attention_mask=enc["attention_mask"], use_cache=False)
            h = captured["h"].float().numpy()
            for row, i in enumerate(chunk):
                n = int(enc["attention_mask"][row].sum())
                if np.abs(h[row, :n]).max() > 60000:
                    raise SystemExit(f"question {i}: layer {FROM_LAYER} overflows float16")
                arrays[f"{i}_h"] = h[row, :n].astype(np.float16)
                arrays[f"{i}_seq"] = np.array([-1 if x is None else x for x in enc.sequence_ids(row)][:n], dtype=np.int8)
                arrays[f"{i}_off"] = enc["offset_mapping"][row, :n].numpy().astype(np.int32)
        tmp = out_path.with_suffix(".tmp.npz")
        np.savez(tmp, **arrays)
        tmp.rename(out_path)
        print(f"states {b + len(part)}/{len(ids)}  {time.time() - started:.0f} s", flush=True)


def load_states(ids: list[int]) -> dict[int, tuple[np.ndarray, np.ndarray, np.ndarray]]:
    out = {}
    for path in sorted((CACHE / f"states{FROM_LAYER}").glob("[0-9]*.npz")):
        z = np.load(path)
        for key in z.files:
            if key.endswith("_h"):
                k = int(key[:-2])
                out[k] = (z[key], z[f"{k}_seq"], z[f"{k}_off"])
    missing = [i for i in ids if i not in out]
    if missing:
        raise SystemExit(f"{len(missing)} questions have no cached states yet: run `train/reader.py states` to the end")
    return out


def tuned_target(q: dict, seq: np.ndarray, offsets: np.ndarray) -> tuple[int, int] | None:
    """Sequence positions (start, end) of the first answer; (0, 0), the <bos>, when unanswerable."""
    if q["impossible"]:
        return 0, 0
    a = q["starts"][0]
    b = a + len(q["answers"][0])
    tok = [t for t in range(len(seq)) if seq[t] == 1 and offsets[t][1] > a and offsets[t][0] < b]
    return (tok[0], tok[-1]) if tok else None


def tuned_model(args):
    """Layers 9–12 of EmbeddingGemma with LoRA on every projection, the final norm, and a
    start/end layer; only the LoRA matrices and the start/end layer train."""
    import torch
    from transformers import AutoModel

    from kb.reading_model import LORA_TARGETS, lora_wrap, new_span_layer

    model = AutoModel.from_pretrained(str(gemma_path(Path(args.models))), local_files_only=True, dtype=torch.float32)
    model.layers = torch.nn.ModuleList(list(model.layers)[FROM_LAYER:TO_LAYER])
    model.config.num_hidden_layers = TO_LAYER - FROM_LAYER
    model.config.layer_types = model.config.layer_types[FROM_LAYER:TO_LAYER]
    model.embed_tokens = None
    for p in model.parameters():
        p.requires_grad_(False)
    adapters = lora_wrap(model.layers, args.rank, args.alpha, LORA_TARGETS)
    span = new_span_layer()
    return model, adapters, span


def tuned_logits(model, span, batch: list[int], cached):
    """Start and end logits (B, n) over the sequence; positions that are neither the <bos>
    nor a passage token are masked."""
    import torch

    n = max(len(cached[i][0]) for i in batch)
    x = torch.zeros(len(batch), n, cached[batch[0]][0].shape[1])
    mask = torch.zeros(len(batch), n, dtype=torch.long)
    allowed = torch.zeros(len(batch), n, dtype=torch.bool)
    for r, i in enumerate(batch):
        h, seq, _ = cached[i]
        x[r, :len(h)] = torch.from_numpy(h.astype(np.float32))
        mask[r, :len(h)] = 1
        allowed[r, 0] = True
        allowed[r, :len(seq)] |= torch.from_numpy(seq == 1)
    out = model(inputs_embeds=x, attention_mask=mask, use_cache=False).last_hidden_state
    logits = span(out).masked_fill(~allowed.unsqueeze(-1), -1e4)
    return logits[..., 0], logits[..., 1]


def tuned_evaluate(model, span, ids, questions, contexts, cached) -> dict:
    import torch

    model.eval()
    rows = []
    with torch.inference_mode():
        for b in range(0, len(ids), 16):
            batch = ids[b:b + 16]
            start, end = tuned_logits(model, span, batch, cached)
            for k, i in enumerate(batch):
                qq = questions[i]
                _, seq, offs = cached[i]
                passage = np.flatnonzero(seq == 1)
                st = np.concatenate([[float(start[k, 0])], start[k, passage].numpy()])
                en = np.concatenate([[float(end[k, 0])], end[k, passage].numpy()])
                s, e, score = best_span(st, en)
                a, z = offs[passage[s - 1]][0], offs[passage[e - 1]][1]
                text = contexts[qq["context"]][int(a):int(z)].strip()
                rows.append({"impossible": qq["impossible"], "margin": score - float(st[0] + en[0]),
                             "em": max((float(norm_tokens(text) == norm_tokens(g)) for g in qq["answers"]), default=0.0),
                             "f1": max((f1(text, g) for g in qq["answers"]), default=0.0)})
    model.train()
    answerable = [r for r in rows if not r["impossible"]]
    out = {"em": float(np.mean([r["em"] for r in answerable])), "f1": float(np.mean([r["f1"] for r in answerable]))}
    best = (-1.0, 0.0)
    for t in sorted({round(r["margin"], 2) for r in rows}):
        total = sum((r["f1"] if r["margin"] >= t else 0.0) if not r["impossible"] else float(r["margin"] < t) for r in rows)
        best = max(best, (total / len(rows), t))
    out["overall_f1"], out["threshold"] = best
    return out


def tuned_checkpoint(args) -> Path:
    return CACHE / f"tuned-L{FROM_LAYER}-{TO_LAYER}-r{args.rank}-e{args.epochs}-lr{args.lr:g}-b{args.batch}.pt"


def tune(args) -> None:
    """LoRA on layers 9–12 and the start/end layer; checkpoints every 50 steps and resumes mid-epoch."""
    import torch

    torch.set_num_threads(args.threads)
    contexts, questions = load_data()
    train_ids, dev_ids = sample(questions)
    cached = load_states(train_ids + dev_ids)
    targets = {i: tuned_target(questions[i], cached[i][1], cached[i][2]) for i in train_ids}
    train_ids = [i for i in train_ids if targets[i] is not None]
    print(f"train {len(train_ids)} questions, dev {len(dev_ids)} (split by article, seed {SEED}); "
          f"LoRA r{args.rank} on layers {FROM_LAYER + 1}–{TO_LAYER}", flush=True)
    torch.manual_seed(SEED)
    model, adapters, span = tuned_model(args)
    params = [p for p in adapters.parameters()] + list(span.parameters())
    opt = torch.optim.AdamW(params, lr=args.lr, weight_decay=0.01)
    per_epoch = (len(train_ids) + args.batch - 1) // args.batch
    total = args.epochs * per_epoch
    sched = torch.optim.lr_scheduler.LambdaLR(
        opt, lambda step: min(1.0, step / max(1, int(0.1 * total))) * max(0.0, (total - step) / total))
    ckpt = tuned_checkpoint(args)
    step, history = 0, []
    if ckpt.exists():
        state = torch.load(ckpt, weights_only=False)
        adapters.load_state_dict(state["adapters"])
        span.load_state_dict(state["span"])
        opt.load_state_dict(state["opt"])
        sched.load_state_dict(state["sched"])
        step, history = state["step"], state["history"]
        torch.set_rng_state(state["torch_rng"])
        print(f"resumed at step {step}", flush=True)

    def save(path: Path) -> None:
        state = {"adapters": adapters.state_dict(), "span": span.state_dict(), "opt": opt.state_dict(),
                 "sched": sched.state_dict(), "step": step, "history": history, "torch_rng": torch.get_rng_state(),
                 "rank": args.rank, "alpha": args.alpha}
        torch.save(state, path.with_suffix(".tmp"))
        path.with_suffix(".tmp").rename(path)

    model.train()
    started, losses = time.time(), []
    while step < total:
        epoch, k = divmod(step, per_epoch)
        order = batches(train_ids, args.batch, random.Random(SEED + epoch), lambda i: len(cached[i][0]))
        batch = order[k]
        start, end = tuned_logits(model, span, batch, cached)
        ts = torch.tensor([targets[i][0] for i in batch])
        te = torch.tensor([targets[i][1] for i in batch])
        loss = (torch.nn.functional.cross_entropy(start, ts) + torch.nn.functional.cross_entropy(end, te)) / 2
        opt.zero_grad()
        loss.backward()
        torch.nn.utils.clip_grad_norm_(params, 1.0)
        opt.step()
        sched.step()
        losses.append(loss.item())
        step += 1
        if step % 25 == 0:
            print(f"step {step}/{total}  loss {np.mean(losses[-25:]):.3f}  {time.time() - started:.0f} s", flush=True)
        if step % per_epoch == 0:
            dev = tuned_evaluate(model, span, dev_ids, questions, contexts, cached)
            history.append({"epoch": epoch, "loss": float(np.mean(losses[-per_epoch:])), **dev,
                            "seconds": time.time() - started})
            print(json.dumps(history[-1]), flush=True)
            save(ckpt)
            if max(history, key=lambda h: h["overall_f1"])["epoch"] == epoch:
                save(ckpt.with_suffix(".best.pt"))
        elif step % 50 == 0:
            save(ckpt)


def export_tuned(args) -> None:
    import torch

    from kb.reading_model import save_tuned

    state = torch.load(tuned_checkpoint(args).with_suffix(".best.pt"), weights_only=False)
    best = max(state["history"], key=lambda h: h["overall_f1"])
    digest = save_tuned(state["adapters"], state["span"], WEIGHTS, FROM_LAYER, TO_LAYER, state["rank"],
                        state["alpha"], {"threshold": best["threshold"], "dev": json.dumps(best),
                                         "trained_on": "PQuAD validation (CC BY-SA 4.0), 100 articles"})
    print(json.dumps(best))
    print(f"{WEIGHTS}  sha256 {digest}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("step", choices=("cache", "train", "export", "states", "tune", "export-tuned"))
    parser.add_argument("--layer", type=int, default=8, choices=LAYERS)
    parser.add_argument("--epochs", type=int, default=6)
    parser.add_argument("--batch", type=int, default=32)
    parser.add_argument("--lr", type=float, default=5e-4)
    parser.add_argument("--dim", type=int, default=256)
    parser.add_argument("--blocks", type=int, default=2)
    parser.add_argument("--match", action="store_true", help="add the exact-match flag to each token")
    parser.add_argument("--rank", type=int, default=16, help="LoRA rank (tune)")
    parser.add_argument("--alpha", type=float, default=32.0, help="LoRA scale numerator (tune)")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--models", default=str(Path.home() / ".cache" / "bayegan" / "models"))
    args = parser.parse_args()
    {"cache": cache, "train": train, "export": export, "states": states, "tune": tune,
     "export-tuned": export_tuned}[args.step](args)


if __name__ == "__main__":
    main()
