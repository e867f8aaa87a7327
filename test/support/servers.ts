// Servers for the client tests, all on loopback: the project's local Directo server (in this
// process, or as `directo-codegen serve` in a child process), and raw HTTP servers that
// misbehave on purpose in ways the local server never does.

import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { createInterface } from 'node:readline';

import { DirectoServer, type DirectoServerOptions } from '../../generator/serve/server.js';
import { DirectoError } from '../../generated/index.js';
import { REPO_ROOT, SCHEMAS_DIR } from './paths.js';

export const TOKEN = 'tkn-Ülle&=+/ 9f3a';

/** The DirectoError `promise` rejects with; anything else fails the test. */
export async function failure(promise: Promise<unknown>): Promise<DirectoError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof DirectoError)) {
    throw new Error(`expected a DirectoError, got ${String(error)}`);
  }
  return error;
}

/** A running local server, with its log lines. */
export interface LocalServer {
  readonly server: DirectoServer;
  readonly url: string;
  readonly log: string[];
}

/** Runs `body` against a fresh in-process local server. */
export async function withLocalServer<T>(
  body: (local: LocalServer) => Promise<T>,
  options: Partial<DirectoServerOptions> = {},
): Promise<T> {
  const log: string[] = [];
  const server = await DirectoServer.create({
    schemasDir: SCHEMAS_DIR,
    tokens: [TOKEN],
    log: (line) => log.push(line),
    ...options,
  });
  const url = await server.listen();
  try {
    return await body({ server, url, log });
  } finally {
    await server.close();
  }
}

/** One request as a raw server saw it. */
export interface SeenRequest {
  readonly url: string;
  readonly headers: http.IncomingHttpHeaders;
  readonly body: string;
}

/** Runs `body` against a raw server answering each request with `handler`. */
export async function withRawServer<T>(
  handler: (response: http.ServerResponse, request: SeenRequest, index: number) => void,
  body: (url: string, seen: SeenRequest[]) => Promise<T>,
): Promise<T> {
  const seen: SeenRequest[] = [];
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const entry = {
        url: request.url ?? '',
        headers: request.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      seen.push(entry);
      handler(response, entry, seen.length - 1);
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  try {
    return await body(`http://127.0.0.1:${port}/xmlcore/test/xmlcore.asp`, seen);
  } finally {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
}

/** `directo-codegen serve` in a child process; resolves once it is listening. */
export async function spawnServer(
  args: readonly string[],
): Promise<{ url: string; child: ChildProcess; stop: () => Promise<void> }> {
  const child = spawn(
    process.execPath,
    [path.join(REPO_ROOT, 'bin', 'directo-codegen.js'), 'serve', '--port', '0', ...args],
    { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  if (child.stdout === null) throw new Error('the server has no stdout');
  const lines = createInterface({ input: child.stdout });
  let url: string | undefined;
  for await (const line of lines) {
    const match = /^serve\s+(\S+)/.exec(line);
    if (match?.[1] !== undefined) {
      url = match[1];
      break;
    }
  }
  if (url === undefined) throw new Error('the server exited before listening');
  child.stdout.resume();

  const stop = async () => {
    if (child.exitCode !== null) return;
    child.kill('SIGTERM');
    await once(child, 'exit');
  };
  return { url, child, stop };
}
