/**
 * Words the views share, chosen by a value from the service (a category, a
 * status, an error code). Functions, not constants, so that each call reads
 * the current locale's catalogue.
 */
import {msg, str} from '@lit/localize';
import type {ApiErrorCode, Category} from '../api/types.js';

export function categoryLabel(category: Category): string {
  switch (category) {
    case 'hospital':
      return msg('Hospital');
    case 'clinic':
      return msg('Clinic');
    case 'lab':
      return msg('Lab');
    case 'pharmacy':
      return msg('Pharmacy');
    case 'insurer':
      return msg('Insurer');
    case 'wearable':
      return msg('Wearable');
    case 'app':
      return msg('App');
  }
}

/** The filter buttons' words: plural, as in "show me hospitals". */
export function categoryFilterLabel(category: Category | undefined): string {
  switch (category) {
    case undefined:
      return msg('All');
    case 'hospital':
      return msg('Hospitals');
    case 'clinic':
      return msg('Clinics');
    case 'lab':
      return msg('Labs');
    case 'pharmacy':
      return msg('Pharmacies');
    case 'insurer':
      return msg('Insurers');
    case 'wearable':
      return msg('Wearables');
    case 'app':
      return msg('Apps');
  }
}

/** What went wrong, in the person's words, for each kind of failure. */
export function errorMessage(code: ApiErrorCode | string): string {
  switch (code) {
    case 'network_error':
      return msg(
        'We could not reach the service. Check your connection and try again.'
      );
    case 'offline':
      return msg(
        'You’re offline. We’ll try again as soon as your connection is back.'
      );
    case 'timeout':
      return msg('The service took too long to answer. Please try again.');
    case 'rate_limited':
      return msg(
        'Too many requests right now. Please wait a moment and try again.'
      );
    case 'source_unavailable':
      return msg(
        'This provider is not available right now. Please try again later.'
      );
    case 'conflict':
      return msg('This provider is already connected.');
    case 'not_found':
      return msg('We could not find that anymore. Please start again.');
    case 'bad_request':
      return msg(
        'The service could not accept that request. Please try again.'
      );
    case 'invalid_token':
    case 'token_expired':
      return msg(
        'Your session has ended. Please close this window and start again.'
      );
    default:
      return msg('Something went wrong on our side. Please try again.');
  }
}

/** "12 results": plural rules through `Intl`, so each language gets its own. */
export function resultCount(count: number, locale: string): string {
  const n = new Intl.NumberFormat(locale).format(count);
  return new Intl.PluralRules(locale).select(count) === 'one'
    ? msg(str`${n} result`)
    : msg(str`${n} results`);
}
