#!/usr/bin/env node
// Prints raw / gzip / brotli sizes of the script-tag files (the loader, the UI it fetches, the
// one-file build); fails when one's gzip size exceeds its budget (scripts/size-budgets.js).
import {existsSync, readdirSync, readFileSync} from 'node:fs';
import {join} from 'node:path';
import {gzipSync, brotliCompressSync, constants} from 'node:zlib';
import {SCRIPT_TAG_FILES} from './size-budgets.js';

const dir = process.argv[2] ?? 'dist';
const kb = (n) => `${(n / 1024).toFixed(2)} KB`;
let failed = false;

for (const {label, pattern, budget} of SCRIPT_TAG_FILES) {
  const name = existsSync(dir)
    ? readdirSync(dir).find((file) => pattern.test(file))
    : undefined;
  if (!name) {
    console.error(`size: no ${label} in ${dir}/; run \`npm run build\` first`);
    failed = true;
    continue;
  }
  const raw = readFileSync(join(dir, name));
  const gzip = gzipSync(raw, {level: 9}).length;
  const brotli = brotliCompressSync(raw, {
    params: {[constants.BROTLI_PARAM_QUALITY]: 11},
  }).length;
  console.log(
    `${dir}/${name} (${label}): ${kb(raw.length)} raw, ${kb(gzip)} gzip, ${kb(brotli)} brotli (gzip budget ${kb(budget)})`
  );
  if (gzip > budget) {
    console.error(
      `size: ${name} is ${gzip} B gzip, over its budget of ${budget} B`
    );
    failed = true;
  }
}
process.exit(failed ? 1 : 0);
