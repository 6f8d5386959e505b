// SourceSearch alone: debounce, memory of answers, stale answers dropped,
// suspend and resume, paging and failures, with a fake API and a fake clock.
import assert from 'node:assert/strict';
import {beforeEach, describe, test} from 'node:test';
import {ConnectApiError} from '../../src/api/errors.js';
import {SourceSearch} from '../../src/flow/source-search.js';
import {FakeApi, FakeClock, page, settle} from './fakes.js';

let api: FakeApi;
let clock: FakeClock;
let failures: ConnectApiError[];
let changes: number;
let debounceMs: number | undefined;
let search: SourceSearch;

beforeEach(() => {
  api = new FakeApi();
  clock = new FakeClock();
  failures = [];
  changes = 0;
  debounceMs = undefined;
  search = new SourceSearch(
    {
      client: () => api,
      changed: () => changes++,
      failed: (error) => failures.push(error),
      debounceMs: () => debounceMs,
    },
    clock
  );
});

const names = () => search.sources.map((s) => s.id);
const query = (i: number) => (api.calls[i].args[0] as {q?: string}).q;

describe('SourceSearch: typing', () => {
  test('waits 200 ms after the last key, then asks once for the whole query', async () => {
    search.setQuery('m');
    await clock.tick(150);
    search.setQuery('me');
    await clock.tick(199);
    assert.equal(api.count('searchSources'), 0);
    assert.equal(search.status, 'loading');
    await clock.tick(1);
    assert.equal(api.count('searchSources'), 1);
    assert.equal(query(0), 'me');
  });

  test('takes its pause from the host when it names one', async () => {
    debounceMs = 5;
    search.setQuery('mercy');
    await clock.tick(5);
    assert.equal(api.count('searchSources'), 1);
  });

  test('sends the query trimmed, and an empty one as no query', async () => {
    search.setQuery('  mercy  ');
    await clock.tick(200);
    assert.equal(query(0), 'mercy');
    search.setQuery('   ');
    await clock.tick(200);
    assert.equal(query(1), undefined);
  });

  test('does nothing for the query it already has', async () => {
    search.setQuery('a');
    await clock.tick(200);
    search.setQuery('a');
    await clock.tick(200);
    assert.equal(api.count('searchSources'), 1);
  });

  test('a filter is read at once, with no pause', async () => {
    search.setCategory('lab');
    await settle();
    assert.equal(api.count('searchSources'), 1);
    assert.equal((api.calls[0].args[0] as {category?: string}).category, 'lab');
    search.setCategory('lab');
    assert.equal(api.count('searchSources'), 1);
  });
});

