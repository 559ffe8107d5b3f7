import { resolve } from 'node:path';
import { build } from 'esbuild';

/**
 * Bundles one of bench/page/*.ts into a classic script for page.evaluate. Evaluated code
 * (not page.evaluate(fn)) because tsx compiles with keepNames, which injects a `__name`
 * helper into serialized functions that the browser does not have.
 */
export async function bundlePageScript(entry: string): Promise<string> {
  const result = await build({
    entryPoints: [resolve(import.meta.dirname, 'page', entry)],
    bundle: true,
    write: false,
    format: 'iife',
    platform: 'browser',
    target: 'chrome120',
    minify: true,
    logLevel: 'silent',
  });
  const file = result.outputFiles[0];
  if (!file) throw new Error(`esbuild produced no output for ${entry}`);
  return file.text;
}
