/**
 * The designer's gallery: every state of the widget side by side, with live
 * controls for the theme, locale and width, kept in the URL, and buttons that
 * copy the CSS and the markup that give a page's widget the same.
 */
import '../../src/human-connect.js';
import type {HumanConnectElement} from '../../src/human-connect.js';
import {startMockService} from '../../sandbox/browser.js';
import {serviceUrls} from '../service-urls.js';
import {showState, STATES} from './states.js';
import {readSettings, themeProperties} from './settings.js';
import {copyButtons} from './copy-buttons.js';

const form = document.querySelector<HTMLFormElement>('#controls')!;
const tiles = document.querySelector<HTMLElement>('#tiles')!;
const progress = document.querySelector<HTMLElement>('#progress')!;
const widgets: HumanConnectElement[] = [];

const settings = () => readSettings(form);

/** Reads the settings from the address into the controls. */
function restore(): void {
  const params = new URLSearchParams(location.search);
  for (const [name, value] of params) {
    const control = form.elements.namedItem(name) as
      HTMLInputElement | HTMLSelectElement | null;
    if (control) control.value = value;
  }
}

/**
 * A control's value as the page wrote it. (A `<select>` has no `defaultValue`: its default is the
 * option marked selected, or else the first.)
 */
function initialValue(control: HTMLInputElement | HTMLSelectElement): string {
  if (!(control instanceof HTMLSelectElement)) return control.defaultValue;
  const options = [...control.options];
  return (options.find((o) => o.defaultSelected) ?? options[0])?.value ?? '';
}

/** Applies the settings to every tile, and writes into the address those that differ from it. */
function apply(): void {
  const s = settings();
  for (const [name, value] of themeProperties(s)) {
    if (value) tiles.style.setProperty(name, value);
    else tiles.style.removeProperty(name);
  }
  tiles.style.setProperty('--tile-width', `${s.width}px`);
  document.body.classList.toggle('dark', s.theme === 'dark');
  for (const el of widgets) {
    el.locale = s.locale;
    el.theme = s.theme as HumanConnectElement['theme'];
  }
  const params = new URLSearchParams(
    Object.entries(s).filter(
      ([k, v]) =>
        v && v !== initialValue(form.elements.namedItem(k) as HTMLInputElement)
    )
  );
  history.replaceState(
    null,
    '',
    `${location.pathname}${params.size ? `?${params}` : ''}${location.hash}`
  );
}

async function main(): Promise<void> {
  const only = form.elements.namedItem('only') as HTMLSelectElement;
  for (const state of STATES) only.add(new Option(state.title, state.id));
  restore();
  const clearCopied = copyButtons(
    document.querySelector<HTMLElement>('#hand-off')!,
    settings
  );
  const {service, worker, apiBase} = await startMockService({
    ...serviceUrls(),
    latencyMs: 0,
  });
  service.reset();
  service.scenario.latencyMs = 0;
  const s = settings();
  const chosen = STATES.filter((state) => !s.only || state.id === s.only);
  for (const [i, state] of chosen.entries()) {
    progress.textContent = `Showing ${i + 1} of ${chosen.length}: ${state.title}`;
    const figure = document.createElement('figure');
    figure.className = 'tile';
    figure.id = state.id;
    const caption = document.createElement('figcaption');
    const link = document.createElement('a');
    link.href = `#${state.id}`;
    link.textContent = state.title;
    caption.append(link);
    figure.append(caption);
    tiles.append(figure);
    try {
      widgets.push(
        await showState(
          state,
          figure,
          {service, worker, apiBase},
          {locale: s.locale, theme: s.theme}
        )
      );
    } catch (error) {
      figure.classList.add('failed');
      console.error(error);
    }
  }
  progress.textContent = `${chosen.length} states.`;
  apply();
  form.addEventListener('input', (event) => {
    clearCopied();
    if ((event.target as HTMLElement).getAttribute('name') === 'only') {
      apply();
      location.reload();
      return;
    }
    apply();
  });
}

void main();
