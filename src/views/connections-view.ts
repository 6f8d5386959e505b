/** The person's connected sources: status, sync progress, Reconnect and Disconnect. */
import {html, nothing, type TemplateResult} from 'lit';
import {msg, str} from '@lit/localize';
import type {Connection, ConnectionStatus} from '../api/types.js';
import type {FlowController} from '../flow/flow-controller.js';
import {askDisconnect, isDisconnecting} from '../flow/confirm.js';
import {needsLogin, reconnect} from '../flow/reconnect.js';
import {errorMessage} from '../i18n/labels.js';
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

/** What a connection shares, by the consent's own names for it, where the service says. */
function shares(
  flow: FlowController,
  connection: Connection,
  locale: string
): TemplateResult | typeof nothing {
  const offered = flow.session?.consent.scopes ?? [];
  const names = (connection.scopes ?? []).flatMap(
    (id) => offered.find((scope) => scope.id === id)?.label ?? []
  );
  if (!names.length) return nothing;
  const list = new Intl.ListFormat(locale, {type: 'conjunction'}).format(names);
  return html`<span class="option-meta">${msg(str`Shares: ${list}`)}</span>`;
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
      ${shares(flow, connection, locale)} ${syncProgress(connection, locale)}
    </div>
    <div class="connection-actions">
      ${
        needsLogin(connection)
          ? html`<button
              class="primary"
              aria-label=${msg(str`Reconnect ${name}`)}
              @click=${() => reconnect(flow, connection)}
            >
              ${msg('Reconnect')}
            </button>`
          : nothing
      }
      <button
        class="secondary"
        aria-label=${msg(str`Disconnect ${name}`)}
        aria-disabled=${isDisconnecting(flow, connection.id) ? 'true' : 'false'}
        @click=${() => askDisconnect(flow, connection)}
      >
        ${msg('Disconnect')}
      </button>
    </div>
  </li>`;
}

/** The connected sources, or, at the `reconnect` step, the repair of one of them. */
export function connectionsView(
  flow: FlowController,
  locale: string
): TemplateResult {
  const step = flow.step;
  if (step.name === 'reconnect') return reconnectView(flow, step.connection);
  return html`
    ${heading(msg('Your connected sources'))}
    ${
      flow.connectionsError
        ? html`<p class="notice error" role="alert">
            ${errorMessage(flow.connectionsError.code)}${reference(
              flow,
              flow.connectionsError
            )}
          </p>`
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

/**
 * Straight into the repair of one connection (`connection-id`, or Try again after its login
 * failed): what broke, Reconnect, or the person's other sources.
 */
function reconnectView(
  flow: FlowController,
  connection: Connection
): TemplateResult {
  const name = connection.sourceName;
  return html`
    ${heading(msg(str`Reconnect ${name}`))}
    ${
      connection.error?.message
        ? html`<p class="notice warn">
            <bdi>${connection.error.message}</bdi>
          </p>`
        : nothing
    }
    <p>
      ${msg(
        str`Sign in to ${name} again to keep sharing your records with ${flow.session!.app.name}.`
      )}
    </p>
    <div class="actions">
      <button
        class="primary"
        part="primary-button"
        @click=${() => reconnect(flow, connection)}
      >
        ${msg('Reconnect')}
      </button>
      <button class="secondary" @click=${() => flow.showConnections()}>
        ${msg('Your connected sources')}
      </button>
    </div>
  `;
}

/**
 * On the search, where some connection needs the person to sign in again: "1 source needs
 * attention", the way to the connected sources (loaded only then, with this view).
 */
export function attentionLine(
  flow: FlowController,
  locale: string
): TemplateResult | typeof nothing {
  const count = flow.connections.filter(needsLogin).length;
  if (!count) return nothing;
  const n = new Intl.NumberFormat(locale).format(count);
  return html`<p class="notice warn">
    <button class="link" @click=${() => flow.showConnections()}>
      ${
        new Intl.PluralRules(locale).select(count) === 'one'
          ? msg(str`${n} source needs attention`)
          : msg(str`${n} sources need attention`)
      }
    </button>
  </p>`;
}

/** A connection's state, in words (here, with the only view that shows it, not in the first load). */
export function connectionStatusLabel(status: ConnectionStatus): string {
  switch (status) {
    case 'pending':
      return msg('Waiting for login');
    case 'connected':
      return msg('Connected');
    case 'syncing':
      return msg('Syncing');
    case 'synced':
      return msg('Up to date');
    case 'error':
      return msg('Needs attention');
  }
}
