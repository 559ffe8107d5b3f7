import { readFileSync } from 'node:fs';
import { Resvg } from '@resvg/resvg-js';
import { describe, expect, it } from 'vitest';
import { ICON_SIZES, ICON_SOURCE, renderIcon } from '../../../scripts/icons';

// The icon must read on light and dark toolbars: rendered at the toolbar's 16 and 32 px, most of
// its silhouette stands out from each toolbar colour (WCAG's 3:1 for graphics), and inside it the
// glyph stands out from its ground by as much.

/** Toolbar colours: Chrome light and dark, Firefox light and dark. */
const TOOLBARS = { 'Chrome light': [255, 255, 255], 'Chrome dark': [53, 54, 58], 'Firefox light': [249, 249, 251], 'Firefox dark': [43, 42, 51] } as const;

function luminance([r, g, b]: readonly number[]): number {
  const lin = (c: number) => {
    const s = c / 255;
    return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * lin(r!) + 0.7152 * lin(g!) + 0.0722 * lin(b!);
}

const contrast = (a: readonly number[], b: readonly number[]) => {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi! + 0.05) / (lo! + 0.05);
};

/** The opaque pixels of the icon at `size`, each composited on `background`. */
function pixelsOn(size: number, background: readonly number[]): number[][] {
  const { pixels } = new Resvg(readFileSync(ICON_SOURCE), { fitTo: { mode: 'width', value: size } }).render();
  const out: number[][] = [];
  for (let i = 0; i < pixels.length; i += 4) {
    const a = pixels[i + 3]! / 255;
    if (a < 0.5) continue;
    out.push([0, 1, 2].map((c) => pixels[i + c]! * a + background[c]! * (1 - a)));
  }
  return out;
}

describe('the icon', () => {
  for (const size of [16, 32]) {
    for (const [name, toolbar] of Object.entries(TOOLBARS)) {
      it(`stands out on a ${name} toolbar at ${size} px`, () => {
        const pixels = pixelsOn(size, toolbar);
        const standing = pixels.filter((p) => contrast(p, toolbar) >= 3).length;
        expect(standing / pixels.length).toBeGreaterThan(0.5);
      });
    }

    it(`has a glyph that reads on its own ground at ${size} px`, () => {
      const lum = pixelsOn(size, [128, 128, 128]).map(luminance).sort((a, b) => a - b);
      const tenth = Math.floor(lum.length / 10);
      const dark = lum.slice(0, tenth).reduce((a, b) => a + b, 0) / tenth;
      const light = lum.slice(-tenth).reduce((a, b) => a + b, 0) / tenth;
      expect((light + 0.05) / (dark + 0.05)).toBeGreaterThanOrEqual(3);
    });
  }

  it('renders square at every size the manifest names', () => {
    for (const size of ICON_SIZES) {
      const png = renderIcon(readFileSync(ICON_SOURCE), size);
      expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([size, size]);
    }
  });
});
