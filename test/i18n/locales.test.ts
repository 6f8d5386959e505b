// Walks every view and state in each shipped locale and fails on any of the
// widget's own English strings left untranslated (names and text from the
// service are not the widget's, and stay as the service sent them).
import {expect, fixture, html} from '@open-wc/testing';
import type {ReactiveElement} from 'lit';
import {STATES, showState, until} from '../../demo/gallery/states.js';
import type {HumanConnectElement} from '../../src/human-connect.js';
import {targetLocales} from '../../src/i18n/locale-codes.js';
import {isLocaleActive, useLocale} from '../../src/i18n/localization.js';
import {mockService} from '../helpers/widget.js';
import {MOCK_APP, MOCK_CONSENT} from '../../sandbox/connect-service.js';

/** The English messages whose translation into `locale` differs, as anchored patterns. */
async function englishPatterns(
  locale: string
): Promise<{source: string; pattern: RegExp}[]> {
  const xliff = new DOMParser().parseFromString(
    await (await fetch(`/src/i18n/xliff/${locale}.xlf`)).text(),
    'application/xml'
  );
  const units = Array.from(xliff.querySelectorAll('trans-unit'));
  expect(units.length, `${locale} catalogue`).to.be.greaterThan(50);
  const text = (node: Element) =>
    Array.from(node.childNodes, (n) =>
      n.nodeType === Node.TEXT_NODE ? n.textContent : '\u0000'
    ).join('');
  return units.flatMap((unit) => {
    const source = text(unit.querySelector('source')!);
    const target = unit.querySelector('target');
    expect(target, `${locale}: no translation for "${source}"`).to.exist;
    if (text(target!) === source) return []; // the same word in both languages ("App")
    const escaped = source
      .split('\u0000')
      .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
    return [{source, pattern: new RegExp(`^${escaped.join('.+?')}$`)}];
  });
}

/** Every piece of text a person can see or hear in the widget. */
function texts(el: HTMLElement): string[] {
  const out: string[] = [];
  const walk = (node: Node) => {
    if (node.nodeType === Node.TEXT_NODE) out.push(node.textContent!.trim());
    if (node instanceof Element) {
      for (const attr of [
        'aria-label',
        'aria-valuetext',
        'title',
        'placeholder',
      ]) {
        const value = node.getAttribute(attr);
        if (value) out.push(value.trim());
      }
      if (node.shadowRoot) walk(node.shadowRoot);
    }
    node.childNodes.forEach(walk);
  };
  walk(el.shadowRoot!);
  return out.filter(Boolean);
}

/** Until the widget and the elements inside it show `locale`'s words. */
async function shownIn(el: HumanConnectElement, locale: string): Promise<void> {
  el.locale = locale;
  await until(() => isLocaleActive(locale), `the ${locale} messages`);
  const pending: Promise<unknown>[] = [el.updateComplete];
  const walk = (root: ParentNode) => {
    for (const node of root.querySelectorAll('*')) {
      if (!node.shadowRoot) continue;
      if ('updateComplete' in node)
        pending.push((node as ReactiveElement).updateComplete);
      walk(node.shadowRoot);
    }
  };
  walk(el.shadowRoot!);
  await Promise.all(pending);
}

// Each state is driven once, then shown in each locale in turn: a host may set `locale` at any
// time, and the open widget changes language where it stands. (The states reached in a locale
// from the start are walked by test/a11y/states.test.ts, right to left in Arabic.)
describe('every state in every locale', () => {
  const patterns = new Map<string, {source: string; pattern: RegExp}[]>();
  before(async () => {
    for (const locale of targetLocales)
      patterns.set(locale, await englishPatterns(locale));
  });
  after(() => useLocale('en'));

  for (const state of STATES) {
    it(`${state.id}: no English left in any locale`, async function () {
      this.timeout(30_000);
      const {service, worker, apiBase} = await mockService();
      const container = await fixture<HTMLDivElement>(html`<div></div>`);
      const el = await showState(state, container, {service, worker, apiBase});
      // Text from the service is the service's: its names, the consent's words.
      const fromService = new Set([
        MOCK_APP.name,
        ...MOCK_CONSENT.scopes.flatMap((scope) => [
          scope.label,
          scope.description,
        ]),
        ...service.state.sources.map((source) => source.name),
      ]);
      const leftovers: string[] = [];
      for (const locale of targetLocales) {
        await shownIn(el, locale);
        for (const text of texts(el)) {
          if (fromService.has(text)) continue;
          const hit = patterns
            .get(locale)!
            .find(({pattern}) => pattern.test(text));
          if (hit) leftovers.push(`${locale}: "${text}"`);
        }
      }
      container.remove();
      expect(leftovers, `untranslated in ${state.id}`).to.deep.equal([]);
    });
  }

  it('detects English: the same walk in English finds the catalogue’s strings', async function () {
    this.timeout(20_000);
    const {service, worker, apiBase} = await mockService();
    const container = await fixture<HTMLDivElement>(html`<div></div>`);
    const el = await showState(
      STATES.find((s) => s.id === 'consent')!,
      container,
      {service, worker, apiBase}
    );
    await shownIn(el, 'es');
    await shownIn(el, 'en');
    const found = texts(el).filter((text) =>
      patterns.get('es')!.some(({pattern}) => pattern.test(text))
    );
    expect(found).to.include.members(['Allow', 'Decline']);
  });
});
