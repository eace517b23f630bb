/**
 * `layers/boundaries`: which folder of src/ may import which, so the layering stays true.
 * Relative specifiers are resolved against the importing file, so a file's depth does not matter;
 * `import`/`export … from`, `import()` and type-only `import('…')` are all checked.
 *
 * - src/chat (the domain) imports only itself, src/shared and Node built-ins (`node:…`);
 * - src/http and src/realtime (the transports) import neither src/store nor each other;
 * - src/client (the browser) imports only itself, src/shared and npm packages: no server code.
 */
import path from 'node:path';

const ROOT = path.resolve(import.meta.dirname, '..');

/** The folder (or top-level module) of src/ a path belongs to: 'chat', 'config', …; undefined outside src/. */
function layerOf(file) {
  const relative = path.relative(path.join(ROOT, 'src'), file);
  if (relative.startsWith('..') || path.isAbsolute(relative)) return undefined;
  return relative.split(path.sep)[0].replace(/\.[cm]?[jt]s$/, '');
}

/** For each guarded layer: which layers it may import (`allow`) or may not (`deny`), and packages. */
const RULES = {
  chat: { allow: ['chat', 'shared'], packages: (name) => name.startsWith('node:') },
  http: { deny: ['store', 'realtime'] },
  realtime: { deny: ['store', 'http'] },
  client: { allow: ['client', 'shared'] },
};

function problem(from, specifier, file) {
  const rule = RULES[from];
  if (!rule) return undefined;
  if (!specifier.startsWith('.')) {
    if (rule.packages && !rule.packages(specifier)) return `src/${from} may import no package but Node built-ins`;
    return undefined;
  }
  const target = layerOf(path.resolve(path.dirname(file), specifier));
  const allowed = rule.allow ? rule.allow.includes(target) : !rule.deny.includes(target);
  if (allowed) return undefined;
  const what = target === undefined ? 'code outside src/' : `src/${target}`;
  const may = rule.allow ? ` (only ${rule.allow.map((layer) => `src/${layer}`).join(', ')})` : '';
  return `src/${from} may not import ${what}${may}`;
}

const boundaries = {
  meta: {
    type: 'problem',
    docs: { description: 'Keeps the import layering of src/ (see eslint/layers.js)' },
    schema: [],
  },
  create(context) {
    const file = context.filename;
    const from = layerOf(file);
    if (!from || !RULES[from]) return {};
    const check = (source) => {
      if (!source || typeof source.value !== 'string') return;
      const message = problem(from, source.value, file);
      if (message) context.report({ node: source, message: `${message}: '${source.value}'` });
    };
    return {
      ImportDeclaration: (node) => check(node.source),
      ExportNamedDeclaration: (node) => check(node.source),
      ExportAllDeclaration: (node) => check(node.source),
      ImportExpression: (node) => check(node.source.type === 'Literal' ? node.source : undefined),
      TSImportType: (node) => check(node.argument?.type === 'TSLiteralType' ? node.argument.literal : node.argument),
      TSImportEqualsDeclaration: (node) =>
        check(node.moduleReference.type === 'TSExternalModuleReference' ? node.moduleReference.expression : undefined),
    };
  },
};

export default { rules: { boundaries } };
