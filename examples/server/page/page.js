/**
 * The example host page (index.html): plain JS, no build step, no inline
 * script (the server sends a strict Content-Security-Policy). The widget is
 * the built script-tag bundle, `window.HumanConnect`.
 *
 * Everything shown that came from elsewhere (source names, record fields) is
 * set with `textContent`, never as HTML.
 */

const POLL_MS = 5000;

const $ = (/** @type {string} */ id) =>
  /** @type {HTMLElement} */ (document.getElementById(id));
const status = $('status');
const signedOut = $('signed-out');
const signedIn = $('signed-in');
const connectButton = /** @type {HTMLButtonElement} */ ($('connect'));

const KINDS = [
  {kind: 'medication', one: 'medication', many: 'medications'},
  {kind: 'test_result', one: 'test result', many: 'test results'},
  {kind: 'condition', one: 'condition', many: 'conditions'},
];

/** @param {string} message */
function say(message) {
  status.textContent = message;
}

/**
 * A call to this page's own server; throws an Error with the server's message and `status`.
 * @param {string} path
 * @param {{method?: string, body?: unknown}} [options]
 */
async function api(path, {method = 'GET', body} = {}) {
  const res = await fetch(path, {
    method,
    credentials: 'same-origin',
    headers: body === undefined ? {} : {'Content-Type': 'application/json'},
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  let json = null;
  try {
    json = await res.json();
  } catch {
    // an empty answer (204), or not JSON: the status says enough
  }
  if (!res.ok) {
    const error = new Error(json?.error?.message ?? `${path}: ${res.status}`);
    Object.assign(error, {status: res.status});
    throw error;
  }
  return json;
}

/** @param {string | undefined} iso */
function day(iso) {
  return typeof iso === 'string' ? iso.slice(0, 10) : '';
}

/** One line of text for a record, whatever its kind. */
function describe(record) {
  const parts = [String(record.name ?? record.id)];
  if (record.kind === 'test_result') {
    parts[0] += `: ${record.value}${record.unit ? ` ${record.unit}` : ''}`;
    if (record.referenceRange) parts.push(`range ${record.referenceRange}`);
    if (record.observedAt) parts.push(`observed ${day(record.observedAt)}`);
  } else if (record.kind === 'medication') {
    if (record.dosage) parts[0] += ` ${record.dosage}`;
    if (record.status) parts.push(record.status);
    if (record.startedAt) parts.push(`since ${day(record.startedAt)}`);
  } else if (record.kind === 'condition') {
    if (record.status) parts.push(record.status);
    if (record.onsetAt) parts.push(`since ${day(record.onsetAt)}`);
  }
  parts.push(`updated ${day(record.updatedAt)}`);
  return parts.join(' · ');
}

/** "Mercy General Hospital: 3 medications, 5 test results, 2 conditions" */
function summaryLine(source) {
  const counts = KINDS.map(({kind, one, many}) => {
    const n = source.counts[kind] ?? 0;
    return `${n} ${n === 1 ? one : many}`;
  });
  return `${source.name ?? `A source no longer connected (${source.id})`}: ${counts.join(', ')}`;
}

function el(tag, text, className) {
  const node = document.createElement(tag);
  if (text !== undefined) node.textContent = text;
  if (className) node.className = className;
  return node;
}

/** Draws what `GET /api/human-connect/records` answered. */
function render(view) {
  const sources = $('sources');
  const list = view.sources;
  const total = list.reduce((n, s) => n + s.records.length, 0);
  $('summary').textContent = list.length
    ? `${total} ${total === 1 ? 'record' : 'records'} from ${list.length} ${list.length === 1 ? 'source' : 'sources'}.`
    : 'No source connected yet.';
  const sections = list.map((source) => {
    const section = el('section', undefined, 'source');
    section.append(el('h3', summaryLine(source)));
    if (source.status && source.status !== 'synced')
      section.append(el('p', `Status: ${source.status}`, 'hint'));
    for (const {kind, many} of KINDS) {
      const records = source.records.filter((r) => r.kind === kind);
      if (!records.length) continue;
      section.append(el('h4', many[0].toUpperCase() + many.slice(1)));
      const ul = el('ul');
      for (const record of records) ul.append(el('li', describe(record)));
      section.append(ul);
    }
    return section;
  });
  sources.replaceChildren(...sections);
  $('updated').textContent = `Checked ${new Date().toLocaleTimeString()}.`;
}

let lastShown = '';

/** Reads the records; announces only a change, so that polling stays quiet. */
async function refresh({announce = false} = {}) {
  try {
    const view = await api('/api/human-connect/records');
    showSignedIn(view.userId);
    const key = JSON.stringify(view.sources);
    const changed = key !== lastShown;
    const first = lastShown === '';
    if (changed) {
      lastShown = key;
      render(view);
    }
    if (announce) say('Records refreshed.');
    else if (changed && !first) say('Your records were updated.');
  } catch (error) {
    if (error.status === 401) showSignedOut();
    else say(`Could not read your records: ${error.message}`);
  }
}

function showSignedIn(userId) {
  $('who').textContent = userId;
  signedOut.hidden = true;
  signedIn.hidden = false;
}

function showSignedOut() {
  lastShown = '';
  $('sources').replaceChildren();
  $('summary').textContent = '';
  signedIn.hidden = true;
  signedOut.hidden = false;
}

/** The page's part of the flow: the event detail goes to the server, which pulls the records. */
async function forward(type, detail) {
  say(`Sending the ${type} to your server…`);
  try {
    await api('/api/human-connect/results', {method: 'POST', body: detail});
    say(`Your server has the ${type}; reading your records…`);
    await refresh();
  } catch (error) {
    say(`Your server refused the ${type}: ${error.message}`);
  }
}

connectButton.addEventListener('click', async () => {
  const HumanConnect = window.HumanConnect;
  if (!HumanConnect) {
    say(
      "The widget's bundle did not load: run `npm run build`, then reload the page."
    );
    return;
  }
  let session;
  try {
    session = await api('/api/human-connect/session', {method: 'POST'});
  } catch (error) {
    say(`Could not get a session token: ${error.message}`);
    return;
  }
  void HumanConnect.open({
    token: session.sessionToken,
    apiBase: session.apiBase,
    onConnect: (detail) => void forward('connection', detail),
    onClose: (detail) => void forward('closing', detail),
  });
});

$('sign-in').addEventListener('submit', async (event) => {
  event.preventDefault();
  const userId = /** @type {HTMLInputElement} */ ($('user-id')).value.trim();
  try {
    await api('/api/login', {method: 'POST', body: {userId}});
    say(`Signed in as ${userId}.`);
    await refresh();
    connectButton.focus();
  } catch (error) {
    say(`Could not sign in: ${error.message}`);
  }
});

$('sign-out').addEventListener('click', async () => {
  await api('/api/logout', {method: 'POST'});
  showSignedOut();
  say('Signed out.');
});

$('refresh').addEventListener('click', () => void refresh({announce: true}));

// New records arrive when the service notifies the server; look again now and then.
setInterval(() => {
  if (document.visibilityState === 'visible' && !signedIn.hidden)
    void refresh();
}, POLL_MS);

void refresh();
