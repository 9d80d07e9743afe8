// A private Virtuoso (Debian's virtuoso-opensource) for tests: its own database in a temp folder, free ports, started
// in the foreground and stopped by its PID. Missing Virtuoso is an error that says what to install, never a skip.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const BINARY = process.env.VIRTUOSO_BIN ?? '/usr/bin/virtuoso-t';
const TEMPLATE = '/etc/virtuoso-opensource-7/virtuoso.ini';

export interface Virtuoso {
  /** The public query endpoint, http://127.0.0.1:PORT/sparql. */
  sparql: string;
  /** The Digest-protected update endpoint (user dba, password dba). */
  sparqlAuth: string;
  /** The Digest-protected Graph Store HTTP Protocol endpoint (`?graph=IRI`; user dba, password dba). */
  graphStore: string;
  /** The SQL port `isql-vt PORT dba dba` connects to (bulk loader: ld_dir, rdf_loader_run()). */
  sqlPort: number;
  /** The instance's own folder (in DirsAllowed: files the bulk loader reads may go here); removed by stop(). */
  dir: string;
  stop(): Promise<void>;
}

export interface VirtuosoOptions {
  /**
   * virtuoso.ini keys set over Debian's template, by section, e.g. `{ SPARQL: { ResultSetMaxRows: '7' } }` (the
   * row cap an endpoint applies without saying so in the results) or `{ Parameters: { NumberOfBuffers: '170000' } }`.
   */
  ini?: Record<string, Record<string, string>>;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** The template's key in a section set to `value` (the key's line replaced, or added at the section's top). */
function setKey(ini: string, section: string, key: string, value: string): string {
  const lines = ini.split('\n');
  const start = lines.findIndex((l) => l.trim() === `[${section}]`);
  if (start < 0) throw new Error(`${TEMPLATE}: no [${section}] section`);
  let end = lines.findIndex((l, i) => i > start && /^\[/.test(l.trim()));
  if (end < 0) end = lines.length;
  const at = lines.findIndex((l, i) => i > start && i < end && new RegExp(`^\\s*${key}\\s*=`, 'i').test(l));
  if (at >= 0) lines[at] = `${key} = ${value}`;
  else lines.splice(start + 1, 0, `${key} = ${value}`);
  return lines.join('\n');
}

/** Starts a fresh Virtuoso and waits (up to 60 s) until its SPARQL endpoint answers. */
export async function startVirtuoso(options: VirtuosoOptions = {}): Promise<Virtuoso> {
  if (!existsSync(BINARY) || !existsSync(TEMPLATE)) {
    throw new Error(`Virtuoso is not installed (${BINARY} or ${TEMPLATE} missing): install it with \`apt-get install virtuoso-opensource\` (.ci/run does)`);
  }
  const dir = mkdtempSync(join(tmpdir(), 'relata-virtuoso-'));
  const [sqlPort, httpPort] = [await freePort(), await freePort()];
  let ini = readFileSync(TEMPLATE, 'utf8');
  for (const [key, file] of [['DatabaseFile', 'virtuoso.db'], ['ErrorLogFile', 'virtuoso.log'], ['LockFile', 'virtuoso.lck'], ['TransactionFile', 'virtuoso.trx'], ['xa_persistent_file', 'virtuoso.pxa']]) {
    ini = setKey(ini, 'Database', key, join(dir, file));
  }
  ini = setKey(ini, 'TempDatabase', 'DatabaseFile', join(dir, 'virtuoso-temp.db'));
  ini = setKey(ini, 'TempDatabase', 'TransactionFile', join(dir, 'virtuoso-temp.trx'));
  ini = setKey(ini, 'Parameters', 'DirsAllowed', `., ${dir}, /usr/share/virtuoso-opensource-7/vad`);
  ini = setKey(ini, 'Parameters', 'ServerPort', String(sqlPort));
  ini = setKey(ini, 'HTTPServer', 'ServerPort', String(httpPort));
  for (const [section, keys] of Object.entries(options.ini ?? {})) {
    for (const [key, value] of Object.entries(keys)) ini = setKey(ini, section, key, value);
  }
  const config = join(dir, 'virtuoso.ini');
  writeFileSync(config, ini);
  const child: ChildProcess = spawn(BINARY, ['+foreground', '+configfile', config], { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-4000)));
  let exited: number | null = null;
  child.once('exit', (code) => (exited = code ?? -1));
  const base = `http://127.0.0.1:${httpPort}`;
  const stop = async (): Promise<void> => {
    if (exited === null && child.pid) {
      const gone = new Promise((resolve) => child.once('exit', resolve));
      process.kill(child.pid, 'SIGTERM');
      await Promise.race([gone, new Promise((resolve) => setTimeout(resolve, 10_000))]);
      if (exited === null) process.kill(child.pid, 'SIGKILL');
    }
    rmSync(dir, { recursive: true, force: true });
  };
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (exited !== null) {
      const log = existsSync(join(dir, 'virtuoso.log')) ? readFileSync(join(dir, 'virtuoso.log'), 'utf8').slice(-2000) : '';
      await stop();
      throw new Error(`virtuoso-t exited (${exited}) before answering:\n${stderr}\n${log}`);
    }
    try {
      const r = await fetch(`${base}/sparql?query=${encodeURIComponent('ASK {}')}`, { signal: AbortSignal.timeout(2000) });
      if (r.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`Virtuoso did not answer at ${base}/sparql within 60 s:\n${stderr}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return { sparql: `${base}/sparql`, sparqlAuth: `${base}/sparql-auth`, graphStore: `${base}/sparql-graph-crud-auth`, sqlPort, dir, stop };
}
