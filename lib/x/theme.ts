export type XTheme = 'light' | 'dim' | 'lightsout';

/**
 * X paints its theme as the body's background colour: white (light), dark blue rgb(21,32,43)
 * (dim) or black (lights out). Reading it needs no selector and survives redesigns.
 */
export function readTheme(doc: Document): XTheme {
  const bg = doc.defaultView?.getComputedStyle(doc.body).backgroundColor ?? '';
  const m = /rgba?\((\d+),\s*(\d+),\s*(\d+)(?:,\s*([\d.]+))?/.exec(bg);
  // No colour, or a transparent one (X not styled yet): the browser's default is light.
  if (!m || (m[4] !== undefined && Number(m[4]) === 0)) return 'light';
  const [r, g, b] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (r + g + b > 384) return 'light';
  return b > r + 10 ? 'dim' : 'lightsout';
}
