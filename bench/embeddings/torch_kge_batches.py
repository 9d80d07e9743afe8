#!/usr/bin/python3
"""Per-batch training time of ../shared/reference/torch_kge.py's model and loss on a large KG, where a
whole epoch takes too long to repeat: the same code as the reference (reciprocal relations, 1-vs-all
cross-entropy, N3 1e-3, Adam), stopped after BATCHES batches. Prints one JSON line.
usage: torch_kge_batches.py DATASET_DIR MODEL DIM BATCHES [BATCH] [LR] [THREADS]"""
import json, sys, time, torch
d, model, dim, batches = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
batch = int(sys.argv[5]) if len(sys.argv) > 5 else 1000
lr = float(sys.argv[6]) if len(sys.argv) > 6 else 0.01
torch.set_num_threads(int(sys.argv[7]) if len(sys.argv) > 7 else 2)
torch.manual_seed(0)
def read(n): return [l.rstrip('\n').split('\t') for l in open(f"{d}/{n}.txt") if l.strip()]
tr, va, te = read('train'), read('valid'), read('test')
ents = {e: i for i, e in enumerate(sorted({x for t in tr + va + te for x in (t[0], t[2])}))}
rels = {r: i for i, r in enumerate(sorted({t[1] for t in tr + va + te}))}
R = len(rels)
def ids(ts): return torch.tensor([[ents[h], rels[r], ents[t]] for h, r, t in ts])
Tr = ids(tr)
def recip(T): return torch.cat([T, torch.stack([T[:, 2], T[:, 1] + R, T[:, 0]], 1)])
X = recip(Tr)
E = torch.nn.Embedding(len(ents), dim); W = torch.nn.Embedding(2 * R, dim)
torch.nn.init.normal_(E.weight, std=1e-3); torch.nn.init.normal_(W.weight, std=1e-3)
def scores(h, r):
    e, w = E(h), W(r)
    if model == 'distmult': return (e * w) @ E.weight.T
    a, b = e.chunk(2, -1); c, s = w.chunk(2, -1); Er, Ei = E.weight.chunk(2, -1)
    return (a * c - b * s) @ Er.T + (a * s + b * c) @ Ei.T
opt = torch.optim.Adam(list(E.parameters()) + list(W.parameters()), lr=lr)
perm = X[torch.randperm(len(X))]
t0 = time.time()
for k in range(batches):
    b = perm[k * batch:(k + 1) * batch]
    loss = torch.nn.functional.cross_entropy(scores(b[:, 0], b[:, 1]), b[:, 2])
    loss = loss + 1e-3 * (E(torch.cat([b[:, 0], b[:, 2]])).abs().pow(3).sum() + W(b[:, 1]).abs().pow(3).sum()) / len(b)
    opt.zero_grad(); loss.backward(); opt.step()
s = time.time() - t0
print(json.dumps({"dataset": d.rstrip('/').split('/')[-1], "model": model, "dim": dim, "batches": batches, "batch": batch,
  "s_per_batch": round(s / batches, 4), "batches_per_epoch": -(-len(X) // batch), "est_s_per_epoch": round(s / batches * -(-len(X) // batch), 1)}))
