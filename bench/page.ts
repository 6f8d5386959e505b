/**
 * The benchmark's host page (bench/page.html), driven by bench/run.mjs through `window.bench`.
 *
 * It runs the mock Connect service (sandbox/) with no latency (unless `?nomock`), adds a
 * synthetic `GET /sources?q=bench<N>` answer with exactly N results (N = 20, 1000, 10000…) for
 * the long-list runs, counts the widget's `fetch` calls, and measures in the page: everything
 * timed here is `performance.now()` in the page, so the DevTools protocol's round trips never
 * enter a figure. The widget itself comes only from the production script-tag bundle, loaded as
 * a classic `<script>` by `loadScript()`.
 */
import {getResponse, http, HttpResponse, type RequestHandler} from 'msw';
import {startMockService} from '../sandbox/browser.js';
import {
  createConnectService,
  type ConnectService,
} from '../sandbox/connect-service.js';
import type {Source} from '../src/api/types.js';

const TOKEN = 'mock-session-token';
const params = new URLSearchParams(location.search);

// --- fetch calls, counted (and, by default, answered in the page) ------------------------------

/**
 * How the mock answers the widget's API requests:
 * - `page` (default): the mock service's msw handlers (sandbox/connect-service.ts) run in the
 *   page itself, through msw's `getResponse`, and no service worker is registered: an answer
 *   costs only the mock's own work, with no hop. Logos (images) then go to the network, where
 *   run.mjs answers them through the DevTools protocol, off the page's thread.
 * - `sw` (`?transport=sw`): `startMockService()`, msw's service worker, as the demo and the tests
 *   run: each answer, logos included, makes a round trip page → worker → page (the handlers run
 *   on the page's thread) → worker → page.
 */
const transport = params.get('transport') === 'sw' ? 'sw' : 'page';

interface FetchRecord {
  url: string;
  start: number;
  /** When the response (or the failure) was handed to the widget. */
  answered: number;
  /** The first frame that could show the answer (see `frameClock`), while recording. */
  answeredFrame: number;
  /**
   * When the widget had the whole body in hand: its `response.json()` (or `text()`) resolved.
   * `fetch` resolves once the headers are in; the body is read in later tasks, as it arrives.
   */
  bodyRead: number;
  bodyFrame: number;
  aborted: boolean;
  done: boolean;
}
const fetches: FetchRecord[] = [];
const nativeFetch = window.fetch.bind(window);
interface Mock {
  service: ConnectService;
  apiBase: string;
  /** The handlers in the order msw tries them. */
  handlers(): RequestHandler[];
}
let mock: Mock | null = null;

function abortError(): DOMException {
  return new DOMException('The operation was aborted.', 'AbortError');
}

/** The mock's answer from its handlers, in the page; undefined when none answers. */
function answerInPage(request: Request): Promise<Response | undefined> {
  return new Promise((resolve, reject) => {
    const signal = request.signal;
    if (signal.aborted) return reject(abortError());
    const onAbort = () => reject(abortError());
    signal.addEventListener('abort', onAbort, {once: true});
    getResponse(mock!.handlers(), request).then(
      (response) => {
        signal.removeEventListener('abort', onAbort);
        resolve(response);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      }
    );
  });
}

/**
 * The cost of the `step` events (issue 15): each dispatch timed, with a listener that does what a
 * host's analytics would (copy the detail into a queue), so the figure is what a host pays.
 */
const stepDispatches: number[] = [];
const analytics: string[] = [];
const dispatch = EventTarget.prototype.dispatchEvent;
EventTarget.prototype.dispatchEvent = function (event: Event): boolean {
  if (event.type !== 'step') return dispatch.call(this, event);
  const start = performance.now();
  const result = dispatch.call(this, event);
  stepDispatches.push(performance.now() - start);
  return result;
};
addEventListener('step', (event) =>
  analytics.push(JSON.stringify((event as CustomEvent).detail))
);

