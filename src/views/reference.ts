/**
 * The reference of a failed call, under the error that shows it: the service's `X-Request-Id`
 * ("Reference: req_8f3a…"), selectable, with a button that copies it. It is what the person
 * quotes to the app's support, and what the app's and the service's logs both hold. Loaded when
 * the first error with a reference shows (parts.ts, `reference`).
 */
import {html, type TemplateResult} from 'lit';
import {msg} from '@lit/localize';
export {styles} from './later-styles.js';

export function referenceLine(requestId: string): TemplateResult {
  // A line of its own inside the error's paragraph (or its box).
  return html`<span class="reference">
    ${msg('Reference:')} <code dir="ltr">${requestId}</code>
    <button class="link" @click=${copy}>${msg('Copy reference')}</button>
    <span class="visually-hidden" role="status"></span>
  </span>`;
}

/**
 * Copies the reference, and says so. Where the clipboard is refused (a page without permission,
 * an insecure origin), the reference is selected instead, for the person's own copy.
 */
async function copy(event: Event): Promise<void> {
  const button = event.currentTarget as HTMLElement;
  const code = button.previousElementSibling!;
  const said = button.nextElementSibling!;
  said.textContent = '';
  try {
    await navigator.clipboard.writeText(code.textContent!);
    said.textContent = msg('Copied');
  } catch {
    getSelection()?.selectAllChildren(code);
  }
}
