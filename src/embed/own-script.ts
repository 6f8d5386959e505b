/**
 * What a script-tag entry knows of the page it lands on, read so that markup cannot forge it
 * (DOM clobbering): `<img name="currentScript">` makes `document.currentScript` that image, and
 * `<div id="HumanConnect">` makes `window.HumanConnect` that div; and the options its host
 * passes, read so that a polluted Object.prototype cannot add to them.
 */

/**
 * The `<script>` element running now (the entry's own, while it runs), or null: read through
 * `Document`'s own getter, which a named element of the document cannot stand in for.
 */
export function ownScript(doc: Document): HTMLScriptElement | null {
  const script = Object.getOwnPropertyDescriptor(
    Document.prototype,
    'currentScript'
  )?.get?.call(doc);
  return script instanceof HTMLScriptElement ? script : null;
}

/** Whether `window.HumanConnect` is defined already (an element's id is not a definition). */
export function hasGlobalApi(win: Window): boolean {
  return Object.prototype.hasOwnProperty.call(win, 'HumanConnect');
}

/** Defines `window.HumanConnect`, once: no later script replaces it. */
export function defineGlobalApi(win: Window, api: unknown): void {
  Object.defineProperty(win, 'HumanConnect', {value: api, enumerable: true});
}

/**
 * The host's options with their own fields only: a field that another script added to
 * Object.prototype (an `apiBase`, say) is not the host's choice.
 */
export function ownOptions<T extends object>(options: T | undefined): T {
  return Object.assign(Object.create(null), options) as T;
}
