import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT, tempDir } from '../../../test-support/paths.js';

const tmp = tempDir();
afterAll(() => tmp.cleanup());
const BIN = join(REPO_ROOT, 'bin/relata.mjs');
const db = join(tmp.dir, 'demo.sqlite');

function relata(...args: string[]): { code: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', env: { ...process.env, RELATA_HOME: tmp.dir } });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

describe('relata query / materialize / relate / reason on the demo KG', () => {
  beforeAll(() => {
    expect(relata('demo', '--db', db).code).toBe(0);
  });

  it("query: the seed's question, with a proof down to the demo's triples", () => {
    const r = relata('query', '--db', db, '--pack', 'kinship', '?- aunt(charlie, A).', '--explain', '--json');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.count).toBe(1);
    expect(out.answers[0].bindings).toEqual({ A: 'alice' });
    const leaves: Array<{ fact: string; triple?: { source: { kind: string } } }> = [];
    const walk = (n: { premises?: unknown[] }): void => (n.premises ? n.premises.forEach((p) => walk(p as typeof n)) : void leaves.push(n as (typeof leaves)[0]));
    out.answers[0].proof.forEach(walk);
    expect(leaves.map((l) => l.fact).sort()).toEqual(['father(charlie, bob)', 'gender(alice, female)', 'sister(bob, alice)']);
    expect(leaves.every((l) => l.triple?.source.kind === 'file')).toBe(true);
  });

  it('relate: what Alice is to Charlie, with proofs and the connecting path', () => {
    const r = relata('relate', '--db', db, 'charlie', 'alice', '--rules', 'kinship', '--json');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.relations.map((x: { relation: string }) => x.relation)).toEqual(['aunt', 'pibling']);
    expect(out.relations[0].proof.rule).toBe('aunt(X, A) :- pibling(X, A), gender(A, female).');
    expect(out.paths[0].steps.map((s: { s: string; p: string; o: string }) => `${s.s} ${s.p} ${s.o}`)).toEqual(['charlie father bob', 'bob sister alice']);
  });

  it('relate --convention family-tree: Frank\'s wife Grace is Bob\'s mother only by the convention, and the proof says so', () => {
    const strict = JSON.parse(relata('relate', '--db', db, 'bob', 'grace', '--rules', 'kinship', '--json').stdout);
    expect(strict.relations).toEqual([]);
    expect(strict.conventions).toEqual([]);
    const r = relata('relate', '--db', db, 'bob', 'grace', '--pack', 'kinship', '--convention', 'family-tree', '--json');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.relations.map((x: { relation: string }) => x.relation)).toEqual(['ancestor', 'mother', 'parent']);
    expect(out.conventions_used).toEqual(['family-tree']);
    expect(out.relations[1].proof.premises[0]).toMatchObject({ fact: 'parent(bob, grace)', convention: 'family-tree' });
    const text = relata('relate', '--db', db, 'hannah', 'diana');
    expect(text.stdout).toContain("diana is hannah's aunt (by marriage)\n");
    const bad = relata('relate', '--db', db, 'bob', 'grace', '--convention', 'nuclear');
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain("no convention 'nuclear' (conventions: family-tree)");
  });

  it('materialize: derived triples are stored once, and a rerun changes nothing', () => {
    const first = JSON.parse(relata('materialize', '--db', db, '--pack', 'kinship', '--json').stdout);
    expect(first.derived).toBeGreaterThan(50);
    expect(first.removed).toBe(0);
    const again = JSON.parse(relata('materialize', '--db', db, '--pack', 'kinship', '--json').stdout);
    expect(again).toMatchObject({ derived: 0, removed: 0, total_derived: first.total_derived });
    const stats = JSON.parse(relata('stats', '--db', db, '--json').stdout);
    expect(stats.derived).toBe(first.total_derived);
  });

  it('reason --format tsv prints the bound values in order of first appearance', () => {
    const r = relata('reason', '--db', db, '--rules', 'kinship', '--query', 'uncle(hannah, U), wife(U, W)');
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('bob\tdiana\n');
  });

  it('reason is query: the same answers, text and JSON; --materialize stores the derived triples first', () => {
    const goal = 'uncle(hannah, U), wife(U, W)';
    expect(relata('query', '--db', db, '--rules', 'kinship', goal).stdout).toBe('bob\tdiana\n');
    const reason = JSON.parse(relata('reason', '--db', db, '--rules', 'kinship', '--query', goal, '--materialize', '--format', 'json').stdout);
    expect(reason.materialized.rule_set).toBe('pack:kinship');
    expect(reason.answers.map((a: { bindings: Record<string, string> }) => a.bindings)).toEqual([{ U: 'bob', W: 'diana' }]);
  });

  it('reports rule errors on one line with file, line and column, and exits 1', () => {
    const bad = join(tmp.dir, 'bad.pl');
    writeFileSync(bad, 'ok(X) :- father(X, _).\nbad(X) :- father(X, Y), not sister(Y, Z).\n');
    const r = relata('query', '--db', db, '--rules', bad, 'bad(X)');
    expect(r.code).toBe(1);
    expect(r.stderr.trim()).toBe("relata: bad.pl:line 2, column 39: unsafe variable Z: it appears in 'not sister' but in no positive body atom of the rule");
  });
});
