// Types of chromium.js, for the TypeScript tests that import it.
import type {LaunchOptions} from 'puppeteer-core';
export const chromiumLaunchOptions: LaunchOptions;
