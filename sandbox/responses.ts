/** The contract's error shape and the request-body parsing every endpoint of the sandbox shares. */
import {HttpResponse} from 'msw';

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function errorResponse(
  status: number,
  code: string,
  message: string,
  headers?: Record<string, string>
): Response {
  return HttpResponse.json(
    {error: {code, message}},
    {status, headers: headers ?? {}}
  );
}

/** The 400 of a body that is not a JSON object, where an endpoint needs one. */
export const notAnObject = () =>
  errorResponse(400, 'bad_request', 'The body must be a JSON object.');

/** The 404 of a connection that is not there, or is another person's. */
export const noConnection = () =>
  errorResponse(404, 'not_found', 'No such connection.');

/** A body that is there but is not JSON: callers answer 400 for it as for any other wrong shape. */
export const INVALID_JSON = Symbol.for('invalid-json');

export async function readJson(request: Request): Promise<unknown> {
  const text = await request.text();
  if (!text) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return INVALID_JSON;
  }
}