window.fetch = (input: RequestInfo | URL, init?: RequestInit) => {
  const url =
    typeof input === 'string'
      ? input
      : input instanceof URL
        ? input.href
        : input.url;
  const record: FetchRecord = {
    url,
    start: performance.now(),
    answered: NaN,
    answeredFrame: NaN,
    bodyRead: NaN,
    bodyFrame: NaN,
    aborted: false,
    done: false,
  };
  fetches.push(record);
  const inPage =
    transport === 'page' &&
    mock &&
    new URL(url, location.href).href.startsWith(`${mock.apiBase}/`);
  const p: Promise<Response> = inPage
    ? answerInPage(new Request(input, init)).then(
        (r) => r ?? nativeFetch(input, init)
      )
    : nativeFetch(input, init);
  const timed = p.then((response) => timeBodyRead(response, record));
  p.then(
    () => {
      record.answered = performance.now();
      record.answeredFrame = frameClock.next();
      record.done = true;
    },
    (e: unknown) => {
      record.answered = performance.now();
      record.answeredFrame = frameClock.next();
      record.done = true;
      record.aborted = (e as Error)?.name === 'AbortError';
    }
  );
  return timed;
};

/** Notes in `record` when the body of `response` has been read (the first read of it). */
function timeBodyRead(response: Response, record: FetchRecord): Response {
  for (const method of ['json', 'text'] as const) {
    const read = response[method].bind(response);
    response[method] = () =>
      read().then((body: unknown) => {
        if (Number.isNaN(record.bodyRead)) {
          record.bodyRead = performance.now();
          record.bodyFrame = frameClock.next();
        }
        return body;
      });
  }
  return response;
}

function isSources(f: FetchRecord): boolean {
  return new URL(f.url, location.href).pathname.endsWith('/sources');
}
function queryOf(f: FetchRecord): string {
  return new URL(f.url, location.href).searchParams.get('q') ?? '';
}
function hasCursor(f: FetchRecord): boolean {
  return !!new URL(f.url, location.href).searchParams.get('cursor');
}

/** First-page `GET …/sources` calls with a non-empty `q` (or only this `q`). */
function searchFetches(since = 0, q?: string): FetchRecord[] {
  return fetches.filter(
    (f) =>
      f.start >= since &&
      isSources(f) &&
      !hasCursor(f) &&
      (q === undefined ? queryOf(f) !== '' : queryOf(f) === q)
  );
}

/** Total time in [from, to] with at least one API request waiting for its answer. */
function waitingTime(from: number, to: number): number {
  const spans = fetches
    .filter(
      (f) =>
        mock &&
        new URL(f.url, location.href).href.startsWith(`${mock.apiBase}/`)
    )
    .map(
      (f) =>
        [
          Math.max(from, f.start),
          Math.min(to, Number.isNaN(f.answered) ? to : f.answered),
        ] as const
    )
    .filter(([a, b]) => b > a)
    .sort((x, y) => x[0] - y[0]);
  let total = 0;
  let end = -Infinity;
  for (const [a, b] of spans) {
    if (b <= end) continue;
    total += b - Math.max(a, end);
    end = b;
  }
  return total;
}

// --- the mock service ---------------------------------------------------------------------------

/** How far each `bench<N>` query has been served (offset of the end of the last page). */
const served = new Map<string, number>();
let servedWaiters: (() => void)[] = [];

function syntheticHandler(service: ConnectService, base: string) {
  const catalogue = service.state.sources;
  return http.get(`${base}/sources`, ({request}) => {
    const url = new URL(request.url);
    const q = url.searchParams.get('q') ?? '';
    const m = /^bench(\d+)$/.exec(q);
    if (!m) return undefined; // the mock's own catalogue answers
    const total = Number(m[1]);
    const limit = Math.min(
      100,
      Math.max(1, Number(url.searchParams.get('limit') || 20))
    );
    const cursor = url.searchParams.get('cursor');
    const offset = cursor ? Number(atob(cursor).slice(6)) : 0;
    const sources: Source[] = [];
    for (let i = offset; i < Math.min(total, offset + limit); i++) {
      const base = catalogue[i % catalogue.length]!;
      // Real-looking rows (names, places, logos, statuses) with ids and names of their own.
      sources.push({...base, id: `bench_${i}`, name: `${base.name} ${i + 1}`});
    }
    const end = offset + sources.length;
    served.set(q, Math.max(served.get(q) ?? 0, end));
    const waiters = servedWaiters;
    servedWaiters = [];
    for (const w of waiters) w();
    return HttpResponse.json({
      sources,
      nextCursor: end < total ? btoa(`bench:${end}`) : null,
      total,
    });
  });
}

