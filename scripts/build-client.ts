/**
 * Bundles the browser client: src/client/main.ts → public/js/chat.js (minified, with a source
 * map, Socket.IO client included), so the page needs nothing from outside the site.
 * `--watch` rebuilds on change (npm run dev).
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

const options: esbuild.BuildOptions = {
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

async function main(): Promise<void> {
  if (process.argv.includes('--watch')) {
    const context = await esbuild.context({ ...options, logLevel: 'info' });
    await context.watch();
    console.log('Watching src/client for changes…');
    return;
  }
  const result = await esbuild.build({ ...options, metafile: true });
  const output = result.metafile?.outputs[path.relative(process.cwd(), options.outfile ?? '')];
  if (output && !process.argv.includes('--quiet')) {
    console.log(`Built public/js/chat.js (${Math.round(output.bytes / 1024)} KiB)`);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
