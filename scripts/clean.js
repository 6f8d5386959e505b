#!/usr/bin/env node
// Removes build output (dist/) before a build, so stale modules never ship.
import {rmSync} from 'node:fs';

for (const dir of process.argv.slice(2).length
  ? process.argv.slice(2)
  : ['dist']) {
  rmSync(dir, {recursive: true, force: true});
}
