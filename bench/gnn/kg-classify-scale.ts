// gnn.classify and gnn.explain through RelataService on a synthetic typed KG (N entities in 8 planted types, 30% untyped,
// M triples whose predicate and object type follow the subject's type; entity e0 is a hub of ~3,000 edges).
// Run: nice -n 10 node --import tsx bench/gnn/kg-classify-scale.ts [N] [M]
import { RelataService } from '../../src-main/core/api/handlers.js';
process.env.RELATA_HOME ??= (await import('node:os')).tmpdir();
const N = Number(process.argv[2] ?? 20000), M = Number(process.argv[3] ?? 200000), C = 8, P = 24;
const s = new RelataService(':memory:');
const db = s.kg.db;
let x = 12345; const rnd = () => ((x = (x * 1103515245 + 12345) >>> 0) / 2 ** 32);
db.transaction(() => {
  const e = db.prepare('INSERT INTO entities(key, label, type) VALUES (?, ?, ?)');
  for (let i = 0; i < N; i++) e.run(`e${i}`, `Entity ${i}`, rnd() < 0.3 ? null : `T${i % C}`);
  const p = db.prepare('INSERT INTO predicates(key) VALUES (?)');
  for (let k = 0; k < P; k++) p.run(`p${k}`);
  const t = db.prepare('INSERT OR IGNORE INTO triples(s, p, o) VALUES (?, ?, ?)');
  for (let m = 0; m < M; m++) {
    const a = Math.floor(rnd() * N);
    const b = m < 3000 ? 0 : (Math.floor(rnd() * (N / C)) * C + ((a % C) + (rnd() < 0.7 ? 1 : Math.floor(rnd() * C))) % C) % N;
    t.run(a + 1, ((a % C) * 3 + Math.floor(rnd() * 3)) % P + 1, b + 1);
  }
})();
let t0 = performance.now();
const r = await s.call('gnn.classify', { seeds: 1 });
const json = JSON.stringify(r);
console.log(`classify N=${N} M=${M}: ${((performance.now() - t0) / 1000).toFixed(2)} s (train ${r.trainSeconds.toFixed(2)} s, ${r.epochs} epochs), test ${r.testAccuracy.toFixed(3)} vs majority ${r.majorityAccuracy.toFixed(3)}, predictions ${r.predictions.length} truncated=${r.truncated}, JSON ${(json.length / 1e6).toFixed(1)} MB`);
t0 = performance.now();
const e = await s.call('gnn.explain', { key: 'e0', limit: 10 });
console.log(`explain hub e0 (degree ${db.prepare('SELECT count(*) FROM triples WHERE s=1 OR o=1').pluck().get()}): ${((performance.now() - t0) / 1000).toFixed(2)} s, top ${e.edges[0]?.importance.toFixed(4)}`);
t0 = performance.now();
await s.call('gnn.explain', { key: 'e5', limit: 10 });
console.log(`explain e5: ${((performance.now() - t0) / 1000).toFixed(3)} s`);
