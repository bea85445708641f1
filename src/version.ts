import { readFileSync } from 'node:fs';
import { join } from 'node:path';

// Read at run time rather than imported, so the compiled layout (dist/src/…) stays free of package.json copies.
function readPackageVersion(): string {
  const manifest: unknown = JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8'));
  if (typeof manifest === 'object' && manifest !== null && 'version' in manifest) {
    return String(manifest.version);
  }
  return '0.0.0';
}

export const VERSION: string = readPackageVersion();