async function startMock(): Promise<Mock | null> {
  if (params.has('nomock')) return null;
  if (transport === 'sw') {
    const handle = await startMockService({latencyMs: 0});
    handle.worker.use(syntheticHandler(handle.service, handle.apiBase));
    return {
      service: handle.service,
      apiBase: handle.apiBase,
      handlers: () => handle.worker.listHandlers() as RequestHandler[],
    };
  }
  const apiBase = `${location.origin}/api/v1`;
  const service = createConnectService({
    apiBase,
    loginUrl: `${location.origin}/sandbox/login.html`,
    latencyMs: 0,
  });
  const handlers = [syntheticHandler(service, apiBase), ...service.handlers];
  return {service, apiBase, handlers: () => handlers};
}

const mockReady: Promise<Mock | null> = startMock().then((m) => (mock = m));

// --- small tools ----------------------------------------------------------------------------------

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Resolves after the next frame has been rendered: a rAF, then a task queued from it. */
function afterPaint(): Promise<number> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () =>
        reject(new Error('no animation frame for 5 s: is the page hidden?')),
      5000
    );
    requestAnimationFrame(() => {
      clearTimeout(timer);
      const ch = new MessageChannel();
      ch.port1.onmessage = () => resolve(performance.now());
      ch.port2.postMessage(0);
    });
  });
}

/**
 * Counts rendered frames, to tell which frame drew a change (for the frames-to-paint figure of the
 * typing runs). While it runs, its `requestAnimationFrame` callback is the first one of every frame
 * (it asks for the next frame before anything else can in this one): it marks the frame open and
 * changes the width of a 1-pixel box of its own, whose ResizeObserver callback, which runs after
 * the frame's animation-frame callbacks, style and layout and before its paint, marks it closed. So
 * a change made while the frame is open (in a later animation-frame callback) is drawn by that
 * frame; one made while it is closed (in a task between frames) by the next. (A task posted from
 * the callback would close it too late: other tasks may run before it.) `next()`: the frame that
 * will draw what is changed now.
 */
const frameClock = {
  frame: 0,
  open: false,
  running: false,
  box: null as HTMLElement | null,
  start(): void {
    if (this.running) return;
    this.running = true;
    if (!this.box) {
      const box = document.createElement('div');
      box.style.cssText =
        'position:fixed;left:-10px;top:-10px;width:1px;height:1px;pointer-events:none';
      document.body.append(box);
      new ResizeObserver(() => (this.open = false)).observe(box);
      this.box = box;
    }
    const tick = () => {
      if (!this.running) return;
      requestAnimationFrame(tick);
      this.frame++;
      this.open = true;
      this.box!.style.width = `${1 + (this.frame % 2)}px`;
    };
    requestAnimationFrame(tick);
  },
  stop(): void {
    this.running = false;
    this.open = false;
  },
  next(): number {
    return this.running ? (this.open ? this.frame : this.frame + 1) : NaN;
  },
};

function quantile(values: number[], q: number): number {
  if (!values.length) return NaN;
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))]!;
}

type Widget = HTMLElement & {
  token?: string;
  apiBase?: string;
  show(): void;
  hide(): void;
};

interface HumanConnectApi {
  open(options: Record<string, unknown>): Promise<unknown>;
  close(): void;
}

function api(): HumanConnectApi {
  const hc = (window as unknown as {HumanConnect?: HumanConnectApi})
    .HumanConnect;
  if (!hc)
    throw new Error('window.HumanConnect is missing: the bundle did not load');
  return hc;
}

async function apiBase(): Promise<string> {
  const handle = await mockReady;
  if (!handle) throw new Error('no mock service on a ?nomock page');
  return handle.apiBase;
}

function widget(): Widget {
  const el = document.querySelector<Widget>('human-connect');
  if (!el) throw new Error('no <human-connect> on the page');
  return el;
}

