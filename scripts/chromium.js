// Launch options seen working on Debian's chromium as root (see ../shared/toolchain.md):
// `--no-sandbox` because CI runs as root, and the rest stop background traffic that the
// closed network here refuses. Shared by the test runner and the benchmark.
export const chromiumLaunchOptions = {
  executablePath: process.env.CHROME_PATH || '/usr/bin/chromium',
  headless: true,
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-dev-shm-usage',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--disable-quic',
    '--no-first-run',
  ],
};
