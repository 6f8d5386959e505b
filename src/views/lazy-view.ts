/**
 * A view loaded on first use: the views after search (the consent, fetched
 * while the person searches; the request form, the connected sources, the
 * views after "Allow") stay out of the first load of the ES module build,
 * which a bundler splits at each `import()`. The
 * script-tag bundle inlines them, since one file is its point.
 */
import {adoptStyles, type CSSResult, type ReactiveElement} from 'lit';

/** The hosts that have adopted the later views' styles (later-styles.ts). */
const styled = new WeakSet<ReactiveElement>();

export function lazyView<T>(
  load: () => Promise<T>
): (host: ReactiveElement) => T | undefined {
  let loaded: T | undefined;
  let loading: Promise<unknown> | undefined;
  return (host) => {
    if (loaded) {
      // Its styles join the host's own before the view first draws.
      const {styles} = loaded as {styles?: CSSResult};
      if (styles && !styled.has(host)) {
        styled.add(host);
        adoptStyles(host.renderRoot as ShadowRoot, [
          ...(host.constructor as typeof ReactiveElement).elementStyles,
          styles,
        ]);
      }
      return loaded;
    }
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
