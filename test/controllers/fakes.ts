/**
 * Stand-ins for the controllers' seams: a clock the test moves by hand, a
 * Connect API whose every call the test answers, and a host that counts
 * updates. No network, no DOM, no real time.
 */
import type {ReactiveController, ReactiveControllerHost} from 'lit';
import type {ConnectApi} from '../../src/api/client.js';
import type {Clock} from '../../src/api/clock.js';
import type {Connection, Session, Source} from '../../src/api/types.js';
import type {StepDetail} from '../../src/events.js';
import type {Page} from '../../src/flow/page.js';
import type {NoteStorage} from '../../src/flow/redirect-login.js';

export const APP_PAGE = 'https://app.example.com/connect?step=2';
export const NOW = Date.parse('2026-12-05T10:00:00Z');
export const CHROME =
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36';

/** An event the controller emitted: its name and detail. */
export interface Heard {
  name: string;
  detail: any; // eslint-disable-line @typescript-eslint/no-explicit-any
}

/**
 * The controller's `emit`, as a host hears it: `step` events into `steps` (in order), every other
 * event into `events`, so that a test of outcomes is not a test of the funnel too. Each list is
 * read at the time: a test may start one anew.
 */
export function hear(events: () => Heard[], steps: () => StepDetail[]) {
  return (name: string, detail: unknown): void =>
    void (name === 'step'
      ? steps().push(detail as StepDetail)
      : events().push({name, detail}));
}

/** Lets every promise that can settle now settle. */
export function settle(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/**
 * Waits until `condition` holds, for what crosses a module load (the flow
 * imports the login wait on its first use): Node's loader answers a dynamic
 * import in its own time, on a busy machine after many turns.
 */
export async function until(condition: () => boolean): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('the condition never held');
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
}

export class FakeClock implements Clock {
  private time = 0;
  private lastId = 0;
  private readonly timers = new Map<number, {at: number; run: () => void}>();

  readonly performance = {now: () => this.time};

  setTimeout(run: () => void, ms: number): unknown {
    this.timers.set(++this.lastId, {at: this.time + Math.max(0, ms), run});
    return this.lastId;
  }

  clearTimeout(handle: unknown): void {
    this.timers.delete(handle as number);
  }

  /** Timers set and not yet run or cleared. */
  get pending(): number {
    return this.timers.size;
  }

  /** Whether a timer is set to run `ms` from now. */
  dueIn(ms: number): boolean {
    return [...this.timers.values()].some((t) => t.at === this.time + ms);
  }

  /** Moves time on by `ms`, running the timers that fall due in order, and settling after each. */
  async tick(ms: number): Promise<void> {
    const end = this.time + ms;
    await settle();
    for (;;) {
      let due: [number, {at: number; run: () => void}] | undefined;
      for (const entry of this.timers) {
        if (entry[1].at <= end && (!due || entry[1].at < due[1].at)) {
          due = entry;
        }
      }
      if (!due) break;
      this.timers.delete(due[0]);
      this.time = due[1].at;
      due[1].run();
      await settle();
    }
    this.time = end;
  }
}

type Method = keyof ConnectApi;

export interface Call {
  method: Method;
  args: unknown[];
  signal: AbortSignal | undefined;
  resolve(value: unknown): void;
  reject(error: unknown): void;
  settled: boolean;
}

/** A Connect API that answers only when the test says so. */
export class FakeApi implements ConnectApi {
  readonly calls: Call[] = [];
  /** False: a client that answers even after an abort (the flow must not listen). */
  honoursAbort = true;

  private call<T>(method: Method, args: unknown[]): Promise<T> {
    const signal = args.find((a) => a instanceof AbortSignal) as
      AbortSignal | undefined;
    return new Promise<T>((resolve, reject) => {
      const call: Call = {
        method,
        args,
        signal,
        settled: false,
        resolve: (value) => {
          call.settled = true;
          resolve(value as T);
        },
        reject: (error) => {
          call.settled = true;
          reject(error);
        },
      };
      this.calls.push(call);
      // As the real client does: an abort ends the call.
      signal?.addEventListener('abort', () => {
        if (!call.settled && this.honoursAbort) {
          call.reject(new DOMException('aborted', 'AbortError'));
        }
      });
    });
  }

  /** The oldest call to `method` not yet answered. */
  next(method: Method): Call {
    const call = this.calls.find((c) => c.method === method && !c.settled);
    if (!call) throw new Error(`no ${method} call waiting`);
    return call;
  }