function root(el: Widget = widget()): ShadowRoot {
  if (!el.shadowRoot) throw new Error('the widget has no shadow root');
  return el.shadowRoot;
}

function searchInput(el?: Widget): HTMLInputElement | null {
  return root(el).querySelector<HTMLInputElement>('input[role="combobox"]');
}

function listbox(el?: Widget): HTMLElement | null {
  return root(el).querySelector<HTMLElement>('[role="listbox"]');
}

function interactive(el: Widget): boolean {
  const r = el.shadowRoot;
  if (!r) return false;
  const input = r.querySelector('input[role="combobox"]');
  return (
    !!input && r.activeElement === input && !!r.querySelector('[role="option"]')
  );
}

/** The widget `HumanConnect` manages, once it is on the page (the loader adds it when its UI has come). */
function widgetAppears(timeoutMs = 10_000): Promise<Widget> {
  const found = () => document.querySelector<Widget>('body > human-connect');
  return new Promise((resolve, reject) => {
    const now = found();
    if (now) return resolve(now);
    const observer = new MutationObserver(() => {
      const el = found();
      if (!el) return;
      observer.disconnect();
      clearTimeout(timer);
      resolve(el);
    });
    observer.observe(document.body, {childList: true});
    const timer = setTimeout(() => {
      observer.disconnect();
      reject(new Error('the widget did not appear within 10 s'));
    }, timeoutMs);
  });
}

/** The search field has focus: the person can type. */
function typeable(el: Widget): boolean {
  const r = el.shadowRoot;
  return (
    !!r?.activeElement &&
    r.activeElement === r.querySelector('input[role="combobox"]')
  );
}

/**
 * Resolves, with the time the frame was rendered, once `ready` holds (by default: the search
 * field has focus and options are in the list): checked on every change of the shadow tree and
 * every focus move.
 */
function whenInteractive(
  el: Widget,
  ready: (el: Widget) => boolean = interactive,
  timeoutMs = 10_000
): Promise<number> {
  return new Promise((resolve, reject) => {
    let done = false;
    const finish = () => {
      if (done || !ready(el)) return;
      done = true;
      observer.disconnect();
      el.removeEventListener('focusin', finish);
      clearTimeout(timer);
      void afterPaint().then(resolve);
    };
    const observer = new MutationObserver(finish);
    const timer = setTimeout(() => {
      if (done) return;
      done = true;
      observer.disconnect();
      el.removeEventListener('focusin', finish);
      reject(new Error('the widget did not become interactive within 10 s'));
    }, timeoutMs);
    const watch = () => {
      if (el.shadowRoot) {
        observer.observe(el.shadowRoot, {
          childList: true,
          subtree: true,
          attributes: true,
          characterData: true,
        });
      }
    };
    watch();
    if (!el.shadowRoot) queueMicrotask(watch);
    el.addEventListener('focusin', finish);
    finish();
  });
}

/** Sets the search field's text as typing would (one `input` event). */
function setQuery(q: string): void {
  const input = searchInput();
  if (!input) throw new Error('no search field');
  input.value = q;
  input.dispatchEvent(new Event('input', {bubbles: true, composed: true}));
}

/** Waits until no fetch is in flight and the shadow tree has been quiet for `quietMs`. */
async function settle(quietMs = 150, timeoutMs = 10_000): Promise<void> {
  const r = root();
  let last = performance.now();
  const observer = new MutationObserver(() => (last = performance.now()));
  observer.observe(r, {
    childList: true,
    subtree: true,
    attributes: true,
    characterData: true,
  });
  const start = performance.now();
  try {
    for (;;) {
      await sleep(25);
      const busy = fetches.some((f) => !f.done);
      const now = performance.now();
      if (!busy && now - last >= quietMs) return;
      if (now - start > timeoutMs) return;
    }
  } finally {
    observer.disconnect();
  }
}

// --- recording typing: responses and the frames that showed them -------------------------------

