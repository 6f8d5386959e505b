// Prints the Subresource Integrity hash of the script-tag bundle, and the
// pinned <script> tag a host page can copy (README: "With a script tag").
import {createHash} from 'node:crypto';
import {readFileSync} from 'node:fs';

const pkg = JSON.parse(
  readFileSync(new URL('../package.json', import.meta.url), 'utf8')
);
const file = new URL('../dist/human-connect.min.js', import.meta.url);
const integrity = `sha384-${createHash('sha384').update(readFileSync(file)).digest('base64')}`;
console.log(`dist/human-connect.min.js integrity: ${integrity}`);
console.log(
  `<script src="https://cdn.jsdelivr.net/npm/${pkg.name}@${pkg.version}/dist/human-connect.min.js" integrity="${integrity}" crossorigin="anonymous"></script>`
);
