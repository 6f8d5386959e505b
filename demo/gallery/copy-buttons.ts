/**
 * The gallery's "Copy CSS" and "Copy embed code" buttons: each copies what the settings of the
 * moment give (hand-off.ts) to the clipboard and says "Copied" in a live region. When the browser
 * will not let the page write to the clipboard (a permission refused, or a page not served over
 * HTTPS, where `navigator.clipboard` is missing), the text is shown in a read-only field, selected,
 * for the person to copy themselves.
 */
import {embedCode, themeCss} from './hand-off.js';
import type {Settings} from './settings.js';

/** The part of `navigator.clipboard` used; the tests give one that records or refuses. */
export interface TextClipboard {
  writeText(text: string): Promise<void>;
}

const COPIED = 'Copied';
const REFUSED =
  'The browser did not let the page copy: the text is selected below, copy it with Ctrl+C (⌘C on a Mac).';

function element<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props: Partial<HTMLElementTagNameMap[K]>
): HTMLElementTagNameMap[K] {
  return Object.assign(document.createElement(tag), props);
}

/**
 * Puts the buttons, their status and the field for copying by hand into `host`. Answers a function
 * that clears the status and the field, for when the settings change and what was copied is stale.
 */
export function copyButtons(
  host: HTMLElement,
  settings: () => Settings,
  clipboard: TextClipboard | null = navigator.clipboard ?? null
): () => void {
  const status = element('p', {className: 'copy-status'});
  status.setAttribute('role', 'status');
  const field = element('textarea', {readOnly: true, rows: 12});
  const byHand = element('label', {className: 'copy-by-hand', hidden: true});
  byHand.append('Text to copy', field);

  /** A live region says a text again only after it changed: cleared, then set a frame later. */
  let saying = 0;
  const say = (text: string) => {
    status.textContent = '';
    saying = requestAnimationFrame(() => (status.textContent = text));
  };
  const clear = () => {
    cancelAnimationFrame(saying);
    status.textContent = '';
    byHand.hidden = true;
  };

  async function copy(text: string): Promise<void> {
    try {
      if (!clipboard) throw new Error('no clipboard here');
      await clipboard.writeText(text);
      byHand.hidden = true;
      say(COPIED);
    } catch {
      field.value = text;
      byHand.hidden = false;
      field.focus();
      field.select();
      say(REFUSED);
    }
  }

  for (const [label, text] of [
    ['Copy CSS', themeCss],
    ['Copy embed code', embedCode],
  ] as const) {
    const button = element('button', {type: 'button', textContent: label});
    button.addEventListener('click', () => void copy(text(settings())));
    host.append(button);
  }
  host.append(status, byHand);
  return clear;
}
