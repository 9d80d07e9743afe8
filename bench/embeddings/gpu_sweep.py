#!/usr/bin/env python3
"""Settings sweep for Relata's ComplEx defaults, in PyTorch, on a CUDA GPU when one is there (CPU otherwise).

The same model and training as Relata's default (src-main/core/embeddings/training/training-config.ts): ComplEx with reciprocal
relations, 1-vs-all cross-entropy over all entities, N3 on the anchor, target and relation rows (complex modulus,
divided by the batch's queries), Adagrad, normal init with std 1e-3, a batch of queries shuffled every epoch.
Validation is the filtered MRR (both directions through the reciprocal relations, ties counted as the mean rank) on
all of valid.txt every EVAL_EVERY epochs; test.txt is evaluated at the same points, so the best-validation row also
gives the test MRR. Used to find which defaults reach the published accuracy and in how many epochs, before the long
CPU runs with Relata itself (bench/RESULTS-embeddings-large.md).

usage: gpu_sweep.py DATASET_DIR DIM BATCH REG LR MAX_EPOCHS SECONDS EVAL_EVERY OUT_JSONL [SEED]
Writes one JSON line per evaluation to OUT_JSONL.
"""
import json, sys, time, torch

d, dim, batch, reg, lr = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), float(sys.argv[4]), float(sys.argv[5])
max_epochs, seconds, eval_every, out = int(sys.argv[6]), float(sys.argv[7]), int(sys.argv[8]), sys.argv[9]
seed = int(sys.argv[10]) if len(sys.argv) > 10 else 0
torch.manual_seed(seed)
torch.set_num_threads(1)
dev = torch.device('cuda' if torch.cuda.is_available() else 'cpu')


def read(n):
    return [l.rstrip('\n').split('\t') for l in open(f"{d}/{n}.txt") if l.strip()]


tr, va, te = read('train'), read('valid'), read('test')
ents = {e: i for i, e in enumerate(sorted({x for t in tr + va + te for x in (t[0], t[2])}))}
rels = {r: i for i, r in enumerate(sorted({t[1] for t in tr + va + te}))}
N, R = len(ents), len(rels)


def ids(ts):
    return torch.tensor([[ents[h], rels[r], ents[t]] for h, r, t in ts], dtype=torch.long)


def recip(T):
    return torch.cat([T, torch.stack([T[:, 2], T[:, 1] + R, T[:, 0]], 1)])


Tr, Va, Te = ids(tr), ids(va), ids(te)
X = recip(Tr).to(dev)
k = dim // 2
E = (torch.randn(N, dim) * 1e-3).to(dev).requires_grad_()
W = (torch.randn(2 * R, dim) * 1e-3).to(dev).requires_grad_()
opt = torch.optim.Adagrad([E, W], lr=lr)


def query_rows(h, r):
    e, w = E[h], W[r]
    a, b = e[:, :k], e[:, k:]
    c, s = w[:, :k], w[:, k:]
    return torch.cat([a * c - b * s, a * s + b * c], 1)


def modulus(x):
    return torch.sqrt(x[:, :k] ** 2 + x[:, k:] ** 2)


known = {}
for h, r, t in recip(torch.cat([Tr, Va, Te])).tolist():
    known.setdefault((h, r), []).append(t)


def filter_index(Q):
    rows, cols = [], []
    for i, (h, r, t) in enumerate(Q.tolist()):
        for o in known[(h, r)]:
            if o != t:
                rows.append(i)
                cols.append(o)
    return torch.tensor(rows, dtype=torch.long), torch.tensor(cols, dtype=torch.long)


splits = {}
for name, T in (('valid', Va), ('test', Te)):
    Q = recip(T)
    fr, fc = filter_index(Q)
    splits[name] = (Q.to(dev), fr.to(dev), fc.to(dev))


@torch.no_grad()
def evaluate(name):
    Q, fr, fc = splits[name]
    ranks = []
    for i in range(0, len(Q), 1000):
        q = Q[i:i + 1000]
        S = query_rows(q[:, 0], q[:, 1]) @ E.T
        target = S[torch.arange(len(q), device=dev), q[:, 2]].unsqueeze(1)
        sel = (fr >= i) & (fr < i + len(q))
        S[fr[sel] - i, fc[sel]] = float('-inf')
        greater = (S > target).sum(1).float()
        equal = (S == target).sum(1).float() - 1
        ranks.append(1 + greater + equal / 2)
    rk = torch.cat(ranks)
    return {'mrr': (1 / rk).mean().item(), 'hits1': (rk <= 1).float().mean().item(),
            'hits3': (rk <= 3).float().mean().item(), 'hits10': (rk <= 10).float().mean().item()}


t0 = time.time()
best = -1.0
with open(out, 'w') as f:
    for ep in range(1, max_epochs + 1):
        perm = X[torch.randperm(len(X), device=dev)]
        total = 0.0
        for i in range(0, len(perm), batch):
            b = perm[i:i + batch]
            S = query_rows(b[:, 0], b[:, 1]) @ E.T
            loss = torch.nn.functional.cross_entropy(S, b[:, 2])
            if reg > 0:
                loss = loss + reg * (modulus(E[b[:, 0]]).pow(3).sum() + modulus(E[b[:, 2]]).pow(3).sum()
                                     + modulus(W[b[:, 1]]).pow(3).sum()) / len(b)
            opt.zero_grad(set_to_none=True)
            loss.backward()
            opt.step()
            total += loss.detach()
        elapsed = time.time() - t0
        if ep % eval_every == 0 or elapsed > seconds or ep == max_epochs:
            v, t = evaluate('valid'), evaluate('test')
            row = {'dataset': d.rstrip('/').split('/')[-1], 'dim': dim, 'batch': batch, 'reg': reg, 'lr': lr,
                   'seed': seed, 'epoch': ep, 'seconds': round(time.time() - t0, 1),
                   'loss': round(float(total) / ((len(perm) + batch - 1) // batch), 4),
                   'valid_mrr': round(v['mrr'], 4), 'test_mrr': round(t['mrr'], 4),
                   'test_hits1': round(t['hits1'], 4), 'test_hits10': round(t['hits10'], 4), 'device': str(dev)}
            f.write(json.dumps(row) + '\n')
            f.flush()
            print(json.dumps(row), flush=True)
        if time.time() - t0 > seconds:
            break
