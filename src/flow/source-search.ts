/**
 * The search step's data: the query, the category filter and the pages of
 * sources read through the cursor. Typing is debounced; each new query aborts
 * the one in flight, and an aborted answer is dropped, so results never
 * appear out of order.
 */
import type {ConnectApi} from '../api/client.js';
import {realClock, type Clock} from '../api/clock.js';
import {ConnectApiError, isAbort} from '../api/errors.js';
import type {Category, Source, SourcePage} from '../api/types.js';
import {AbortSlot} from './abort-slot.js';

export type SearchStatus = 'loading' | 'more' | 'ready' | 'error';

export interface SourceSearchHost {
  client(): ConnectApi | undefined;
  changed(): void;
  failed(error: ConnectApiError): void;
  /** The pause after a keystroke, when not the default. */
  debounceMs?(): number | undefined;
  /** The host's shortlist for an empty query, comma-separated ids (featured.ts). */
  featured?(): string | undefined;
}

const PAGE_SIZE = 20;
/** Long enough to let a word be typed, short enough to feel immediate. */
const DEBOUNCE_MS = 200;
/** Pages kept for repeat queries (typing a query again, going back to search). */
const CACHE_SIZE = 50;
/** The longest list the search holds (the bench scrolls through 10,000). */
const MAX_ROWS = 10_000;

export class SourceSearch {
  query = '';
  category: Category | undefined = undefined;
  sources: Source[] = [];
  nextCursor: string | null = null;
  total = 0;
  status: SearchStatus = 'loading';
  error: ConnectApiError | undefined = undefined;
  /** Counts first pages: a new value means a new list, not a longer one. */
  generation = 0;

  /** A read left unfinished when the person left the search (`suspend`), to run on their return. */
  private held = false;
  private readonly slot = new AbortSlot();
  private debounceTimer: unknown;
  /** Answers already received this session, most recently used last. */
  private readonly cache = new Map<string, SourcePage>();

  constructor(
    private readonly host: SourceSearchHost,
    private readonly clock: Clock = realClock
  ) {}

  /** The person typed: search after a pause. */
  setQuery(query: string): void {
    if (query === this.query) return;
    this.query = query;
    this.cancelDebounce();
    // The answer in flight is for another query now: it must not land.
    this.slot.abort();
    // A query answered before needs neither the pause nor the network.
    if (this.cache.has(this.key(undefined))) return void this.load();
    this.status = 'loading';
    this.debounceTimer = this.clock.setTimeout(
      () => void this.load(),
      this.host.debounceMs?.() ?? DEBOUNCE_MS
    );
    this.host.changed();
  }

  setCategory(category: Category | undefined): void {
    if (category === this.category) return;
    this.category = category;
    void this.load();
  }

  /** Reads the first page for the current query and filter. */
  async load(): Promise<void> {
    this.cancelDebounce();
    const signal = this.slot.next();
    this.status = 'loading';
    this.error = undefined;
    this.host.changed();
    await this.fetch(signal, undefined);
  }

  /** Appends the next page through the cursor. */
  async loadMore(): Promise<void> {
    if (!this.nextCursor || this.status !== 'ready') return;
    const signal = this.slot.next();
    this.status = 'more';
    this.host.changed();
    await this.fetch(signal, this.nextCursor);
  }

  /** Retries what failed: the first page, or the next one. */
  retry(): Promise<void> {
    return this.sources.length ? this.retryMore() : this.load();
  }

  /** Back to an empty query and no filter, for a fresh opening. */
  reset(): void {
    this.cancel();
    this.held = false;
    this.cache.clear();
    this.query = '';
    this.category = undefined;
    this.sources = [];
    this.nextCursor = null;
    this.total = 0;
    this.status = 'loading';
    this.error = undefined;
  }

  cancel(): void {
    this.cancelDebounce();
    this.slot.abort();
  }

  /**
   * The person left the search (chose a source, opened the request form): a read still to come
   * is stopped rather than left to answer, or to fail and raise an `error` event, behind the view
   * they are on. `resume` runs it when they come back; the query and the rows shown stay.
   */
  suspend(): void {
    if (this.status !== 'loading' && this.status !== 'more') return;
    this.cancel();
    this.held = true;
  }

  /** Back to the search: runs the read `suspend` stopped (from memory, if answered before). */
  resume(): void {
    if (!this.held) return;
    this.held = false;
    // A next page stopped: the list is whole as it is, and "Show more results" asks again.
    if (this.status === 'more') {
      this.status = 'ready';
      return this.host.changed();
    }
    void this.load();
  }

  private retryMore(): Promise<void> {
    this.status = 'ready';
    return this.loadMore();
  }

  private key(cursor: string | undefined): string {
    return JSON.stringify([this.query.trim(), this.category, cursor]);
  }

  private remember(key: string, page: SourcePage): void {
    this.cache.delete(key);
    this.cache.set(key, page);
    if (this.cache.size > CACHE_SIZE)
      this.cache.delete(this.cache.keys().next().value!);
  }

  private async fetch(
    signal: AbortSignal,
    cursor: string | undefined
  ): Promise<void> {
    const client = this.host.client();
    if (!client) return;
    const key = this.key(cursor);
    // The host's shortlist stands for the popular list: an empty query, no filter, no cursor.
    const featured =
      !cursor && !this.query.trim() && !this.category && this.host.featured?.();
    try {
      const page =
        this.cache.get(key) ??
        (featured
          ? await (
              await import('./featured.js')
            ).featuredPage(client, featured, signal)
          : await client.searchSources(
              {
                q: this.query.trim() || undefined,
                category: this.category,
                limit: PAGE_SIZE,
                cursor,
              },
              signal
            ));
      if (signal.aborted) return;
      this.remember(key, page);
      // A next page adds only sources not listed yet; one that adds none, or
      // names its own cursor as the next, or a list at MAX_ROWS, ends the
      // paging: a service's loop must not grow the list for ever.
      const known = new Set(cursor ? this.sources.map((s) => s.id) : []);
      const added = page.sources.filter((s) => !known.has(s.id));
      this.sources = cursor ? [...this.sources, ...added] : page.sources;
      if (!cursor) this.generation++;
      this.nextCursor =
        (cursor && (!added.length || page.nextCursor === cursor)) ||
        this.sources.length >= MAX_ROWS
          ? null
          : page.nextCursor;
      this.total = page.total;
      this.status = 'ready';
    } catch (error) {
      if (signal.aborted || isAbort(error)) return;
      // A failed first page must not leave the last query's results shown.
      if (!cursor) {
        this.sources = [];
        this.nextCursor = null;
      }
      this.status = 'error';
      this.error = error as ConnectApiError;
      this.host.failed(this.error);
    }
    this.host.changed();
  }

  private cancelDebounce(): void {
    this.clock.clearTimeout(this.debounceTimer);
    this.debounceTimer = undefined;
  }
}
