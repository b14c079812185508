"""Train Bayegan's reading model (kb/reading_model.py) on PQuAD, on the CPU, resumably.

Data: ../shared/train/qa/pquad-validation.jsonl — PQuAD's validation split (7,976 questions on
1,103 paragraphs of 120 Persian Wikipedia articles, a quarter unanswerable; Darvishi et al.,
CC BY-SA 4.0). Split by article with SEED: 100 articles train, 20 dev. PersianQA and the news
questions of bench/answers.py are never read here.

The model: EmbeddingGemma's layers 9–12 with LoRA adapters (rank 16) on every projection, and a
linear start/end layer (kb/reading_model.py). Three steps, each resumable (a step that is killed
starts again where it stopped):

    .venv/bin/python train/reader.py states    # layer 8's output for 4,000 question+paragraph pairs: 619 s, 1.3 GB
    .venv/bin/python train/reader.py train     # 3 epochs × 438 steps of 8, ~10.5 min an epoch; prints its curve
    .venv/bin/python train/reader.py export    # best dev epoch → kb/weights/reader.safetensors, prints its sha256

`--from-layer N` caches layer N's output instead and tunes layers N+1–12; `--init FILE` starts
the adapters and the start/end layer from an earlier export (new layers' adapters start at zero);
`evaluate` prints the `--init` file's dev figures measured as `train` measures an epoch. Tried
on 2026-12-08 and not kept: layers 5–12 from the shipped weights, 3,500 questions, one epoch, lr
3e-4 (states 1,213 s; 438 steps, 2,355 s): dev EM / F1 / overall F1 0.478 / 0.706 / 0.746
against the shipped weights' 0.488 / 0.716 / 0.749, measured the same way.

`states` writes shards of 64 pairs; `train` checkpoints every 50 steps and after every epoch
(adapters, start/end layer, optimiser, schedule, step, random state) and resumes mid-epoch (an
epoch's batch order is drawn from SEED + epoch). CI and `make` never run this file.
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
sys.path.insert(0, str(ROOT / "bench"))

from kb.models import gemma_path  # noqa: E402
from kb.reading_model import MAX_TOKENS, WEIGHTS, best_span, keep_layers  # noqa: E402
from squad import f1, norm_tokens  # noqa: E402

DATA = ROOT.parent / "shared" / "train" / "qa" / "pquad-validation.jsonl"
CACHE = Path.home() / ".cache" / "bayegan" / "reader-train"
SEED = 13
DEV_ARTICLES = 20
SHARD = 64
# each training step runs four layers forward and back (~1.4 s for 8 pairs here), so training
# reads a seeded sample: 3,500 training questions (of 6,874) and 500 dev questions (of 1,102)
TRAIN_QUESTIONS = 3500
DEV_QUESTIONS = 500


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


# ---------------------------------------------------------------- states


def sample(questions: list[dict], how_many: int = TRAIN_QUESTIONS) -> tuple[list[int], list[int]]:
    """The training questions (a seeded sample of `how_many`; 0: all of them) and the dev sample."""
    train_ids, dev_ids = split(questions)
    rng = random.Random(SEED)
    some = sorted(rng.sample(train_ids, how_many or TRAIN_QUESTIONS))  # drawn alike so the dev sample stays the same
    return (some if how_many else train_ids), sorted(rng.sample(dev_ids, DEV_QUESTIONS))


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


FROM_LAYER, TO_LAYER = 8, 12  # layer 8's output is cached; layers 9–12 are tuned (LoRA) and read (--from-layer moves the first)


def states(args) -> None:
    """Layer `--from-layer`'s raw output (the residual stream, every token, specials too) for
    each sampled question read with its paragraph, so that tuning runs only the layers above it."""
    import torch
    from transformers import AutoModel, AutoTokenizer

    torch.set_num_threads(args.threads)
    contexts, questions = load_data()
    train_ids, dev_ids = sample(questions, args.questions)
    folder = CACHE / f"states{args.from_layer}"
    folder.mkdir(parents=True, exist_ok=True)
    have = {int(k[:-2]) for p in _shards(folder) for k in np.load(p).files if k.endswith("_h")}
    ids = [i for i in train_ids + dev_ids if i not in have]  # a larger sample reuses the pairs already read
    path = gemma_path(Path(args.models))
    tokenizer = AutoTokenizer.from_pretrained(str(path), local_files_only=True)
    model = AutoModel.from_pretrained(str(path), local_files_only=True, dtype=torch.float32)
    keep_layers(model, 0, args.from_layer)
    captured = {}
    model.layers[-1].register_forward_hook(lambda _m, _i, out: captured.update(h=out[0] if isinstance(out, tuple) else out))
    model.eval()
    started = time.time()
    for b in range(0, len(ids), SHARD):
        part = ids[b:b + SHARD]
        out_path = folder / f"q{part[0]:06d}.npz"
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
                big = np.abs(h[row, :n]).max() > 60000  # kept in float32 where float16 would overflow
                arrays[f"{i}_h"] = h[row, :n].astype(np.float32 if big else np.float16)
                arrays[f"{i}_seq"] = np.array([-1 if x is None else x for x in enc.sequence_ids(row)][:n], dtype=np.int8)
                arrays[f"{i}_off"] = enc["offset_mapping"][row, :n].numpy().astype(np.int32)
        tmp = out_path.with_suffix(".tmp.npz")
        np.savez(tmp, **arrays)
        tmp.rename(out_path)
        print(f"states {b + len(part)}/{len(ids)}  {time.time() - started:.0f} s", flush=True)


def _shards(folder: Path) -> list[Path]:
    return sorted(p for p in folder.glob("*.npz") if not p.name.endswith(".tmp.npz"))


def load_states(ids: list[int], from_layer: int = FROM_LAYER) -> dict[int, tuple[np.ndarray, np.ndarray, np.ndarray]]:
    out = {}
    wanted = set(ids)
    for path in _shards(CACHE / f"states{from_layer}"):
        z = np.load(path)
        for key in z.files:
            if key.endswith("_h") and int(key[:-2]) in wanted:
                k = int(key[:-2])
                out[k] = (z[key], z[f"{k}_seq"], z[f"{k}_off"])
    missing = [i for i in ids if i not in out]
    if missing:
        raise SystemExit(f"{len(missing)} questions have no cached states yet: run `train/reader.py states` to the end")
    return out


def target(q: dict, seq: np.ndarray, offsets: np.ndarray) -> tuple[int, int] | None:
    """Sequence positions (start, end) of the first answer; (0, 0), the <bos>, when unanswerable."""
    if q["impossible"]:
        return 0, 0
    a = q["starts"][0]
    b = a + len(q["answers"][0])
    tok = [t for t in range(len(seq)) if seq[t] == 1 and offsets[t][1] > a and offsets[t][0] < b]
    return (tok[0], tok[-1]) if tok else None


def model_to_tune(args):
    """Layers from_layer+1 … 12 of EmbeddingGemma with LoRA on every projection, the final norm,
    and a start/end layer; only the LoRA matrices and the start/end layer train. With `--init`, the
    adapters and the start/end layer an earlier export holds start where it left them."""
    import torch
    from transformers import AutoModel

    from kb.reading_model import LORA_TARGETS, lora_wrap, new_span_layer

    model = AutoModel.from_pretrained(str(gemma_path(Path(args.models))), local_files_only=True, dtype=torch.float32)
    keep_layers(model, args.from_layer, TO_LAYER)
    model.embed_tokens = None
    for p in model.parameters():
        p.requires_grad_(False)
    adapters = lora_wrap(model.layers, args.rank, args.alpha, LORA_TARGETS, first=args.from_layer)
    span = new_span_layer()
    if args.init:
        from kb.reading_model import load_weights

        span_done, (earlier, _scale), config, _meta = load_weights(Path(args.init))
        if (config["rank"], config["alpha"]) != (args.rank, args.alpha):
            raise SystemExit(f"{args.init}: rank {config['rank']} alpha {config['alpha']}, not {args.rank} {args.alpha}")
        missing, unexpected = adapters.load_state_dict(earlier, strict=False)
        if unexpected:
            raise SystemExit(f"{args.init}: adapters for layers this run does not tune: {unexpected[:3]}")
        span.load_state_dict(span_done.state_dict())
        print(f"started from {args.init}: {len(earlier)} adapter matrices, {len(missing)} new", flush=True)
    return model, adapters, span


def logits(model, span, batch: list[int], cached):
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


def evaluate(model, span, ids, questions, contexts, cached) -> dict:
    import torch

    model.eval()
    rows = []
    with torch.inference_mode():
        for b in range(0, len(ids), 16):
            batch = ids[b:b + 16]
            start, end = logits(model, span, batch, cached)
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


def checkpoint(args) -> Path:
    more = f"-q{args.questions}" if args.questions != TRAIN_QUESTIONS else ""
    more += "-init" if args.init else ""
    return CACHE / f"tuned-L{args.from_layer}-{TO_LAYER}-r{args.rank}-e{args.epochs}-lr{args.lr:g}-b{args.batch}{more}.pt"


def train(args) -> None:
    """LoRA on layers 9–12 and the start/end layer; checkpoints every 50 steps and resumes mid-epoch."""
    import torch

    torch.set_num_threads(args.threads)
    contexts, questions = load_data()
    train_ids, dev_ids = sample(questions, args.questions)
    cached = load_states(train_ids + dev_ids, args.from_layer)
    targets = {i: target(questions[i], cached[i][1], cached[i][2]) for i in train_ids}
    train_ids = [i for i in train_ids if targets[i] is not None]
    print(f"train {len(train_ids)} questions, dev {len(dev_ids)} (split by article, seed {SEED}); "
          f"LoRA r{args.rank} on layers {args.from_layer + 1}–{TO_LAYER}", flush=True)
    torch.manual_seed(SEED)
    model, adapters, span = model_to_tune(args)
    params = [p for p in adapters.parameters()] + list(span.parameters())
    opt = torch.optim.AdamW(params, lr=args.lr, weight_decay=0.01)
    per_epoch = (len(train_ids) + args.batch - 1) // args.batch
    total = args.epochs * per_epoch
    sched = torch.optim.lr_scheduler.LambdaLR(
        opt, lambda step: min(1.0, step / max(1, int(0.1 * total))) * max(0.0, (total - step) / total))
    ckpt = checkpoint(args)
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
    started, losses, orders = time.time(), [], {}
    while step < total:
        epoch, k = divmod(step, per_epoch)
        if epoch not in orders:  # an epoch's order depends on the epoch alone, so a resumed run continues it
            orders = {epoch: batches(train_ids, args.batch, random.Random(SEED + epoch), lambda i: len(cached[i][0]))}
        batch = orders[epoch][k]
        start, end = logits(model, span, batch, cached)
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
            dev = evaluate(model, span, dev_ids, questions, contexts, cached)
            history.append({"epoch": epoch, "loss": float(np.mean(losses[-per_epoch:])), **dev,
                            "seconds": time.time() - started})
            print(json.dumps(history[-1]), flush=True)
            save(ckpt)
            if max(history, key=lambda h: h["overall_f1"])["epoch"] == epoch:
                save(ckpt.with_suffix(".best.pt"))
        elif step % 50 == 0:
            save(ckpt)


def evaluate_init(args) -> None:
    """The dev figures of the `--init` weights as they are, measured the way `train` measures
    each epoch (the baseline a new run is compared with)."""
    import torch

    torch.set_num_threads(args.threads)
    contexts, questions = load_data()
    _, dev_ids = sample(questions, args.questions)
    cached = load_states(dev_ids, args.from_layer)
    model, _, span = model_to_tune(args)
    print(json.dumps(evaluate(model, span, dev_ids, questions, contexts, cached)))


def export(args) -> None:
    import torch

    from kb.reading_model import save_weights

    state = torch.load(checkpoint(args).with_suffix(".best.pt"), weights_only=False)
    best = max(state["history"], key=lambda h: h["overall_f1"])
    digest = save_weights(state["adapters"], state["span"], WEIGHTS, args.from_layer, TO_LAYER, state["rank"],
                        state["alpha"], {"threshold": best["threshold"], "dev": json.dumps(best),
                                         "trained_on": "PQuAD validation (CC BY-SA 4.0), 100 articles"})
    print(json.dumps(best))
    print(f"{WEIGHTS}  sha256 {digest}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("step", choices=("states", "train", "evaluate", "export"))
    parser.add_argument("--epochs", type=int, default=3)
    parser.add_argument("--batch", type=int, default=8)
    parser.add_argument("--lr", type=float, default=5e-4)
    parser.add_argument("--questions", type=int, default=TRAIN_QUESTIONS,
                        help="training questions, a seeded sample (0: all 6,874)")
    parser.add_argument("--rank", type=int, default=16, help="LoRA rank")
    parser.add_argument("--alpha", type=float, default=32.0, help="LoRA scale numerator (scale = alpha / rank)")
    parser.add_argument("--from-layer", type=int, default=FROM_LAYER,
                        help="the layer whose output is cached; the layers above it, to 12, are tuned")
    parser.add_argument("--init", default="", help="start from the adapters and start/end layer of this export")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--models", default=str(Path.home() / ".cache" / "bayegan" / "models"))
    args = parser.parse_args()
    {"states": states, "train": train, "evaluate": evaluate_init, "export": export}[args.step](args)


if __name__ == "__main__":
    main()
