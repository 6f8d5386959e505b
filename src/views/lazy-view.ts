/**
 * A view loaded on first use: the views after search (the consent, fetched
 * while the person searches; the request form, the connected sources, the
 * views after "Allow") stay out of the first load of the ES module build,
 * which a bundler splits at each `import()`. The
 * script-tag bundle inlines them, since one file is its point.
 */
import type {ReactiveControllerHost} from 'lit';

export function lazyView<T>(
  load: () => Promise<T>
): (host: ReactiveControllerHost) => T | undefined {
  let loaded: T | undefined;
  let loading: Promise<unknown> | undefined;
  return (host) => {
    if (loaded) return loaded;
    loading ??= load().then(
      (module) => (loaded = module),
      // A chunk that failed to arrive leaves the loading view, whose Close
      // button still works, rather than an unhandled rejection; the next
      // render asks again (where the browser has not cached the failure).
      () => (loading = undefined)
    );
    // Every host that asked is drawn again once the module is here.
    void loading.then(() => loaded && host.requestUpdate());
    return undefined;
  };
}
