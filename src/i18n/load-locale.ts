/**
 * Loads one locale's messages. In the ES module build a bundler splits each
 * locale into a chunk of its own, loaded only when that locale is chosen.
 * The script-tag bundle swaps this module for `load-locale.script-tag.ts`.
 */
import type {LocaleModule} from '@lit/localize';

export function loadLocaleModule(locale: string): Promise<LocaleModule> {
  return import(`./locales/${locale}.js`);
}
