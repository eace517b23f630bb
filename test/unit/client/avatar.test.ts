import { readFileSync } from 'node:fs';
import { expect } from 'chai';
import { AVATAR_COLOURS, colourIndexOf, initialsOf } from '../../../src/client/views/avatar';

/** WCAG 2 contrast ratio of two #rrggbb colours. */
function contrast(a: string, b: string): number {
  const luminance = (hex: string) => {
    const [r = 0, g = 0, b = 0] = [1, 3, 5].map((at) => {
      const channel = parseInt(hex.slice(at, at + 2), 16) / 255;
      return channel <= 0.03928 ? channel / 12.92 : ((channel + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (light + 0.05) / (dark + 0.05);
}

describe('Avatars', () => {
  describe('initialsOf', () => {
    it('takes the first letter, and the next part’s when the username has parts', () => {
      expect(initialsOf('alice')).to.equal('A');
      expect(initialsOf('alice_bell')).to.equal('AB');
      expect(initialsOf('sam.rivera')).to.equal('SR');
      expect(initialsOf('jean-luc-picard')).to.equal('JL');
    });

    it('skips a part that starts with a digit, and leading separators', () => {
      expect(initialsOf('bob_3f9a')).to.equal('B');
      expect(initialsOf('_x')).to.equal('X');
      expect(initialsOf('42')).to.equal('4');
    });
  });

  describe('colourIndexOf', () => {
    it('gives one person one colour, ignoring case, within the palette', () => {
      expect(colourIndexOf('Alice')).to.equal(colourIndexOf('alice'));
      for (const name of ['alice', 'bob', 'carol', 'dave', 'erin', 'frank']) {
        const index = colourIndexOf(name);
        expect(index).to.be.within(0, AVATAR_COLOURS - 1);
      }
    });

    it('spreads names over the palette', () => {
      const used = new Set(Array.from({ length: 200 }, (_, n) => colourIndexOf(`user${n}`)));
      expect(used.size).to.equal(AVATAR_COLOURS);
    });
  });

  it('has every palette colour in chat.css, each carrying white initials at 4.5:1 or better', () => {
    const css = readFileSync('public/css/chat.css', 'utf8');
    for (let index = 0; index < AVATAR_COLOURS; index++) {
      const match = new RegExp(`\\.avatar--${index} \\{\\s*background: (#[0-9a-f]{6});`).exec(css);
      expect(match, `.avatar--${index}`).to.not.equal(null);
      expect(contrast(match?.[1] ?? '#ffffff', '#ffffff'), `.avatar--${index}`).to.be.at.least(4.5);
    }
  });
});
