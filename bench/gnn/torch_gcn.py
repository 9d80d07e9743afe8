"""PyTorch reference for Relata's 2-layer GCN (bench/gnn): the same model, loss, optimiser and early stopping.

  torch_gcn.py planetoid DIR SEEDS [THREADS]   Cora-style TSV folder: mean test accuracy over SEEDS seeds
  torch_gcn.py binary PREFIX EPOCHS [THREADS]  generated graph written by gcn-bench.ts: seconds per training epoch

Model (Kipf & Welling 2017): Z = A_hat · dropout(relu(A_hat · dropout(X) · W1)) · W2, log-softmax, masked NLL,
(weight_decay / 2)·||W1||², Adam lr 0.01, Glorot init, no biases, early stopping on validation loss (window 10).
Sparse tensors are torch.sparse COO; prints one JSON line.
"""
import json
import resource
import sys
import time

import numpy as np
import torch
import torch.nn.functional as F

HIDDEN, DROPOUT, WEIGHT_DECAY, LR, EPOCHS, WINDOW = 16, 0.5, 5e-4, 0.01, 200, 10


def peak_rss_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def normalized_adjacency(n, src, dst):
    keep = src != dst
    src, dst = src[keep], dst[keep]
    rows = np.concatenate([src, dst, np.arange(n)])
    cols = np.concatenate([dst, src, np.arange(n)])
    a = torch.sparse_coo_tensor(torch.from_numpy(np.stack([rows, cols]).astype(np.int64)),
                                torch.ones(len(rows)), (n, n)).coalesce()
    idx = a.indices()
    ones = torch.ones(idx.shape[1])  # duplicates summed by coalesce: back to 0/1
    deg = torch.zeros(n).index_add_(0, idx[0], ones)
    vals = ones / torch.sqrt(deg[idx[0]] * deg[idx[1]])
    return torch.sparse_coo_tensor(idx, vals, (n, n)).coalesce()


def row_normalized_features(n, f, rows, cols):
    x = torch.sparse_coo_tensor(torch.from_numpy(np.stack([rows, cols]).astype(np.int64)),
                                torch.ones(len(rows)), (n, f)).coalesce()
    idx = x.indices()
    ones = torch.ones(idx.shape[1])
    rs = torch.zeros(n).index_add_(0, idx[0], ones)
    return torch.sparse_coo_tensor(idx, ones / rs[idx[0]], (n, f)).coalesce()


def glorot(fan_in, fan_out):
    r = (6.0 / (fan_in + fan_out)) ** 0.5
    return torch.nn.Parameter(torch.empty(fan_in, fan_out).uniform_(-r, r))


class Gcn(torch.nn.Module):
    def __init__(self, f, h, c):
        super().__init__()
        self.w1 = glorot(f, h)
        self.w2 = glorot(h, c)

    def forward(self, x, adj):
        if self.training:
            keep = (torch.rand(x._nnz()) >= DROPOUT).float() / (1 - DROPOUT)
            x = torch.sparse_coo_tensor(x.indices(), x.values() * keep, x.shape)
        h = torch.relu(torch.sparse.mm(adj, torch.sparse.mm(x, self.w1)))
        h = F.dropout(h, DROPOUT, self.training)
        return F.log_softmax(torch.sparse.mm(adj, h @ self.w2), dim=1)


def loss_of(model, logp, y, idx):
    return F.nll_loss(logp[idx], y[idx]) + 0.5 * WEIGHT_DECAY * (model.w1 ** 2).sum()


def train_step(model, opt, x, adj, y, train):
    model.train()
    opt.zero_grad()
    loss = loss_of(model, model(x, adj), y, train)
    loss.backward()
    opt.step()
    return loss.item()


