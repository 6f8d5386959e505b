/**
 * A plain static file server, as a static host serves a folder under a sub-path: each file read
 * from disk and sent as it is, with the content type of its extension; a folder's address gives
 * its index.html; anything else, or outside the sub-path, is a 404. No rewriting, no compiling.
 */
import {readFile} from 'node:fs/promises';
import {createServer} from 'node:http';
import type {AddressInfo} from 'node:net';
import path from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
};

export interface StaticSite {
  /** The folder's address, ending in `/`. */
  url: string;
  /** The paths asked for, in order (from the site's root). */
  requests: string[];
  close(): Promise<void>;
}

/** Serves `folder` at `http://127.0.0.1:<free port><subPath>` (`subPath` ends in `/`). */
export async function serveFolder(
  folder: string,
  subPath: string
): Promise<StaticSite> {
  const root = path.resolve(folder);
  const requests: string[] = [];
  const server = createServer(async (request, response) => {
    const {pathname} = new URL(request.url ?? '/', 'http://site');
    requests.push(pathname);
    const inside = pathname.startsWith(subPath)
      ? decodeURIComponent(pathname.slice(subPath.length))
      : undefined;
    const file =
      inside === undefined
        ? undefined
        : path.join(
            root,
            inside === '' || inside.endsWith('/')
              ? `${inside}index.html`
              : inside
          );
    try {
      if (!file?.startsWith(`${root}${path.sep}`)) throw new Error('outside');
      const body = await readFile(file);
      response.writeHead(200, {
        'Content-Type': TYPES[path.extname(file)] ?? 'application/octet-stream',
      });
      response.end(body);
    } catch {
      response.writeHead(404, {'Content-Type': 'text/plain'});
      response.end('Not found');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const {port} = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}${subPath}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
