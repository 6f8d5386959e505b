/** Logging in happens in a popup, or in this tab; this view says what is going on meanwhile. */
import {html, type TemplateResult} from 'lit';
import {msg, str} from '@lit/localize';
import type {FlowController} from '../flow/flow-controller.js';
import {cancelLogin, continueInTab, reopenPopup} from '../flow/login-steps.js';
import type {Step} from '../flow/steps.js';
import {heading} from './parts.js';

type Authorizing = Extract<Step, {name: 'authorizing'}>;

export function authorizingView(
  flow: FlowController,
  step: Authorizing
): TemplateResult {
  const sourceName = step.source.name;
  const cancel = html`<button
    class="secondary"
    @click=${() => cancelLogin(flow)}
  >
    ${msg('Cancel')}
  </button>`;
  const reopen = html`<button
    class="primary"
    part="primary-button"
    @click=${() => reopenPopup(flow)}
  >
    ${msg('Reopen login window')}
  </button>`;
  switch (step.phase) {
    case 'creating':
      return html`${heading(msg(str`Connecting to ${sourceName}`))}
        <p class="loading">${msg('Preparing a secure login…')}</p>
        <div class="actions">${cancel}</div>`;
    case 'waiting':
      return html`${heading(msg(str`Sign in to ${sourceName}`))}
        <p>
          ${msg('Finish signing in in the window that opened. We will continue here when you are done.')}
        </p>
        <p class="loading">${msg('Waiting for you to sign in…')}</p>
        <div class="actions">${cancel}${reopen}</div>`;
    case 'blocked':
      return html`${heading(msg(str`Open the ${sourceName} login page`))}
        <p>
          ${msg('Your browser blocked the login window. Open the login page in a new tab, sign in, then come back to this page.')}
        </p>
        <p>
          <a
            class="button primary"
            part="primary-button"
            href=${step.authorizeUrl!}
            target="_blank"
            rel="noopener noreferrer"
            >${msg(str`Sign in to ${sourceName} in a new tab`)}</a
          >
        </p>
        <p class="loading">${msg('Waiting for you to sign in…')}</p>
        <div class="actions">
          ${cancel}
          <button class="secondary" @click=${() => continueInTab(flow)}>
            ${msg('Continue in this tab')}
          </button>
        </div>`;
    case 'leaving':
      return html`${heading(msg(str`Sign in to ${sourceName}`))}
        <p class="loading">
          ${msg('Taking you to the sign-in page. You will come back here when you are done.')}
        </p>`;
    case 'native':
      return html`${heading(msg(str`Sign in to ${sourceName}`))}
        <p>
          ${msg('Finish signing in in the window the app opened. We will continue here when you are done.')}
        </p>
        <p class="loading">${msg('Waiting for you to sign in…')}</p>
        <div class="actions">${cancel}</div>`;
    case 'closed':
      return html`${heading(msg('The login window was closed'))}
        <p>
          ${msg('If you finished signing in, this will update in a moment. Otherwise, open the login window again.')}
        </p>
        <div class="actions">${cancel}${reopen}</div>`;
  }
}
