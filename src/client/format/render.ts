/**
 * Turns the formatter's tokens into DOM nodes. User text only ever reaches the page through
 * text nodes and textContent; the only attribute it feeds is a link's href, checked again here.
 */
import { splitMentions } from './mentions';
import { parseMessage, safeHref, type Block, type Inline } from './parse';

/** Who the message mentions (`Message.mentions`) and who I am: `@name` of those become chips. */
export type MentionOptions = { mentions?: readonly string[] | undefined; me?: string };

export function renderMessageText(text: string, options: MentionOptions = {}): DocumentFragment {
  return renderBlocks(parseMessage(text), options);
}

export function renderBlocks(blocks: readonly Block[], options: MentionOptions = {}): DocumentFragment {
  const fragment = document.createDocumentFragment();
  for (const block of blocks) {
    if (block.type === 'codeBlock') {
      const pre = document.createElement('pre');
      const code = document.createElement('code');
      code.textContent = block.text;
      if (block.language) code.dataset.language = block.language;
      pre.append(code);
      fragment.append(pre);
    } else if (block.type === 'quote') {
      const quote = document.createElement('blockquote');
      const paragraph = document.createElement('p');
      appendInline(paragraph, block.children, options);
      quote.append(paragraph);
      fragment.append(quote);
    } else {
      const paragraph = document.createElement('p');
      appendInline(paragraph, block.children, options);
      fragment.append(paragraph);
    }
  }
  return fragment;
}

const EMPHASIS_TAGS = { bold: 'strong', italic: 'em', strike: 'del' } as const;

function appendInline(parent: Node, tokens: readonly Inline[], options: MentionOptions): void {
  for (const token of tokens) {
    switch (token.type) {
      case 'text':
        appendText(parent, token.text, options);
        break;
      case 'break':
        parent.appendChild(document.createElement('br'));
        break;
      case 'code': {
        const code = document.createElement('code');
        code.textContent = token.text;
        parent.appendChild(code);
        break;
      }
      case 'bold':
      case 'italic':
      case 'strike': {
        const element = document.createElement(EMPHASIS_TAGS[token.type]);
        appendInline(element, token.children, options);
        parent.appendChild(element);
        break;
      }
      case 'link':
        parent.appendChild(renderLink(token.href, token.text));
        break;
    }
  }
}

/** Text, with `@name` of a mentioned member as a chip (`mention`, and `mention-me` for me). */
function appendText(parent: Node, text: string, options: MentionOptions): void {
  const me = options.me?.toLowerCase();
  for (const piece of splitMentions(text, options.mentions)) {
    if (piece.type === 'text') {
      parent.appendChild(document.createTextNode(piece.text));
      continue;
    }
    const chip = document.createElement('span');
    chip.className = piece.username.toLowerCase() === me ? 'mention mention-me' : 'mention';
    chip.dataset.username = piece.username;
    chip.textContent = piece.text;
    parent.appendChild(chip);
  }
}

function renderLink(href: string, text: string): Node {
  const safe = safeHref(href);
  if (!safe) return document.createTextNode(text);
  const link = document.createElement('a');
  link.href = safe;
  link.textContent = text;
  // A `[text](url)` link says where it leads before it is followed.
  if (safeHref(text) !== safe) link.title = safe;
  link.rel = 'noopener noreferrer';
  link.target = '_blank';
  return link;
}
