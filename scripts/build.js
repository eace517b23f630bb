/**
 * `npm run build`: bundles with esbuild, in plain JavaScript so production needs no TypeScript runner.
 * - the browser client: src/client/main.ts → public/js/chat.js (minified, with a source map,
 *   Socket.IO client included), so the page needs nothing from outside the site;
 * - the account page's script: src/client/account-page.ts → public/js/account.js (its notification choices);
 * - the emoji picker's data (emojibase-data, trimmed to what the picker reads) as a second, separate
 *   ES module, public/js/emoji-data.js, that the page imports only when the picker first opens;
 * - the server: src/main.ts and src/migrate.ts → dist/main.js and dist/migrate.js (ESM, packages
 *   left to node_modules). dist/ sits beside src/, so paths resolved from src/paths.ts hold in both.
 * `--client` or `--server` builds one half; `--client --watch` rebuilds the client on change (npm run dev).
 */
import { readFile } from 'node:fs/promises';
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

// What the server takes as one reaction (src/shared/emoji.ts, restated here: this script runs no
// TypeScript): exactly one RGI emoji, not a lone skin tone or hair component.
const RGI_EMOJI = new RegExp('^\\p{RGI_Emoji}$', 'v');
const LONE_COMPONENT = /^\p{Emoji_Component}$/u;
const isSingleEmoji = (text) => RGI_EMOJI.test(text) && !LONE_COMPONENT.test(text);

/** emojibase writes some emoji with a variation selector RGI leaves out (👍️ for 👍): those lose it; others go. */
function asReaction(unicode) {
  if (isSingleEmoji(unicode)) return unicode;
  const bare = unicode.replace(/\uFE0F/g, '');
  return isSingleEmoji(bare) ? bare : undefined;
}

const COMPONENT_GROUP = 2;
/** The five skin tone modifiers, light to dark. */
const TONES = ['\u{1F3FB}', '\u{1F3FC}', '\u{1F3FD}', '\u{1F3FE}', '\u{1F3FF}'];
const tonesIn = (text) => [...text].filter((char) => TONES.includes(char));

/**
 * Of an emoji's skin variants, the one in the light tone, kept when each tone follows from it by
 * changing its modifiers (the picker does just that) and is one reaction; mixed tones are left out.
 */
function lightForm(skins) {
  const uniform = TONES.map((tone) => {
    const skin = skins?.find(({ unicode }) => tonesIn(unicode).length > 0 && tonesIn(unicode).every((t) => t === tone));
    return skin && asReaction(skin.unicode);
  });
  const light = uniform[0];
  if (!light) return undefined;
  return TONES.every((tone, index) => uniform[index] === light.split(TONES[0]).join(tone)) ? light : undefined;
}

/** Keeps of emojibase's compact data only the fields the picker reads (one skin tone), and no lone components. @type {esbuild.Plugin} */
const trimEmojiData = {
  name: 'trim-emoji-data',
  setup(build) {
    build.onLoad({ filter: /emojibase-data[\\/]en[\\/]compact\.json$/ }, async (args) => {
      const entries = JSON.parse(await readFile(args.path, 'utf8'));
      const kept = entries
        .filter((entry) => entry.group !== undefined && entry.group !== COMPONENT_GROUP)
        .sort((a, b) => (a.order ?? 0) - (b.order ?? 0))
        .map(({ unicode, label, tags, group, skins }) => {
          const light = lightForm(skins);
          const entry = { unicode: asReaction(unicode), label, tags: tags ?? [], group };
          return light ? { ...entry, skins: [{ unicode: light }] } : entry;
        })
        .filter((entry) => entry.unicode !== undefined);
      return { contents: JSON.stringify(kept), loader: 'json' };
    });
  },
};

/** The account page's own small script (src/client/account-page.ts): notification choices. */
/** @type {esbuild.BuildOptions} */
const accountPage = {
  ...client,
  entryPoints: [path.join(root, 'src/client/account-page.ts')],
  outfile: path.join(root, 'public/js/account.js'),
};

/** @type {esbuild.BuildOptions} */
const emojiData = {
  ...client,
  entryPoints: [path.join(root, 'src/client/emoji/emoji-data.ts')],
  outfile: path.join(root, 'public/js/emoji-data.js'),
  format: 'esm',
  plugins: [trimEmojiData],
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
    await esbuild.build(emojiData);
    console.log('Watching src/client for changes…');
    return;
  }
  const builds = [];
  if (only('client')) builds.push(esbuild.build(client), esbuild.build(accountPage), esbuild.build(emojiData));
  if (only('server')) builds.push(esbuild.build(server));
  await Promise.all(builds);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
