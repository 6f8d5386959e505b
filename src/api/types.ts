/**
 * The Connect API's types, as the contract (docs/connect-api.md) defines them.
 * Every value of these types that the widget holds has passed the guards in
 * `validate.ts`: nothing from the network is trusted before that.
 */

export const CATEGORIES = [
  'hospital',
  'clinic',
  'lab',
  'pharmacy',
  'insurer',
  'wearable',
  'app',
] as const;

export type Category = (typeof CATEGORIES)[number];

export type SourceStatus = 'ok' | 'degraded' | 'down';

export interface Source {
  id: string;
  /** Plain text: always rendered as text, never as HTML. */
  name: string;
  category: Category;
  /** https only; anything else is ignored when rendered. */
  logoUrl?: string;
  location?: {city?: string; state?: string; address?: string};
  /** Other names people search by ("KP", "UCSF Health"). */
  aliases?: string[];
  /** `degraded`: shown with a warning; `down`: cannot be connected now. */
  status?: SourceStatus;
}

export const CONNECTION_STATUSES = [
  'pending',
  'connected',
  'syncing',
  'synced',
  'error',
] as const;

export type ConnectionStatus = (typeof CONNECTION_STATUSES)[number];

export interface Connection {
  id: string;
  sourceId: string;
  sourceName: string;
  status: ConnectionStatus;
  /** `progress` runs from 0 to 1 while the connection syncs. */
  sync?: {progress: number; updatedAt: string};
  error?: {code: string; message: string};
  connectedAt?: string;
  /**
   * The ids of the consent scopes the person granted this connection (ours: a project
   * extension, which the sandbox answers; the connected-sources view shows them).
   */
  scopes?: string[];
}

export interface ConsentScope {
  id: string;
  label: string;
  description: string;
  /** Default true: a consent without this scope is refused (`400 bad_request`). */
  required?: boolean;
  /** For an optional scope, whether its box starts ticked; default false. */
  default?: boolean;
}

export interface ConsentTerms {
  version: string;
  /** The data the app asks for. */
  scopes: ConsentScope[];
}

export interface AppInfo {
  name: string;
  logoUrl?: string;
  termsUrl?: string;
  privacyUrl?: string;
}

/** `GET /session` */
export interface Session {
  app: AppInfo;
  user: {id: string};
  expiresAt: string;
  consent: ConsentTerms;
  connections: Connection[];
}

/** `GET /sources` */
export interface SourcePage {
  sources: Source[];
  nextCursor: string | null;
  total: number;
}

export interface SourceQuery {
  q?: string;
  category?: Category;
  limit?: number;
  cursor?: string;
}

/** `POST /connections` body. */
export interface CreateConnectionBody {
  sourceId: string;
  consent: {version: string; scopes: string[]; acceptedAt: string};
  /** A fresh random nonce that the login window's callback must echo. */
  state: string;
  /**
   * Redirect login: where the login page sends the person back, on the page's origin, with
   * `#hc_state=…&hc_connection=…`. Without it, the login page reports to its opener (a popup).
   */
  returnUrl?: string;
}

/** `POST /connections/{id}/reauthorize` body: a login's `state` and `returnUrl`, as for a new one. */
export type ReauthorizeBody = Pick<CreateConnectionBody, 'state' | 'returnUrl'>;

/** `POST /connections` answer. */
export interface CreatedConnection {
  connection: Connection;
  authorizeUrl: string;
}

/** `POST /source-requests` body: a source the person could not find. */
export interface SourceRequestBody {
  name: string;
  address?: string;
  website?: string;
  physician?: string;
}

export interface SourceRequest extends SourceRequestBody {
  id: string;
}

/** The error codes of the contract; anything else is treated as `server_error`. */
export const API_ERROR_CODES = [
  'invalid_token',
  'token_expired',
  'not_found',
  'bad_request',
  'conflict',
  'rate_limited',
  'source_unavailable',
  'server_error',
] as const;

/**
 * The contract's codes, plus the widget's own for faults that never reached
 * the service or came back unreadable.
 */
export type ApiErrorCode =
  | (typeof API_ERROR_CODES)[number]
  | 'network_error'
  | 'offline'
  | 'timeout'
  | 'invalid_response'
  // Redirect login: the host's `return-url` is not on the page's origin; the tab cannot keep the
  // note of the login (storage blocked or full).
  | 'return_url_refused'
  | 'storage_unavailable';
