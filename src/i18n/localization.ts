/**
 * @lit/localize in runtime mode. Its locale is global to the page (one
 * `configureLocalization` per page), so it is configured lazily, the first
 * time an element connects, never at import time; each locale's messages are
 * loaded only when that locale is chosen.
 */
import {configureLocalization} from '@lit/localize';
import {loadLocaleModule} from './load-locale.js';
import {sourceLocale, targetLocales} from './locale-codes.js';

type Localization = ReturnType<typeof configureLocalization>;

let localization: Localization | undefined;

const SUPPORTED = new Set<string>([sourceLocale, ...targetLocales]);

function configure(): Localization {
  localization ??= configureLocalization({
    sourceLocale,
    targetLocales,
    loadLocale: loadLocaleModule,
  });
  return localization;
}

/**
 * The supported locale that best fits `requested` (a BCP 47 tag such as
 * `es-MX`), falling back to the language alone, then to English.
 */
export function resolveLocale(requested: readonly string[]): string {
  for (const tag of requested) {
    if (!tag) continue;
    if (SUPPORTED.has(tag)) return tag;
    const language = tag.split('-')[0].toLowerCase();
    const match = [...SUPPORTED].find(
      (l) => l.split('-')[0].toLowerCase() === language
    );
    if (match) return match;
  }
  return sourceLocale;
}

/** True when `locale`'s messages are the ones in use. */
export function isLocaleActive(locale: string): boolean {
  return configure().getLocale() === locale;
}

/** Switches the page's widgets to `locale` once its messages are loaded. */
export async function useLocale(locale: string): Promise<void> {
  const {getLocale, setLocale} = configure();
  if (getLocale() !== locale) await setLocale(locale);
}

/** Scripts written right to left, by language. */
const RTL_LANGUAGES = new Set(['ar', 'he', 'fa', 'ur']);

export function isRightToLeft(locale: string): boolean {
  return RTL_LANGUAGES.has(locale.split('-')[0].toLowerCase());
}
