// Preloaded after kinstrument's own register (`-r <dist>/register.js -r this`): init() called again with the
// same (empty) options hands back the running SDK, whose forceFlush() sends spans, metrics and log lines.
import { join } from 'node:path';
import { projectRoot } from '../../support/paths';
import { KINSTRUMENT_DIST_ENV } from './export-settings';
import { registerFlushHook } from './flush-hook';

interface KinstrumentModule {
  init(): { forceFlush(): Promise<void> };
}

// Loaded by path from the same dist/ as register.js, so it is the module instance the preload started.
const distDir = process.env[KINSTRUMENT_DIST_ENV] || join(projectRoot, 'dist');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const kinstrument = require(join(distDir, 'src', 'index.js')) as KinstrumentModule;
const handle = kinstrument.init();
registerFlushHook(() => handle.forceFlush());
