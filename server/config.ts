// Environment -> TeamServerConfig. The only place that reads process.env; everything else
// takes a config object, so tests and the bench can start a server in-process.
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

export interface TeamServerConfig {
  host: string;
  /** 0 picks a free port (the started server reports the real one). */
  port: number;
  /** Holds the embedded database (pglite/) and the generated admin token. */
  dataDir: string;
  /** postgres://... to store in Postgres instead of the embedded PGlite. */
  databaseUrl: string | null;
  /** redis://... to share documents, awareness and revocations between instances. */
  redisUrl: string | null;
  adminToken: string;
  /** Exact allowed Origins; null allows every chrome-extension:// and moz-extension:// origin. */
  allowedOrigins: string[] | null;
  /**
   * Store a changed document this long after its last change... (Each store writes the whole
   * document, merged with the stored one. At 100 members writing once a second, stores after
   * 300 ms / at most 2 s were half the server's CPU, 44 % of a core; after 1 s / at most 5 s
   * the server takes 29 %. What a crash inside the window could lose, the authors' own copies
   * send again: server/persistence.ts.)
   */
  storeDebounceMs: number;
  /** ...but at most this long after its first unstored change. */
  storeMaxDebounceMs: number;
  log: (line: string) => void;
}

export const DEFAULT_HOST = '127.0.0.1';
export const DEFAULT_PORT = 8787;
export const DEFAULT_DATA_DIR = '.handlebook-server';
export const ADMIN_TOKEN_FILE = 'admin-token';
/** Subdirectory of the data dir holding the PGlite database. */
export const PGLITE_SUBDIR = 'pglite';

export interface AdminTokenSource {
  token: string;
  /** Where it came from, for the start line: the env var or the file's path. */
  from: 'env' | { file: string; created: boolean };
}

/**
 * HANDLEBOOK_ADMIN_TOKEN when set; otherwise the token in <dataDir>/admin-token, created on
 * first start (random, mode 0600) so a restart keeps it.
 */
export function resolveAdminToken(envToken: string | undefined, dataDir: string): AdminTokenSource {
  if (envToken && envToken.trim()) return { token: envToken.trim(), from: 'env' };
  const file = join(dataDir, ADMIN_TOKEN_FILE);
  if (existsSync(file)) {
    const token = readFileSync(file, 'utf8').trim();
    if (token) return { token, from: { file, created: false } };
  }
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const token = randomBytes(32).toString('base64url');
  writeFileSync(file, `${token}\n`, { mode: 0o600 });
  chmodSync(file, 0o600); // writeFileSync's mode only applies when it creates the file
  return { token, from: { file, created: true } };
}

function parsePort(raw: string | undefined): number {
  if (raw === undefined || raw === '') return DEFAULT_PORT;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`HANDLEBOOK_PORT must be an integer 0..65535, got ${JSON.stringify(raw)}`);
  }
  return port;
}

function parseOrigins(raw: string | undefined): string[] | null {
  if (!raw || !raw.trim()) return null;
  return raw
    .split(',')
    .map((o) => o.trim().replace(/\/+$/, ''))
    .filter(Boolean);
}

export function configFromEnv(
  env: NodeJS.ProcessEnv,
  cwd: string,
  log: (line: string) => void,
): { config: TeamServerConfig; adminTokenSource: AdminTokenSource } {
  const dataDir = resolve(cwd, env.HANDLEBOOK_DATA_DIR || DEFAULT_DATA_DIR);
  const adminTokenSource = resolveAdminToken(env.HANDLEBOOK_ADMIN_TOKEN, dataDir);
  return {
    adminTokenSource,
    config: {
      host: env.HANDLEBOOK_HOST || DEFAULT_HOST,
      port: parsePort(env.HANDLEBOOK_PORT),
      dataDir,
      databaseUrl: env.DATABASE_URL || null,
      redisUrl: env.REDIS_URL || null,
      adminToken: adminTokenSource.token,
      allowedOrigins: parseOrigins(env.HANDLEBOOK_ALLOWED_ORIGINS),
      storeDebounceMs: 1000,
      storeMaxDebounceMs: 5000,
      log,
    },
  };
}

/** host:port/db of a connection URL, without user or password, for log lines. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.host}${u.pathname === '/' ? '' : u.pathname}`;
  } catch {
    return '(unparsable URL)';
  }
}
