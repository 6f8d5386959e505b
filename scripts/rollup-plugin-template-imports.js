import {readdirSync} from 'node:fs';
import path from 'node:path';

/**
 * Rollup cannot follow `import(\`./locales/${locale}.js\`)` (a template literal): it leaves it as
 * is, so the preserveModules build would ship without the locale modules and the single-file
 * bundle would resolve them against the host page's URL. This plugin expands each such import
 * with a single `${…}` and a relative static prefix into a `switch` over the modules that exist
 * (a `.js` specifier matches a `.ts` source too), so rollup sees plain string imports.
 * An unknown key rejects like a failed import would.
 *
 * @returns {import('rollup').Plugin}
 */
export function templateImports() {
  const pattern =
    /import\(\s*`(\.{1,2}\/[^`$]*?)\$\{\s*([A-Za-z_$][\w$]*)\s*\}([^`$]*)`\s*\)/g;
  return {
    name: 'template-imports',
    transform(code, id) {
      if (!code.includes('import(`')) return null;
      let changed = false;
      const out = code.replace(pattern, (match, prefix, variable, suffix) => {
        const dir = path.resolve(path.dirname(id), path.dirname(`${prefix}x`));
        const stem = path.basename(`${prefix}x`).slice(0, -1); // text before ${…} in the file name
        if (suffix.includes('/')) return match; // only `dir/stem${x}suffix`
        const ext = /\.[^./]+$/.exec(suffix)?.[0] ?? ''; // path.extname('.js') is ''
        const suffixStem = suffix.slice(0, suffix.length - ext.length);
        const sourceExts = ext === '.js' ? ['.js', '.ts'] : [ext];
        let entries = [];
        try {
          entries = readdirSync(dir);
        } catch {
          // no such directory: no modules
        }
        const cases = new Map();
        for (const file of entries) {
          const fileExt = sourceExts.find((e) => file.endsWith(suffixStem + e));
          if (!fileExt || !file.startsWith(stem) || file.endsWith('.d.ts'))
            continue;
          const key = file.slice(
            stem.length,
            file.length - suffixStem.length - fileExt.length
          );
          if (!key || cases.has(key)) continue;
          const rel = path
            .relative(path.dirname(id), path.join(dir, file))
            .split(path.sep)
            .join('/');
          cases.set(key, rel.startsWith('.') ? rel : `./${rel}`);
        }
        changed = true;
        const branches = [...cases]
          .map(
            ([key, spec]) =>
              `case ${JSON.stringify(key)}: return import(${JSON.stringify(spec)});`
          )
          .join(' ');
        const fail = `return Promise.reject(new Error('Unknown module: ' + ${JSON.stringify(prefix)} + k + ${JSON.stringify(suffix)}));`;
        return `((k) => { switch (k) { ${branches} default: ${fail} } })(${variable})`;
      });
      return changed ? {code: out, map: null} : null;
    },
  };
}

export default templateImports;
