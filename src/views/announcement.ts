/**
 * What the live region says: the state changes a screen-reader user cannot
 * see happen (results arriving, a login finishing). Derived from the flow on
 * every render, never stored; errors are announced by their own
 * `role="alert"`, and each new view by focus moving to its heading.
 */
import {msg, str} from '@lit/localize';
import type {FlowController} from '../flow/flow-controller.js';
import {resultCount} from '../i18n/labels.js';

export function announcement(flow: FlowController, locale: string): string {
  const step = flow.step;
  switch (step.name) {
    case 'loading':
      return msg('Loading…');
    case 'search': {
      const search = flow.search;
      if (search.status === 'loading' || search.status === 'more')
        return msg('Searching…');
      if (search.status !== 'ready') return '';
      if (!search.sources.length) return msg('No results.');
      return search.query.trim() || search.category
        ? resultCount(search.total, locale)
        : msg('Popular providers');
    }
    case 'authorizing':
      return step.phase === 'waiting' ||
        step.phase === 'blocked' ||
        step.phase === 'native'
        ? msg('Waiting for you to sign in…')
        : '';
    case 'connected': {
      const name = step.source.name;
      return msg(str`${name} is connected`);
    }
    default:
      return '';
  }
}
