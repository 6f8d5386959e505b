/** Consent: what the app asks to see, at which source, and Allow / Decline. */
import {html, nothing, type TemplateResult} from 'lit';
import {msg, str} from '@lit/localize';
import type {ConsentScope, Source} from '../api/types.js';
import {allow, isTicked, tickScope} from '../flow/allow.js';
import type {SeenConsent} from '../flow/receipt.js';
import {declineConsent, offersAnother} from '../flow/open-source.js';
import type {FlowController} from '../flow/flow-controller.js';
import {heading, logo} from './parts.js';
export {styles} from './later-styles.js';

/** A scope's name and what it covers: its own direction, in a row that keeps the view's. */
function scopeText(scope: ConsentScope): TemplateResult {
  return html`<span class="scope-label"><bdi>${scope.label}</bdi></span> ${
      scope.description
        ? html`<span class="scope-description"
            ><bdi>${scope.description}</bdi></span
          >`
        : nothing
    }`;
}

function link(href: string | undefined, text: string): TemplateResult | string {
  return href
    ? html`<a href=${href} target="_blank" rel="noopener noreferrer"
        >${text}</a
      >`
    : text;
}

/**
 * The consent's words as the person reads them, at Allow, for the receipt: each block of the
 * view but the logos, the buttons and the way to another provider, its text on one line, and a
 * line per scope, marked as listed (-) or as its box is ([x] or [ ]).
 */
function seen(event: Event): SeenConsent {
  const button = event.currentTarget as Element;
  const line = (element: Element) =>
    element.textContent!.replace(/\s+/g, ' ').trim();
  const text = [...button.closest('.body')!.children]
    .filter((block) => !block.matches('.pair, .another, .actions'))
    .flatMap((block) =>
      block.matches('ul')
        ? [...block.children].map((scope) => {
            const box = scope.querySelector('input');
            return `${box ? (box.checked ? '[x]' : '[ ]') : '-'} ${line(scope)}`;
          })
        : line(block)
    )
    .join('\n');
  // (the panel's language, which its words are in)
  return {text, locale: button.closest<HTMLElement>('[lang]')!.lang};
}

export function consentView(
  flow: FlowController,
  source: Source
): TemplateResult {
  const app = flow.session!.app;
  const appName = app.name;
  const sourceName = source.name;
  const terms = flow.safeUrl(app.termsUrl);
  const scopes = flow.session!.consent.scopes;
  // Those the service marks optional are the person's to choose (their box starts as it says).
  const required = scopes.filter((scope) => scope.required !== false);
  const optional = scopes.filter((scope) => scope.required === false);
  const privacy = flow.safeUrl(app.privacyUrl);
  return html`
    <div class="pair" aria-hidden="true">
      ${logo(appName, flow.safeUrl(app.logoUrl), 'large')}
      <span class="pair-link"></span>
      ${logo(sourceName, flow.safeUrl(source.logoUrl), 'large')}
    </div>
    ${heading(msg(str`${appName} wants to connect to ${sourceName}`))}
    ${
      // Opened to this source by the host: the person may still pick another, unless locked.
      offersAnother(flow)
        ? html`<p class="another">
            <button class="link" @click=${() => flow.showSearch()}>
              ${msg('Choose another provider')}
            </button>
          </p>`
        : nothing
    }
    ${
      source.status === 'degraded'
        ? html`<p class="notice warn">
            ${msg('This provider is having problems. Connecting may be slow or some records may be missing for a while.')}
          </p>`
        : nothing
    }
    <p>${msg(str`If you allow it, ${appName} will be able to see:`)}</p>
    <ul class="scopes" part="scopes">
      ${required.map((scope) => html`<li>${scopeText(scope)}</li>`)}
    </ul>
    ${
      optional.length
        ? html`<p>${msg('And, if you choose:')}</p>
            <ul class="scopes" part="scopes">
              ${optional.map(
                (scope, i) =>
                  html`<li class="choice">
                    <input
                      type="checkbox"
                      id="scope-${i}"
                      .checked=${isTicked(flow, scope)}
                      @change=${(event: Event) =>
                        tickScope(
                          flow,
                          scope.id,
                          (event.target as HTMLInputElement).checked
                        )}
                    />
                    <label for="scope-${i}">${scopeText(scope)}</label>
                  </li>`
              )}
            </ul>`
        : nothing
    }
    <p class="fine-print">
      ${msg(str`You will sign in to ${sourceName} in a new window. ${appName} never sees your password. You can disconnect at any time.`)}
    </p>
    ${
      terms || privacy
        ? html`<p class="fine-print">
            ${link(terms, msg('Terms of service'))}${terms && privacy ? ' · ' : ''}${link(
              privacy,
              msg('Privacy policy')
            )}
          </p>`
        : nothing
    }
    <div class="actions consent-actions">
      <button class="secondary" @click=${() => declineConsent(flow)}>
        ${msg('Decline')}
      </button>
      <button
        class="primary"
        part="primary-button"
        @click=${(event: Event) => allow(flow, seen(event))}
      >
        ${msg('Allow')}
      </button>
    </div>
  `;
}