interface Recorder {
  since: number;
  /**
   * Each change of the list's rows: when it was made, the time of the frame after it (see
   * `afterPaint`), and the frame that drew it (see `frameClock`).
   */
  changes: {at: number; painted: number; frame: number}[];
  stop(): void;
}
let recorder: Recorder | undefined;

function inListbox(node: Node): boolean {
  const el = node instanceof Element ? node : node.parentElement;
  return !!el?.closest('[role="listbox"]');
}

function startRecording(): void {
  recorder?.stop();
  const rec: Recorder = {since: performance.now(), changes: [], stop: () => {}};
  const mo = new MutationObserver((records) => {
    // Changes to the list's rows, not to the list element's own attributes (aria-busy).
    const relevant = records.some((m) =>
      m.type === 'attributes'
        ? m.target !== listbox() && inListbox(m.target)
        : inListbox(m.target)
    );
    if (!relevant) return;
    const change = {
      at: performance.now(),
      painted: NaN,
      frame: frameClock.next(),
    };
    rec.changes.push(change);
    void afterPaint().then((t) => (change.painted = t));
  });
  mo.observe(root(), {
    childList: true,
    subtree: true,
    attributes: true,
    characterData: true,
  });
  frameClock.start();
  rec.stop = () => {
    mo.disconnect();
    frameClock.stop();
  };
  recorder = rec;
}

/**
 * Stops recording and pairs each search answer (first pages and next pages of a non-empty `q`)
 * with the list change it caused: the first change after the answer was handed to the widget
 * and the changes that follow it within 50 ms (one render, perhaps in several passes), up to the
 * next answer. Its latency is from the answer to the frame that drew the last of those changes.
 *
 * Two more figures for the same pairs, which the wait for the next frame does not blur:
 * - `committed`: from the answer to the last of those changes, i.e. the widget's own work on the
 *   answer (reading the response, rendering the rows), plus any wait for a later frame or task
 *   when it leaves part of the work for one;
 * - `frames`: the frames from the answer to the one that drew the last change, counted with
 *   `frameClock`: 1 when the answer is complete in the very next frame, which is the best that can
 *   be done, however quickly the answer is handled, when it arrives at a random point of a frame
 *   (so "answer → painted" takes 0–16.7 ms at 60 Hz even with no work at all). Unlike `painted`,
 *   it knows that a change made in an animation-frame callback is drawn by that same frame.
 */
async function stopRecording() {
  const rec = recorder;
  if (!rec) throw new Error('not recording');
  await afterPaint();
  await afterPaint();
  rec.stop();
  recorder = undefined;
  const answers = fetches
    .filter(
      (f) =>
        f.start >= rec.since &&
        isSources(f) &&
        queryOf(f) !== '' &&
        !f.aborted &&
        !Number.isNaN(f.answered)
    )
    .sort((a, b) => a.answered - b.answered);
  const latencies: number[] = [];
  const committed: number[] = [];
  const frames: number[] = [];
  const fromBody: number[] = [];
  const framesFromBody: number[] = [];
  let unpaired = 0;
  answers.forEach((r, i) => {
    const until = answers[i + 1]?.answered ?? Infinity;
    const after = rec.changes.filter((c) => c.at >= r.answered && c.at < until);
    if (!after.length) {
      unpaired++;
      return;
    }
    let last = after[0]!;
    for (const c of after.slice(1)) {
      if (c.at - last.at > 50) break;
      last = c;
    }
    latencies.push(last.painted - r.answered);
    committed.push(last.at - r.answered);
    frames.push(last.frame - r.answeredFrame + 1);
    if (!Number.isNaN(r.bodyRead) && r.bodyRead <= last.at) {
      fromBody.push(last.painted - r.bodyRead);
      framesFromBody.push(last.frame - r.bodyFrame + 1);
    }
  });
  const sent = searchFetches(rec.since);
  return {
    sent: sent.length,
    aborted: sent.filter((f) => f.aborted).length,
    nextPages: fetches.filter(
      (f) => f.start >= rec.since && isSources(f) && hasCursor(f)
    ).length,
    queries: sent.map(queryOf),
    answers: answers.length,
    latencies,
    committed,
    frames,
    fromBody,
    framesFromBody,
    unpaired,
    /** For a look by hand: times from the start of the recording. */
    trace: {
      answers: answers.map((f) => [
        queryOf(f),
        Math.round(f.start - rec.since),
        Math.round(f.answered - rec.since),
      ]),
      answerFrames: answers.map((f) => f.answeredFrame),
      changes: rec.changes.map((c) => [
        Math.round(c.at - rec.since),
        Math.round(c.painted - rec.since),
        c.frame,
      ]),
    },
  };
}

