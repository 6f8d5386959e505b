/**
 * What the gallery's "Copy CSS" and "Copy embed code" hand a developer: the CSS and the markup
 * that give the widget the look and the attributes that the gallery's controls show.
 */
import {themeProperties, type Settings} from './settings.js';

/** package.json's version: defined by the dev server, the test runner and `npm run build:demo`. */
declare const __PACKAGE_VERSION__: string;

/** The custom properties the tiles have, on the element; and its width as the tiles show it. */
export function themeCss(s: Settings): string {
  const declarations = themeProperties(s)
    .filter(([, value]) => value)
    .map(([name, value]) => `${name}: ${value};`);
  // In a modal, the width is the dialog's own; inline, the widget fills the page's container,
  // as a tile's (at most the tile's width, less on a narrower screen).
  declarations.push(
    s.display === 'modal'
      ? `--hc-width: ${s.width}px;`
      : `max-width: ${s.width}px;`
  );
  return `human-connect {\n${declarations.map((d) => `  ${d}\n`).join('')}}\n`;
}

/** The script tag (README: "A script tag and a launcher button") and the element. */
export function embedCode(s: Settings): string {
  return `<!-- Pin it with its integrity hash: \`npm run build\` prints this tag with it. -->
<script
  src="https://cdn.jsdelivr.net/npm/human-connect@${__PACKAGE_VERSION__}/dist/human-connect.min.js"
  crossorigin="anonymous"
></script>
<human-connect
  api-base="https://connect.example.com/v1"
  locale="${s.locale}"
  theme="${s.theme}"
  display="${s.display}"
></human-connect>
<!-- Then, in your script: element.token = sessionTokenFromYourServer; element.show(); -->
`;
}
