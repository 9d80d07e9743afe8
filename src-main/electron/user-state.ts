import { app, safeStorage, type BrowserWindow } from 'electron';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Small per-user state of the desktop shell, in Electron's user data folder (never in a KG file). */
function readJson<T>(file: string, fallback: T): T {
  try {
    return JSON.parse(readFileSync(join(app.getPath('userData'), file), 'utf8')) as T;
  } catch {
    return fallback;
  }
}

function writeJson(file: string, value: unknown): void {
  writeFileSync(join(app.getPath('userData'), file), JSON.stringify(value, null, 2));
}

export interface WindowState {
  width: number;
  height: number;
  x?: number;
  y?: number;
  maximized?: boolean;
}

export function loadWindowState(): WindowState {
  return readJson<WindowState>('window-state.json', { width: 1440, height: 900 });
}

/** Remembers the window's size, place and maximised state when it closes. */
export function rememberWindowState(win: BrowserWindow): void {
  win.on('close', () => {
    const b = win.getNormalBounds();
    writeJson('window-state.json', { width: b.width, height: b.height, x: b.x, y: b.y, maximized: win.isMaximized() });
  });
}

/**
 * Secrets (an LLM endpoint's API key) encrypted with the OS keychain through safeStorage. Where no encryption is
 * available nothing is stored: the key must then be typed for each use.
 */
export function getSecret(name: string): string | null {
  const stored = readJson<Record<string, string>>('secrets.json', {})[name];
  if (!stored || !safeStorage.isEncryptionAvailable()) return null;
  try {
    return safeStorage.decryptString(Buffer.from(stored, 'base64'));
  } catch {
    return null;
  }
}

export function setSecret(name: string, value: string | null): boolean {
  const all = readJson<Record<string, string>>('secrets.json', {});
  if (value === null) delete all[name];
  else if (!safeStorage.isEncryptionAvailable()) return false;
  else all[name] = safeStorage.encryptString(value).toString('base64');
  writeJson('secrets.json', all);
  return true;
}
