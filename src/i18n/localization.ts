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

function configure(): Localization {
  localization ??= configureLocalization({
    sourceLocale,
    targetLocales,
    loadLocale: loadLocaleModule,
  });
  return localization;
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