describe('SourceSearch: answers', () => {
  test('shows an answer, and counts a new list as a new generation', async () => {
    search.setQuery('mercy');
    await clock.tick(200);
    const before = search.generation;
    api.next('searchSources').resolve(page(['a', 'b'], 'c1'));
    await settle();
    assert.deepEqual(names(), ['a', 'b']);
    assert.equal(search.status, 'ready');
    assert.equal(search.nextCursor, 'c1');
    assert.equal(search.generation, before + 1);
  });

  test('drops the answer to an older query: results never arrive out of order', async () => {
    search.setQuery('mer');
    await clock.tick(200);
    const older = api.next('searchSources');
    search.setQuery('mercy');
    assert.equal(older.signal?.aborted, true, 'the older read is aborted');
    await clock.tick(200);
    api.next('searchSources').resolve(page(['new']));
    await settle();
    older.resolve(page(['old']));
    await settle();
    assert.deepEqual(names(), ['new']);
  });

  test('answers a query asked before from memory, with no pause and no request', async () => {
    search.setQuery('mercy');
    await clock.tick(200);
    api.next('searchSources').resolve(page(['a']));
    await settle();
    search.setQuery('lab');
    await clock.tick(200);
    api.next('searchSources').resolve(page(['b']));
    await settle();
    search.setQuery('mercy');
    await settle();
    assert.deepEqual(names(), ['a']);
    assert.equal(api.count('searchSources'), 2);
    assert.equal(clock.pending, 0, 'no debounce timer left');
  });

  test('forgets its memory on reset', async () => {
    search.setQuery('mercy');
    await clock.tick(200);
    api.next('searchSources').resolve(page(['a']));
    await settle();
    search.reset();
    assert.deepEqual(names(), []);
    search.setQuery('mercy');
    await clock.tick(200);
    assert.equal(api.count('searchSources'), 2);
  });

  test('pages through the cursor, appending, and stops at the last page', async () => {
    void search.load();
    api.next('searchSources').resolve(page(['a'], 'c1'));
    await settle();
    void search.loadMore();
    assert.equal(search.status, 'more');
    const more = api.next('searchSources');
    assert.equal((more.args[0] as {cursor?: string}).cursor, 'c1');
    more.resolve(page(['b']));
    await settle();
    assert.deepEqual(names(), ['a', 'b']);
    await search.loadMore();
    assert.equal(api.count('searchSources'), 2, 'no page after the last');
  });

  test('a service that loops ends the paging: a cursor that names itself, a page of nothing new', async () => {
    void search.load();
    api.next('searchSources').resolve(page(['a', 'b'], 'c1'));
    await settle();
    void search.loadMore();
    // One new source and one listed already; its next cursor is its own.
    api.next('searchSources').resolve(page(['b', 'c'], 'c1'));
    await settle();
    assert.deepEqual(names(), ['a', 'b', 'c'], 'each source listed once');
    assert.equal(search.nextCursor, null);
    await search.loadMore();
    assert.equal(api.count('searchSources'), 2);

    search.setQuery('x');
    await clock.tick(200);
    api.next('searchSources').resolve(page(['a'], 'c2'));
    await settle();
    void search.loadMore();
    api.next('searchSources').resolve(page(['a'], 'c3'));
    await settle();
    assert.deepEqual(names(), ['a']);
    assert.equal(
      search.nextCursor,
      null,
      'a page that adds nothing is the last'
    );
  });

  test('holds at most 10,000 sources, however many pages the service offers', async () => {
    const ids = (from: number) =>
      Array.from({length: 500}, (_, i) => `s${from + i}`);
    void search.load();
    api.next('searchSources').resolve(page(ids(0), 'p1'));
    await settle();
    for (let n = 1; search.nextCursor; n++) {
      void search.loadMore();
      api.next('searchSources').resolve(page(ids(n * 500), `p${n + 1}`));
      await settle();
    }
    assert.equal(search.sources.length, 10_000);
    assert.equal(api.count('searchSources'), 20);
  });

  test('a failed first page clears the last results and tells the host; retry reads again', async () => {
    void search.load();
    api.next('searchSources').resolve(page(['a'], 'c1'));
    await settle();
    search.setQuery('x');
    await clock.tick(200);
    const error = new ConnectApiError('server_error', 'boom', 500);
    api.next('searchSources').reject(error);
    await settle();
    assert.equal(search.status, 'error');
    assert.deepEqual(names(), []);
    assert.deepEqual(failures, [error]);
    void search.retry();
    api.next('searchSources').resolve(page(['x1']));
    await settle();
    assert.deepEqual(names(), ['x1']);
  });

  test('a failed next page keeps the rows, and retry asks for that page again', async () => {
    void search.load();
    api.next('searchSources').resolve(page(['a'], 'c1'));
    await settle();
    void search.loadMore();
    api.next('searchSources').reject(new ConnectApiError('timeout', 't'));
    await settle();
    assert.equal(search.status, 'error');
    assert.deepEqual(names(), ['a']);
    void search.retry();
    const again = api.next('searchSources');
    assert.equal((again.args[0] as {cursor?: string}).cursor, 'c1');
  });

  test('an aborted read is no failure', async () => {
    void search.load();
    search.cancel();
    await settle();
    assert.deepEqual(failures, []);
    assert.equal(search.status, 'loading');
  });
});

describe('SourceSearch: leaving and coming back', () => {
  test('a read still to come waits while the person is away, and runs on return', async () => {
    search.setQuery('mercy');
    search.suspend();
    await clock.tick(1000);
    assert.equal(api.count('searchSources'), 0, 'nothing read while away');
    search.resume();
    await settle();
    assert.equal(api.count('searchSources'), 1);
    assert.equal(query(0), 'mercy', 'the query is kept');
  });

  test('a read in flight is aborted on leaving, and its failure is never told', async () => {
    void search.load();
    const call = api.next('searchSources');
    search.suspend();
    assert.equal(call.signal?.aborted, true);
    await settle();
    assert.deepEqual(failures, []);
  });

  test('on return, a query answered before comes from memory', async () => {
    search.setQuery('mercy');
    await clock.tick(200);
    api.next('searchSources').resolve(page(['a']));
    await settle();
    search.setQuery('lab');
    search.suspend();
    search.setQuery('mercy');
    search.resume();
    await settle();
    assert.deepEqual(names(), ['a']);
    assert.equal(api.count('searchSources'), 1);
  });

  test('a next page stopped on leaving leaves the list whole, with no new read', async () => {
    void search.load();
    api.next('searchSources').resolve(page(['a'], 'c1'));
    await settle();
    void search.loadMore();
    search.suspend();
    search.resume();
    await settle();
    assert.equal(search.status, 'ready');
    assert.equal(api.count('searchSources'), 2);
  });

  test('leaving with nothing pending holds nothing', async () => {
    void search.load();
    api.next('searchSources').resolve(page(['a']));
    await settle();
    search.suspend();
    search.resume();
    await settle();
    assert.equal(api.count('searchSources'), 1);
  });
});
