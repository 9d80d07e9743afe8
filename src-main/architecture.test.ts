/**
 * The renderer's TypeScript program (tsconfig.web.json) holds only browser code: its own files, the contract and
 * browser-safe packages. A core, CLI, server or Electron file in it, or Node's types, would let renderer code
 * type-check against things that do not exist in a browser window. (dependency-cruiser checks the import rules
 * file by file; this checks what the compiler actually pulls in, types included.)
 */
import { relative } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../test-support/paths.js';

function programFiles(tsconfig: string): string[] {
  const host: ts.ParseConfigFileHost = { ...ts.sys, onUnRecoverableConfigFileDiagnostic: (d) => { throw new Error(ts.flattenDiagnosticMessageText(d.messageText, '\n')); } };
  const parsed = ts.getParsedCommandLineOfConfigFile(`${REPO_ROOT}/${tsconfig}`, {}, host);
  if (!parsed) throw new Error(`cannot read ${tsconfig}`);
  const program = ts.createProgram({ rootNames: parsed.fileNames, options: parsed.options, projectReferences: parsed.projectReferences });
  return program.getSourceFiles().map((f) => relative(REPO_ROOT, f.fileName));
}

describe("the renderer's program", () => {
  const files = programFiles('tsconfig.web.json');

  it('has the renderer and the contract in it', () => {
    expect(files).toContain('src-renderer/src/lib/client.ts');
    expect(files).toContain('src-main/contract/api.ts');
  });

  it('holds no core, CLI, server or Electron file', () => {
    const ours = files.filter((f) => !f.includes('node_modules/'));
    expect(ours.filter((f) => !f.startsWith('src-renderer/') && !f.startsWith('src-main/contract/'))).toEqual([]);
  });

  it('holds no Node types (Buffer, process, node: modules)', () => {
    const nodeTypes = files.filter((f) => f.includes('node_modules/@types/node/'));
    expect(nodeTypes.length, 'what pulls them in: npx tsc -p tsconfig.web.json --explainFiles | grep -A3 @types/node/index.d.ts').toBe(0);
  });
});
