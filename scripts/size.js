#!/usr/bin/env node
// Prints raw / gzip / brotli sizes of the script-tag bundle; fails when gzip exceeds the budget.
import {readFileSync, existsSync} from 'node:fs';
import {gzipSync, brotliCompressSync, constants} from 'node:zlib';
import {SCRIPT_TAG_GZIP_BUDGET} from './size-budgets.js';

const file = process.argv[2] ?? 'dist/human-connect.min.js';
const budget = process.env.SIZE_LIMIT_GZIP_KB
  ? Number(process.env.SIZE_LIMIT_GZIP_KB) * 1024
  : SCRIPT_TAG_GZIP_BUDGET;

if (!existsSync(file)) {
  console.error(`size: ${file} not found; run \`npm run build\` first`);
  process.exit(1);
}
const raw = readFileSync(file);
const gzip = gzipSync(raw, {level: 9}).length;
const brotli = brotliCompressSync(raw, {
  params: {[constants.BROTLI_PARAM_QUALITY]: 11},
}).length;
const kb = (n) => `${(n / 1024).toFixed(2)} KB`;

console.log(
  `${file}: ${kb(raw.length)} raw, ${kb(gzip)} gzip, ${kb(brotli)} brotli (gzip budget ${kb(budget)})`
);
if (gzip > budget) {
  console.error(
    `size: gzip size ${kb(gzip)} exceeds the budget of ${kb(budget)}`
  );
  process.exit(1);
}
