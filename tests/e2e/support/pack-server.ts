import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';

// A real HTTPS server on 127.0.0.1 that plays a team's pack host, for subscription tests.
//
// Why not Playwright's routing: a service worker's fetch is routed only when the worker started
// after the route, and a worker restart can race the first request. A real server needs no
// interception: Chromium resolves the pack host to it (--host-resolver-rules) and accepts its
// self-signed test certificate (--ignore-certificate-errors). Nothing leaves the machine.

const TLS_DIR = resolve(import.meta.dirname, '../../fixtures/tls');

export interface ServedPack {
  status: number;
  body?: string;
  etag?: string;
}

export interface PackRequest {
  path: string;
  ifNoneMatch: string | undefined;
  cookie: string | undefined;
}

export interface PackServer {
  /** What the next request gets; change it between steps. */
  serve(next: ServedPack): void;
  /** Every request received, in order. */
  readonly requests: PackRequest[];
  /** Chromium flags that send `https://<host>/` (port 443) to this server. */
  chromiumArgs: string[];
  close(): Promise<void>;
}

/** Starts the server for `host` (e.g. "packs.test"); 304 when If-None-Match equals the ETag. */
export async function startPackServer(host: string): Promise<PackServer> {
  let served: ServedPack = { status: 404, body: 'nothing served yet' };
  const requests: PackRequest[] = [];
  const server: Server = createServer(
    { key: readFileSync(tlsFile('packs-test.key')), cert: readFileSync(tlsFile('packs-test.crt')) },
    (req, res) => {
      const ifNoneMatch = header(req.headers['if-none-match']);
      requests.push({ path: req.url ?? '', ifNoneMatch, cookie: header(req.headers.cookie) });
      if (served.etag && ifNoneMatch === served.etag) {
        res.writeHead(304, { ETag: served.etag }).end();
        return;
      }
      res
        .writeHead(served.status, { 'Content-Type': 'application/json', ...(served.etag ? { ETag: served.etag } : {}) })
        .end(served.body ?? '');
    },
  );
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  return {
    serve(next) {
      served = next;
    },
    requests,
    chromiumArgs: [`--host-resolver-rules=MAP ${host}:443 127.0.0.1:${port}`, '--ignore-certificate-errors'],
    close: () => new Promise<void>((done) => server.close(() => done())),
  };
}

function tlsFile(name: string): string {
  return resolve(TLS_DIR, name);
}

function header(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value.join(', ') : value;
}
