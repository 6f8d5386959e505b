// Prints the Subresource Integrity hash of the script-tag files a host loads (the loader, and the
// one-file build), and the pinned <script> tag a host page can copy (README: "With a script tag").
// The loader holds the UI file's hash, so pinning the loader checks every byte that follows it.
import {createHash} from 'node:crypto';
import {readFileSync} from 'node:fs';

const pkg = JSON.parse(
  readFileSync(new URL('../package.json', import.meta.url), 'utf8')
);
for (const name of ['human-connect.min.js', 'human-connect.full.min.js']) {
  const file = new URL(`../dist/${name}`, import.meta.url);
  const integrity = `sha384-${createHash('sha384').update(readFileSync(file)).digest('base64')}`;
  console.log(`dist/${name} integrity: ${integrity}`);
  console.log(
    `<script src="https://cdn.jsdelivr.net/npm/${pkg.name}@${pkg.version}/dist/${name}" integrity="${integrity}" crossorigin="anonymous"></script>`
  );
}
