/**
 * The message formatter's parser: plain text in, a tree of tokens out. It is a pure function so it
 * can be tested without a DOM; `render.ts` turns the tree into nodes with textContent only.
 *
 * Supported: **bold** (or __bold__), *italic* (or _italic_), ~~strike~~, `code`, fenced ```
 * blocks, `> quote` lines, `[text](https://…)` links and bare http/https links. Emphasis follows
 * CommonMark's delimiter rules (an opener is left-flanking, a closer right-flanking, `_` never
 * works inside a word), and a `*` between two digits is arithmetic, never emphasis: `2*3*4` stays
 * text. Nothing else is markup: HTML and other URL schemes stay text.
 */

export type Inline =
  | { type: 'text'; text: string }
  | { type: 'break' }
  | { type: 'bold'; children: Inline[] }
  | { type: 'italic'; children: Inline[] }
  | { type: 'strike'; children: Inline[] }
  | { type: 'code'; text: string }
  | { type: 'link'; href: string; text: string };

export type Block =
  | { type: 'paragraph'; children: Inline[] }
  | { type: 'quote'; children: Inline[] }
  | { type: 'codeBlock'; text: string; language?: string };

const FENCE = /^\s*```([\w+#.-]{0,32})\s*$/;
const CLOSING_FENCE = /^\s*```\s*$/;
const QUOTE = /^> ?/;

/** Splits a message into paragraphs, quotes and fenced code blocks. An unclosed fence is plain text. */
export function parseMessage(text: string): Block[] {
  const lines = text.split('\n');
  const blocks: Block[] = [];
  let prose: string[] = [];
  let quoted: string[] = [];
  const flush = () => {
    if (prose.length > 0) blocks.push({ type: 'paragraph', children: parseInline(prose.join('\n')) });
    if (quoted.length > 0) blocks.push({ type: 'quote', children: parseInline(quoted.join('\n')) });
    prose = [];
    quoted = [];
  };
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index] ?? '';
    const opening = FENCE.exec(line);
    const closingAt = opening ? lines.findIndex((candidate, at) => at > index && CLOSING_FENCE.test(candidate)) : -1;
    if (opening && closingAt !== -1) {
      flush();
      const language = opening[1] || undefined;
      blocks.push({ type: 'codeBlock', text: lines.slice(index + 1, closingAt).join('\n'), ...(language ? { language } : {}) });
      index = closingAt;
    } else if (line.startsWith('> ')) {
      if (prose.length > 0) flush();
      quoted.push(line.replace(QUOTE, ''));
    } else {
      if (quoted.length > 0) flush();
      prose.push(line);
    }
  }
  flush();
  return blocks;
}

/** A run of `*`, `_` or `~` that may open or close emphasis, while the inline pass collects them. */
type Delimiter = {
  kind: 'delimiter';
  character: '*' | '_' | '~';
  /** Characters of the run not used yet. */
  count: number;
  /** The run's length as typed (CommonMark's "rule of 3" reads it). */
  length: number;
  canOpen: boolean;
  canClose: boolean;
};
type Node = Inline | Delimiter;

// Candidates for a bare link: stops at whitespace, quotes, angle brackets and square brackets.
const URL_CANDIDATE = /https?:\/\/[^\s<>"'`[\]{}|\\^]+/iy;
// `[text](url)`: the text on one line without brackets; the url without spaces, parentheses balanced once.
const MARKDOWN_LINK = /\[([^[\]\n]+)\]\(([^\s()<>"']+(?:\([^\s()<>"']*\)[^\s()<>"']*)*)\)/y;
const CODE_SPAN = /`([^`\n]+)`/y;
const WORD = /[\p{L}\p{N}_]/u;
const WHITESPACE = /\s/u;
const PUNCTUATION = /[\p{P}\p{S}]/u;
const DIGIT = /\p{Nd}/u;

/** Parses inline markup. Newlines become `break` tokens. */
export function parseInline(text: string): Inline[] {
  const nodes: Node[] = [];
  let plain = '';
  const pushPlain = () => {
    if (plain) nodes.push({ type: 'text', text: plain });
    plain = '';
  };
  let index = 0;
  while (index < text.length) {
    const character = text[index] ?? '';
    const found = character === '`' || character === '[' || /h/i.test(character) ? literalAt(text, index) : undefined;
    if (found) {
      pushPlain();
      nodes.push(found.token);
      index = found.end;
    } else if (character === '*' || character === '_' || character === '~') {
      let end = index;
      while (text[end] === character) end++;
      pushPlain();
      nodes.push(delimiter(text, index, end, character));
      index = end;
    } else {
      plain += character;
      index++;
    }
  }
  pushPlain();
  resolveEmphasis(nodes, 0);
  return finish(nodes);
}

