/** Small pieces of markup that several views share. */
import {html, nothing, type ReactiveElement, type TemplateResult} from 'lit';
import {keyed} from 'lit/directives/keyed.js';
import {msg, str} from '@lit/localize';
import type {Connection} from '../api/types.js';
import type {FlowController} from '../flow/flow-controller.js';
import {lazyView} from './lazy-view.js';

const referenceModule = lazyView(() => import('./reference.js'));

/**
 * Under an error the person sees: the service's reference for the failed call, when it gave one
 * (reference.ts, loaded with the first).
 */
export function reference(
  flow: FlowController,
  error: unknown
): TemplateResult | typeof nothing {
  const id = (error as {requestId?: string} | undefined)?.requestId;
  return (
    (id && referenceModule(flow.host as ReactiveElement)?.referenceLine(id)) ||
    nothing
  );
}

/** Up to two initials, for a source or app with no usable logo. */
export function initials(name: string): string {
  // The first letter or digit of each word: "(1st Clinic" gives "1C".
  return name
    .split(/[\s\-–—/&]+/u)
    .map((w) => /[\p{L}\p{N}]/u.exec(w)?.[0])
    .filter((c) => c !== undefined)
    .slice(0, 2)
    .map((c) => c.toLocaleUpperCase())
    .join('');
}

function hideBrokenImage(event: Event): void {
  (event.target as HTMLImageElement).hidden = true;
}

/**
 * A logo with initials behind it: the image (already checked to be https)
 * covers them, and hides itself if it fails to load. Decorative: the name is
 * always written next to it.
 */
export function logo(
  name: string,
  url: string | undefined,
  size: 'small' | 'large' = 'small'
): TemplateResult {
  return html`<span class="logo ${size}" aria-hidden="true"
    ><span class="initials">${initials(name)}</span>${
      // Keyed by its URL: an element that shows another source gets a new image, never the
      // last one's picture (or its hiding after an error) while the new one loads.
      url
        ? keyed(
            url,
            html`<img
              src=${url}
              alt=""
              loading="lazy"
              decoding="async"
              referrerpolicy="no-referrer"
              @error=${hideBrokenImage}
            />`
          )
        : nothing
    }</span
  >`;
}

/** A labelled progress bar for a syncing connection. */
export function syncProgress(
  connection: Connection,
  locale: string
): TemplateResult | typeof nothing {
  if (connection.status !== 'syncing') return nothing;
  const progress = Math.min(1, Math.max(0, connection.sync?.progress ?? 0));
  const percent = new Intl.NumberFormat(locale, {style: 'percent'}).format(
    progress
  );
  const name = connection.sourceName;
  return html`<div class="progress">
    <progress
      part="progress"
      max="100"
      .value=${Math.round(progress * 100)}
      aria-label=${msg(str`Syncing ${name}`)}
      aria-valuetext=${percent}
    ></progress>
    <span class="progress-label" aria-hidden="true"
      >${msg(str`Syncing your records: ${percent}`)}</span
    >
  </div>`;
}

/** A view's heading: where focus goes when the view appears. */
export function heading(text: string): TemplateResult {
  return html`<h2 class="view-title" tabindex="-1" data-autofocus>${text}</h2>`;
}
