/**
 * Whole-widget states: loading the session, and the session failing (a bad
 * token has token-error-view.ts).
 */
import {html, type TemplateResult} from 'lit';
import {msg} from '@lit/localize';
import type {FlowController} from '../flow/flow-controller.js';
import type {Step} from '../flow/steps.js';
import {errorMessage} from '../i18n/labels.js';
import {heading, reference} from './parts.js';

type SessionError = Extract<Step, {name: 'session-error'}>;

export function loadingView(): TemplateResult {
  return html`<p class="loading" data-autofocus tabindex="-1">
    ${msg('Loading…')}
  </p>`;
}

export function sessionErrorView(
  flow: FlowController,
  step: SessionError
): TemplateResult {
  return html`
    ${heading(msg('We could not load this page'))}
    <p class="notice error" role="alert">
      ${errorMessage(step.error.code)}${reference(flow, step.error)}
    </p>
    <div class="actions">
      <button class="secondary" @click=${() => flow.requestClose('button')}>
        ${msg('Close')}
      </button>
      <button
        class="primary"
        part="primary-button"
        @click=${() => flow.loadSession()}
      >
        ${msg('Try again')}
      </button>
    </div>
  `;
}
