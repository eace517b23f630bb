/**
 * `npm run build`: bundles with esbuild, in plain JavaScript so production needs no TypeScript runner.
 * - the browser client: src/client/main.ts → public/js/chat.js (minified, with a source map,
 *   Socket.IO client included), so the page needs nothing from outside the site;
 * - the server: src/main.ts and src/migrate.ts → dist/main.js and dist/migrate.js (ESM, packages
 *   left to node_modules). dist/ sits beside src/, so paths resolved from src/paths.ts hold in both.
 * `--client` or `--server` builds one half; `--client --watch` rebuilds the client on change (npm run dev).
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const only = (half) => !args.includes(half === 'client' ? '--server' : '--client');

/** @type {esbuild.BuildOptions} */
const client = {
  entryPoints: [path.join(root, 'src/client/main.ts')],
  outfile: path.join(root, 'public/js/chat.js'),
  bundle: true,
  minify: true,
  sourcemap: true,
  target: 'es2020',
  platform: 'browser',
  format: 'iife',
  logLevel: 'warning',
  define: { 'process.env.NODE_ENV': '"production"' },
};

/** @type {esbuild.BuildOptions} */
const server = {
  entryPoints: [path.join(root, 'src/main.ts'), path.join(root, 'src/migrate.ts')],
  outdir: path.join(root, 'dist'),
  bundle: true,
  packages: 'external',
  platform: 'node',
  format: 'esm',
  target: 'node20',
  sourcemap: true,
  logLevel: 'warning',
};

async function main() {
  if (args.includes('--watch')) {
    const context = await esbuild.context({ ...client, logLevel: 'info' });
    await context.watch();
    console.log('Watching src/client for changes…');
    return;
  }
  const builds = [];
  if (only('client')) builds.push(esbuild.build(client));
  if (only('server')) builds.push(esbuild.build(server));
  await Promise.all(builds);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
