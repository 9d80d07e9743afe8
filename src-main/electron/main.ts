import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { app, BrowserWindow, dialog, ipcMain, session, type IpcMainInvokeEvent, type OpenDialogOptions } from 'electron';
import type { CallName } from '../contract/api.js';
import { CHANNELS, type DialogKind, type IpcCallReply } from '../contract/bridge.js';
import { getSecret, loadWindowState, rememberWindowState, setSecret } from './user-state.js';
import { CoreError, CoreHost } from './core-host.js';

/**
 * The Electron face: one window over the same core service that `relata serve` and the CLI use, run in a Node child
 * (see core-host.ts). The renderer is sandboxed and reaches the core only through the `relata:*` IPC channels that
 * the preload script exposes.
 */
const CSP =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; connect-src 'self'; worker-src 'self' blob:; object-src 'none'; base-uri 'none'";

const KG_FILTERS = [{ name: 'Relata KG', extensions: ['sqlite', 'db', 'relata'] }];

const appRoot = (): string => (app.isPackaged ? process.resourcesPath : app.getAppPath());
/** Node for the core: `npm start` passes the one it runs under; otherwise the `node` on PATH. */
const nodeBinary = (): string => process.env.RELATA_NODE ?? 'node';
const relataCli = (): string => join(appRoot(), 'bin/relata.mjs');

/**
 * The KG named on the command line, if any (`electron . my.sqlite` in development, `relata my.sqlite` packaged):
 * the first argument that is neither a switch nor a folder (the app folder is one).
 */
function kgFromArgs(): string | undefined {
  return process.argv.slice(1).find((a) => !a.startsWith('-') && !(existsSync(a) && statSync(a).isDirectory()));
}

/** First run: the bundled demo (`relata demo`) becomes a KG in the user data folder. */
function demoKg(): string {
  const path = join(app.getPath('userData'), 'demo.sqlite');
  if (!existsSync(path)) {
    const made = spawnSync(nodeBinary(), [relataCli(), 'demo', '--db', path], { encoding: 'utf8' });
    if (made.status !== 0) throw new Error(made.stderr.trim().split('\n').pop() || `relata demo failed (exit code ${made.status})`);
  }
  return path;
}

function serveIpc(host: CoreHost): void {
  const running = new Map<string, AbortController>();
  const keyOf = (senderId: number, id: number): string => `${senderId}:${id}`;

  ipcMain.handle(CHANNELS.call, async (event: IpcMainInvokeEvent, msg: { id: number; call: CallName; input: unknown }): Promise<IpcCallReply> => {
    const key = keyOf(event.sender.id, msg.id);
    const controller = new AbortController();
    running.set(key, controller);
    try {
      const result = await host.call(msg.call, msg.input, {
        signal: controller.signal,
        onProgress: (progress) => {
          if (!event.sender.isDestroyed()) event.sender.send(CHANNELS.progress, { id: msg.id, progress });
        },
      });
      return { id: msg.id, result };
    } catch (err) {
      const kind = err instanceof CoreError ? err.kind : 'internal';
      return { id: msg.id, error: { message: err instanceof Error ? err.message : String(err), kind } };
    } finally {
      running.delete(key);
    }
  });
  ipcMain.on(CHANNELS.cancel, (event, id: number) => running.get(keyOf(event.sender.id, id))?.abort());

  ipcMain.handle(CHANNELS.secretGet, (_event, name: string) => getSecret(String(name)));
  ipcMain.handle(CHANNELS.secretSet, (_event, name: string, value: string | null) => setSecret(String(name), value === null ? null : String(value)));

  ipcMain.handle(CHANNELS.dialog, async (event, kind: DialogKind): Promise<string[]> => {
    const win = BrowserWindow.fromWebContents(event.sender);
    if (kind === 'new-kg') {
      const options = { title: 'New knowledge graph', defaultPath: 'untitled.sqlite', filters: KG_FILTERS };
      const r = win ? await dialog.showSaveDialog(win, options) : await dialog.showSaveDialog(options);
      return r.canceled || !r.filePath ? [] : [r.filePath];
    }
    const options: OpenDialogOptions =
      kind === 'open-kg'
        ? { title: 'Open knowledge graph', properties: ['openFile'], filters: KG_FILTERS }
        : { title: 'Import files', properties: ['openFile', 'multiSelections'] };
    const r = win ? await dialog.showOpenDialog(win, options) : await dialog.showOpenDialog(options);
    return r.canceled ? [] : r.filePaths;
  });
}

function createWindow(): BrowserWindow {
  const state = loadWindowState();
  const win = new BrowserWindow({
    width: state.width,
    height: state.height,
    x: state.x,
    y: state.y,
    title: 'Relata',
    backgroundColor: '#f5f6f8',
    webPreferences: {
      preload: join(import.meta.dirname, '../preload/index.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
    },
  });
  if (state.maximized) win.maximize();
  rememberWindowState(win);
  win.webContents.setWindowOpenHandler(() => ({ action: 'deny' }));
  win.webContents.on('will-navigate', (event) => event.preventDefault());
  void win.loadFile(join(import.meta.dirname, '../renderer/index.html'));
  return win;
}

async function start(): Promise<void> {
  await app.whenReady();
  session.defaultSession.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  session.defaultSession.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CSP] } });
  });

  let kg: string | undefined;
  try {
    kg = kgFromArgs() ?? demoKg();
  } catch (err) {
    dialog.showErrorBox('Relata could not create the demo knowledge graph', (err as Error).message);
  }
  const host = new CoreHost({ node: nodeBinary(), relataBin: relataCli(), kgPath: kg });
  serveIpc(host);
  createWindow();

  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) createWindow();
  });
  app.on('window-all-closed', () => {
    host.close();
    app.quit();
  });
}

void start();
