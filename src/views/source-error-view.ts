/**
 * The source an opening was asked to open to (`source-id`) cannot be connected: why, and then the
 * search, or, locked to that source (`lock-source`), only Close.
 */
import {html, type TemplateResult} from 'lit';
import {msg, str} from '@lit/localize';
import type {FlowController} from '../flow/flow-controller.js';
import {isLocked} from '../flow/open-source.js';
import type {Step} from '../flow/steps.js';
import {heading} from './parts.js';

type SourceError = Extract<Step, {name: 'source-error'}>;

export function sourceErrorView(
  flow: FlowController,
  step: SourceError
): TemplateResult {
  const name = step.source?.name ?? '';
  const why =
    step.code === 'conflict'
      ? msg(str`${name} is connected already.`)
      : step.code === 'source_unavailable'
        ? msg(str`${name} is not available right now. Please try again later.`)
        : msg('This provider could not be found.');
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
