/** The ends of a connection attempt: success, or a failure with a retry. */
import {html, nothing, type TemplateResult} from 'lit';
import {msg, str} from '@lit/localize';
import {ConnectApiError} from '../api/errors.js';
import type {FlowController} from '../flow/flow-controller.js';
import {retryConnect} from '../flow/login-steps.js';
import {isLocked} from '../flow/open-source.js';
import {receiptOf, receiptUrl} from '../flow/receipt.js';
import type {Step} from '../flow/steps.js';
import {errorMessage} from '../i18n/labels.js';
import {heading, logo, reference, syncProgress} from './parts.js';

type Connected = Extract<Step, {name: 'connected'}>;
type ConnectError = Extract<Step, {name: 'connect-error'}>;

export function connectedView(
  flow: FlowController,
  step: Connected,
  locale: string
): TemplateResult {
  const sourceName = step.source.name;
  const appName = flow.session!.app.name;
  const connection = flow.connections.find((c) => c.id === step.connectionId);
  const receipt = receiptOf(flow, step.connectionId);
  return html`
    <div class="pair" aria-hidden="true">
      ${logo(sourceName, flow.safeUrl(step.source.logoUrl), 'large')}
    </div>
    ${heading(msg(str`${sourceName} is connected`))}
    <p>
      ${msg(str`Your records are now shared with ${appName}. The first sync can take a few minutes.`)}
    </p>
    ${connection ? syncProgress(connection, locale) : nothing}
    ${
      // What they agreed to, theirs to keep: a file made here, in the browser.
      receipt
        ? html`<p>
            <a href=${receiptUrl(receipt)} download="consent-receipt.txt"
              >${msg('Save a copy of what you agreed to')}</a
            >
          </p>`
        : nothing
    }
    <div class="actions">
      ${backToSearch(flow, msg('Connect another source'))}
      <button
        class="primary"
        part="primary-button"
        @click=${() => flow.requestClose('done')}
      >
        ${msg('Done')}
      </button>
    </div>
  `;
}

/** A way back to the search, unless the opening is locked to its source (`lock-source`). */
function backToSearch(
  flow: FlowController,
  label: string
): TemplateResult | typeof nothing {
  return isLocked(flow)
    ? nothing
    : html`<button class="secondary" @click=${() => flow.showSearch()}>
        ${label}
      </button>`;
}

/**
 * The words for the failures only a redirect login meets (issue 16): here, with the view that
 * shows them, rather than in every page's first load with `errorMessage`.
 */
function redirectMessage(code: string): string | undefined {
  switch (code) {
    case 'return_url_refused':
      return msg(
        'This page cannot sign you in here: it asked to come back to another site.'
      );
    case 'storage_unavailable':
      return msg(
        'Your browser does not let this page keep track of the sign-in. Allow this site’s storage, or open the page in your browser, and try again.'
      );
    default:
      return undefined;
  }
}

export function connectErrorView(
  flow: FlowController,
  step: ConnectError
): TemplateResult {
  const sourceName = step.source.name;
  const error = step.error;
  // A login that failed at the source carries the source's own words (shown
  // as text); a failed call carries a code that has words of our own.
  const reason =
    error instanceof ConnectApiError
      ? (redirectMessage(error.code) ?? errorMessage(error.code))
      : error?.message || msg('The login did not complete.');
  return html`
    ${heading(msg(str`We could not connect ${sourceName}`))}
    <p class="notice error" role="alert">${reason}${reference(flow, error)}</p>
    <div class="actions">
      ${backToSearch(flow, msg('Back to search'))}
      <button
        class="primary"
        part="primary-button"
        @click=${() => retryConnect(flow)}
      >
        ${msg('Try again')}
      </button>
    </div>
  `;
}

/**
 * The page was loaded as the return of a redirect login that is not believed (a forged or replayed
 * address, or one too old): nothing was connected, and the person starts again, as the page opened
 * the widget (the session read afresh, then the search, or the source or repair it asked for,
 * which a locked opening must keep to).
 */
export function returnRefusedView(flow: FlowController): TemplateResult {
  return html`
    ${heading(msg('We could not finish connecting'))}
    <p class="notice error" role="alert">
      ${msg('This sign-in could not be confirmed, so nothing was connected. If you were signing in to a provider, please start again.')}
    </p>
    <div class="actions">
      <button
        class="primary"
        part="primary-button"
        @click=${() => void flow.loadSession()}
      >
        ${msg('Start again')}
      </button>
    </div>
  `;
}
