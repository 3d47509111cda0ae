/** The renderer's only door to llmlb: the typed client and its two transports. */
export * from './client';
export { httpClient, type KeySource } from './http';
export { ipcClient } from './ipc';
export { httpTransport, ipcTransport, pickClient, pickTransport, type KeyStore, type Transport } from './transport';
