// Where things are, from the compiled harness (build/bench/… or .build-bench/bench/…): both sit two levels
// below the project root, so the same relative paths work from either output folder.
import { join } from 'node:path';

export const projectRoot = join(__dirname, '..', '..', '..');
/** The compiled bench folder this file lives in (build/bench or .build-bench/bench). */
export const benchBuildDir = join(__dirname, '..');
/** The agent's CLI as users run it (`kinstrument agent`). */
export const kinstrumentCli = join(projectRoot, 'dist', 'src', 'cli', 'main.js');

export const benchScript = (...parts: string[]): string => join(benchBuildDir, ...parts);
