// `directo-codegen serve`: runs the local Directo server until interrupted.

import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';

import type { Logger } from '../logger.js';
import { DirectoServer } from './server.js';
import type { StoredRecord } from './store.js';

export const SERVE_USAGE = `Usage: directo-codegen serve [options]

Runs a local server that answers like Directo's XML Direct endpoint, for testing an
integration. Records are kept in memory for every component under the schemas folder.

Options:
  --port <n>             the port (default 8080; 0 picks a free one)
  --host <addr>          the address to listen on (default 127.0.0.1)
  --schemas <dir>        the schemas folder (default: schemas)
  --data <file.json>     records to start with: {"contact": [{...}, ...], ...}, each
                         record as get returns it
  --token <token>        a token to accept; may be repeated. DIRECTO_TOKEN is used when
                         none is given. Tokens are never printed.
  --allow-body-routing   accept get/put/what/filters in the form body too
  --quiet                print only the address
  -h, --help             show this help

How it answers (where Directo does not document its behaviour, this is the server's choice):
  token missing from the body (a token in the URL does not count): <err>token required</err>;
       the legacy field name key is accepted in place of token
  unknown token: <result type="5" desc="Unauthorized"/>
  routing only in the body, unknown what, neither get nor put: type 404 "Invalid url given";
       with --allow-body-routing, a parameter in the query string wins over the body's
  get: <transport><container><record .../>...</container></transport>, or an empty
       <transport></transport>; documented filters match stored values exactly (case
       included), so a record without the field matches no value of it; other parameters
       are ignored; ts keeps records changed at or after it (d.m.yyyy, yyyy-mm-dd,
       yyyy-mm-ddTHH:MM:SS, optionally with a time; a time zone is refused with <err>)
  put: one <Result Type Desc docid doctype/> per record, in order
       0   stored; a record without its integer key (code) gets the next one from 100001
       8   the document fails the input XSD (checked by libxml2); one result for all
       9   the component has no get schema, or no code or number field to store records by
       11  the key exists and xd_update=1 was not given
       12  a record without a string key
       14  xd_update=1 on a stored record whose closed or confirmed is 1
       17  a record without its key when every 32-bit key is taken
       99  no xmldata, or no records in it
       xd_update=1 on a key not stored creates it; an update replaces the whole record
       input fields are stored under the get field of the same name, or else of the same
       SQL name; do-not-send fields are dropped; ts is stamped in UTC without a zone
  anything but POST: HTTP 405; a request over 19 MB: HTTP 413`;

/** Starts the server; resolves once it is listening, with a function that stops it. */
export async function serve(argv: readonly string[], logger: Logger): Promise<() => Promise<void>> {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      port: { type: 'string', default: '8080' },
      host: { type: 'string', default: '127.0.0.1' },
      schemas: { type: 'string', default: 'schemas' },
      data: { type: 'string' },
      token: { type: 'string', multiple: true, default: [] },
      'allow-body-routing': { type: 'boolean', default: false },
      quiet: { type: 'boolean', default: false },
    },
  });
  const tokens = values.token.length > 0 ? values.token : envTokens();
  if (tokens.length === 0) throw new UsageError('give --token <token> or set DIRECTO_TOKEN');
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new UsageError(`--port must be a port number, not "${values.port}"`);
  }

  const server = await DirectoServer.create({
    schemasDir: path.resolve(values.schemas),
    tokens,
    allowBodyRouting: values['allow-body-routing'],
    ...(values.quiet ? {} : { log: (line: string) => logger.info(line) }),
  });
  let url: string;
  try {
    if (values.data !== undefined) await loadData(server, values.data);
    url = await server.listen(port, values.host);
  } catch (error) {
    await server.close();
    throw listenFailure(error, `${values.host}:${port}`);
  }
  logger.info(`serve   ${url}`);

  return () => server.close();
}

/** A mistake in the command line, reported with the usage hint. */
export class UsageError extends Error {}

/** The server could not start where asked; the message says why. */
export class ServeError extends Error {}

function listenFailure(error: unknown, where: string): unknown {
  const code = (error as { code?: unknown }).code;
  if (code === 'EADDRINUSE') {
    return new ServeError(`${where} is already in use; choose another port with --port`);
  }
  if (code === 'EACCES' || code === 'EADDRNOTAVAIL') {
    return new ServeError(`cannot listen on ${where} (${code}); check --host and --port`);
  }
  return error;
}

function envTokens(): string[] {
  const token = process.env.DIRECTO_TOKEN;
  return token === undefined || token === '' ? [] : [token];
}

async function loadData(server: DirectoServer, file: string): Promise<void> {
  let data: unknown;
  try {
    data = JSON.parse(await readFile(file, 'utf8'));
  } catch (error) {
    throw new UsageError(`${file}: ${(error as Error).message}`);
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    throw new UsageError(`${file}: expected an object of record lists by what`);
  }
  for (const [what, records] of Object.entries(data)) {
    if (!Array.isArray(records)) throw new UsageError(`${file}: "${what}" is not a list`);
    try {
      server.load(what, records as StoredRecord[]);
    } catch (error) {
      throw new UsageError(`${file}: ${(error as Error).message}`);
    }
  }
}
