import {createHash} from 'node:crypto';
import {readdirSync, readFileSync} from 'node:fs';
import path from 'node:path';

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
export function scriptTagLocales({localesDir}) {
  const files = {};
  const assets = {};
  for (const name of readdirSync(localesDir).filter((f) => f.endsWith('.ts'))) {
    const locale = name.slice(0, -3);
    const code = readFileSync(path.join(localesDir, name), 'utf8')
      .replace(/import\s*\{\s*str\s*\}\s*from\s*['"]@lit\/localize['"];?/, '')
      .replace(/export const templates\s*=/, 'return');
    const str = (strings, ...values) => ({strings: [...strings.raw], values});
    const templates = new Function('str', code)(str);
    const source = JSON.stringify(templates);
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
      if (
        source === './load-locale.js' &&
        importer?.endsWith(`${path.sep}localization.ts`)
      ) {
        return path.join(path.dirname(importer), 'load-locale.script-tag.ts');
      }
      return null;
    },
    generateBundle() {
      for (const [fileName, source] of Object.entries(assets)) {
        this.emitFile({type: 'asset', fileName, source});
      }
    },
  };
}
