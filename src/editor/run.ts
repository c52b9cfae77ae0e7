/**
 * `npm run editor`: Decap CMS on the local checkout, for editors who do not use git by
 * hand. Two local servers, both bound to 127.0.0.1 and apart from the public site (own
 * port, own origin, never under its CSP): Decap's file proxy (`decap-server`), which reads
 * and writes `content/` in the checkout, and this page, which serves the editor and its
 * configuration generated from the zod schemas. The editor writes files; the build
 * decides whether they are valid, and names the file and field when they are not.
 *
 * `NGAO_EDITOR_PORT` (default 4330) and `NGAO_EDITOR_PROXY_PORT` (default 8081) choose the
 * ports; `NGAO_EDITOR_REPO` the checkout to edit (default: this one).
 */
import { spawn } from 'node:child_process';
import { createReadStream, existsSync } from 'node:fs';
import { createServer } from 'node:http';
import { join, normalize, resolve } from 'node:path';
import { decapConfig } from './decap-config.ts';

const port = Number(process.env.NGAO_EDITOR_PORT || 4330);
const proxyPort = Number(process.env.NGAO_EDITOR_PROXY_PORT || 8081);
const repo = resolve(process.env.NGAO_EDITOR_REPO || process.cwd());
const decapDist = resolve('node_modules/decap-cms/dist');
const host = '127.0.0.1';

const page = `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><meta name="robots" content="noindex"><title>Ngao content editor</title></head>
<body>
<script>window.CMS_MANUAL_INIT = true;</script>
<script src="/decap/decap-cms.js"></script>
<script>CMS.init({ config: ${JSON.stringify(decapConfig(`http://${host}:${proxyPort}/api/v1`))} });</script>
</body>
</html>`;

const proxy = spawn(process.execPath, [resolve('node_modules/decap-server/dist/index.js')], {
  env: { ...process.env, PORT: String(proxyPort), BIND_HOST: host, MODE: 'fs', GIT_REPO_DIRECTORY: repo, ORIGIN: `http://${host}:${port}` },
  stdio: 'inherit',
});

const server = createServer((request, response) => {
  const path = new URL(request.url ?? '/', `http://${host}`).pathname;
  if (path === '/' || path === '/index.html') {
    response.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' });
    return response.end(page);
  }
  if (path.startsWith('/decap/')) {
    const file = normalize(join(decapDist, path.slice('/decap/'.length)));
    if (file.startsWith(decapDist) && existsSync(file)) {
      const type = file.endsWith('.js') ? 'text/javascript' : file.endsWith('.wasm') ? 'application/wasm' : 'application/octet-stream';
      response.writeHead(200, { 'Content-Type': type });
      return createReadStream(file).pipe(response);
    }
  }
  return response.writeHead(404, { 'Content-Type': 'text/plain' }).end('Not found');
});
server.listen(port, host, () => console.log(`Ngao editor: http://${host}:${port}/ (editing ${repo})`));

const stop = () => {
  proxy.kill();
  server.close();
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
proxy.on('exit', (code) => {
  if (code) console.error(`decap-server exited with code ${code}`);
  server.close();
});
