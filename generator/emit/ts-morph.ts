// The parts of ts-morph the emitters use at run time, loaded with `require`.
//
// ts-morph is CommonJS and carries the whole TypeScript compiler (12 MB of JavaScript).
// Imported from an ES module, Node first scans all of it for export names, which costs
// about a tenth of a second on every generation; `require` loads it without that scan.
// Types still come from `import type`, which costs nothing at run time. Where the process
// allows it, V8's compiled code of these libraries is kept between runs (compile-cache.ts).

import { createRequire } from 'node:module';

import type * as TsMorph from 'ts-morph';

import { compileCache } from '../compile-cache.js';

compileCache.start();
const tsMorph = createRequire(import.meta.url)('ts-morph') as typeof TsMorph;

/** The kinds that tag each structure object. */
export const StructureKind = tsMorph.StructureKind;

/** Prints a structure as TypeScript text without parsing it. */
export const printStructure = tsMorph.printStructure;
