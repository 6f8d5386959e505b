/**
 * The source an opening was asked to open to (`source-id`) cannot be connected: why, and then the
 * search, or, locked to that source (`lock-source`), only Close.
 */
import {html, type TemplateResult} from 'lit';
import {msg} from '@lit/localize';
import type {FlowController} from '../flow/flow-controller.js';
import {isLocked} from '../flow/open-source.js';
import type {Step} from '../flow/steps.js';
import {errorMessage} from '../i18n/labels.js';
import {heading} from './parts.js';

type SourceError = Extract<Step, {name: 'source-error'}>;

export function sourceErrorView(
  flow: FlowController,
  step: SourceError
): TemplateResult {
  // The two that are error codes of the contract have their words already (labels.ts).
  const why =
    step.code === 'not_found'
      ? msg('This provider could not be found.')
      : errorMessage(step.code);
  const locked = isLocked(flow);
  return html`
    ${heading(msg('We could not open this provider'))}
    <p class="notice error" role="alert">${why}</p>
    <div class="actions">
      <button
        class="primary"
        part="primary-button"
        @click=${() =>
          locked ? flow.requestClose('button') : flow.showSearch()}
      >
        ${locked ? msg('Close') : msg('Choose another provider')}
      </button>
    </div>
  `;
}
