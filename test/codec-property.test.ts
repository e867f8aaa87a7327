// Round trips on random valid records for every component, with every written document
// checked against the component's put XSD by libxml2.

import { readFile } from 'node:fs/promises';

import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { XsdCheck } from '../generator/serve/xsd-validator.js';
import { serializeDocument } from '../templates/runtime/serialize.js';
import { recordArbitrary } from './support/arbitraries.js';
import {
  loadComponentsUnderTest,
  type ComponentUnderTest,
} from './support/components-under-test.js';
import { HAS_SHARED, NEEDS_SHARED } from './support/paths.js';

const RUNS = 2000;

let components: ComponentUnderTest[] = [];
const checks = new Map<string, XsdCheck>();

beforeAll(async () => {
  components = await loadComponentsUnderTest();
  for (const component of components) {
    checks.set(component.name, new XsdCheck(await readFile(component.inputXsd, 'utf8')));
  }
}, 60_000);

afterAll(() => checks.forEach((check) => check.dispose()));

describe.each(['contact', 'customer', 'item'])('the %s codec', (name) => {
  const needsShared = name !== 'contact' && !HAS_SHARED;
  const component = () => {
    const found = components.find((candidate) => candidate.name === name);
    if (found === undefined) throw new Error(`component ${name} was not loaded`);
    return found;
  };

  it.skipIf(needsShared)(
    `reads back exactly what it writes, on ${RUNS} random batches` +
      (name === 'contact' ? '' : NEEDS_SHARED),
    () => {
      const { inputSchema, serialize, parseInputs } = component();
      fc.assert(
        fc.property(
          fc.array(recordArbitrary(inputSchema.record), { minLength: 1, maxLength: 3 }),
          (records) => {
            expect(parseInputs(serialize(records))).toEqual(records);
          },
        ),
        { numRuns: RUNS },
      );
    },
  );

  it.skipIf(needsShared)(
    `writes with its generated writers exactly what the schema-walking writer writes` +
      (name === 'contact' ? '' : NEEDS_SHARED),
    () => {
      const { inputSchema, serialize } = component();
      fc.assert(
        fc.property(fc.array(recordArbitrary(inputSchema.record), { maxLength: 3 }), (records) => {
          expect(serialize(records)).toBe(serializeDocument(inputSchema, records));
        }),
        { numRuns: RUNS },
      );
    },
  );

  it.skipIf(needsShared)(
    `writes only documents its put XSD accepts${name === 'contact' ? '' : NEEDS_SHARED}`,
    () => {
      const { inputSchema, serialize } = component();
      const check = checks.get(name);
      fc.assert(
        fc.property(fc.array(recordArbitrary(inputSchema.record), { maxLength: 3 }), (records) => {
          expect(check?.check(serialize(records))).toEqual([]);
        }),
        { numRuns: RUNS },
      );
    },
  );
});
