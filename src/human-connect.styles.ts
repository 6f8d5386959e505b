import {css, unsafeCSS} from 'lit';

/** The dark palette, used by `theme="dark"` and by `theme="auto"` in a dark system. */
const darkTheme = unsafeCSS(
  // Written compact: the template minifier does not reach into this string.
  '--_brand: var(--hc-brand, #a8c7fa);--_on-brand: var(--hc-on-brand, #062e6f);--_text: var(--hc-text, #e6e8eb);--_muted: var(--hc-muted, #a9b1ba);--_surface: var(--hc-surface, #1b1f24);--_surface-alt: var(--hc-surface-alt, #2a3038);--_border: var(--hc-border, #444c56);--_danger: var(--hc-danger, #ffb4ab);--_warn-bg: #4a3c00;--_warn-text: #ffe7a0;--_ok-bg: #0f3d1e;--_ok-text: #b7f0c5;--_error-bg: #5c1a16;--_error-text: #ffdad5;--_backdrop: rgb(0 0 0 / 0.7);color-scheme: dark;'
);

/**
 * The widget's styles. Adopted stylesheets, so they work under a strict
 * Content-Security-Policy with no `unsafe-inline`. Every colour, radius and
 * font goes through a `--hc-*` custom property the host may set.
 */
export const styles = css`
  :host {
    /* A host page's inherited styles (text-transform, letter-spacing,
       white-space, line-height, a root font size of 62.5 %…) stop here: the
       widget starts from the initial values, the person's own default font
       size among them. Custom properties (the --hc-* theme) and direction
       pass, and a host still sizes the widget with a rule of its own on it. */
    all: initial;
    --_brand: var(--hc-brand, #0b57d0);
    --_on-brand: var(--hc-on-brand, #ffffff);
    --_text: var(--hc-text, #1b1f24);
    --_muted: var(--hc-muted, #59636e);
    --_surface: var(--hc-surface, #ffffff);
    --_surface-alt: var(--hc-surface-alt, #f1f3f5);
    --_border: var(--hc-border, #d0d7de);
    --_danger: var(--hc-danger, #b3261e);
    --_warn-bg: #fff4ce;
    --_warn-text: #3d3000;
    --_ok-bg: #e6f4ea;
    --_ok-text: #0d3d1b;
    --_error-bg: #fde7e9;
    --_error-text: #8c1d18;
    --_backdrop: rgb(15 20 25 / 0.55);
    --_radius: var(--hc-radius, 12px);
    --_space: var(--hc-spacing, 8px);
    color-scheme: light;
    display: contents;
    font-family: var(
      --hc-font-family,
      system-ui,
      -apple-system,
      'Segoe UI',
      Roboto,
      sans-serif
    );
    color: var(--_text);
    line-height: 1.45;
  }
  :host([display='inline']) {
    display: block;
  }
  :host([theme='dark']) {
    ${darkTheme}
  }
  @media (prefers-color-scheme: dark) {
    :host([theme='auto']) {
      ${darkTheme}
    }
  }
  /* Text on the brand colour: black or white, whichever contrasts more with
     whatever brand colour the host picks (OKLab lightness 0.57 is the point
     where black and white give the same contrast ratio). */
  @supports (color: oklch(from red l c h)) {
    :host,
    :host([theme]) {
      --_on-brand: var(
        --hc-on-brand,
        oklch(from var(--_brand) clamp(0, (0.57 - l) * 1000, 1) 0 0)
      );
    }
  }
  :host([hidden]) {
    display: none;
  }

  .visually-hidden {
    position: absolute;
    width: 1px;
    height: 1px;
    margin: -1px;
    overflow: hidden;
    clip-path: inset(50%);
    white-space: nowrap;
  }

  dialog {
    padding: 0;
    border: none;
    border-radius: var(--_radius);
    width: min(var(--hc-width, 440px), 100vw - 2 * var(--_space));
    max-height: min(720px, 100dvh - 4 * var(--_space));
    background: var(--_surface);
    color: inherit;
    font: inherit;
    box-shadow: 0 12px 40px rgb(0 0 0 / 0.25);
    overflow: hidden;
  }
  dialog::backdrop {
    background: var(--_backdrop);
  }
  dialog > .panel {
    max-height: inherit;
  }

  .panel {
    position: relative;
    display: flex;
    flex-direction: column;
    background: var(--_surface);
    border-radius: var(--_radius);
    /* Never smaller than the person's default font size (the host's 62.5 %
       root cannot shrink it), larger with a larger root; em below. */
    font-size: max(1rem, 1em);
  }
  :host([display='inline']) .panel {
    border: 1px solid var(--_border);
  }

  .header {
    display: flex;
    align-items: center;
    gap: var(--_space);
    padding: calc(1.5 * var(--_space)) calc(2 * var(--_space));
    border-bottom: 1px solid var(--_border);
  }
  h1 {
    flex: 1;
    margin: 0;
    font-size: 1em;
    font-weight: 600;
    overflow-wrap: anywhere;
  }
  .body {
    padding: calc(2 * var(--_space));
    overflow-y: auto;
    overscroll-behavior: contain;
  }
  h2 {
    margin: 0 0 var(--_space);
    font-size: 1.25em;
    line-height: 1.3;
    overflow-wrap: anywhere;
  }
  h2:focus {
    outline: none;
  }
  p {
    margin: 0 0 calc(1.5 * var(--_space));
  }

  button,
  .button,
  input {
    font: inherit;
    color: inherit;
  }
  button,
  .button {
    min-height: 44px;
    min-width: 44px;
    padding: 0 calc(2 * var(--_space));
    border-radius: calc(var(--_radius) - 4px);
    border: 1px solid transparent;
    cursor: pointer;
    display: inline-flex;
    align-items: center;
    justify-content: center;
    text-decoration: none;
    font-weight: 600;
  }
  .primary {
    background: var(--_brand);
    color: var(--_on-brand);
  }
  .secondary {
    background: var(--_surface);
    border-color: var(--_border);
  }
  .danger {
    background: var(--_danger);
    color: var(--_surface);
  }
  .link {
    background: none;
    padding: 0 4px;
    min-height: 24px;
    min-width: 24px;
    color: var(--_brand);
    text-decoration: underline;
    font-weight: 500;
  }
  .icon {
    padding: 0;
    background: none;
  }
  .icon svg {
    width: 24px;
    height: 24px;
    stroke: currentColor;
    stroke-width: 2;
    stroke-linecap: round;
    fill: none;
  }
  [aria-disabled='true'] {
    cursor: not-allowed;
    opacity: 0.6;
  }
  a {
    color: var(--_brand);
  }
  :focus-visible {
    outline: 3px solid var(--_brand);
    outline-offset: 2px;
  }

  .field-label {
    display: block;
    font-weight: 600;
    margin-bottom: calc(0.5 * var(--_space));
  }
  input {
    box-sizing: border-box;
    width: 100%;
    min-height: 44px;
    padding: 0 var(--_space);
    border: 1px solid var(--_muted);
    border-radius: calc(var(--_radius) - 4px);
    background: var(--_surface);
  }
  .field {
    margin-bottom: calc(1.5 * var(--_space));
  }

  .filters {
    display: flex;
    flex-wrap: wrap;
    gap: calc(0.5 * var(--_space));
    margin: calc(1.5 * var(--_space)) 0;
  }
  .chip {
    min-height: 32px;
    padding: 0 calc(1.5 * var(--_space));
    border-radius: 999px;
    background: var(--_surface-alt);
    border-color: var(--_border);
    font-weight: 500;
    font-size: 0.875em;
  }
  .chip[aria-pressed='true'] {
    background: var(--_brand);
    color: var(--_on-brand);
    border-color: var(--_brand);
  }

  .results-heading {
    margin: 0 0 calc(0.5 * var(--_space));
    color: var(--_muted);
    font-size: 0.875em;
    min-height: 1.2em;
  }
  [role='listbox'] {
    list-style: none;
    margin: 0;
    padding: 0;
    /* The list scrolls on its own, so that only the rows in view are drawn. */
    max-height: min(50vh, 420px);
    overflow-y: auto;
    overscroll-behavior: contain;
    /* Rows are drawn by position: a row element keeps its place while it shows another source, so
       anchoring the scroll to it would undo the scroll. The spacers keep the rows in place. */
    overflow-anchor: none;
  }
  .option,
  .connection {
    display: flex;
    align-items: center;
    gap: calc(1.5 * var(--_space));
    padding: var(--_space);
    border-radius: calc(var(--_radius) - 4px);
    cursor: pointer;
  }
  .option:hover,
  .option[aria-selected='true'] {
    background: var(--_surface-alt);
  }
  .option[aria-selected='true'] {
    outline: 2px solid var(--_brand);
    outline-offset: -2px;
  }
  .option[aria-disabled='true'] {
    opacity: 1;
    cursor: not-allowed;
  }
  .option[aria-disabled='true'] .option-name {
    color: var(--_muted);
  }
  .option-text,
  .connection-text {
    display: flex;
    flex-direction: column;
    min-width: 0;
    flex: 1;
  }
  .option-name {
    font-weight: 600;
    overflow-wrap: anywhere;
  }
  .option-meta {
    color: var(--_muted);
    font-size: 0.875em;
  }
  .badge {
    align-self: flex-start;
    margin-top: 2px;
    padding: 0 6px;
    border-radius: 4px;
    font-size: 0.8125em;
  }
  .badge.ok {
    background: var(--_ok-bg);
    color: var(--_ok-text);
  }
  .badge.warn {
    background: var(--_warn-bg);
    color: var(--_warn-text);
  }
  .badge.down {
    background: var(--_error-bg);
    color: var(--_error-text);
  }

  .logo {
    position: relative;
    flex: none;
    display: inline-grid;
    place-items: center;
    width: 40px;
    height: 40px;
    border-radius: 8px;
    background: var(--_surface-alt);
    overflow: hidden;
  }
  .header .logo {
    width: 28px;
    height: 28px;
    border-radius: 6px;
    font-size: 0.75em;
  }
  .logo.large {
    width: 56px;
    height: 56px;
    font-size: 1.25em;
  }
  .logo img {
    position: absolute;
    inset: 0;
    width: 100%;
    height: 100%;
    object-fit: contain;
    background: var(--_surface);
  }
  .initials {
    font-weight: 700;
    color: var(--_muted);
  }
  .actions {
    display: flex;
    flex-wrap: wrap;
    justify-content: flex-end;
    gap: var(--_space);
    margin-top: calc(2 * var(--_space));
  }
  .more {
    width: 100%;
    margin-top: var(--_space);
  }
  .search-footer {
    display: flex;
    flex-wrap: wrap;
    justify-content: space-between;
    gap: var(--_space);
    margin-top: calc(2 * var(--_space));
    padding-top: var(--_space);
    border-top: 1px solid var(--_border);
  }

  .notice {
    padding: var(--_space) calc(1.5 * var(--_space));
    border-radius: calc(var(--_radius) - 4px);
  }
  .notice p {
    margin: 0 0 var(--_space);
  }
  .notice.error {
    background: var(--_error-bg);
    color: var(--_error-text);
  }
  .notice.warn {
    background: var(--_warn-bg);
    color: var(--_warn-text);
  }
  .notice.success {
    background: var(--_ok-bg);
    color: var(--_ok-text);
  }
  .loading,
  .empty {
    color: var(--_muted);
  }
  .loading::before {
    content: '';
    display: inline-block;
    width: 1em;
    height: 1em;
    margin-inline-end: var(--_space);
    vertical-align: -0.15em;
    border: 2px solid var(--_border);
    border-top-color: var(--_brand);
    border-radius: 50%;
    animation: spin 0.8s linear infinite;
  }
  @keyframes spin {
    to {
      transform: rotate(1turn);
    }
  }
  @media (prefers-reduced-motion: reduce) {
    .loading::before {
      animation: none;
    }
  }

  /* Forced colours (Windows High Contrast) give every background and border
     the same system colour, so states drawn only with them would vanish.
     System colours named here are kept: the pressed filter and the active
     option take the selection's colours, a disabled option's name is grey,
     badges keep a frame, and the focus ring takes the system's focus colour. */
  @media (forced-colors: active) {
    .chip[aria-pressed='true'],
    .option[aria-selected='true'] {
      background: Highlight;
      color: HighlightText;
      border-color: Highlight;
    }
    .option[aria-disabled='true'] .option-name {
      color: GrayText;
    }
    /* Children with a colour of their own would be forced to CanvasText,
       unreadable on Highlight. */
    .option[aria-selected='true'] :is(.option-name, .option-meta, .badge) {
      color: HighlightText;
      border-color: HighlightText;
    }
    .badge {
      border: 1px solid CanvasText;
    }
    :focus-visible {
      outline-color: Highlight;
    }
  }

  @media (max-width: 480px) {
    dialog {
      width: 100vw;
      max-width: 100vw;
      height: 100dvh;
      max-height: 100dvh;
      border-radius: 0;
    }
    dialog > .panel {
      height: 100%;
      border-radius: 0;
    }
  }
`;
