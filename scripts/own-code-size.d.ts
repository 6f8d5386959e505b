// Types of own-code-size.js, for the TypeScript tests that import it.
export interface Sizes {
  min: number;
  gzip: number;
  brotli: number;
}
export interface OwnCodeSizes extends Sizes {
  chunks: number;
  lazyChunks: number;
  lazyGzipTotal: number;
  externals: string[];
}
export function sizes(bytes: Uint8Array): Sizes;
export function ownCodeSize(entry: string): Promise<OwnCodeSizes>;
