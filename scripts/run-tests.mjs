// `npm test`: typecheck, unit tests, team server tests, builds, end-to-end tests in Chromium,
// then in Firefox, in that order. Every step runs even when an earlier one failed (so one run
// shows everything that is wrong), then one closing line counts the tests: "N passed, N failed".
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, existsSync } from 'node:fs';

mkdirSync('test-results', { recursive: true });

const steps = [
  { name: 'typecheck', cmd: ['npx', 'tsc', '--noEmit', '-p', '.'] },
  { name: 'unit', cmd: ['npx', 'vitest', 'run', '--reporter=default', '--reporter=json', '--outputFile.json=test-results/unit.json'], report: 'test-results/unit.json' },
  { name: 'server', cmd: ['npx', 'vitest', 'run', '-c', 'vitest.server.config.ts', '--reporter=default', '--reporter=json', '--outputFile.json=test-results/server.json'], report: 'test-results/server.json' },
  { name: 'build', cmd: ['npx', 'wxt', 'build'] },
  { name: 'build firefox', cmd: ['npx', 'wxt', 'build', '-b', 'firefox'] },
  { name: 'e2e', cmd: ['npx', 'vitest', 'run', '-c', 'vitest.e2e.config.ts', '--reporter=default', '--reporter=json', '--outputFile.json=test-results/e2e.json'], report: 'test-results/e2e.json', needs: ['build'] },
  // Firefox ESR with the Firefox build, and web-ext lint on it; the team test's second member
  // runs in Chromium, so the Chrome build too.
  { name: 'firefox', cmd: ['npx', 'vitest', 'run', '-c', 'vitest.firefox.config.ts', '--reporter=default', '--reporter=json', '--outputFile.json=test-results/firefox.json'], report: 'test-results/firefox.json', needs: ['build', 'build firefox'] },
];

let passed = 0;
let failed = 0;
let skipped = 0;
const failedSteps = [];

for (const step of steps) {
  const missing = (step.needs ?? []).filter((name) => failedSteps.includes(name));
  if (missing.length) {
    console.log(`\n=== ${step.name}: not run (${missing.join(', ')} failed) ===`);
    failedSteps.push(step.name);
    continue;
  }
  console.log(`\n=== ${step.name}: ${step.cmd.join(' ')} ===`);
  const result = spawnSync(step.cmd[0], step.cmd.slice(1), { stdio: 'inherit', env: process.env });
  if (result.status !== 0) failedSteps.push(step.name);
  if (step.report && existsSync(step.report)) {
    const report = JSON.parse(readFileSync(step.report, 'utf8'));
    passed += report.numPassedTests ?? 0;
    failed += report.numFailedTests ?? 0;
    skipped += (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
  }
}

console.log(`\nSteps failed: ${failedSteps.length ? failedSteps.join(', ') : 'none'}`);
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(failedSteps.length || failed ? 1 : 0);