def run_planetoid(folder, seeds):
    import glob
    import os
    prefix = glob.glob(os.path.join(folder, '*.nodes.tsv'))[0][:-len('.nodes.tsv')]

    def lines(kind):
        with open(f'{prefix}.{kind}.tsv') as fh:
            return [l.rstrip('\n').split('\t') for l in fh if l.strip() and not l.startswith('#')]

    nodes = lines('nodes')
    ids = {r[0]: i for i, r in enumerate(nodes)}
    n = len(nodes)
    labels = np.array([int(r[1]) if len(r) > 1 and r[1] != '' else -1 for r in nodes])
    fr, fc = [], []
    for i, r in enumerate(nodes):
        if len(r) > 2 and r[2]:
            for k in r[2].split(','):
                fr.append(i)
                fc.append(int(k))
    f = max(fc) + 1
    edges = lines('edges')
    src = np.array([ids[u] for u, _ in edges])
    dst = np.array([ids[v] for _, v in edges])
    split = {'train': [], 'val': [], 'test': []}
    for node, part in lines('split'):
        if labels[ids[node]] >= 0:
            split[part].append(ids[node])
    t0 = time.perf_counter()
    adj = normalized_adjacency(n, src, dst)
    x = row_normalized_features(n, f, np.array(fr), np.array(fc))
    preprocess = time.perf_counter() - t0
    y = torch.from_numpy(np.maximum(labels, 0))
    train, val, test = (torch.tensor(split[k]) for k in ('train', 'val', 'test'))
    c = int(labels.max()) + 1
    accs, total = [], 0.0
    for seed in range(seeds):
        torch.manual_seed(seed)
        t = time.perf_counter()
        model = Gcn(f, HIDDEN, c)
        opt = torch.optim.Adam(model.parameters(), lr=LR)
        val_losses = []
        for epoch in range(EPOCHS):
            train_step(model, opt, x, adj, y, train)
            model.eval()
            with torch.no_grad():
                val_losses.append(loss_of(model, model(x, adj), y, val).item())
            if epoch > WINDOW and val_losses[-1] > np.mean(val_losses[-(WINDOW + 1):-1]):
                break
        model.eval()
        with torch.no_grad():
            pred = model(x, adj).argmax(1)
        total += time.perf_counter() - t
        accs.append((pred[test] == y[test]).float().mean().item())
    return {'reference': 'pytorch', 'torch': torch.__version__, 'threads': torch.get_num_threads(), 'dataset': os.path.basename(prefix),
            'seeds': seeds, 'test_accuracy': float(np.mean(accs)), 'test_accuracy_std': float(np.std(accs)),
            'train_seconds': total, 'preprocess_seconds': preprocess, 'peak_rss_mb': peak_rss_mb()}


def run_binary(prefix, epochs):
    meta = json.load(open(prefix + '.json'))
    n, f, c = meta['nodes'], meta['features'], meta['classes']
    load = lambda name: np.fromfile(f'{prefix}.{name}.i32', dtype=np.int32)
    rss_before = peak_rss_mb()
    t0 = time.perf_counter()
    adj = normalized_adjacency(n, load('src'), load('dst'))
    x = row_normalized_features(n, f, load('frow'), load('fcol'))
    preprocess = time.perf_counter() - t0
    y = torch.from_numpy(load('labels').astype(np.int64))
    train = torch.from_numpy(load('train').astype(np.int64))
    torch.manual_seed(0)
    model = Gcn(f, HIDDEN, c)
    opt = torch.optim.Adam(model.parameters(), lr=LR)
    train_step(model, opt, x, adj, y, train)  # warm-up
    t = time.perf_counter()
    for _ in range(epochs):
        loss = train_step(model, opt, x, adj, y, train)
    per_epoch = (time.perf_counter() - t) / epochs
    model.eval()
    t = time.perf_counter()
    with torch.no_grad():
        model(x, adj)
    inference = time.perf_counter() - t
    return {'reference': 'pytorch', 'torch': torch.__version__, 'threads': torch.get_num_threads(), 'nodes': n,
            'undirected_edges': meta['edges'], 'feature_nnz': int(x._nnz()), 'epochs_timed': epochs,
            'seconds_per_epoch': per_epoch, 'inference_seconds': inference, 'preprocess_seconds': preprocess,
            'final_train_loss': loss, 'peak_rss_mb': peak_rss_mb(), 'rss_before_graph_mb': rss_before}


if __name__ == '__main__':
    mode, path, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
    torch.set_num_threads(int(sys.argv[4]) if len(sys.argv) > 4 else 1)
    out = run_planetoid(path, count) if mode == 'planetoid' else run_binary(path, count)
    print(json.dumps(out))
