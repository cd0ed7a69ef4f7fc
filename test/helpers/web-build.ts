import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const INDEX = `<!doctype html><html><head>
<meta property="csp-nonce" nonce="__CSP_NONCE__">
<script type="module" crossorigin nonce="__CSP_NONCE__" src="/app/assets/index-abc123.js"></script>
<link rel="stylesheet" crossorigin href="/app/assets/index-def456.css">
</head><body><div id="root"></div></body></html>`;

/** A build as Vite lays it out: index.html, hashed assets, a file at the root, a dotfile. */
export function fakeBuild(): string {
  const dir = mkdtempSync(join(tmpdir(), 'st-web-'));
  mkdirSync(join(dir, 'assets'));
  writeFileSync(join(dir, 'index.html'), INDEX);
  writeFileSync(join(dir, 'assets', 'index-abc123.js'), 'console.log("app");\n');
  writeFileSync(join(dir, 'assets', 'index-def456.css'), 'body{margin:0}\n');
  writeFileSync(join(dir, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
  writeFileSync(join(dir, '.env'), 'SECRET=1');
  return dir;
}
