// The local Directo server with `count` sample contacts made on demand, so that answers of
// any size stream without being held:
// `node --import tsx bench/sample-server.ts <count> <token> [sparse]`; with `sparse`, each
// contact lacks some of its optional fields.
// Prints the endpoint URL, then serves until killed.

import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { DirectoServer } from '../generator/serve/server.js';
import { sampleContact, seededRandom, sparseContact } from '../test/support/contact-data.js';

const count = Number(process.argv[2] ?? 100_000);
const token = process.argv[3] ?? 'bench-token';
const make = process.argv[4] === 'sparse' ? sparseContact : sampleContact;
const schemasDir = fileURLToPath(new URL('../schemas', import.meta.url));
const server = await DirectoServer.create({
  schemasDir: path.resolve(schemasDir),
  tokens: [token],
});
// Each record has its own seed, so every answer is the same whatever was asked before.
server.store('contact').useSource(count, (n) => ({ ...make(n, seededRandom(n)) }));
process.stdout.write(`${await server.listen()}\n`);
process.on('SIGTERM', () => void server.close().then(() => process.exit(0)));
