/**
 * Answers whose headers arrive at once but whose body does not: the
 * `stallBody`, `trickleBody` and `dropBody` scenarios, for the widget's reliability tests
 * (a fetch resolves on headers, so a client's timeout must cover reading the
 * body too).
 */

/** How much of the body a stalled answer sends before it stops for good. */
export const STALL_AFTER_BYTES = 8;
export const TRICKLE_BYTES = 16;
export const TRICKLE_INTERVAL_MS = 100;

/** Runs `fn` after `ms`; the returned function cancels it. */
export type Schedule = (fn: () => void, ms: number) => () => void;

function sameHead(response: Response, body: ReadableStream<Uint8Array>) {
  return new Response(body, {
    status: response.status,
    statusText: response.statusText,
    headers: response.headers,
  });
}

/**
 * The first bytes of the body, then nothing more until the reader cancels, or until `ended`
 * (the scenario changed), when the body fails. Over HTTP that closes the connection: a browser
 * that gave up on the answer may keep the connection to read the rest before reusing it, and
 * Firefox, holding six such, sent nothing more to the sandbox (CI, `test/sandbox/http-faults`).
 */
export async function withStalledBody(
  response: Response,
  ended?: AbortSignal
): Promise<Response> {
  const bytes = new Uint8Array(await response.arrayBuffer());
  return sameHead(
    response,
    new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(bytes.slice(0, STALL_AFTER_BYTES));
        ended?.addEventListener(
          'abort',
          () => controller.error(new Error('the stall ended')),
          {once: true}
        );
      },
    })
  );
}

/** The whole body, `chunkBytes` at a time, one chunk every `intervalMs`. */
export async function withTrickledBody(
  response: Response,
  schedule: Schedule,
  chunkBytes = TRICKLE_BYTES,
  intervalMs = TRICKLE_INTERVAL_MS
): Promise<Response> {
  const bytes = new Uint8Array(await response.arrayBuffer());
  let offset = 0;
  let cancel: (() => void) | undefined;
  return sameHead(
    response,
    new ReadableStream<Uint8Array>({
      pull(controller) {
        return new Promise<void>((resolve) => {
          cancel = schedule(() => {
            controller.enqueue(bytes.slice(offset, offset + chunkBytes));
            offset += chunkBytes;
            if (offset >= bytes.length) controller.close();
            resolve();
          }, intervalMs);
        });
      },
      cancel() {
        cancel?.();
      },
    })
  );
}

/** The headers now, and the whole body `delayMs` later. */
export async function withDelayedBody(
  response: Response,
  schedule: Schedule,
  delayMs: number
): Promise<Response> {
  const bytes = new Uint8Array(await response.arrayBuffer());
  let cancel: (() => void) | undefined;
  return sameHead(
    response,
    new ReadableStream<Uint8Array>({
      start(controller) {
        cancel = schedule(() => {
          controller.enqueue(bytes);
          controller.close();
        }, delayMs);
      },
      cancel() {
        cancel?.();
      },
    })
  );
}

/** The first bytes of the body, then the connection drops (a read of it fails). */
export async function withDroppedBody(response: Response): Promise<Response> {
  const bytes = new Uint8Array(await response.arrayBuffer());
  let sent = false;
  return sameHead(
    response,
    new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent) return controller.error(new Error('connection dropped'));
        sent = true;
        controller.enqueue(bytes.slice(0, STALL_AFTER_BYTES));
      },
    })
  );
}
