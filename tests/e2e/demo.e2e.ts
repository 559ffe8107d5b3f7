import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, expect, it } from 'vitest';

// The README's main command ends in scripts/demo.ts: run that very script, headless, and check
// it wrote its screenshots (Ana's timeline with badges, a customer card, the dashboard; then Ben's
// timeline and card with what Ana wrote, and his Team tab) and exited cleanly. `npm test` builds
// the extension before the e2e step.

const ROOT = resolve(import.meta.dirname, '../..');
const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
let out: string | undefined;

afterEach(() => {
  if (out) rmSync(out, { recursive: true, force: true });
});

it('npm run demo\'s script starts a team server and two members on the replica and writes their screenshots', { timeout: 150_000 }, () => {
  out = mkdtempSync(join(tmpdir(), 'handlebook-demo-'));
  const run = spawnSync('npx', ['tsx', 'scripts/demo.ts'], {
    cwd: ROOT,
    env: { ...process.env, DEMO_HEADLESS: '1', DEMO_OUT: out },
    encoding: 'utf8',
    timeout: 120_000,
  });
  expect(run.status, run.stderr).toBe(0);
  expect(run.stdout).toContain(`screenshots written to ${out}/`);
  const files = readdirSync(out).sort();
  expect(files).toEqual(['1-home-badges.png', '2-customer-card.png', '3-dashboard.png', '4-team-ben-home.png', '5-team-ben-card.png', '6-team-tab.png']);
  for (const file of files) {
    const bytes = readFileSync(join(out, file));
    expect([...bytes.subarray(0, 8)]).toEqual(PNG_SIGNATURE);
    expect(bytes.length).toBeGreaterThan(20_000);
  }
});