/** Code, a markdown link or a bare link starting at `index`: their insides are not markup. */
function literalAt(text: string, index: number): { end: number; token: Inline } | undefined {
  const character = text[index];
  if (character === '`') {
    CODE_SPAN.lastIndex = index;
    const code = CODE_SPAN.exec(text);
    return code ? { end: CODE_SPAN.lastIndex, token: { type: 'code', text: code[1] ?? '' } } : undefined;
  }
  if (character === '[') {
    MARKDOWN_LINK.lastIndex = index;
    const link = MARKDOWN_LINK.exec(text);
    const href = link ? safeHref(link[2] ?? '') : undefined;
    return link && href ? { end: MARKDOWN_LINK.lastIndex, token: { type: 'link', href, text: link[1] ?? '' } } : undefined;
  }
  if (index > 0 && WORD.test(text[index - 1] ?? '')) return undefined; // a URL starts a word
  URL_CANDIDATE.lastIndex = index;
  const candidate = URL_CANDIDATE.exec(text);
  if (!candidate) return undefined;
  const raw = trimUrlEnd(candidate[0]);
  const href = safeHref(raw);
  return href ? { end: index + raw.length, token: { type: 'link', href, text: raw } } : undefined;
}

/** A delimiter run `text[start, end)` with what CommonMark's flanking rules let it do. */
function delimiter(text: string, start: number, end: number, character: Delimiter['character']): Delimiter {
  const before = text[start - 1] ?? ' ';
  const after = text[end] ?? ' ';
  const spaceBefore = WHITESPACE.test(before);
  const spaceAfter = WHITESPACE.test(after);
  const punctuationBefore = PUNCTUATION.test(before);
  const punctuationAfter = PUNCTUATION.test(after);
  const leftFlanking = !spaceAfter && (!punctuationAfter || spaceBefore || punctuationBefore);
  const rightFlanking = !spaceBefore && (!punctuationBefore || spaceAfter || punctuationAfter);
  let canOpen = leftFlanking;
  let canClose = rightFlanking;
  if (character === '_') {
    canOpen = leftFlanking && (!rightFlanking || punctuationBefore);
    canClose = rightFlanking && (!leftFlanking || punctuationAfter);
  } else if (character === '*' && DIGIT.test(before) && DIGIT.test(after)) {
    canOpen = canClose = false; // 2*3*4: arithmetic
  } else if (character === '~' && end - start !== 2) {
    canOpen = canClose = false; // only ~~ strikes
  }
  const length = end - start;
  return { kind: 'delimiter', character, count: length, length, canOpen, canClose };
}

/**
 * CommonMark's "process emphasis" over `nodes` from `bottom`: each closer, left to right, takes the
 * nearest opener of its character before it; what lies between becomes the emphasis' children.
 */
function resolveEmphasis(nodes: Node[], bottom: number): void {
  for (let closerAt = bottom; closerAt < nodes.length; closerAt++) {
    const closer = nodes[closerAt];
    if (!isDelimiter(closer) || !closer.canClose) continue;
    const openerAt = findOpener(nodes, bottom, closerAt, closer);
    if (openerAt === undefined) continue;
    const opener = nodes[openerAt] as Delimiter; // findOpener returns only delimiters' positions
    const used = closer.character === '~' ? 2 : opener.count >= 2 && closer.count >= 2 ? 2 : 1;
    const type = closer.character === '~' ? 'strike' : used === 2 ? 'bold' : 'italic';
    const inner = nodes.slice(openerAt + 1, closerAt);
    opener.count -= used;
    closer.count -= used;
    const token: Inline = { type, children: finish(inner) };
    nodes.splice(openerAt + 1, closerAt - openerAt - 1, token);
    let closerIndex = openerAt + 2;
    if (opener.count === 0) {
      nodes.splice(openerAt, 1);
      closerIndex--;
    }
    if (closer.count === 0) nodes.splice(closerIndex, 1);
    // Looked at again: the rest of the closer may close an earlier opener; else the node after it.
    closerAt = closerIndex - 1;
  }
}

function findOpener(nodes: readonly Node[], bottom: number, closerAt: number, closer: Delimiter): number | undefined {
  for (let at = closerAt - 1; at >= bottom; at--) {
    const opener = nodes[at];
    if (!isDelimiter(opener) || opener.character !== closer.character || !opener.canOpen || opener.count === 0) continue;
    // The rule of 3: a run that can both open and close pairs only with lengths not summing to a multiple of 3.
    const bothWays = (opener.canOpen && opener.canClose) || (closer.canOpen && closer.canClose);
    if (bothWays && (opener.length + closer.length) % 3 === 0 && !(opener.length % 3 === 0 && closer.length % 3 === 0)) continue;
    return at;
  }
  return undefined;
}

function isDelimiter(node: Node | undefined): node is Delimiter {
  return node !== undefined && 'kind' in node;
}

/** Unused delimiters become text again; text is merged and newlines become breaks. */
function finish(nodes: readonly Node[]): Inline[] {
  const out: Inline[] = [];
  for (const node of nodes) {
    if (isDelimiter(node)) pushText(out, node.character.repeat(node.count));
    else if (node.type === 'text') pushText(out, node.text);
    else out.push(node);
  }
  return out;
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

/** The text a reader sees, markup markers removed (a quote keeps its "> "): for previews and notifications. */
export function plainText(blocks: readonly Block[]): string {
  return blocks
    .map((block) => {
      if (block.type === 'codeBlock') return block.text;
      const text = inlineText(block.children);
      return block.type === 'quote' ? text.replace(/^/gm, '> ') : text;
    })
    .join('\n');
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
        case 'strike':
          return inlineText(token.children);
      }
    })
    .join('');
}
