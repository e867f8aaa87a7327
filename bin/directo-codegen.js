#!/usr/bin/env node
// Entry point of the `directo-codegen` command. The generator is TypeScript, run through
// tsx's loader so that no separate build step is needed.

import { register } from 'tsx/esm/api';

register();

const { main } = await import('../generator/cli.ts');

try {
  process.exitCode = await main(process.argv.slice(2));
} catch (error) {
  process.stderr.write(`directo-codegen: internal error\n${error?.stack ?? error}\n`);
  process.exitCode = 70;
}
