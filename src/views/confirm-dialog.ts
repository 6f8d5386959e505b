/**
 * The "are you sure?" questions, as an alertdialog inside the widget. The
 * rest of the widget is made inert while it shows, and focus starts on the
 * safe answer. Esc answers "no" through the widget's one way out
 * (`FlowController.requestClose`).
 */
import {html, type TemplateResult} from 'lit';
import {msg, str} from '@lit/localize';
import {cancelConfirmation, confirm} from '../flow/confirm.js';
import type {FlowController} from '../flow/flow-controller.js';
import type {Confirmation} from '../flow/steps.js';

export function confirmDialog(
  flow: FlowController,
  question: Confirmation
): TemplateResult {
  const [title, text, yes, no] =
    question.kind === 'leave'
      ? [
          msg('Stop connecting?'),
          msg(
            'Your login is not finished. If you leave now, this provider will not be connected.'
          ),
          msg('Leave'),
          msg('Keep connecting'),
        ]
      : [
          msg(str`Disconnect ${question.connection.sourceName}?`),
          msg('The app will no longer receive new records from this provider.'),
          msg('Disconnect'),
          msg('Cancel'),
        ];
  return html`<div
    class="confirm"
    part="confirm"
    role="alertdialog"
    aria-modal="true"
    aria-labelledby="confirm-title"
    aria-describedby="confirm-text"
  >
    <h2 id="confirm-title">${title}</h2>
    <p id="confirm-text">${text}</p>
    <div class="actions">
      <button
        class="secondary"
        data-autofocus
        @click=${() => cancelConfirmation(flow)}
      >
        ${no}
      </button>
      <button class="danger" @click=${() => confirm(flow)}>${yes}</button>
    </div>
  </div>`;
}
