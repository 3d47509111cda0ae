// Regenerates build/icon.png (the installer and window icon) from the same drawing code as the tray
// icon. Needs `npm run build:main` first. The output is committed, so packaging never runs this.
import { mkdirSync, writeFileSync } from 'node:fs';

const root = new URL('..', import.meta.url);
const { appIconPng } = await import(new URL('dist/src-main/tray/icon.js', root).href);
mkdirSync(new URL('build/', root), { recursive: true });
writeFileSync(new URL('build/icon.png', root), appIconPng(1024));
console.log('wrote build/icon.png (1024x1024)');
