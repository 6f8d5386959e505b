/**
 * Finding controls as a screen-reader user would: by role and accessible
 * name, through shadow roots (Testing Library's queries stop at them).
 */
import {
  computeAccessibleName,
  getRole,
  isInaccessible,
} from 'dom-accessibility-api';
import {WAIT_MS, waitUntil} from './wait.js';

type Name = string | RegExp;

function* deepElements(root: ParentNode): Generator<Element> {
  for (const el of Array.from(root.querySelectorAll('*'))) {
    yield el;
    if (el.shadowRoot) yield* deepElements(el.shadowRoot);
  }
}

function matches(name: Name | undefined, actual: string): boolean {
  if (name === undefined) return true;
  return typeof name === 'string' ? actual === name : name.test(actual);
}

function rootOf(container: Element): ParentNode {
  return container.shadowRoot ?? container;
}

export function queryAllByRole<T extends Element = HTMLElement>(
  container: Element,
  role: string,
  name?: Name
): T[] {
  const found: T[] = [];
  for (const el of deepElements(rootOf(container))) {
    if (getRole(el) !== role || isInaccessible(el)) continue;
    if (matches(name, computeAccessibleName(el))) found.push(el as T);
  }
  return found;
}

export function queryByRole<T extends Element = HTMLElement>(
  container: Element,
  role: string,
  name?: Name
): T | null {
  return queryAllByRole<T>(container, role, name)[0] ?? null;
}

export function getByRole<T extends Element = HTMLElement>(
  container: Element,
  role: string,
  name?: Name
): T {
  const el = queryByRole<T>(container, role, name);
  if (!el) {
    const roles = [...deepElements(rootOf(container))]
      .map((e) =>
        getRole(e) ? `${getRole(e)} "${computeAccessibleName(e)}"` : ''
      )
      .filter(Boolean);
    throw new Error(
      `No ${role} named ${String(name)}. Present: ${roles.join(', ')}`
    );
  }
  return el;
}

export async function findByRole<T extends Element = HTMLElement>(
  container: Element,
  role: string,
  name?: Name,
  timeout = WAIT_MS
): Promise<T> {
  let found: T | null = null;
  try {
    await waitUntil(() => (found = queryByRole<T>(container, role, name)), '', {
      timeout,
      interval: 20,
    });
  } catch {
    // Fall through to getByRole, whose error lists what is there.
  }
  return found ?? getByRole<T>(container, role, name);
}

/** The visible text of the element and its shadow tree. */
export function textOf(container: Element): string {
  const parts: string[] = [];
  const walk = (root: ParentNode) => {
    for (const node of Array.from(root.childNodes)) {
      if (node.nodeType === Node.TEXT_NODE) parts.push(node.textContent ?? '');
      else if (node instanceof Element) {
        if (node.shadowRoot) walk(node.shadowRoot);
        walk(node);
      }
    }
  };
  walk(rootOf(container));
  return parts.join(' ').replace(/\s+/g, ' ');
}

export async function findText(
  container: Element,
  text: string | RegExp,
  timeout = WAIT_MS
): Promise<void> {
  const has = () =>
    typeof text === 'string'
      ? textOf(container).includes(text)
      : text.test(textOf(container));
  try {
    await waitUntil(has, '', {timeout, interval: 20});
  } catch {
    throw new Error(
      `Text ${String(text)} not found in: ${textOf(container).slice(0, 600)}`
    );
  }
}
