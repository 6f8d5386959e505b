/**
 * A view loaded on first use: the rarely seen views (the request form, the
 * connected sources) stay out of the first load of the ES module build,
 * which a bundler splits at each `import()`. The script-tag bundle inlines
 * them, since one file is its point.
 */
import type {ReactiveControllerHost} from 'lit';

export function lazyView<T>(load: () => Promise<T>): (host: ReactiveControllerHost) => T | undefined {
  let loaded: T | undefined;
  let loading: Promise<unknown> | undefined;
  return (host) => {
    if (loaded) return loaded;
    loading ??= load().then((module) => (loaded = module));
    // Every host that asked is drawn again once the module is here.
    void loading.then(() => host.requestUpdate());
    return undefined;
  };
}
