// README's tables of settings, span attributes and metrics are generated from the catalogs.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { renderReadme } from '../../scripts/doc-sections';

test('README catalog sections are up to date (run `npm run docs` when this fails)', () => {
  const readme = readFileSync(join(__dirname, '..', '..', '..', 'README.md'), 'utf8');
  assert.equal(readme, renderReadme(readme));
});
