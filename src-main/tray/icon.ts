/** Tray and app icons drawn from a few anti-aliased shapes, coloured by overall health. Pure. */
import { encodePng } from './png.js';

/** An sRGB colour. */
export type Rgb = readonly [number, number, number];

/** A shape in unit coordinates (0–1 across the icon). */
export type Shape =
  | { readonly kind: 'circle'; readonly cx: number; readonly cy: number; readonly r: number; readonly color: Rgb }
  | {
      readonly kind: 'segment';
      readonly x1: number;
      readonly y1: number;
      readonly x2: number;
      readonly y2: number;
      readonly r: number;
      readonly color: Rgb;
    }
  | { readonly kind: 'roundrect'; readonly inset: number; readonly radius: number; readonly color: Rgb };

/** Overall health of the registered endpoints, as the tray shows it. */
export type OverallHealth = 'all' | 'some' | 'none' | 'empty';

/** The colour for each overall health: green, amber, red, grey. */
export const HEALTH_COLORS: Readonly<Record<OverallHealth, Rgb>> = {
  all: [0x22, 0xc5, 0x5e],
  some: [0xf5, 0x9e, 0x0b],
  none: [0xef, 0x44, 0x44],
  empty: [0x9c, 0xa3, 0xaf],
};

/** Signed distance in unit coordinates from (x, y) to the shape's edge (negative inside). */
function distance(shape: Shape, x: number, y: number): number {
  switch (shape.kind) {
    case 'circle':
      return Math.hypot(x - shape.cx, y - shape.cy) - shape.r;
    case 'segment': {
      const dx = shape.x2 - shape.x1;
      const dy = shape.y2 - shape.y1;
      const t = Math.max(0, Math.min(1, ((x - shape.x1) * dx + (y - shape.y1) * dy) / (dx * dx + dy * dy || 1)));
      return Math.hypot(x - (shape.x1 + t * dx), y - (shape.y1 + t * dy)) - shape.r;
    }
    case 'roundrect': {
      const half = 0.5 - shape.inset - shape.radius;
      const qx = Math.abs(x - 0.5) - half;
      const qy = Math.abs(y - 0.5) - half;
      return Math.hypot(Math.max(qx, 0), Math.max(qy, 0)) + Math.min(Math.max(qx, qy), 0) - shape.radius;
    }
  }
}

/** Paints `shapes` in order onto a transparent size × size RGBA buffer. */
export function rasterize(size: number, shapes: readonly Shape[]): Uint8Array {
  const out = new Uint8Array(size * size * 4);
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      const x = (px + 0.5) / size;
      const y = (py + 0.5) / size;
      const i = (py * size + px) * 4;
      for (const shape of shapes) {
        // Coverage from the distance in pixels: a one-pixel ramp across the edge.
        const a = Math.max(0, Math.min(1, 0.5 - distance(shape, x, y) * size));
        if (a === 0) continue;
        const dstA = out[i + 3]! / 255;
        const outA = a + dstA * (1 - a);
        for (let c = 0; c < 3; c++) {
          out[i + c] = Math.round((shape.color[c]! * a + out[i + c]! * dstA * (1 - a)) / outA);
        }
        out[i + 3] = Math.round(outA * 255);
      }
    }
  }
  return out;
}

/** The tray glyph: a status-coloured disc with a dark rim (visible on light trays) and a white hub. */
export function trayShapes(health: OverallHealth): Shape[] {
  return [
    { kind: 'circle', cx: 0.5, cy: 0.5, r: 0.47, color: [0x1f, 0x29, 0x37] },
    { kind: 'circle', cx: 0.5, cy: 0.5, r: 0.39, color: HEALTH_COLORS[health] },
    { kind: 'circle', cx: 0.5, cy: 0.5, r: 0.13, color: [0xff, 0xff, 0xff] },
  ];
}

/** PNG bytes of the tray icon for `health` at `size` px (16 for 1x, 32 for 2x). */
export function trayIconPng(health: OverallHealth, size: 16 | 32): Buffer {
  return encodePng(size, size, rasterize(size, trayShapes(health)));
}

/** The application icon: one node fanning out to three on a dark rounded square. */
export function appIconShapes(): Shape[] {
  const line: Rgb = [0xcb, 0xd5, 0xe1];
  const targets = [0.28, 0.5, 0.72];
  const colors: readonly Rgb[] = [HEALTH_COLORS.all, HEALTH_COLORS.some, [0x81, 0x8c, 0xf8]];
  return [
    { kind: 'roundrect', inset: 0.04, radius: 0.2, color: [0x1e, 0x29, 0x3b] },
    ...targets.map((y): Shape => ({ kind: 'segment', x1: 0.3, y1: 0.5, x2: 0.72, y2: y, r: 0.022, color: line })),
    { kind: 'circle', cx: 0.3, cy: 0.5, r: 0.1, color: [0xff, 0xff, 0xff] },
    ...targets.map((y, i): Shape => ({ kind: 'circle', cx: 0.72, cy: y, r: 0.075, color: colors[i]! })),
  ];
}

/** PNG bytes of the application icon at `size` px. */
export function appIconPng(size: number): Buffer {
  return encodePng(size, size, rasterize(size, appIconShapes()));
}
