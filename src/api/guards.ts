/**
 * A very small run-time schema kit: each guard returns the value typed, or
 * throws a `SchemaError` naming the path that broke the contract. Hand-made
 * rather than a library because the contract is small and every byte ships
 * to every user; unknown extra fields are dropped, so nothing unchecked
 * travels further into the widget.
 */

// Not exported: the client turns any guard failure into `invalid_response`.
class SchemaError extends Error {
  override readonly name = 'SchemaError';
}

export type Guard<T> = (value: unknown, path: string) => T;

const hasOwn = Object.prototype.hasOwnProperty;

/** Longest string accepted from the service: beyond it the answer is broken. */
const MAX_STRING = 10_000;

function fail(path: string, expected: string): never {
  throw new SchemaError(`${path || 'body'}: expected ${expected}`);
}

export const string: Guard<string> = (value, path) => {
  if (typeof value !== 'string' || value.length > MAX_STRING)
    fail(path, 'a string');
  return value;
};

export const boolean: Guard<boolean> = (value, path) => {
  if (typeof value !== 'boolean') fail(path, 'true or false');
  return value;
};

/** A string with at least one non-space character. */
export const text: Guard<string> = (value, path) => {
  const s = string(value, path);
  if (!s.trim()) fail(path, 'a non-empty string');
  return s;
};

/**
 * An id that goes into a URL path: `.` and `..` would be read there as the
 * collection, or the level above it, however they are escaped.
 */
export const id: Guard<string> = (value, path) => {
  const s = text(value, path);
  if (s === '.' || s === '..') fail(path, 'an id');
  return s;
};

export const number: Guard<number> = (value, path) => {
  if (typeof value !== 'number' || !Number.isFinite(value))
    fail(path, 'a number');
  return value;
};

export function literal<const T extends readonly string[]>(
  values: T
): Guard<T[number]> {
  return (value, path) => {
    if (!values.includes(value as string)) fail(path, values.join(' | '));
    return value as T[number];
  };
}

export function nullable<T>(guard: Guard<T>): Guard<T | null> {
  return (value, path) => (value === null ? null : guard(value, path));
}

/** An array of at most `max` items: beyond it the answer is broken. */
export function array<T>(guard: Guard<T>, max = 500): Guard<T[]> {
  return (value, path) => {
    if (!Array.isArray(value) || value.length > max)
      fail(path, 'a short array');
    return value.map((item, i) => guard(item, `${path}[${i}]`));
  };
}

type Shape = Record<string, Guard<unknown>>;
type Optional<S extends Shape> = {[K in keyof S]?: ReturnType<S[K]>};
type Required<S extends Shape> = {[K in keyof S]: ReturnType<S[K]>};

/**
 * An object with the `required` fields and any of the `optional` ones; an
 * optional field that is null or absent is left out of the result.
 */
export function object<R extends Shape, O extends Shape = {}>(
  required: R,
  optional?: O
): Guard<Required<R> & Optional<O>> {
  return (value, path) => {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      fail(path, 'an object');
    }
    // Own fields only: a field another script added to Object.prototype is
    // not the service's answer.
    const field = (key: string) =>
      hasOwn.call(value, key)
        ? (value as Record<string, unknown>)[key]
        : undefined;
    const out: Record<string, unknown> = {};
    for (const [key, guard] of Object.entries(required)) {
      out[key] = guard(field(key), `${path}.${key}`);
    }
    for (const [key, guard] of Object.entries(optional ?? {})) {
      const input = field(key);
      if (input != null) out[key] = guard(input, `${path}.${key}`);
    }
    return out as Required<R> & Optional<O>;
  };
}
