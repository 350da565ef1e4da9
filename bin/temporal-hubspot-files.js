#!/usr/bin/env node
// The installed CLI runs the compiled code. A source checkout runs the TypeScript through tsx when it has no `lib/`, or
// when a file under src/ is newer than the compiled entry (a stale build would otherwise run old code).
'use strict';
const fs = require('node:fs');
const path = require('node:path');

const root = path.join(__dirname, '..');
const compiled = path.join(root, 'lib', 'cli', 'main.js');
const source = path.join(root, 'src', 'cli', 'main.ts');

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
  if (!fs.existsSync(compiled)) return false;
  // A packed install gives every file the same time, so only a source edited after the build counts as newer.
  return !fs.existsSync(source) || newestSourceMtimeMs(path.join(root, 'src')) <= fs.statSync(compiled).mtimeMs;
}

if (compiledIsCurrent()) {
  require(compiled).main(process.argv.slice(2));
} else {
  require('tsx/cjs');
  require(source).main(process.argv.slice(2));
}
