import type {Middleware} from '@web/dev-server-core';
export function strictCsp(api: string): string;
export const STRICT_PAGE: string;
export const STRICT_LOADER_PAGE: string;
export const strictCspMiddleware: Middleware;
