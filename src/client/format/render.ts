/**
 * Turns the formatter's tokens into DOM nodes. User text only ever reaches the page through
 * text nodes and textContent; the only attribute it feeds is a link's href, checked again here.
 */
import { parseMessage, safeHref, type Block, type Inline } from './parse';

export function renderMessageText(text: string): DocumentFragment {
  return renderBlocks(parseMessage(text));
}

export function renderBlocks(blocks: readonly Block[]): DocumentFragment {
  const fragment = document.createDocumentFragment();
  for (const block of blocks) {
    if (block.type === 'codeBlock') {
      const pre = document.createElement('pre');
      const code = document.createElement('code');
      code.textContent = block.text;
      if (block.language) code.dataset.language = block.language;
      pre.append(code);
      fragment.append(pre);
    } else {
      const paragraph = document.createElement('p');
      appendInline(paragraph, block.children);
      fragment.append(paragraph);
    }
  }
  return fragment;
}

function appendInline(parent: Node, tokens: readonly Inline[]): void {
  for (const token of tokens) {
    switch (token.type) {
      case 'text':
        parent.appendChild(document.createTextNode(token.text));
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
      case 'italic': {
        const element = document.createElement(token.type === 'bold' ? 'strong' : 'em');
        appendInline(element, token.children);
        parent.appendChild(element);
        break;
      }
      case 'link':
        parent.appendChild(renderLink(token.href, token.text));
        break;
    }
  }
}

function renderLink(href: string, text: string): Node {
  const safe = safeHref(href);
  if (!safe) return document.createTextNode(text);
  const link = document.createElement('a');
  link.href = safe;
  link.textContent = text;
  link.rel = 'noopener noreferrer';
  link.target = '_blank';
  return link;
}