// --- long lists -----------------------------------------------------------------------------------

function waitServed(
  q: string,
  beyond: number,
  timeoutMs: number
): Promise<boolean> {
  return new Promise((resolve) => {
    if ((served.get(q) ?? 0) > beyond) return resolve(true);
    const timer = setTimeout(() => resolve(false), timeoutMs);
    const check = () => {
      if ((served.get(q) ?? 0) > beyond) {
        clearTimeout(timer);
        resolve(true);
      } else servedWaiters.push(check);
    };
    servedWaiters.push(check);
  });
}

/** The listbox and the shadow-including ancestors of it that can scroll, innermost first. */
function scrollables(): HTMLElement[] {
  const found: HTMLElement[] = [];
  let el: Element | null = listbox();
  while (el && el !== document.documentElement) {
    if (el instanceof HTMLElement && el.scrollHeight > el.clientHeight + 1) {
      const o = getComputedStyle(el).overflowY;
      if (o === 'auto' || o === 'scroll') found.push(el);
    }
    el =
      el.parentElement ??
      ((el.getRootNode() as ShadowRoot).host as Element | undefined) ??
      null;
  }
  return found;
}

/** The element that scrolls the results: the listbox, else its nearest scrolling ancestor. */
function scroller(): HTMLElement | null {
  return scrollables()[0] ?? null;
}

/**
 * Loads `bench<n>` (exactly n results) to its end through the cursor: presses "Show more
 * results" while there is one, else scrolls the list (and whatever scrolls around it) to its
 * bottom, again every 100 ms, as a person keeps scrolling (a windowed list loads the next page
 * there). Gives up when neither brings a new page within 3 s, or after `budgetMs`.
 */
async function loadList(n: number, budgetMs = 60_000) {
  const q = `bench${n}`;
  const start = performance.now();
  let pages = 0;
  setQuery(q);
  if (await waitServed(q, 0, 5000)) pages++;
  await settle(100);
  let how = 'first page only';
  let stalled = false;
  while ((served.get(q) ?? 0) < n) {
    if (performance.now() - start > budgetMs) break;
    const before = served.get(q) ?? 0;
    const more = root().querySelector<HTMLButtonElement>('button.more');
    let nudge: ReturnType<typeof setInterval> | undefined;
    if (more && more.getAttribute('aria-disabled') !== 'true') {
      how = '"Show more results" button';
      more.click();
    } else {
      how = 'scrolling the list to its end';
      const toEnd = () => {
        for (const s of scrollables()) s.scrollTop = s.scrollHeight;
      };
      toEnd();
      nudge = setInterval(toEnd, 100);
    }
    const grew = await waitServed(q, before, 3000);
    clearInterval(nudge);
    if (!grew) {
      stalled = true;
      break;
    }
    pages++;
    // Let the new page render before asking for the next one.
    await afterPaint();
    await afterPaint();
  }
  await settle(100);
  return {
    requested: n,
    loaded: served.get(q) ?? 0,
    pages,
    how,
    stalled,
    loadMs: performance.now() - start,
    shadowElements: root().querySelectorAll('*').length,
    options: root().querySelectorAll('[role="option"]').length,
    images: root().querySelectorAll('[role="listbox"] img').length,
    imagesLoaded: [
      ...root().querySelectorAll<HTMLImageElement>('[role="listbox"] img'),
    ].filter((img) => img.complete && img.naturalWidth > 0).length,
  };
}

/**
 * Scrolls the results from top to bottom at a constant speed in `durationMs` (the position set
 * in each animation frame from the time), and returns the times between animation frames.
 */
