/**
 * The token the host gave cannot open a session: missing, expired or not
 * accepted. Loaded when it happens (the service answered, or no request was
 * made): rare, and not worth a place in the first load.
 */
import {html, type TemplateResult} from 'lit';
import {msg} from '@lit/localize';
import type {FlowController} from '../flow/flow-controller.js';
import type {Step} from '../flow/steps.js';
import {heading} from './parts.js';

type TokenError = Extract<Step, {name: 'token-error'}>;

export function tokenErrorView(
  flow: FlowController,
  step: TokenError
): TemplateResult {
  const [title, text] =
    step.status === 'SESSION_TOKEN_EXPIRED'
      ? [
          msg('Your session has expired'),
          msg(
            'For your security, sessions end after a while. Close this window and start again from the app.'
          ),
        ]
      : step.status === 'MISSING_SESSION_TOKEN'
        ? [
            msg('This session could not start'),
            msg(
              'The app did not provide a session. Close this window and try again from the app.'
            ),
          ]
        : [
            msg('This session is not valid'),
            msg(
              'The app’s session was not accepted. Close this window and try again from the app.'
            ),
          ];
  return html`
    ${heading(title)}
    <p class="notice error" role="alert">${text}</p>
    <div class="actions">
      <button
        class="primary"
        part="primary-button"
        @click=${() => flow.requestClose('button')}
      >
        ${msg('Close')}
      </button>
    </div>
  `;
}
