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
