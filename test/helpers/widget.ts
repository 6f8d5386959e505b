/**
 * Putting a real `<human-connect>` on the test page, against the mock
 * Connect service (msw), and recording what the host page receives.
 */
import {fixture, html} from '@open-wc/testing';
import '../../src/human-connect.js';
import type {HumanConnectElement} from '../../src/human-connect.js';
import type {HumanConnectEventDetails, StepDetail} from '../../src/events.js';
import type {MockServiceHandle} from '../../sandbox/browser.js';
import {QUICK_TIMINGS} from '../../demo/gallery/states.js';
import {mockService, MOCK_SESSION_TOKEN} from './mock-service.js';

export {mockService, MOCK_SESSION_TOKEN};
export {typeInto} from './browser.js';

/** The events recorded in `events`; `step` ones go to `steps`. */
type OutcomeEvent = Exclude<keyof HumanConnectEventDetails, 'step'>;

export interface RecordedEvent<K extends OutcomeEvent = OutcomeEvent> {
  type: K;
  detail: HumanConnectEventDetails[K];
}

export interface Mounted {
  el: HumanConnectElement;
  events: RecordedEvent[];
  /** Every `step` event's detail, in order. */
  steps: StepDetail[];
  of<K extends keyof HumanConnectEventDetails>(
    type: K
  ): HumanConnectEventDetails[K][];
  mock: MockServiceHandle;
}

/** Mounts the widget (open unless told otherwise) inside a host container that records events. */
export async function mountWidget(
  options: {
    token?: string | null;
    display?: 'modal' | 'inline';
    open?: boolean;
    apiBase?: string;
    /** What the opening opens to, set before it opens. */
    opening?: Partial<
      Pick<
        HumanConnectElement,
        'sourceId' | 'lockSource' | 'featuredSources' | 'connectionId'
      >
    >;
  } = {}
): Promise<Mounted> {
  const m = await mockService();
  const token =
    options.token === null ? undefined : (options.token ?? MOCK_SESSION_TOKEN);
  const host = await fixture<HTMLDivElement>(
    html`<div>
      <button id="launcher">Connect your health data</button>
      <human-connect
        .token=${token}
        .timings=${QUICK_TIMINGS}
        api-base=${options.apiBase ?? m.apiBase}
        display=${options.display ?? 'modal'}
      ></human-connect>
    </div>`
  );
  const el = host.querySelector('human-connect')!;
  const events: RecordedEvent[] = [];
  const steps: StepDetail[] = [];
  host.addEventListener('step', (event) =>
    steps.push((event as CustomEvent<StepDetail>).detail)
  );
  for (const type of ['connect', 'disconnect', 'close', 'error'] as const) {
    // On the host container: the events bubble out of the element. `error`
    // does not (src/events.ts): it is heard on the element itself.
    (type === 'error' ? el : host).addEventListener(type, (event) => {
      events.push({type, detail: (event as CustomEvent).detail});
    });
  }
  Object.assign(el, options.opening);
  if (options.open ?? true) {
    host.querySelector<HTMLButtonElement>('#launcher')!.focus();
    el.show();
    await el.updateComplete;
  }
  return {
    el,
    events,
    steps,
    mock: m,
    of: <K extends keyof HumanConnectEventDetails>(type: K) =>
      events
        .filter((e) => e.type === type)
        .map((e) => e.detail as HumanConnectEventDetails[K]),
  };
}
