/**
 * What the loader shows between the person's click and the UI: "Loading…" while the UI file
 * comes and, when it cannot come, why, with "Try again" and "Close". Plain DOM (the loader has no
 * Lit) in a shadow root of its own, in the words of the page's locale, styled by a constructed
 * stylesheet (no `style` attribute or element, for strict CSPs), with the host's `--hc-*` colours
 * where it set them and the system's otherwise. Every open that waits for the UI gets its own.
 */
import {LOADER_MESSAGES} from '../i18n/loader-messages.js';
import {isRightToLeft, resolveLocale} from '../i18n/locale-match.js';

export interface LoadStatusOptions {
  /** The locale asked for (`open({locale})`, `data-hapi-locale`); else the page's. */
  locale?: string;
  /** Where an inline widget goes; a modal one shows the status as a modal dialog. */
  container?: Element;
  onRetry(): void;
  onClose(): void;
}

export interface LoadStatus {
  loading(): void;
  failed(): void;
  /** Takes it off the page; the focus, if the status had it, goes back where it was before. */
  remove(): void;
}

// `all:initial` on the host: the page's inherited styles (uppercase, spacing, a 62.5 % root) stop
// here, as they do at the widget's own root.
const CSS = `
:host{all:initial}
dialog{box-sizing:border-box;max-width:min(var(--hc-width,440px),calc(100vw - 32px));padding:calc(var(--hc-spacing,8px)*3);border:1px solid var(--hc-border,GrayText);border-radius:var(--hc-radius,12px);background:var(--hc-surface,Canvas);color:var(--hc-text,CanvasText);font-family:var(--hc-font-family,system-ui,sans-serif);text-align:center;color-scheme:light dark}
dialog::backdrop{background:#0006}
p{margin:0}
button{font:inherit;min-height:44px;min-width:44px;margin:calc(var(--hc-spacing,8px)*2) 4px 0;padding:0 16px;border:1px solid var(--hc-brand,ButtonText);border-radius:8px;background:var(--hc-surface,ButtonFace);color:var(--hc-brand,ButtonText);cursor:pointer}
button:focus-visible{outline:2px solid var(--hc-brand,Highlight);outline-offset:2px}
`;

let sheet: CSSStyleSheet | undefined;

export function createLoadStatus(
  doc: Document,
  options: LoadStatusOptions
): LoadStatus {
  const locale = resolveLocale([
    options.locale ?? '',
    (options.container ?? doc.documentElement)
      .closest('[lang]')
      ?.getAttribute('lang') ?? '',
    ...(globalThis.navigator?.languages ?? []),
  ]);
  const words = LOADER_MESSAGES[locale] ?? LOADER_MESSAGES.en;
  const opener = doc.activeElement as HTMLElement | null;
  const host = doc.createElement('div');
  const root = host.attachShadow({mode: 'open'});
  if (!sheet) {
    sheet = new CSSStyleSheet();
    sheet.replaceSync(CSS);
  }
  root.adoptedStyleSheets = [sheet];
  const dialog = doc.createElement('dialog');
  dialog.lang = locale;
  dialog.dir = isRightToLeft(locale) ? 'rtl' : 'ltr';
  const text = doc.createElement('p');
  text.id = 'message';
  dialog.setAttribute('aria-labelledby', 'message');
  dialog.append(text);
  root.append(dialog);
  let removed = false;
  // Esc is "Close": the modal dialog's `cancel`; the browser closing it itself (a second Esc it
  // does not let a page stop); a keydown where no dialog is modal (inline).
  dialog.addEventListener('cancel', (event) => {
    event.preventDefault();
    options.onClose();
  });
  dialog.addEventListener('close', () => {
    if (!removed) options.onClose();
  });
  dialog.addEventListener('keydown', (event) => {
    if (event.key !== 'Escape' || event.defaultPrevented || !options.container)
      return;
    event.preventDefault();
    options.onClose();
  });

  const button = (label: string, onClick: () => void) => {
    const b = doc.createElement('button');
    b.type = 'button';
    b.textContent = label;
    b.addEventListener('click', onClick);
    return b;
  };

  const show = () => {
    if (host.isConnected) return;
    (options.container ?? doc.body).append(host);
    if (options.container) dialog.show();
    else dialog.showModal();
  };

  return {
    loading() {
      dialog.removeAttribute('role');
      dialog.setAttribute('aria-busy', 'true');
      text.setAttribute('role', 'status');
      text.textContent = words.loading;
      dialog.replaceChildren(text);
      show();
    },
    failed() {
      dialog.setAttribute('role', 'alertdialog');
      dialog.removeAttribute('aria-busy');
      text.removeAttribute('role');
      text.textContent = words.failed;
      const retry = button(words.retry, options.onRetry);
      dialog.replaceChildren(text, retry, button(words.close, options.onClose));
      show();
      retry.focus();
    },
    remove() {
      removed = true;
      dialog.close();
      host.remove();
      // The focus was in the status, and went with it: back to what had it before.
      if (!doc.activeElement || doc.activeElement === doc.body) opener?.focus();
    },
  };
}
