/**
 * The message formatter's parser: plain text in, a tree of tokens out. It is a pure function so it
 * can be tested without a DOM; `render.ts` turns the tree into nodes with textContent only.
 *
 * Supported: **bold**, *italic*, `code`, fenced ``` blocks, and bare http/https links. Nothing
 * else is markup: markdown links, HTML and other URL schemes stay text.
 */

export type Inline =
  | { type: 'text'; text: string }
  | { type: 'break' }
  | { type: 'bold'; children: Inline[] }
  | { type: 'italic'; children: Inline[] }
  | { type: 'code'; text: string }
  | { type: 'link'; href: string; text: string };

export type Block = { type: 'paragraph'; children: Inline[] } | { type: 'codeBlock'; text: string; language?: string };

const FENCE = /^\s*```([\w+#.-]{0,32})\s*$/;
const CLOSING_FENCE = /^\s*```\s*$/;

/** Splits a message into paragraphs and fenced code blocks. An unclosed fence is plain text. */
export function parseMessage(text: string): Block[] {
  const lines = text.split('\n');
  const blocks: Block[] = [];
  let prose: string[] = [];
  const flushProse = () => {
    if (prose.length > 0) blocks.push({ type: 'paragraph', children: parseInline(prose.join('\n')) });
    prose = [];
  };
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index] ?? '';
    const opening = FENCE.exec(line);
    const closingAt = opening ? lines.findIndex((candidate, at) => at > index && CLOSING_FENCE.test(candidate)) : -1;
    if (!opening || closingAt === -1) {
      prose.push(line);
      continue;
    }
    flushProse();
    const language = opening[1] || undefined;
    blocks.push({ type: 'codeBlock', text: lines.slice(index + 1, closingAt).join('\n'), ...(language ? { language } : {}) });
    index = closingAt;
  }
  flushProse();
  return blocks;
}

type Match = { start: number; end: number; token: Inline };

// Candidates for a bare link: stops at whitespace, quotes, angle brackets and square brackets.
const URL_CANDIDATE = /\bhttps?:\/\/[^\s<>"'`[\]{}|\\^]+/gi;
const CODE_SPAN = /`([^`\n]+)`/g;
const BOLD = /\*\*(?=\S)([\s\S]*?\S)\*\*/g;
const ITALIC = /\*(?=[^\s*])([^*]*?[^\s*])\*/g;

/** Parses inline markup. Newlines become `break` tokens. */
export function parseInline(text: string): Inline[] {
  const out: Inline[] = [];
  let rest = text;
  while (rest.length > 0) {
    const match = firstMatch(rest);
    if (!match) {
      pushText(out, rest);
      break;
    }
    pushText(out, rest.slice(0, match.start));
    out.push(match.token);
    rest = rest.slice(match.end);
  }
  return out;
}

/** The earliest markup in `text`; at the same position code wins over links over bold over italic. */
function firstMatch(text: string): Match | undefined {
  const candidates = [findCode(text), findLink(text), findEmphasis(text, BOLD, 'bold'), findEmphasis(text, ITALIC, 'italic')];
  let best: Match | undefined;
  for (const candidate of candidates) {
    if (candidate && (!best || candidate.start < best.start)) best = candidate;
  }
  return best;
}

function findCode(text: string): Match | undefined {
  CODE_SPAN.lastIndex = 0;
  const found = CODE_SPAN.exec(text);
  if (!found) return undefined;
  return { start: found.index, end: found.index + found[0].length, token: { type: 'code', text: found[1] ?? '' } };
}

function findLink(text: string): Match | undefined {
  URL_CANDIDATE.lastIndex = 0;
  for (let found = URL_CANDIDATE.exec(text); found; found = URL_CANDIDATE.exec(text)) {
    const raw = trimUrlEnd(found[0]);
    const href = safeHref(raw);
    if (href) return { start: found.index, end: found.index + raw.length, token: { type: 'link', href, text: raw } };
  }
  return undefined;
}

function findEmphasis(text: string, pattern: RegExp, type: 'bold' | 'italic'): Match | undefined {
  pattern.lastIndex = 0;
  const found = pattern.exec(text);
  if (!found) return undefined;
  return {
    start: found.index,
    end: found.index + found[0].length,
    token: { type, children: parseInline(found[1] ?? '') },
  };
}

/** Sentence punctuation after a link is not part of it; a closing parenthesis only when unbalanced. */
function trimUrlEnd(url: string): string {
  let end = url.length;
  for (;;) {
    const last = url[end - 1];
    if (last && '.,;:!?*_~'.includes(last)) {
      end--;
    } else if (last === ')' && count(url.slice(0, end), ')') > count(url.slice(0, end), '(')) {
      end--;
    } else {
      return url.slice(0, end);
    }
  }
}

function count(text: string, character: string): number {
  return text.split(character).length - 1;
}

/**
 * The normalised href when `raw` is an absolute http or https URL, else undefined. Used by the
 * renderer too, so a token built by hand cannot smuggle another scheme into the page.
 */
export function safeHref(raw: string): string | undefined {
  if (!/^https?:\/\//i.test(raw)) return undefined;
  try {
    const url = new URL(raw);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
    if (!url.hostname) return undefined;
    return url.href;
  } catch {
    return undefined;
  }
}

function pushText(out: Inline[], text: string): void {
  const lines = text.split('\n');
  lines.forEach((line, index) => {
    if (index > 0) out.push({ type: 'break' });
    if (line.length === 0) return;
    const previous = out[out.length - 1];
    if (previous?.type === 'text') previous.text += line;
    else out.push({ type: 'text', text: line });
  });
}

/** The text a reader sees, markup markers removed: used for previews and notifications. */
export function plainText(blocks: readonly Block[]): string {
  return blocks.map((block) => (block.type === 'codeBlock' ? block.text : inlineText(block.children))).join('\n');
}

function inlineText(tokens: readonly Inline[]): string {
  return tokens
    .map((token) => {
      switch (token.type) {
        case 'text':
        case 'code':
        case 'link':
          return token.text;
        case 'break':
          return '\n';
        case 'bold':
        case 'italic':
          return inlineText(token.children);
      }
    })
    .join('');
}
