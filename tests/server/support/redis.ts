// A real redis-server for tests: own process, free loopback port, no persistence.
import { spawn } from 'node:child_process';
import { Redis } from 'ioredis';
import { captureOutput, exitOf, freePort, stopChild, waitFor } from './util';

export interface RedisProcess {
  url: string;
  port: number;
  stop(): Promise<void>;
}

export async function startRedis(options: { binary?: string; port?: number } = {}): Promise<RedisProcess> {
  const port = options.port ?? (await freePort());
  const child = spawn(
    options.binary ?? process.env.REDIS_SERVER ?? 'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--protected-mode', 'no'],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const output = captureOutput(child);
  const exited = exitOf(child);
  const url = `redis://127.0.0.1:${port}`;
  const probe = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
  probe.on('error', () => {});
  try {
    await waitFor(
      `redis-server on port ${port}`,
      async () => {
        if (child.exitCode !== null) throw new Error(`redis-server exited: ${output()}`);
        if (probe.status !== 'ready') await probe.connect().catch(() => probe.disconnect());
        return (await probe.ping()) === 'PONG';
      },
      { timeoutMs: 10_000, intervalMs: 50 },
    );
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  } finally {
    probe.disconnect();
  }
  return {
    url,
    port,
    async stop() {
      await stopChild(child, 'SIGTERM', 5_000);
      await exited;
    },
  };
}