async function scrollFrames(durationMs = 2000) {
  const s = scroller();
  if (!s)
    return {
      scrolled: false,
      frames: 0,
      p50: NaN,
      p95: NaN,
      max: NaN,
      distance: 0,
    };
  s.scrollTop = 0;
  await afterPaint();
  await afterPaint();
  const deltas: number[] = [];
  const distance = s.scrollHeight - s.clientHeight;
  await new Promise<void>((resolve) => {
    let first = NaN;
    let last = NaN;
    const step = (t: number) => {
      if (Number.isNaN(first)) first = t;
      else deltas.push(t - last);
      last = t;
      const progress = Math.min(1, (t - first) / durationMs);
      s.scrollTop = Math.round(progress * (s.scrollHeight - s.clientHeight));
      if (progress >= 1) {
        // One more frame, to time the one that drew the end of the list.
        requestAnimationFrame((t2) => {
          deltas.push(t2 - last);
          resolve();
        });
      } else requestAnimationFrame(step);
    };
    requestAnimationFrame(step);
  });
  await settle(100);
  return {
    scrolled: true,
    frames: deltas.length,
    distance,
    p50: quantile(deltas, 0.5),
    p95: quantile(deltas, 0.95),
    max: Math.max(...deltas),
  };
}

// --- the API run.mjs calls ------------------------------------------------------------------------

