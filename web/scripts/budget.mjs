// UI.md's budget: the JavaScript loaded before the sign-in page renders is at most 250 kB gzip.
// That is the entry script of index.html and every chunk it imports statically (its
// modulepreload links); lazily loaded screens are not counted.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

const BUDGET = 250 * 1024;
const dist = join(import.meta.dirname, '..', 'dist');
const html = readFileSync(join(dist, 'index.html'), 'utf8');
const scripts = [...html.matchAll(/<(?:script|link)[^>]+(?:src|href)="\/app\/(assets\/[^"]+\.js)"/g)].map(
  (match) => match[1],
);
let total = 0;
for (const file of scripts) {
  const size = gzipSync(readFileSync(join(dist, file))).length;
  total += size;
  console.log(`${file}: ${(size / 1024).toFixed(1)} kB gzip`);
}
console.log(
  `JavaScript before sign-in: ${(total / 1024).toFixed(1)} kB gzip (budget ${BUDGET / 1024} kB)`,
);
if (scripts.length === 0 || total > BUDGET) {
  console.error(scripts.length === 0 ? 'no script found in index.html' : 'over budget');
  process.exit(1);
}
