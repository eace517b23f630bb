/**
 * Bundles the browser client: src/client/main.ts → public/js/chat.js (minified, with a source
 * map, Socket.IO client included), so the page needs nothing from outside the site.
 * The emoji picker's data (emojibase-data, trimmed to what the picker reads) is a second,
 * separate ES module, public/js/emoji-data.js, that the page imports only when the full picker
 * first opens, so the first page load stays small.
 * `--watch` rebuilds on change (npm run dev).
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';
import { isSingleEmoji } from '../src/shared/emoji';

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

/** Keeps of emojibase's compact data only the fields the picker reads, and no lone components. */
const trimEmojiData: esbuild.Plugin = {
  name: 'trim-emoji-data',
  setup(build) {
    build.onLoad({ filter: /emojibase-data[\\/]en[\\/]compact\.json$/ }, async (args) => {
      const entries = JSON.parse(await readFile(args.path, 'utf8')) as EmojibaseEntry[];
      const kept = entries
        .filter((entry) => entry.group !== undefined && entry.group !== COMPONENT_GROUP)
        .sort((a, b) => (a.order ?? 0) - (b.order ?? 0))
        .map(({ unicode, label, tags, group }) => ({ unicode: asReaction(unicode), label, tags: tags ?? [], group }))
        .filter((entry) => entry.unicode !== undefined);
      return { contents: JSON.stringify(kept), loader: 'json' };
    });
  },
};

/**
 * The spelling the server takes as one reaction (`react`): emojibase writes some emoji with a
 * variation selector that RGI leaves out (👍️ for 👍); those lose it. Anything else is dropped.
 */
function asReaction(unicode: string): string | undefined {
  if (isSingleEmoji(unicode)) return unicode;
  const bare = unicode.replace(/\uFE0F/g, '');
  return isSingleEmoji(bare) ? bare : undefined;
}

type EmojibaseEntry = { unicode: string; label: string; tags?: string[]; group?: number; order?: number };
const COMPONENT_GROUP = 2;

const emojiOptions: esbuild.BuildOptions = {
  ...options,
  entryPoints: [path.join(root, 'src/client/emoji/emoji-data.ts')],
  outfile: path.join(root, 'public/js/emoji-data.js'),
  format: 'esm',
  plugins: [trimEmojiData],
};

async function main(): Promise<void> {
  if (process.argv.includes('--watch')) {
    const context = await esbuild.context({ ...options, logLevel: 'info' });
    await context.watch();
    await esbuild.build(emojiOptions);
    console.log('Watching src/client for changes…');
    return;
  }
  const [result] = await Promise.all([esbuild.build({ ...options, metafile: true }), esbuild.build(emojiOptions)]);
  const output = result.metafile?.outputs[path.relative(process.cwd(), options.outfile ?? '')];
  if (output && !process.argv.includes('--quiet')) {
    console.log(`Built public/js/chat.js (${Math.round(output.bytes / 1024)} KiB)`);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
