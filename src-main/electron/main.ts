import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { app, BrowserWindow, dialog, ipcMain, session, type IpcMainInvokeEvent, type OpenDialogOptions } from 'electron';
import type { CallName } from '../contract/api.js';
import type { RecentFile } from '../contract/types.js';
import { CHANNELS, type DialogKind, type IpcCallReply } from '../contract/bridge.js';
import { getSecret, loadWindowState, rememberWindowState, setSecret } from './user-state.js';
import { CoreError, CoreHost } from './core-host.js';
import { isTrustedFrame, PathGrants, pathsInCall, refuseCall, SECRET_NAMES } from './ipc-policy.js';

/**
 * The Electron face: one window over the same core service that `relata serve` and the CLI use, run in a Node child
 * (see core-host.ts). The renderer is sandboxed and reaches the core only through the `relata:*` IPC channels that
 * the preload script exposes; every handler first checks that the message comes from our own page, and calls are
 * limited to the ones the UI makes, with file paths the user chose (ipc-policy.ts).
 */
const CSP =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; connect-src 'self'; worker-src 'self' blob:; object-src 'none'; base-uri 'none'";

const KG_FILTERS = [{ name: 'Relata KG', extensions: ['sqlite', 'db', 'relata'] }];

const appRoot = (): string => (app.isPackaged ? process.resourcesPath : app.getAppPath());
/** Node for the core: `npm start` passes the one it runs under; otherwise the `node` on PATH. */
const nodeBinary = (): string => process.env.RELATA_NODE ?? 'node';
const relataCli = (): string => join(appRoot(), 'bin/relata.mjs');
const rendererIndex = join(import.meta.dirname, '../renderer/index.html');

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

class UntrustedSender extends Error {
  constructor() {
    super('IPC message from a frame that is not Relata\'s own page');
  }
}

function serveIpc(host: CoreHost, grants: PathGrants): void {
  const running = new Map<string, AbortController>();
  const keyOf = (senderId: number, id: number): string => `${senderId}:${id}`;
  const trusted = (event: IpcMainInvokeEvent | Electron.IpcMainEvent): boolean => isTrustedFrame(event.senderFrame, rendererIndex);
  const mustTrust = (event: IpcMainInvokeEvent): void => {
    if (!trusted(event)) throw new UntrustedSender();
  };

  /** A KG from the recent-files list may be reopened without a dialog: the core's list is asked for, not the page. */
  const grantRecent = async (call: string, input: unknown): Promise<void> => {
    if (call !== 'kg.open' || pathsInCall(call, input).every((p) => grants.has(p))) return;
    const recent = (await host.call('kg.recent', {}, {}).catch(() => [])) as RecentFile[];
    grants.grant(...recent.map((r) => r.path));
  };

  ipcMain.handle(CHANNELS.call, async (event: IpcMainInvokeEvent, msg: { id: number; call: CallName; input: unknown }): Promise<IpcCallReply> => {
    const id = typeof msg?.id === 'number' ? msg.id : -1;
    if (!trusted(event)) return { id, error: { message: new UntrustedSender().message, kind: 'forbidden' } };
    await grantRecent(msg.call, msg.input);
    const refused = refuseCall(msg.call, msg.input, grants);
    if (refused) return { id, error: { message: refused, kind: 'forbidden' } };
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
  ipcMain.on(CHANNELS.cancel, (event, id: number) => {
    if (trusted(event)) running.get(keyOf(event.sender.id, id))?.abort();
  });
  ipcMain.on(CHANNELS.grantPath, (event, path: unknown) => {
    if (trusted(event) && typeof path === 'string') grants.grant(path);
  });

  const secretName = (name: unknown): string => {
    if (typeof name !== 'string' || !SECRET_NAMES.has(name)) throw new Error(`No secret named ${JSON.stringify(String(name)).slice(0, 80)} may be read or stored`);
    return name;
  };
  ipcMain.handle(CHANNELS.secretGet, (event, name: unknown) => {
    mustTrust(event);
    return getSecret(secretName(name));
  });
  ipcMain.handle(CHANNELS.secretSet, (event, name: unknown, value: unknown) => {
    mustTrust(event);
    return setSecret(secretName(name), value === null ? null : String(value));
  });

  ipcMain.handle(CHANNELS.dialog, async (event, kind: DialogKind): Promise<string[]> => {
    mustTrust(event);
    const win = BrowserWindow.fromWebContents(event.sender);
    let chosen: string[];
    if (kind === 'new-kg') {
      const options = { title: 'New knowledge graph', defaultPath: 'untitled.sqlite', filters: KG_FILTERS };
      const r = win ? await dialog.showSaveDialog(win, options) : await dialog.showSaveDialog(options);
      chosen = r.canceled || !r.filePath ? [] : [r.filePath];
    } else {
      const options: OpenDialogOptions =
        kind === 'open-kg'
          ? { title: 'Open knowledge graph', properties: ['openFile'], filters: KG_FILTERS }
          : { title: 'Import files', properties: ['openFile', 'multiSelections'] };
      const r = win ? await dialog.showOpenDialog(win, options) : await dialog.showOpenDialog(options);
      chosen = r.canceled ? [] : r.filePaths;
    }
    grants.grant(...chosen);
    return chosen;
  });
}

/** Every web contents the app ever makes (windows, and any a page might try to create) stays on our page. */
function lockDownWebContents(): void {
  app.on('web-contents-created', (_event, contents) => {
    contents.setWindowOpenHandler(() => ({ action: 'deny' }));
    contents.on('will-navigate', (e) => e.preventDefault());
    contents.on('will-redirect', (e) => e.preventDefault());
    contents.on('will-attach-webview', (e) => e.preventDefault());
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
      // A middle click must not open links in new windows (Electronegativity AUXCLICK_JS_CHECK).
      disableBlinkFeatures: 'Auxclick',
    },
  });
  if (state.maximized) win.maximize();
  rememberWindowState(win);
  void win.loadFile(rendererIndex);
  return win;
}

async function start(): Promise<void> {
  lockDownWebContents();
  await app.whenReady();
  // Relata needs no camera, microphone, notifications, geolocation, clipboard reads or HID/serial/USB devices.
  session.defaultSession.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  session.defaultSession.setPermissionCheckHandler(() => false);
  session.defaultSession.setDevicePermissionHandler(() => false);
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
  const grants = new PathGrants();
  if (kg) grants.grant(kg);
  serveIpc(host, grants);
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
