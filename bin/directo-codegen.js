#!/usr/bin/env node
// Entry point of the `directo-codegen` command. It runs the generator compiled to `dist/`
// by `npm run build`, which `npm install` runs in a checkout of this repository.

let cli;
try {
  // Builds run the command again and again: let it keep what V8 compiles between runs.
  const { compileCache } = await import('../dist/generator/compile-cache.js');
  compileCache.allow();
  cli = await import('../dist/generator/cli.js');
} catch (error) {
  if (error?.code !== 'ERR_MODULE_NOT_FOUND' || !String(error.message).includes('/dist/')) {
    throw error;
  }
  process.stderr.write('directo-codegen: dist/ is missing: run `npm run build` first\n');
  process.exit(70);
}

try {
  process.exitCode = await cli.main(process.argv.slice(2));
} catch (error) {
  process.stderr.write(`directo-codegen: internal error\n${error?.stack ?? error}\n`);
  process.exitCode = 70;
}
