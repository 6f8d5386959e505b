/**
 * The host's shortlist (`featured-sources`): the sources shown while the query is empty, in the
 * host's order, instead of the service's popular list. Loaded only where a host gives one.
 */
import type {ConnectApi} from '../api/client.js';
import type {SourcePage} from '../api/types.js';
import {isSourceId} from './open-source.js';

/** At most this many: one page of the list, one request each. */
const MAX_FEATURED = 20;

/**
 * The list as a first page: each id read with `GET /sources/{id}`, together. An id the service
 * does not know is left out (a shortlist written before a source was retired); any other failure
 * fails the list, as the popular list's would.
 */
export async function featuredPage(
  client: ConnectApi,
  ids: string,
  signal: AbortSignal
): Promise<SourcePage> {
  const unique = [
    ...new Set(
      ids
        .split(',')
        .map((id) => id.trim())
        .filter(isSourceId)
    ),
  ].slice(0, MAX_FEATURED);
  const found = await Promise.all(
    unique.map((id) =>
      client.getSource(id, signal).catch((error: {code?: string}) => {
        if (error.code === 'not_found') return undefined;
        throw error;
      })
    )
  );
  const sources = found.filter((s) => s !== undefined);
  return {sources, nextCursor: null, total: sources.length};
}
