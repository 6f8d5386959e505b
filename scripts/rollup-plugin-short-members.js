/**
 * Shortens the flow's and the element's inner member names (scripts/mangled-names.js) in the ES
 * build, as Lit's own published builds shorten their private members: a host's bundler cannot
 * do it, since it does not know which names are safe. The same name gets the same short name in
 * every module, so calls across modules still meet. Only member accesses (`.name`) and method
 * definitions are renamed, never text in strings.
 */
import MagicString from 'magic-string';
import {MANGLED_NAMES} from './mangled-names.js';

const short = new Map(
  MANGLED_NAMES.map((name, i) => [name, `_${i.toString(36)}`])
);
const names = MANGLED_NAMES.join('|');
// `.name` (an access or an assignment), or a method definition at the start of a line.
const pattern = new RegExp(
  `(?<=\\.)(${names})\\b|^(\\s*(?:static\\s+|async\\s+|get\\s+|set\\s+)*)(${names})(?=\\s*\\()`,
  'gm'
);

/** @returns {import('rollup').Plugin} */
export function shortMembers() {
  return {
    name: 'short-members',
    renderChunk(code) {
      const out = new MagicString(code);
      for (const match of code.matchAll(pattern)) {
        const name = match[1] ?? match[3];
        const at = match.index + (match[1] ? 0 : match[2].length);
        out.overwrite(at, at + name.length, short.get(name));
      }
      return {code: out.toString(), map: out.generateMap({hires: true})};
    },
  };
}
