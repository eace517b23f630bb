import { expect } from 'chai';
import fc from 'fast-check';
import { parseInline, parseMessage, plainText, safeHref, type Block, type Inline } from '../../../src/client/format/parse';
import { XSS_VECTORS } from '../../e2e/xss-vectors';

const INLINE_TYPES = new Set(['text', 'break', 'bold', 'italic', 'strike', 'code', 'link']);

function allInline(blocks: readonly Block[]): Inline[] {
  const out: Inline[] = [];
  const walk = (tokens: readonly Inline[]) => {
    for (const token of tokens) {
      out.push(token);
      if (token.type === 'bold' || token.type === 'italic' || token.type === 'strike') walk(token.children);
    }
  };
  for (const block of blocks) if (block.type !== 'codeBlock') walk(block.children);
  return out;
}

function links(text: string): { href: string; text: string }[] {
  return allInline(parseMessage(text)).flatMap((token) =>
    token.type === 'link' ? [{ href: token.href, text: token.text }] : [],
  );
}

describe('Formatter', () => {
  describe('parseInline', () => {
    it('turns **text** into bold and *text* into italic', () => {
      expect(parseInline('a **b** c *d*')).to.deep.equal([
        { type: 'text', text: 'a ' },
        { type: 'bold', children: [{ type: 'text', text: 'b' }] },
        { type: 'text', text: ' c ' },
        { type: 'italic', children: [{ type: 'text', text: 'd' }] },
      ]);
    });

    it('nests italic inside bold', () => {
      expect(parseInline('**very *much* so**')).to.deep.equal([
        {
          type: 'bold',
          children: [
            { type: 'text', text: 'very ' },
            { type: 'italic', children: [{ type: 'text', text: 'much' }] },
            { type: 'text', text: ' so' },
          ],
        },
      ]);
    });

    it('keeps markup inside `code` literal', () => {
      expect(parseInline('run `**not bold** https://x.y` now')).to.deep.equal([
        { type: 'text', text: 'run ' },
        { type: 'code', text: '**not bold** https://x.y' },
        { type: 'text', text: ' now' },
      ]);
    });

    it('leaves lone or spaced asterisks as text', () => {
      expect(parseInline('2 * 3 * 4')).to.deep.equal([{ type: 'text', text: '2 * 3 * 4' }]);
      expect(parseInline('** not bold **')).to.deep.equal([{ type: 'text', text: '** not bold **' }]);
      expect(parseInline('a*')).to.deep.equal([{ type: 'text', text: 'a*' }]);
    });

    it('turns newlines into breaks', () => {
      expect(parseInline('one\ntwo')).to.deep.equal([
        { type: 'text', text: 'one' },
        { type: 'break' },
        { type: 'text', text: 'two' },
      ]);
    });
  });

  describe('emphasis by the CommonMark delimiter rules', () => {
    const cases: [string, string][] = [
      // [typed, shown as HTML-like outline: <b> bold, <i> italic, <s> strike]
      ['2*3*4 = 24', '2*3*4 = 24'],
      ['2 * 3 * 4', '2 * 3 * 4'],
      ['x**2** + y', 'x<b>2</b> + y'],
      ['5*3*2*1 = 30', '5*3*2*1 = 30'],
      ['a * b * c', 'a * b * c'],
      ['*a *b* c*', '<i>a <i>b</i> c</i>'],
      ['*foo bar *', '*foo bar *'],
      ['* not a list', '* not a list'],
      ['**bold** and *it*', '<b>bold</b> and <i>it</i>'],
      ['***both***', '<i><b>both</b></i>'],
      ['un*frigging*believable', 'un<i>frigging</i>believable'],
      ['_italic_ and __bold__', '<i>italic</i> and <b>bold</b>'],
      ['snake_case_name', 'snake_case_name'],
      ['1_000_000', '1_000_000'],
      ['_foo_bar', '_foo_bar'],
      ['(_quoted_)', '(<i>quoted</i>)'],
      ['*"quoted"*', '<i>"quoted"</i>'],
      ['a*"foo"*', 'a*"foo"*'],
      ['~~gone~~ stays', '<s>gone</s> stays'],
      ['~not~ struck', '~not~ struck'],
      ['~~~three~~~', '~~~three~~~'],
      ['**unclosed', '**unclosed'],
      ['*mixed_', '*mixed_'],
      ['~~**both**~~', '<s><b>both</b></s>'],
      ['`*code*` *em*', '`*code*` <i>em</i>'],
      ['https://x.com/a_b_c_ and _d_', 'https://x.com/a_b_c_ and <i>d</i>'],
    ];
    const outline = (tokens: readonly Inline[]): string =>
      tokens
        .map((token) => {
          switch (token.type) {
            case 'text':
            case 'link':
              return token.text;
            case 'code':
              return `\`${token.text}\``;
            case 'break':
              return '\n';
            case 'bold':
              return `<b>${outline(token.children)}</b>`;
            case 'italic':
              return `<i>${outline(token.children)}</i>`;
            case 'strike':
              return `<s>${outline(token.children)}</s>`;
          }
        })
        .join('');
    for (const [typed, shown] of cases) {
      it(`shows ${JSON.stringify(typed)} as ${JSON.stringify(shown)}`, () => {
        expect(outline(parseInline(typed))).to.equal(shown);
      });
    }
  });

  describe('quotes and markdown links', () => {
    it('makes lines starting with "> " one quote, apart from the paragraphs around it', () => {
      expect(parseMessage('she said:\n> it *works*\n> really\nok')).to.deep.equal([
        { type: 'paragraph', children: [{ type: 'text', text: 'she said:' }] },
        {
          type: 'quote',
          children: [
            { type: 'text', text: 'it ' },
            { type: 'italic', children: [{ type: 'text', text: 'works' }] },
            { type: 'break' },
            { type: 'text', text: 'really' },
          ],
        },
        { type: 'paragraph', children: [{ type: 'text', text: 'ok' }] },
      ]);
      expect(parseMessage('>no space, a > b')).to.deep.equal([
        { type: 'paragraph', children: [{ type: 'text', text: '>no space, a > b' }] },
      ]);
      expect(plainText(parseMessage('> quoted\nreply'))).to.equal('> quoted\nreply');
    });

    const linkCases: [string, { href: string; text: string }[], string][] = [
      // [typed, links, what a reader sees]
      ['[docs](https://example.com/a_(b))', [{ href: 'https://example.com/a_(b)', text: 'docs' }], 'docs'],
      ['see [here](http://example.org).', [{ href: 'http://example.org/', text: 'here' }], 'see here.'],
      ['[x](javascript:alert(1))', [], '[x](javascript:alert(1))'],
      ['[x](JAVASCRIPT:alert(1))', [], '[x](JAVASCRIPT:alert(1))'],
      ['[x](data:text/html,hi)', [], '[x](data:text/html,hi)'],
      ['[x](//evil.example/path)', [], '[x](//evil.example/path)'],
      ['[x]( https://example.com)', [{ href: 'https://example.com/', text: 'https://example.com' }], '[x]( https://example.com)'],
      [
        '[x](https://example.com" onclick="alert(1))',
        [{ href: 'https://example.com/', text: 'https://example.com' }],
        '[x](https://example.com" onclick="alert(1))',
      ],
      [
        '[a]b](https://example.com)',
        [{ href: 'https://example.com/', text: 'https://example.com' }],
        '[a]b](https://example.com)',
      ],
      ['[**x**](https://example.com)', [{ href: 'https://example.com/', text: '**x**' }], '**x**'],
    ];
    for (const [typed, expected, visible] of linkCases) {
      it(`reads ${JSON.stringify(typed)}`, () => {
        expect(links(typed)).to.deep.equal(expected);
        expect(plainText(parseMessage(typed))).to.equal(visible);
      });
    }
  });

  describe('links', () => {
    it('links bare http and https URLs, leaving trailing punctuation outside', () => {
      expect(links('see https://example.com/a?b=1#c. and http://example.org!')).to.deep.equal([
        { href: 'https://example.com/a?b=1#c', text: 'https://example.com/a?b=1#c' },
        { href: 'http://example.org/', text: 'http://example.org' },
      ]);
    });

    it('keeps balanced parentheses and drops an unbalanced closing one', () => {
      expect(links('https://en.wikipedia.org/wiki/Foo_(bar)')[0]?.text).to.equal('https://en.wikipedia.org/wiki/Foo_(bar)');
      expect(links('(see https://example.com/x)')[0]?.text).to.equal('https://example.com/x');
    });

    it('links inside bold', () => {
      const [block] = parseMessage('**https://example.com**');
      expect(block).to.deep.equal({
        type: 'paragraph',
        children: [{ type: 'bold', children: [{ type: 'link', href: 'https://example.com/', text: 'https://example.com' }] }],
      });
    });

    it('does not link other schemes or markdown link syntax', () => {
      for (const text of [
        'javascript:alert(1)',
        'JAVASCRIPT:alert(1)',
        'data:text/html,<script>alert(1)</script>',
        'vbscript:msgbox(1)',
        'file:///etc/passwd',
        '[x](javascript:alert(1))',
        'ftp://example.com',
        '//example.com/path',
        'https://',
      ]) {
        expect(links(text), text).to.deep.equal([]);
        expect(plainText(parseMessage(text)), text).to.equal(text);
      }
    });

    it('links [text](https://…) with its text, by the same URL rules as bare links', () => {
      const text = '[click](https://example.com/ok)';
      expect(links(text)).to.deep.equal([{ href: 'https://example.com/ok', text: 'click' }]);
      expect(plainText(parseMessage(text))).to.equal('click');
    });

    it('stops a URL at quotes and angle brackets', () => {
      expect(links('https://example.com/"onmouseover="alert(1)')[0]?.href).to.equal('https://example.com/');
      expect(links('https://example.com/<script>')[0]?.href).to.equal('https://example.com/');
    });
  });

  describe('safeHref', () => {
    it('accepts absolute http and https URLs and normalises them', () => {
      expect(safeHref('HTTPS://Example.COM/a b')).to.equal('https://example.com/a%20b');
      expect(safeHref('http://example.com')).to.equal('http://example.com/');
    });

    it('refuses everything else', () => {
      for (const href of ['javascript:alert(1)', ' javascript:alert(1)', 'data:,x', '/relative', 'https:evil', 'http://']) {
        expect(safeHref(href), href).to.equal(undefined);
      }
    });
  });

  describe('parseMessage', () => {
    it('makes a fenced block a code block, with its language', () => {
      expect(parseMessage('look:\n```ts\nconst a = **1**;\n```\ndone')).to.deep.equal([
        { type: 'paragraph', children: [{ type: 'text', text: 'look:' }] },
        { type: 'codeBlock', text: 'const a = **1**;', language: 'ts' },
        { type: 'paragraph', children: [{ type: 'text', text: 'done' }] },
      ]);
    });

    it('leaves an unclosed fence as text', () => {
      expect(plainText(parseMessage('```\nstill text'))).to.equal('```\nstill text');
      expect(parseMessage('```\nstill text')).to.have.length(1);
    });

    it('keeps the text of every line and the empty ones', () => {
      expect(plainText(parseMessage('a\n\nb'))).to.equal('a\n\nb');
    });
  });

  describe(`against ${XSS_VECTORS.length} XSS vectors`, () => {
    for (const vector of XSS_VECTORS) {
      it(`keeps ${JSON.stringify(vector)} as text`, () => {
        const blocks = parseMessage(vector);
        for (const token of allInline(blocks)) {
          expect(INLINE_TYPES.has(token.type)).to.equal(true);
          if (token.type === 'link') expect(token.href).to.match(/^https?:\/\/[^\s"'<>]+$/);
        }
        // Markup only removes its own markers: every character a reader sees was typed.
        const visible = plainText(blocks);
        if (!/[*_~`[]/.test(vector)) expect(visible).to.equal(vector);
        for (const piece of ['script', 'onerror', 'javascript', 'alert']) {
          if (vector.includes(piece)) expect(visible).to.include(piece);
        }
      });
    }
  });

  describe('on any input', () => {
    it('never throws, only links http(s), and loses no text without markup characters', () => {
      fc.assert(
        fc.property(fc.string({ maxLength: 300 }), (text) => {
          const blocks = parseMessage(text);
          for (const token of allInline(blocks)) {
            if (token.type === 'link') expect(safeHref(token.href)).to.equal(token.href);
          }
          if (!/[*_~`[]/.test(text)) expect(plainText(blocks)).to.equal(text);
        }),
        { numRuns: 500 },
      );
    });

    it('keeps URL-like noise safe', () => {
      const urlish = fc
        .array(
          fc.constantFrom('http', 's', ':', '/', 'javascript', 'data', '(', ')', '[', ']', '"', '<', '.', 'a', ' ', '*', '`'),
          {
            maxLength: 40,
          },
        )
        .map((parts) => parts.join(''));
      fc.assert(
        fc.property(urlish, (text) => {
          for (const token of allInline(parseMessage(text))) {
            if (token.type === 'link') expect(token.href).to.match(/^https?:\/\//);
          }
        }),
        { numRuns: 1000 },
      );
    });
  });
});
