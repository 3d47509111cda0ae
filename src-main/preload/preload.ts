/** The sandboxed preload: exposes `window.llmlb` and nothing else. Bundled to dist/preload/preload.cjs. */
import { contextBridge, ipcRenderer } from 'electron';
import { buildBridge } from './bridge.js';

contextBridge.exposeInMainWorld('llmlb', buildBridge(ipcRenderer));
