#!/usr/bin/env node
// An installed package always runs the compiled code in lib/. A source checkout (it has tsconfig.json, which the
// package does not ship) runs the TypeScript through tsx when it has no lib/, or when a file under src/ is newer than
// the compiled entry (a stale build would otherwise run old code).
'use strict';
const fs = require('node:fs');
const path = require('node:path');

const root = path.join(__dirname, '..');
const compiled = path.join(root, 'lib', 'cli', 'main.js');
const source = path.join(root, 'src', 'cli', 'main.ts');
const sourceCheckout = fs.existsSync(path.join(root, 'tsconfig.json')) && fs.existsSync(source);

/** The newest modification time of a `.ts` file under `dir`, in milliseconds since the epoch (0 when there is none). */
function newestSourceMtimeMs(dir) {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSourceMtimeMs(file));
    else if (entry.name.endsWith('.ts')) newest = Math.max(newest, fs.statSync(file).mtimeMs);
  }
  return newest;
}

function compiledIsCurrent() {
  if (!sourceCheckout) return true;
  return fs.existsSync(compiled) && newestSourceMtimeMs(path.join(root, 'src')) <= fs.statSync(compiled).mtimeMs;
}

if (compiledIsCurrent()) {
  require(compiled).main(process.argv.slice(2));
} else {
  require('tsx/cjs');
  require(source).main(process.argv.slice(2));
}