  /**
   * The oldest call to `method` not yet answered, once one is made: for a call that follows a
   * module load (the login's, after the choice of popup or redirect has come).
   */
  async called(method: Method): Promise<Call> {
    await until(() =>
      this.calls.some((c) => c.method === method && !c.settled)
    );
    return this.next(method);
  }

  count(method: Method): number {
    return this.calls.filter((c) => c.method === method).length;
  }

  getSession(signal?: AbortSignal) {
    return this.call<Session>('getSession', [signal]);
  }
  searchSources(...args: Parameters<ConnectApi['searchSources']>) {
    return this.call<Awaited<ReturnType<ConnectApi['searchSources']>>>(
      'searchSources',
      args
    );
  }
  createConnection(...args: Parameters<ConnectApi['createConnection']>) {
    return this.call<Awaited<ReturnType<ConnectApi['createConnection']>>>(
      'createConnection',
      args
    );
  }
  reauthorize(...args: Parameters<ConnectApi['reauthorize']>) {
    return this.call<Awaited<ReturnType<ConnectApi['reauthorize']>>>(
      'reauthorize',
      args
    );
  }
  getConnection(...args: Parameters<ConnectApi['getConnection']>) {
    return this.call<Connection>('getConnection', args);
  }
  getSource(...args: Parameters<ConnectApi['getSource']>) {
    return this.call<Source>('getSource', args);
  }
  deleteConnection(...args: Parameters<ConnectApi['deleteConnection']>) {
    return this.call<void>('deleteConnection', args);
  }
  requestSource(...args: Parameters<ConnectApi['requestSource']>) {
    return this.call<Awaited<ReturnType<ConnectApi['requestSource']>>>(
      'requestSource',
      args
    );
  }
}

/** A host with no element behind it: it counts the updates asked of it. */
export class StubHost implements ReactiveControllerHost {
  updates = 0;
  isConnected = true;
  readonly controllers: ReactiveController[] = [];
  addController(controller: ReactiveController): void {
    this.controllers.push(controller);
  }
  removeController(): void {}
  requestUpdate(): void {
    this.updates++;
  }
  get updateComplete(): Promise<boolean> {
    return Promise.resolve(true);
  }
}

export function source(id: string, extra: Partial<Source> = {}): Source {
  return {
    id,
    name: `Source ${id}`,
    category: 'hospital',
    status: 'ok',
    ...extra,
  };
}

export function page(ids: string[], nextCursor: string | null = null) {
  return {sources: ids.map((id) => source(id)), nextCursor, total: ids.length};
}

export function session(connections: Connection[] = []): Session {
  return {
    app: {name: 'Test App'},
    user: {id: 'u1'},
    expiresAt: '2030-01-01T00:00:00Z',
    consent: {
      version: '1',
      scopes: [{id: 'medications', label: 'Medications', description: ''}],
    },
    connections,
  };
}

export function connection(
  id: string,
  sourceId: string,
  status: Connection['status'],
  extra: Partial<Connection> = {}
): Connection {
  return {id, sourceId, sourceName: `Source ${sourceId}`, status, ...extra};
}

/** `sessionStorage`'s part the redirect login uses, over a Map; it can refuse writes. */
export class MemoryStorage implements NoteStorage {
  readonly items = new Map<string, string>();
  refuseWrites = false;
  getItem(key: string) {
    return this.items.get(key) ?? null;
  }
  setItem(key: string, value: string) {
    if (this.refuseWrites) throw new DOMException('full', 'QuotaExceededError');
    this.items.set(key, value);
  }
  removeItem(key: string) {
    this.items.delete(key);
  }
}

/**
 * The page as a redirect login sees it (src/flow/page.ts): an address, a storage, a leaving and
 * a wall clock the test sets, a browser that opens windows, no app around it unless told.
 */
export class FakePage implements Page {
  address = APP_PAGE;
  time = NOW;
  store: MemoryStorage | undefined = new MemoryStorage();
  canOpenWindows = true;
  userAgent = CHROME;
  left: string[] = [];
  /** Whether the page is in an app's webview; what was posted to its native side. */
  inApp = false;
  posted: unknown[] = [];
  href() {
    return this.address;
  }
  forgetFragment() {
    this.address = this.address.replace(/#.*$/, '');
  }
  storage() {
    return this.store;
  }
  leave(url: string) {
    this.left.push(url);
  }
  now() {
    return this.time;
  }
  environment() {
    return {canOpenWindows: this.canOpenWindows, userAgent: this.userAgent};
  }
  async postNative(message: unknown) {
    if (this.inApp) this.posted.push(message);
    return this.inApp;
  }
}
