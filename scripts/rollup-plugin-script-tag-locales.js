import {createHash} from 'node:crypto';
import {readdirSync, readFileSync} from 'node:fs';
import path from 'node:path';
import {fnv1a64} from '@lit/localize/internal/fnv1a64.js';

/** The stand-in for lit-localize's id-generation.js (see `keysById`). */
const ID_GENERATION = '\0script-tag-locales:id-generation';

/** lit-localize's separator of a template's parts, in what it hashes into a message's id. */
const PARTS = '\x1e';

/**
 * Each message's key in the script-tag locale files, by its lit-localize id: not the id, a hash
 * of the English text that the runtime would have to compute, but that text itself (`s`, then
 * the template's parts joined as lit-localize joins them to hash them), which the runtime reads
 * as it is (`idGeneration`, below). Read from an XLIFF catalogue's `<source>`s, and checked: each
 * key hashes to its id, or the build fails.
 * @param {string} xliff
 */
function keysById(xliff) {
  /** @type {Map<string, string>} */
  const keys = new Map();
  for (const [, id, source] of xliff.matchAll(
    /<trans-unit id="([^"]+)">\s*<source>([\s\S]*?)<\/source>/g
  )) {
    const parts = source.split(/<x id="\d+"[^>]*\/>/).map((part) =>
      part
        .replace(/&lt;/g, '<')
        .replace(/&gt;/g, '>')
        .replace(/&quot;/g, '"')
        .replace(/&apos;/g, "'")
        .replace(/&amp;/g, '&')
    );
    const key = `s${parts.join(PARTS)}`;
    if (`s${fnv1a64(parts.join(PARTS))}` !== id)
      throw new Error(
        `script-tag locales: the source of ${id} does not hash to it`
      );
    keys.set(id, key);
  }
  return keys;
}

/**
 * For the script-tag bundle: each locale's messages become `locales/<locale>.json` next to the
 * bundle, and the bundle learns each file's Subresource Integrity hash (`__LOCALE_FILES__`, locale → hash), so
 * that `load-locale.script-tag.ts` can fetch only what the build produced. The ES module build
 * keeps its lazily imported locale modules.
 *
 * The generated locale modules (lit-localize's runtime output) are plain data: an object of
 * strings and `str` tagged templates. They are read by evaluating them with a `str` that records
 * the template's parts.
 *
 * @param {{localesDir: string}} options
 */
export function scriptTagLocales({localesDir, xliffDir}) {
  const files = {};
  const assets = {};
  const catalogue = readdirSync(xliffDir).find((f) => f.endsWith('.xlf'));
  const keys = keysById(readFileSync(path.join(xliffDir, catalogue), 'utf8'));
  for (const name of readdirSync(localesDir).filter((f) => f.endsWith('.ts'))) {
    const locale = name.slice(0, -3);
    const code = readFileSync(path.join(localesDir, name), 'utf8')
      .replace(/import\s*\{\s*str\s*\}\s*from\s*['"]@lit\/localize['"];?/, '')
      .replace(/export const templates\s*=/, 'return');
    const str = (strings, ...values) => ({strings: [...strings.raw], values});
    const templates = new Function('str', code)(str);
    const source = JSON.stringify(
      Object.fromEntries(
        Object.entries(templates).map(([id, message]) => {
          const key = keys.get(id);
          if (!key)
            throw new Error(`script-tag locales: ${id} is in no catalogue`);
          return [key, message];
        })
      )
    );
    const file = `locales/${locale}.json`;
    assets[file] = source;
    // SHA-256, the shortest hash SRI takes: 44 characters a locale that no compressor shrinks.
    files[locale] =
      `sha256-${createHash('sha256').update(source).digest('base64')}`;
  }

  return {
    name: 'script-tag-locales',
    /** The value of `__LOCALE_FILES__` for the bundle. */
    define: JSON.stringify(files),
    resolveId(source, importer) {
      // lit-localize's runtime, in the script-tag files: a message's id is its text (above), so
      // no hash of it is computed (nor shipped).
      if (
        source === './id-generation.js' &&
        importer?.includes(`${path.sep}@lit${path.sep}localize${path.sep}`)
      )
        return ID_GENERATION;
      if (
        source === './load-locale.js' &&
        importer?.endsWith(`${path.sep}localization.ts`)
      ) {
        return path.join(path.dirname(importer), 'load-locale.script-tag.ts');
      }
      return null;
    },
    load(id) {
      return id === ID_GENERATION
        ? `export const generateMsgId = (strings, html) => (html ? 'h' : 's') + (typeof strings === 'string' ? strings : strings.join(${JSON.stringify(PARTS)}));`
        : null;
    },
    generateBundle() {
      for (const [fileName, source] of Object.entries(assets)) {
        this.emitFile({type: 'asset', fileName, source});
      }
    },
  };
}
