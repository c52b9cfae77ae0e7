// Runs one Astro build in its own process, so that every timed build starts cold: no
// module cache, no JIT warm-up and no content-layer cache carried over from another build.
// Usage: node tests/bench/build-worker.ts <json: { root, outDir, cacheDir }>
import { build } from 'astro';

interface BuildRequest {
  root: string;
  outDir: string;
  cacheDir: string;
}

const request = JSON.parse(process.argv[2] ?? '{}') as BuildRequest;
if (!request.root || !request.outDir || !request.cacheDir) {
  console.error('build-worker: expected a JSON argument with root, outDir and cacheDir');
  process.exit(2);
}
// The site configuration and the content loaders read from the working directory.
process.chdir(request.root);
await build({ root: request.root, outDir: request.outDir, cacheDir: request.cacheDir, logLevel: 'warn' });
