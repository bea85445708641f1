// Reads files under the proc filesystem root (`procfs_path`, /proc unless the agent runs in a container with the
// host's /proc mounted elsewhere).
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

export class ProcFiles {
  constructor(readonly root: string) {}

  read(relative: string): Promise<string> {
    return readFile(join(this.root, relative), 'utf8');
  }
}
