/**
 * The demo host page: a "Connect your health data" button, the scenario
 * switches of the mock Connect service, and a log of every event the widget
 * dispatches. The mock service runs in this page through msw's worker.
 */
import '../src/human-connect.js';
import type {HumanConnectElement} from '../src/human-connect.js';
import {startMockService} from '../sandbox/browser.js';
import {serviceUrls} from './service-urls.js';
import {
  MOCK_EXPIRED_TOKEN,
  MOCK_SESSION_TOKEN,
  SCENARIOS,
  type ScenarioName,
} from '../sandbox/connect-service.js';

const $ = <T extends HTMLElement>(selector: string) =>
  document.querySelector<T>(selector)!;

const TOKENS: Record<string, string | undefined> = {
  valid: MOCK_SESSION_TOKEN,
  expired: MOCK_EXPIRED_TOKEN,
  invalid: 'not-a-real-token',
  missing: undefined,
};

function checked(name: string): string {
  return document.querySelector<HTMLInputElement>(
    `input[name="${name}"]:checked`
  )!.value;
}

function renderScenarioSwitches(onChange: (name: ScenarioName) => void): void {
  const host = $('#scenarios');
  for (const scenario of SCENARIOS) {
    const label = document.createElement('label');
    const input = document.createElement('input');
    input.type = 'radio';
    input.name = 'scenario';
    input.value = scenario.name;
    input.checked = scenario.name === 'normal';
    input.addEventListener('change', () => onChange(scenario.name));
    label.append(input, ` ${scenario.label}`);
    label.title = scenario.description;
    host.append(label);
  }
}

function logEvent(event: Event): void {
  const item = document.createElement('li');
  const title = document.createElement('strong');
  title.textContent = `${event.type} · ${new Date().toLocaleTimeString()}`;
  const detail = document.createElement('pre');
  detail.textContent = JSON.stringify((event as CustomEvent).detail, null, 2);
  item.append(title, detail);
  $('#log').prepend(item);
}

async function main(): Promise<void> {
  // `persist`: a redirect login leaves this page, and the service with it; what it had comes
  // back with the page.
  const {service, apiBase} = await startMockService({
    ...serviceUrls(),
    persist: true,
  });
  renderScenarioSwitches((name) => service.useScenario(name));

  const widget = document.createElement('human-connect') as HumanConnectElement;
  widget.apiBase = apiBase;
  for (const type of ['connect', 'disconnect', 'close', 'error', 'step']) {
    widget.addEventListener(type, logEvent);
  }

  const launch = $<HTMLButtonElement>('#launch');
  const place = () => {
    widget.token = TOKENS[checked('token')];
    widget.display = checked('display') as 'modal' | 'inline';
    widget.login = checked('login') as HumanConnectElement['login'];
    const container =
      widget.display === 'inline' ? $('#inline-host') : document.body;
    if (widget.parentElement !== container) container.append(widget);
  };
  launch.addEventListener('click', () => {
    place();
    widget.show();
  });
  // Back from a redirect login: the widget opens by itself and finishes it.
  place();
  widget.resumeLogin();
  $('#reset').addEventListener('click', () => {
    service.reset();
    document.querySelector<HTMLInputElement>(
      'input[name="scenario"][value="normal"]'
    )!.checked = true;
  });
  $('#clear-log').addEventListener('click', () => $('#log').replaceChildren());

  launch.disabled = false;
  $('#mock-status').textContent = 'The mock Connect service is running.';
}

void main().catch((error: unknown) => {
  $('#mock-status').textContent =
    `The mock service could not start: ${String(error)}`;
});
