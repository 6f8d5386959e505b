/**
 * Which of the shipped locales fits what a page asks for, and which way it is written: plain
 * functions with no @lit/localize, shared by the widget and the script-tag loader (which shows
 * its few words before the widget's messages exist).
 */
import {sourceLocale, targetLocales} from './locale-codes.js';

const SUPPORTED = new Set<string>([sourceLocale, ...targetLocales]);

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

/** Scripts written right to left, by language. */
const RTL_LANGUAGES = new Set(['ar', 'he', 'fa', 'ur']);

export function isRightToLeft(locale: string): boolean {
  return RTL_LANGUAGES.has(locale.split('-')[0].toLowerCase());
}
