/**
 * The contract's answers as guards: `client.ts` runs every response body
 * through one of these before anything else sees it.
 */
import {
  array,
  boolean,
  id,
  literal,
  nullable,
  number,
  object,
  string,
  text,
  type Guard,
} from './guards.js';
import {
  CATEGORIES,
  CONNECTION_STATUSES,
  type Connection,
  type CreatedConnection,
  type Session,
  type Source,
  type SourcePage,
  type SourceRequest,
} from './types.js';

const location = object({}, {city: string, state: string, address: string});

export const source: Guard<Source> = object(
  {id, name: text, category: literal(CATEGORIES)},
  {
    logoUrl: string,
    location,
    aliases: array(string, 50),
    status: literal(['ok', 'degraded', 'down'] as const),
  }
);

export const connection: Guard<Connection> = object(
  {
    id,
    sourceId: id,
    sourceName: text,
    status: literal(CONNECTION_STATUSES),
  },
  {
    sync: object({progress: number, updatedAt: string}),
    error: object({code: string, message: string}),
    connectedAt: string,
    scopes: array(id),
  }
);

export const session: Guard<Session> = object({
  app: object(
    {name: text},
    {logoUrl: string, termsUrl: string, privacyUrl: string}
  ),
  user: object({id: text}),
  expiresAt: string,
  consent: object({
    version: text,
    scopes: array(
      object(
        {id: text, label: text, description: string},
        {required: boolean, default: boolean}
      )
    ),
  }),
  connections: array(connection),
});

export const sourcePage: Guard<SourcePage> = object({
  sources: array(source),
  nextCursor: nullable(string),
  total: number,
});

export const connectionAnswer: Guard<{connection: Connection}> = object({
  connection,
});

export const sourceAnswer: Guard<{source: Source}> = object({source});

export const createdConnection: Guard<CreatedConnection> = object({
  connection,
  authorizeUrl: text,
});

export const sourceRequest: Guard<{request: SourceRequest}> = object({
  request: object(
    {id: text, name: text},
    {address: string, website: string, physician: string}
  ),
});

/** The error body of the contract: `{error: {code, message}}`. */
export const errorBody = object({
  error: object({code: string}, {message: string}),
});
