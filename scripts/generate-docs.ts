// `npm run docs`: regenerate README's catalog tables.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderReadme } from './doc-sections';

const path = join(__dirname, '..', '..', 'README.md');
const before = readFileSync(path, 'utf8');
const after = renderReadme(before);
writeFileSync(path, after);
console.log(before === after ? 'README.md is up to date' : 'README.md updated');
