#!/usr/bin/env node
// The installed CLI runs the compiled code; a source checkout without `npm run build` runs the TypeScript through tsx.
'use strict';
const fs = require('node:fs');
const path = require('node:path');

const compiled = path.join(__dirname, '..', 'lib', 'cli', 'main.js');
const source = path.join(__dirname, '..', 'src', 'cli', 'main.ts');
if (fs.existsSync(compiled)) {
  require(compiled).main(process.argv.slice(2));
} else {
  require('tsx/cjs');
  require(source).main(process.argv.slice(2));
}
