/** "Can't find your provider?": a short form that asks the service to add it. */
import {html, nothing, type TemplateResult} from 'lit';
import {msg} from '@lit/localize';
import type {FlowController} from '../flow/flow-controller.js';
import {submitRequest, updateRequestForm} from '../flow/request-flow.js';
import {errorMessage} from '../i18n/labels.js';
import {heading, reference} from './parts.js';
export {styles} from './later-styles.js';

type Field = 'name' | 'address' | 'website' | 'physician';

function field(
  flow: FlowController,
  name: Field,
  label: string,
  type: 'text' | 'url' = 'text',
  autocomplete = 'off'
): TemplateResult {
  const form = flow.requestForm;
  const required = name === 'name';
  const invalid = required && form.invalid;
  return html`<div class="field">
    <label class="field-label" for="request-${name}">${label}</label>
    <input
      id="request-${name}"
      type=${type}
      autocomplete=${autocomplete}
      .value=${form[name]}
      ?required=${required}
      aria-invalid=${invalid ? 'true' : 'false'}
      aria-describedby=${invalid ? 'request-name-error' : nothing}
      @input=${(e: Event) => updateRequestForm(flow, name, (e.target as HTMLInputElement).value)}
    />
    ${
      invalid
        ? html`<span class="field-error" id="request-name-error">
            ${msg('Enter the name of the provider.')}
          </span>`
        : nothing
    }
  </div>`;
}

export function requestView(flow: FlowController): TemplateResult {
  const form = flow.requestForm;
  const submit = (event: Event) => {
    event.preventDefault();
    void submitRequest(flow);
  };
  return html`
    ${heading(msg('Request a provider'))}
    <p>
      ${msg('Tell us which provider you could not find, and we will work on adding it.')}
    </p>
    <form @submit=${submit} novalidate>
      ${field(flow, 'name', msg('Provider name (required)'))}
      ${field(flow, 'address', msg('Address or city'), 'text', 'street-address')}
      ${field(flow, 'website', msg('Website'), 'url')}
      ${field(flow, 'physician', msg('Your doctor’s name'))}
      ${
        form.error
          ? html`<p class="notice error" role="alert">
              ${errorMessage(form.error.code)}${reference(flow, form.error)}
            </p>`
          : nothing
      }
      <div class="actions">
        <button
          type="button"
          class="secondary"
          @click=${() => flow.showSearch()}
        >
          ${msg('Cancel')}
        </button>
        <button
          class="primary"
          part="primary-button"
          aria-disabled=${form.sending ? 'true' : 'false'}
        >
          ${form.sending ? msg('Sending…') : msg('Send request')}
        </button>
      </div>
    </form>
  `;
}
