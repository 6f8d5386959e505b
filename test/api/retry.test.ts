import {expect} from '@open-wc/testing';
import {ConnectApiError} from '../../src/api/errors.js';
import {
  parseRetryAfter,
  READ_RETRY,
  retryDelay,
  type RetryPolicy,
} from '../../src/api/retry.js';

const at = (random: number): RetryPolicy => ({
  ...READ_RETRY,
  random: () => random,
});
const fault = (
  status: number,
  code: ConstructorParameters<typeof ConnectApiError>[0] = 'server_error',
  retryAfter?: number
) => new ConnectApiError(code, 'fault', status, retryAfter);

describe('retry policy', () => {
  it('backs off exponentially with equal jitter, up to a cap', () => {
    const error = fault(500);
    // The least (random 0) is half the backoff, the most (random → 1) all of it.
    expect(retryDelay(error, 1, at(0))).to.equal(250);
    expect(retryDelay(error, 1, at(0.999_999))).to.be.closeTo(500, 0.01);
    expect(retryDelay(error, 2, at(0))).to.equal(500);
    expect(retryDelay(error, 2, at(0.5))).to.equal(750);
    const many = {...at(1), attempts: 10};
    expect(retryDelay(error, 8, many)).to.equal(READ_RETRY.maxMs);
  });

  it('stops after the last attempt', () => {
    expect(retryDelay(fault(500), READ_RETRY.attempts, at(0))).to.equal(
      undefined
    );
  });

  it('retries what may pass, and nothing else', () => {
    for (const status of [408, 425, 429, 500, 502, 503, 504]) {
      expect(retryDelay(fault(status), 1, at(0)), String(status)).to.be.a(
        'number'
      );
    }
    for (const status of [400, 401, 403, 404, 409, 422]) {
      expect(
        retryDelay(fault(status, 'bad_request'), 1, at(0)),
        String(status)
      ).to.equal(undefined);
    }
    expect(retryDelay(fault(0, 'network_error'), 1, at(0))).to.be.a('number');
    expect(retryDelay(fault(0, 'timeout'), 1, at(0))).to.be.a('number');
    // No network at all: the flow waits for it to come back instead.
    expect(retryDelay(fault(0, 'offline'), 1, at(0))).to.equal(undefined);
    // A broken answer will not mend itself.
    expect(retryDelay(fault(200, 'invalid_response'), 1, at(0))).to.equal(
      undefined
    );
    expect(retryDelay(fault(0, 'invalid_response'), 1, at(0))).to.equal(
      undefined
    );
  });

  it('honours Retry-After, and gives up at once when it is long', () => {
    expect(retryDelay(fault(429, 'rate_limited', 2), 1, at(0))).to.equal(2000);
    expect(retryDelay(fault(503, 'source_unavailable', 0), 1, at(0))).to.equal(
      250
    );
    expect(retryDelay(fault(429, 'rate_limited', 30), 1, at(0))).to.equal(
      undefined
    );
  });

  it('reads Retry-After as seconds or as an HTTP date', () => {
    const now = Date.parse('2026-11-29T12:00:00Z');
    expect(parseRetryAfter('7', now)).to.equal(7);
    expect(parseRetryAfter(' 0 ', now)).to.equal(0);
    expect(parseRetryAfter('Sun, 29 Nov 2026 12:00:05 GMT', now)).to.equal(5);
    expect(parseRetryAfter('Sun, 29 Nov 2026 11:00:00 GMT', now)).to.equal(0);
    for (const junk of [null, '', 'soon', '-3', '1.5', '9e9x']) {
      expect(parseRetryAfter(junk, now), String(junk)).to.equal(undefined);
    }
  });
});
