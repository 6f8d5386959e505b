/** The person's connected sources: status, sync progress, and Disconnect. */
import {html, nothing, type TemplateResult} from 'lit';
import {msg, str} from '@lit/localize';
import type {Connection} from '../api/types.js';
import type {FlowController} from '../flow/flow-controller.js';
import {askDisconnect, isDisconnecting} from '../flow/confirm.js';
import {connectionStatusLabel, errorMessage} from '../i18n/labels.js';
import {heading, reference, syncProgress} from './parts.js';

// "Disconnect …?": asked only from this view.
export {confirmDialog} from './confirm-dialog.js';
export {styles} from './later-styles.js';

function connectedOn(iso: string, locale: string): string | typeof nothing {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return nothing;
  const when = new Intl.DateTimeFormat(locale, {dateStyle: 'medium'}).format(
    date
  );
  return msg(str`Connected on ${when}`);
}

function item(
  flow: FlowController,
  connection: Connection,
  locale: string
): TemplateResult {
  const name = connection.sourceName;
  return html`<li class="connection" part="connection">
    <div class="connection-text">
      <span class="option-name"><bdi>${name}</bdi></span>
      <span class="badge ${connection.status === 'error' ? 'down' : 'ok'}">
        ${connectionStatusLabel(connection.status)}
      </span>
      ${
        connection.connectedAt && connection.status !== 'error'
          ? html`<span class="option-meta"
              >${connectedOn(connection.connectedAt, locale)}</span
            >`
          : nothing
      }
      ${
        connection.status === 'error' && connection.error?.message
          ? html`<span class="option-meta"
              ><bdi>${connection.error.message}</bdi></span
            >`
          : nothing
      }
      ${syncProgress(connection, locale)}
    </div>
    <button
      class="secondary"
      aria-label=${msg(str`Disconnect ${name}`)}
      aria-disabled=${isDisconnecting(flow, connection.id) ? 'true' : 'false'}
      @click=${() => askDisconnect(flow, connection)}
    >
      ${msg('Disconnect')}
    </button>
  </li>`;
}

export function connectionsView(
  flow: FlowController,
  locale: string
): TemplateResult {
  return html`
    ${heading(msg('Your connected sources'))}
    ${
      flow.connectionsError
        ? html`<div class="notice error" role="alert">
            <p>${errorMessage(flow.connectionsError.code)}</p>
            ${reference(flow, flow.connectionsError)}
          </div>`
        : nothing
    }
    ${
      flow.connections.length
        ? html`<ul class="connections">
            ${flow.connections.map((c) => item(flow, c, locale))}
          </ul>`
        : html`<p class="empty">
            ${msg('You have not connected any sources yet.')}
          </p>`
    }
    <div class="actions">
      <button
        class="primary"
        part="primary-button"
        @click=${() => flow.showSearch()}
      >
        ${msg('Connect a source')}
      </button>
    </div>
  `;
}
