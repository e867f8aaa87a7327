// Reads the text of an input file, so that a missing or unreadable one is a diagnostic
// like any other problem in the input.

import { readFile } from 'node:fs/promises';

import type { DiagnosticBag } from '../diagnostics.js';
import { fileLocation } from '../diagnostics.js';

/** Reads a text input file, reporting a missing or unreadable one as an error. */
export async function readInputText(
  file: string,
  diagnostics: DiagnosticBag,
): Promise<string | undefined> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason = code === 'ENOENT' ? 'file not found' : `cannot read file (${code ?? error})`;
    diagnostics.error(fileLocation(file), reason);
    return undefined;
  }
}
