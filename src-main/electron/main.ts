import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { app, BrowserWindow, dialog, ipcMain, session, type IpcMainInvokeEvent, type OpenDialogOptions } from 'electron';
import type { CallName } from '../contract/api.js';
import { RelataService } from '../core/api/handlers.js';
import { errorPayload } from '../server/error-payload.js';
import { CHANNELS, type DialogKind, type IpcCallReply } from './bridge.js';

/**
 * The Electron face: one window over the same RelataService that `relata serve` and the CLI use. The renderer is
 * sandboxed and reaches the service only through the `relata:*` IPC channels exposed by the preload script.
 */
const CSP =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; connect-src 'self'; worker-src 'self' blob:; object-src 'none'; base-uri 'none'";

const KG_FILTERS = [{ name: 'Relata KG', extensions: ['sqlite', 'db', 'relata'] }];

/**
 * The KG named on the command line, if any (`electron . my.sqlite` in development, `relata my.sqlite` packaged):
 * the first argument that is neither a switch nor a folder (the app folder is one).
 */
function kgFromArgs(): string | undefined {
  return process.argv.slice(1).find((a) => !a.startsWith('-') && !(existsSync(a) && statSync(a).isDirectory()));
}

/** First run: the bundled demo Turtle file becomes a KG in the user data folder. */
async function demoKg(service: RelataService): Promise<void> {
  const path = join(app.getPath('userData'), 'demo.sqlite');
  const fresh = !existsSync(path);
  await service.call('kg.open', { path, create: true });
  if (fresh) {
    const ttl = join(app.isPackaged ? process.resourcesPath : app.getAppPath(), 'resources/demo/demo-kg.ttl');
    await service.call('kg.import', { files: [{ path: ttl }], format: 'ttl' });
  }
}

function serveIpc(service: RelataService): void {
  const running = new Map<string, AbortController>();
  const keyOf = (senderId: number, id: number): string => `${senderId}:${id}`;

  ipcMain.handle(CHANNELS.call, async (event: IpcMainInvokeEvent, msg: { id: number; call: CallName; input: unknown }): Promise<IpcCallReply> => {
    const key = keyOf(event.sender.id, msg.id);
    const controller = new AbortController();
    running.set(key, controller);
    try {
      const result = await service.call(msg.call, msg.input, {
        signal: controller.signal,
        onProgress: (progress) => {
          if (!event.sender.isDestroyed()) event.sender.send(CHANNELS.progress, { id: msg.id, progress });
        },
      });
      return { id: msg.id, result };
    } catch (err) {
      return { id: msg.id, error: errorPayload(err) };
    } finally {
      running.delete(key);
    }
  });
  ipcMain.on(CHANNELS.cancel, (event, id: number) => running.get(keyOf(event.sender.id, id))?.abort());

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
  const win = new BrowserWindow({
    width: 1400,
    height: 900,
    title: 'Relata',
    backgroundColor: '#f7f8fa',
    webPreferences: {
      preload: join(import.meta.dirname, '../preload/index.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
    },
  });
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

  const service = new RelataService();
  const named = kgFromArgs();
  try {
    if (named) await service.call('kg.open', { path: named, create: true });
    else await demoKg(service);
  } catch (err) {
    dialog.showErrorBox('Relata could not open the knowledge graph', errorPayload(err).message);
  }
  serveIpc(service);
  createWindow();

  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) createWindow();
  });
  app.on('window-all-closed', () => {
    service.close();
    app.quit();
  });
}

void start();
