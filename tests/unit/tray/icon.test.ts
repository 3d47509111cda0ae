/** The PNG encoder and the health-coloured tray icon. */
import { inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { appIconPng, HEALTH_COLORS, trayIconPng, type OverallHealth } from '../../../src-main/tray/icon.js';
import { crc32, encodePng } from '../../../src-main/tray/png.js';
import { affectsTray } from '../../../src-main/tray/menu.js';

/** Decodes what encodePng writes (RGBA, filter 0) and checks every chunk CRC. */
function decode(png: Buffer): { width: number; height: number; pixel(x: number, y: number): number[] } {
  expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  let offset = 8;
  let width = 0;
  let height = 0;
  const idat: Buffer[] = [];
  while (offset < png.length) {
    const length = png.readUInt32BE(offset);
    const type = png.toString('ascii', offset + 4, offset + 8);
    const body = png.subarray(offset + 8, offset + 8 + length);
    expect(png.readUInt32BE(offset + 8 + length)).toBe(crc32(png.subarray(offset + 4, offset + 8 + length)));
    if (type === 'IHDR') {
      width = body.readUInt32BE(0);
      height = body.readUInt32BE(4);
      expect([body[8], body[9]]).toEqual([8, 6]);
    }
    if (type === 'IDAT') idat.push(body);
    offset += 12 + length;
  }
  const raw = inflateSync(Buffer.concat(idat));
  const stride = width * 4 + 1;
  return {
    width,
    height,
    pixel: (x, y) => [...raw.subarray(y * stride + 1 + x * 4, y * stride + 1 + x * 4 + 4)],
  };
}

describe('encodePng', () => {
  it('round-trips pixels', () => {
    const rgba = new Uint8Array([255, 0, 0, 255, 0, 255, 0, 128, 0, 0, 255, 0, 1, 2, 3, 4]);
    const img = decode(encodePng(2, 2, rgba));
    expect([img.width, img.height]).toEqual([2, 2]);
    expect(img.pixel(0, 0)).toEqual([255, 0, 0, 255]);
    expect(img.pixel(1, 0)).toEqual([0, 255, 0, 128]);
    expect(img.pixel(1, 1)).toEqual([1, 2, 3, 4]);
  });

  it('matches the standard CRC-32', () => {
    expect(crc32(Buffer.from('IEND'))).toBe(0xae426082);
  });

  it('refuses a buffer of the wrong size', () => {
    expect(() => encodePng(2, 2, new Uint8Array(3))).toThrow(RangeError);
  });
});

describe('trayIconPng', () => {
  it.each(['all', 'some', 'none', 'empty'] as OverallHealth[])('%s: status colour around the hub, transparent corners', (health) => {
    for (const size of [16, 32] as const) {
      const img = decode(trayIconPng(health, size));
      expect([img.width, img.height]).toEqual([size, size]);
      expect(img.pixel(0, 0)[3]).toBe(0);
      // Between the white hub and the dark rim the disc shows the health colour.
      const ring = img.pixel(Math.round(size * 0.75), Math.floor(size / 2));
      expect(ring.slice(0, 3)).toEqual([...HEALTH_COLORS[health]]);
      expect(ring[3]).toBe(255);
    }
  });

  it('uses four distinct colours: green, amber, red, grey', () => {
    expect(new Set(Object.values(HEALTH_COLORS).map((c) => c.join()))).toHaveProperty('size', 4);
    expect(HEALTH_COLORS.all[1]).toBeGreaterThan(HEALTH_COLORS.all[0]);
    expect(HEALTH_COLORS.none[0]).toBeGreaterThan(HEALTH_COLORS.none[1]);
  });

  it('draws an opaque app icon', () => {
    const img = decode(appIconPng(64));
    expect(img.pixel(32, 32)[3]).toBe(255);
    expect(img.pixel(0, 0)[3]).toBe(0);
  });
});

describe('affectsTray', () => {
  it('rebuilds for endpoint changes only', () => {
    expect(affectsTray({ type: 'endpoint.deleted', endpoint_id: 'x' })).toBe(true);
    expect(affectsTray({ type: 'request.logged' } as never)).toBe(false);
    expect(affectsTray({ type: 'download.progress' } as never)).toBe(false);
  });
});
