import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Resvg } from '@resvg/resvg-js';

// Handlebook's icons: one drawing (assets/icon.svg), rendered to the PNG sizes the browsers ask
// for whenever the extension is built (wxt.config.ts hands them to WXT's public assets). The
// PNGs are build output: they are never committed, so they cannot drift from the drawing.

export const ICON_SOURCE = resolve(import.meta.dirname, '../assets/icon.svg');

/** Toolbar (16, 32), extensions page (48), install dialog and stores (128). */
export const ICON_SIZES = [16, 32, 48, 128] as const;
export type IconSize = (typeof ICON_SIZES)[number];

/** Where each size goes inside the built extension (the manifest names these paths). */
export function iconPath(size: IconSize): string {
  return `icons/${size}.png`;
}

/** The manifest's `icons` (and, for the toolbar sizes, `action.default_icon`). */
export function manifestIcons(sizes: readonly IconSize[] = ICON_SIZES): Record<string, string> {
  return Object.fromEntries(sizes.map((size) => [String(size), iconPath(size)]));
}

/** The drawing rendered at `size` x `size` pixels, as a PNG. */
export function renderIcon(svg: string | Buffer, size: number): Buffer {
  return new Resvg(svg, { fitTo: { mode: 'width', value: size } }).render().asPng();
}

/**
 * Renders every size into `dir` and returns where each one is. Each file is written whole and
 * then renamed into place, so a build running at the same time never copies half a PNG.
 */
export function renderIcons(dir: string, source = ICON_SOURCE): { size: IconSize; file: string }[] {
  const svg = readFileSync(source);
  mkdirSync(dir, { recursive: true });
  return ICON_SIZES.map((size) => {
    const file = join(dir, `icon-${size}.png`);
    const partial = `${file}.${process.pid}.tmp`;
    writeFileSync(partial, renderIcon(svg, size));
    renameSync(partial, file);
    return { size, file };
  });
}
