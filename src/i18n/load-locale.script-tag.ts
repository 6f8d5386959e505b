/**
 * The script-tag bundle's way to load a locale: the messages are JSON files
 * next to the bundle (`locales/es.json`), fetched with the Subresource
 * Integrity hash the build wrote into the bundle, so that a host who pins the
 * bundle with `integrity` gets every byte of every locale checked too.
 * Chosen in place of `load-locale.ts` by the rollup config.
 */
import {str, type LocaleModule} from '@lit/localize';
import {ownScript} from '../embed/own-script.js';

/** Written by the build: each locale's SRI hash; its file is `locales/<locale>.json`, next to the bundle. */
declare const __LOCALE_FILES__: Record<string, string>;

/** A message with placeholders, as the build wrote it: its text parts and placeholder order. */
interface StrMessage {
  strings: string[];
  values: number[];
}

// Read while the bundle's own <script> runs: later, document.currentScript is
// another script or none.
const bundleUrl =
  typeof document !== 'undefined' ? ownScript(document)?.src : undefined;

export async function loadLocaleModule(locale: string): Promise<LocaleModule> {
  const integrity = __LOCALE_FILES__[locale];
  if (!integrity || !bundleUrl) throw new Error(`No messages for ${locale}`);
  const response = await fetch(new URL(`locales/${locale}.json`, bundleUrl), {
    integrity,
    credentials: 'omit',
  });
  if (!response.ok)
    throw new Error(`Messages for ${locale}: HTTP ${response.status}`);
  const messages = (await response.json()) as Record<
    string,
    string | StrMessage
  >;
  const templates: LocaleModule['templates'] = {};
  for (const [id, message] of Object.entries(messages)) {
    templates[id] =
      typeof message === 'string'
        ? message
        : str(
            Object.assign([...message.strings], {raw: message.strings}),
            ...message.values
          );
  }
  return {templates};
}
