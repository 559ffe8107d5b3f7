// Starts the team server as a real child process (`node --import tsx server/main.ts`, which
// is what `npm run server` runs, minus the tsx CLI's extra wrapper process: with the wrapper
// a SIGKILL would kill the wrapper and orphan the server, so "crash" would not be a crash).
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, sep } from 'node:path';
import { createRequire } from 'node:module';
import { ADMIN_TOKEN_FILE, PGLITE_SUBDIR } from '../../../server/config';
import { captureOutput, exitOf, freePort, REPO_ROOT, sleep, stopChild, type ExitInfo } from './util';

export interface ServerProcessOptions {
  /** Default: a free port picked here. */
  port?: number;
  /** Default: a new temp dir (removed by cleanup()). Reuse one to restart on the same data. */
  dataDir?: string;
  /** Default: a random token passed as HANDLEBOOK_ADMIN_TOKEN. null: let the server generate one. */
  adminToken?: string | null;
  databaseUrl?: string;
  redisUrl?: string;
  /** HANDLEBOOK_ALLOWED_ORIGINS */
  allowedOrigins?: string;
  env?: Record<string, string>;
  /**
   * Embedded storage only: seed an empty data dir with a pristine PGlite cluster copied from
   * a template (PGlite's first-time initdb costs ~5 s; a copy ~50 ms). The server still
   * opens and migrates it exactly as it would its own. Default true.
   */
  pgliteTemplate?: boolean;
  startTimeoutMs?: number;
  /** Extra arguments for node itself (the bench's `--cpu-prof`, say). */
  nodeArgs?: string[];
}

export interface ServerProcess {
  url: string;
  wsUrl: string;
  port: number;
  pid: number;
  dataDir: string;
  /** The admin token (read from the data dir when the server generated it). */
  adminToken: string;
  /** The options it was started with (pass them again to restart on the same data). */
  options: ServerProcessOptions & { port: number; dataDir: string };
  /** Everything it printed so far (last 20 kB). */
  output(): string;
  /** SIGTERM (graceful: stores every document) and wait for the exit. */
  stop(): Promise<ExitInfo>;
  /** SIGKILL: a crash; nothing more is stored. */
  crash(): Promise<ExitInfo>;
  /** Removes the data dir if this helper created it. */
  cleanup(): void;
}

let templateDir: Promise<string> | null = null;

/** A pristine PGlite data dir, made once per machine and PGlite version. */
function pgliteTemplate(): Promise<string> {
  templateDir ??= (async () => {
    const { PGlite } = await import('@electric-sql/pglite');
    // package.json is not in PGlite's exports: read it from the resolved entry's package dir.
    const entry = createRequire(import.meta.url).resolve('@electric-sql/pglite');
    const pkg = join(entry.slice(0, entry.lastIndexOf(`${sep}dist${sep}`)), 'package.json');
    const version = (JSON.parse(readFileSync(pkg, 'utf8')) as { version: string }).version;
    const dir = join(tmpdir(), `handlebook-pglite-template-${version}`);
    if (existsSync(join(dir, 'PG_VERSION'))) return dir;
    const building = `${dir}.${process.pid}.${randomBytes(4).toString('hex')}`;
    const db = await PGlite.create(building);
    await db.close();
    try {
      renameSync(building, dir);
    } catch {
      rmSync(building, { recursive: true, force: true }); // another process won the race
    }
    return dir;
  })();
  return templateDir;
}

export async function startServerProcess(options: ServerProcessOptions = {}): Promise<ServerProcess> {
  const port = options.port ?? (await freePort());
  const ownsDataDir = !options.dataDir;
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'handlebook-server-'));
  const adminToken = options.adminToken === undefined ? randomBytes(24).toString('base64url') : options.adminToken;

  if (!options.databaseUrl && options.pgliteTemplate !== false && !existsSync(join(dataDir, PGLITE_SUBDIR))) {
    const template = await pgliteTemplate();
    mkdirSync(dataDir, { recursive: true });
    cpSync(template, join(dataDir, PGLITE_SUBDIR), { recursive: true });
  }

  const env: NodeJS.ProcessEnv = {
    ...process.env,
    HANDLEBOOK_HOST: '127.0.0.1',
    HANDLEBOOK_PORT: String(port),
    HANDLEBOOK_DATA_DIR: dataDir,
    ...options.env,
  };
  delete env.HANDLEBOOK_ADMIN_TOKEN;
  delete env.DATABASE_URL;
  delete env.REDIS_URL;
  delete env.HANDLEBOOK_ALLOWED_ORIGINS;
  if (adminToken) env.HANDLEBOOK_ADMIN_TOKEN = adminToken;
  if (options.databaseUrl) env.DATABASE_URL = options.databaseUrl;
  if (options.redisUrl) env.REDIS_URL = options.redisUrl;
  if (options.allowedOrigins !== undefined) env.HANDLEBOOK_ALLOWED_ORIGINS = options.allowedOrigins;

  const child = spawn(process.execPath, [...(options.nodeArgs ?? []), '--import', 'tsx', join(REPO_ROOT, 'server', 'main.ts')], {
    cwd: REPO_ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output = captureOutput(child);
  const url = `http://127.0.0.1:${port}`;

  const timeoutMs = options.startTimeoutMs ?? 30_000;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`team server exited while starting (${child.exitCode ?? child.signalCode}):\n${output()}`);
    }
    const healthy = await fetch(`${url}/health`).then(
      (r) => r.status === 200,
      () => false,
    );
    if (healthy) break;
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`team server not healthy after ${timeoutMs} ms:\n${output()}`);
    }
    await sleep(50);
  }

  const resolvedToken = adminToken ?? readFileSync(join(dataDir, ADMIN_TOKEN_FILE), 'utf8').trim();
  const exited = exitOf(child);
  return {
    url,
    wsUrl: `ws://127.0.0.1:${port}`,
    port,
    pid: child.pid!,
    dataDir,
    adminToken: resolvedToken,
    options: { ...options, port, dataDir, adminToken },
    output,
    stop: () => stopChild(child, 'SIGTERM'),
    async crash() {
      child.kill('SIGKILL');
      return exited;
    },
    cleanup() {
      if (ownsDataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
