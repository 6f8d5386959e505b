/**
 * The request form: what the person types, and Send, which asks the service to add a source it
 * does not list. Loaded with the
 * request form (src/views/request-view.ts calls it), not with the first screens: a step of the
 * flow (flow-controller.ts) that only some people reach.
 */
import {isAbort} from '../api/errors.js';
import {unlessAborted} from './abort-slot.js';
import type {FlowController} from './flow-controller.js';
import {EMPTY_FORM} from './steps.js';

/** What the person typed in one of the form's fields. */
export function updateRequestForm(
  flow: FlowController,
  field: 'name' | 'address' | 'website' | 'physician',
  value: string
): void {
  flow.requestForm = {...flow.requestForm, [field]: value, invalid: false};
  flow.host.requestUpdate();
}

/**
 * Sends the form: a name is required, the rest is sent only where filled in. On success, back to
 * search with a thank-you; on failure, the form keeps what the person typed and says why.
 */
export async function submitRequest(flow: FlowController): Promise<void> {
  const form = flow.requestForm;
  const client = flow.client;
  if (form.sending || !client) return;
  if (!form.name.trim()) {
    flow.requestForm = {...form, invalid: true};
    return flow.host.requestUpdate();
  }
  const body = {
    name: form.name.trim(),
    ...optional('address', form.address),
    ...optional('website', form.website),
    ...optional('physician', form.physician),
  };
  const signal = flow.main.next();
  flow.requestForm = {...form, sending: true, error: undefined};
  flow.host.requestUpdate();
  try {
    await unlessAborted(client.requestSource(body, signal), signal);
    flow.results.requestedSources.push(body);
    flow.requestedName = body.name;
    flow.requestForm = {...EMPTY_FORM};
    flow.tell('request-sent');
    flow.go({name: 'search'});
  } catch (error) {
    if (isAbort(error)) return;
    flow.requestForm = {
      ...flow.requestForm,
      sending: false,
      error: flow.fail(error),
    };
    flow.host.requestUpdate();
  }
}

/** `{[key]: value}` where the field was filled in (trimmed), else nothing. */
function optional<K extends string>(
  key: K,
  value: string
): {[P in K]?: string} {
  const trimmed = value.trim();
  return (trimmed ? {[key]: trimmed} : {}) as {[P in K]?: string};
}
