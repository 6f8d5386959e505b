// Launch options for Debian's chromium, shared by the test runner and the benchmark:
// `--no-sandbox` because CI runs as root, and the rest stop the background traffic (updates,
// sync, QUIC probes) that CI's closed network refuses.
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
