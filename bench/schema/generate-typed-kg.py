"""A synthetic typed KG for the schema bench: N entities, each with one of 20 rdf:types, plus M random relation
triples over 50 predicates (objects skewed towards low ids, so hubs exist). Deterministic (seed 7).
    python3 bench/schema/generate-typed-kg.py OUT.nt [N=200000] [M=1000000]
"""
import random
import sys

out = sys.argv[1]
n = int(sys.argv[2]) if len(sys.argv) > 2 else 200_000
m = int(sys.argv[3]) if len(sys.argv) > 3 else 1_000_000
random.seed(7)
with open(out, 'w') as f:
    for e in range(n):
        f.write(f'<http://example.org/e/{e}> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <http://example.org/t/T{e % 20}> .\n')
    seen = set()
    while len(seen) < m:
        s, p, o = random.randrange(n), random.randrange(50), int(random.random() ** 3 * n)
        if (s, p, o) in seen:
            continue
        seen.add((s, p, o))
        f.write(f'<http://example.org/e/{s}> <http://example.org/p/{p}> <http://example.org/e/{o}> .\n')
