/** @type {import('@custom-elements-manifest/analyzer').Config} */
export default {
  globs: ['src/**/*.ts'],
  exclude: [
    'src/**/*.test.ts',
    'src/**/*.spec.ts',
    'src/**/*.d.ts',
    'test/**',
    'demo/**',
  ],
  outdir: '.',
  litelement: true,
  packagejson: false,
};
