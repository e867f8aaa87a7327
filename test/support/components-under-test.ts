// The components whose generated codecs the property tests exercise: the bundled contacts,
// and the published customers and items when ../shared is present. Those two are generated
// into node_modules/.cache, where the generated code can resolve fast-xml-parser.

import { copyFile, mkdir, rm } from 'node:fs/promises';
import path from 'node:path';

import type { DocumentSchema } from '../../templates/runtime/schema.js';
import { runCli } from './cli.js';
import { CONTACT_DIR, HAS_SHARED, REPO_ROOT, SHARED_XSD_DIR } from './paths.js';

/** What a generated component module exports, seen through its schemas. */
export interface ComponentUnderTest {
  readonly name: string;
  readonly inputXsd: string;
  readonly inputSchema: DocumentSchema;
  readonly outputSchema: DocumentSchema;
  readonly serialize: (records: readonly unknown[]) => string;
  readonly parseInputs: (xml: string) => unknown[];
  readonly parse: (xml: string) => unknown[];
}

const CACHE_DIR = path.join(REPO_ROOT, 'node_modules', '.cache', 'directo-codegen-tests');

const SHARED: Record<string, { plural: string; record: string; files: [string, string] }> = {
  customer: {
    plural: 'Customers',
    record: 'Customer',
    files: ['ws_kliendid.xsd', 'xml_IN_kliendid.xsd'],
  },
  item: { plural: 'Items', record: 'Item', files: ['ws_artiklid.xsd', 'xml_IN_artiklid.xsd'] },
};

/** Loads every component under test, generating the shared ones first. */
export async function loadComponentsUnderTest(): Promise<ComponentUnderTest[]> {
  const contact = await import('../../generated/contact/index.js');
  const components: ComponentUnderTest[] = [
    wrap(
      'contact',
      path.join(CONTACT_DIR, 'xml_IN_kontaktid.xsd'),
      contact as never,
      'Contacts',
      'Contact',
    ),
  ];
  if (!HAS_SHARED) return components;

  const schemas = path.join(CACHE_DIR, 'schemas');
  const out = path.join(CACHE_DIR, 'generated');
  await rm(CACHE_DIR, { recursive: true, force: true });
  for (const [name, { files }] of Object.entries(SHARED)) {
    await mkdir(path.join(schemas, name), { recursive: true });
    for (const file of files)
      await copyFile(path.join(SHARED_XSD_DIR, file), path.join(schemas, name, file));
  }
  const run = await runCli(['generate', '--schemas', schemas, '--out', out, '--quiet']);
  if (run.status !== 0)
    throw new Error(`generating the shared schemas failed:\n${run.err.join('\n')}`);

  for (const [name, { plural, record, files }] of Object.entries(SHARED)) {
    const module = (await import(path.join(out, name, 'index.ts'))) as Record<string, unknown>;
    components.push(wrap(name, path.join(SHARED_XSD_DIR, files[1]), module, plural, record));
  }
  return components;
}

function wrap(
  name: string,
  inputXsd: string,
  module: Record<string, unknown>,
  plural: string,
  record: string,
): ComponentUnderTest {
  const lower = record.charAt(0).toLowerCase() + record.slice(1);

  return {
    name,
    inputXsd,
    inputSchema: module[`${lower}InputSchema`] as DocumentSchema,
    outputSchema: module[`${lower}OutputSchema`] as DocumentSchema,
    serialize: module[`serialize${plural}`] as ComponentUnderTest['serialize'],
    parseInputs: module[`parse${record}Inputs`] as ComponentUnderTest['parseInputs'],
    parse: module[`parse${plural}`] as ComponentUnderTest['parse'],
  };
}