const bench = {
  ready: mockReady.then(() => true),

  /**
   * Inserts a classic `<script src>` and times it: insertion to `load`, and the part of that
   * after the last byte arrived (Resource Timing's responseEnd), which is parse, compile and
   * evaluation.
   */
  loadScript(
    src: string
  ): Promise<{total: number; parseEvaluate: number; transfer: number}> {
    return new Promise((resolve, reject) => {
      const url = new URL(src, location.href).href;
      const script = document.createElement('script');
      script.src = url;
      const t0 = performance.now();
      script.onload = () => {
        const t1 = performance.now();
        const entry = performance
          .getEntriesByName(url)
          .filter((e) => e.startTime >= t0 - 1)
          .pop() as PerformanceResourceTiming | undefined;
        const end = entry?.responseEnd;
        resolve(
          end
            ? {total: t1 - t0, parseEvaluate: t1 - end, transfer: end - t0}
            : {total: t1 - t0, parseEvaluate: NaN, transfer: NaN}
        );
      };
      script.onerror = () => reject(new Error(`could not load ${src}`));
      document.head.append(script);
    });
  },

  transport,

  /**
   * `HumanConnect.open()` to the search field focused and the popular sources painted; and of
   * that, the time some API request was waiting for the mock's answer.
   */
  async openToInteractive(): Promise<{total: number; waiting: number}> {
    const base = await apiBase();
    await afterPaint();
    const t0 = performance.now();
    void api().open({token: TOKEN, apiBase: base});
    const painted = await whenInteractive(widget());
    return {total: painted - t0, waiting: waitingTime(t0, painted)};
  },

  /**
   * The loader's way in, through the page's launcher: with `intent`, the pointer over it first,
   * then, once the UI file has come and a frame has passed (as a person's hand travels), the
   * click; without, the click alone. From the click: `focused` to the search field focused,
   * `total` to the popular sources painted too, `waiting` of that for the mock's answers;
   * `uiReady` pointer-over to the UI file run.
   */
  async launcherToInteractive(intent: boolean): Promise<{
    uiReady: number;
    focused: number;
    total: number;
    waiting: number;
  }> {
    const base = await apiBase();
    const launcher = document.querySelector<HTMLButtonElement>('#opener')!;
    launcher.dataset.hapiToken = TOKEN;
    launcher.dataset.hapiApiBase = base;
    await afterPaint();
    let uiReady = NaN;
    if (intent) {
      const t = performance.now();
      launcher.dispatchEvent(new PointerEvent('pointerover', {bubbles: true}));
      await customElements.whenDefined('human-connect');
      uiReady = performance.now() - t;
      await afterPaint();
    }
    const t0 = performance.now();
    launcher.click();
    const el = await widgetAppears();
    const [focused, painted] = await Promise.all([
      whenInteractive(el, typeable),
      whenInteractive(el),
    ]);
    return {
      uiReady,
      focused: focused - t0,
      total: painted - t0,
      waiting: waitingTime(t0, painted),
    };
  },

  /** Each answer of the mock that long after its request: a round trip of a slow network. */
  setLatency(ms: number): void {
    if (!mock) throw new Error('no mock service on a ?nomock page');
    mock.service.scenario.latencyMs = ms;
  },

  /** Median time of `n` sequential `GET /session` answered by the mock, as this page answers. */
  async mockRoundTrip(n = 15): Promise<number> {
    const base = await apiBase();
    const times: number[] = [];
    for (let i = 0; i < n; i++) {
      const init = {headers: {Authorization: `Bearer ${TOKEN}`}};
      const t = performance.now();
      const response =
        transport === 'page'
          ? await answerInPage(new Request(`${base}/session`, init))
          : await nativeFetch(`${base}/session`, init);
      await response!.json();
      times.push(performance.now() - t);
    }
    return quantile(times, 0.5);
  },

  startRecording,
  stopRecording,

  searchCount(since = 0, q?: string): number {
    return searchFetches(since, q).length;
  },

  /** `GET …/sources` calls since `since`, whatever the query (the popular list too): first pages, next pages. */
  sourcesCount(since = 0): {first: number; next: number} {
    const all = fetches.filter((f) => f.start >= since && isSources(f));
    return {
      first: all.filter((f) => !hasCursor(f)).length,
      next: all.filter(hasCursor).length,
    };
  },

  /** Focuses the search field and selects its text, so that typing replaces it. */
  selectSearch(): void {
    const input = searchInput();
    input?.focus();
    input?.select();
  },

  now: () => performance.now(),
  settle,
  setQuery,

  firstOptionText(): string {
    return (
      root()
        .querySelector('[role="option"] .option-name')
        ?.textContent?.trim() ?? ''
    );
  },

  /** Chooses the first option (consent), then Decline (back to search); returns the start time. */
  async consentAndBack(): Promise<{ok: boolean; since: number}> {
    const option = root().querySelector<HTMLElement>(
      '[role="option"]:not([aria-disabled="true"])'
    );
    if (!option) return {ok: false, since: performance.now()};
    option.click();
    await settle(100);
    const decline = [
      ...root().querySelectorAll<HTMLButtonElement>('button'),
    ].find((b) => b.textContent?.trim() === 'Decline');
    if (!decline) return {ok: false, since: performance.now()};
    const since = performance.now();
    decline.click();
    await settle(150);
    return {ok: !!searchInput(), since};
  },

  loadList,
  scrollFrames,

  /** `open()` then `close()`, `n` times, each time waiting for the popular sources. */
  async openClose(n: number): Promise<void> {
    const base = await apiBase();
    for (let i = 0; i < n; i++) {
      const closed = api().open({token: TOKEN, apiBase: base});
      await whenInteractive(widget());
      api().close();
      await closed;
    }
    await sleep(50);
  },

  /** Adds an open `<human-connect>`, waits for its popular sources, removes it; `n` times. */
  async addRemove(n: number): Promise<void> {
    const base = await apiBase();
    for (let i = 0; i < n; i++) {
      const el = document.createElement('human-connect') as Widget;
      el.token = TOKEN;
      el.apiBase = base;
      el.setAttribute('data-bench', 'add-remove');
      document.body.append(el);
      el.show();
      await whenInteractive(el);
      el.remove();
      await sleep(0);
    }
    await sleep(50);
  },

  /** The `step` events dispatched so far: how many, and the time each took, listener included. */
  stepEvents(): {count: number; totalMs: number; maxMs: number} {
    return {
      count: stepDispatches.length,
      totalMs: stepDispatches.reduce((sum, ms) => sum + ms, 0),
      maxMs: Math.max(0, ...stepDispatches),
    };
  },

  /** Empties the mock's request log, which grows with every request by design. */
  async clearMockLog(): Promise<void> {
    const handle = await mockReady;
    if (handle) handle.service.state.requests.length = 0;
    fetches.length = 0;
    performance.clearResourceTimings();
  },
};

declare global {
  interface Window {
    bench: typeof bench;
  }
}
window.bench = bench;
