// The published customers and items schemas must generate and compile like the bundled
// contact schemas. They are read from ../shared, never copied into the repository.

import { copyFile, mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';

import { describe, expect, it } from 'vitest';

import { runCli, snapshotDir } from './support/cli.js';
import { typeCheck } from './support/compile.js';
import {
  HAS_SHARED,
  NEEDS_SHARED,
  SCHEMAS_DIR,
  SHARED_XSD_DIR,
  withProjectTempDir,
  withTempDir,
} from './support/paths.js';

const SHARED_COMPONENTS: Record<string, string[]> = {
  customer: ['ws_kliendid.xsd', 'xml_IN_kliendid.xsd'],
  item: ['ws_artiklid.xsd', 'xml_IN_artiklid.xsd'],
};

async function layOutSchemas(dir: string): Promise<string> {
  const schemas = path.join(dir, 'schemas');
  for (const [component, files] of Object.entries(SHARED_COMPONENTS)) {
    await mkdir(path.join(schemas, component), { recursive: true });
    for (const file of files) {
      await copyFile(path.join(SHARED_XSD_DIR, file), path.join(schemas, component, file));
    }
  }
  await mkdir(path.join(schemas, 'contact'));
  for (const file of ['ws_kontaktid.xsd', 'xml_IN_kontaktid.xsd', 'contact.txt']) {
    await copyFile(path.join(SCHEMAS_DIR, 'contact', file), path.join(schemas, 'contact', file));
  }

  return schemas;
}

describe.skipIf(!HAS_SHARED)(
  `generate on the published customers and items schemas${NEEDS_SHARED}`,
  () => {
    it('generates every component and compiles under strict', async () => {
      await withProjectTempDir(async (dir) => {
        const schemas = await layOutSchemas(dir);
        const out = path.join(dir, 'generated');
        const run = await runCli(['generate', '--schemas', schemas, '--out', out]);

        expect(run.err.filter((line) => line.includes(': error: '))).toEqual([]);
        expect(run.status).toBe(0);
        expect(run.out[0]).toBe('read    3 components: 6 schema files, 1 field table');

        await writeFile(path.join(dir, 'package.json'), '{ "type": "module" }');
        const usage = path.join(dir, 'usage.ts');
        await writeFile(
          usage,
          [
            "import type { customer, item } from './generated/index.js';",
            "export const c: customer.Customer = { code: '007', vatregion: 2, balance: '150.00', " +
              'datafields: [] };',
            "export const ci: customer.CustomerInput = { code: '007', email: 'a@b.ee', vatzone: " +
              '1 };',
            'export const i: item.Item = { closed: 1, datafields: [], supplieritems: [{ sales: 0 ' +
              '}] };',
            "export const ii: item.ItemInput = { code: 'A-1', packages: [{ qty: '2.500' }], " +
              'stocklimits: [] };',
            '// @ts-expect-error the put record of a customer needs its code and e-mail',
            'export const missing: customer.CustomerInput = {};',
          ].join('\n'),
        );
        expect(typeCheck([path.join(out, 'index.ts'), usage])).toEqual([]);
      });
    });

    it('reads the comment metadata into the types', async () => {
      await withTempDir(async (dir) => {
        const schemas = await layOutSchemas(dir);
        const out = path.join(dir, 'generated');
        await runCli(['generate', '--schemas', schemas, '--out', out, '--quiet']);
        const files = await snapshotDir(out);
        const customerTypes = files['customer/types.ts'] ?? '';
        const itemTypes = files['item/types.ts'] ?? '';

        expect(customerTypes).toContain('vatregion?: 0 | 1 | 2;');
        expect(customerTypes).toContain('code: string;');
        expect(customerTypes).toContain('email: string;');
        expect(customerTypes).not.toMatch(/session_id\??: string/);
        expect(customerTypes).toContain(
          'xsd:string, at most 4000 characters (or infinite (slower))',
        );
        expect(customerTypes).toContain('- Values: `1` yes (other values allowed)');
        expect(itemTypes).toContain('export interface ItemSupplieritemInput {');
        expect(itemTypes).toContain('- When not sent, Directo takes it from: tr.params');
        expect(itemTypes).toContain('- Cannot be changed once the record exists');
        expect(files['customer/README.md']).toContain(
          '"vatzone" (put) and "vatregion" (get) are the same SQL field "maa"',
        );
      });
    });
  },
);
