/**
 * Cases from Unicode's emoji-test.txt (fully-qualified sequences, with its code points), and
 * strings that are not one emoji.
 */
import { expect } from 'chai';
import { isSingleEmoji } from '../../../src/shared';

const fromCodePoints = (hex: string) => String.fromCodePoint(...hex.split(' ').map((code) => parseInt(code, 16)));

describe('isSingleEmoji', () => {
  const accepted: [string, string][] = [
    ['1F600', 'grinning face'],
    ['1F44D', 'thumbs up'],
    ['2764 FE0F', 'red heart'],
    ['1F44B 1F3FD', 'waving hand: medium skin tone'],
    ['1F44D 1F3FF', 'thumbs up: dark skin tone'],
    ['1F468 200D 1F469 200D 1F467 200D 1F466', 'family: man, woman, girl, boy'],
    ['1F9D1 1F3FD 200D 1F91D 200D 1F9D1 1F3FF', 'people holding hands: medium skin tone, dark skin tone'],
    ['1F469 1F3FE 200D 2764 FE0F 200D 1F48B 200D 1F468 1F3FB', 'kiss: woman, man, medium-dark skin tone, light skin tone'],
    ['1F3F3 FE0F 200D 1F308', 'rainbow flag'],
    ['1F1EB 1F1F7', 'flag: France'],
    ['1F1FA 1F1F3', 'flag: United Nations'],
    ['1F3F4 E0067 E0062 E0073 E0063 E0074 E007F', 'flag: Scotland'],
    ['0031 FE0F 20E3', 'keycap: 1'],
    ['0023 FE0F 20E3', 'keycap: #'],
    ['002A FE0F 20E3', 'keycap: *'],
    ['1F469 200D 1F4BB', 'woman technologist'],
    ['1F575 FE0F 200D 2640 FE0F', 'woman detective'],
  ];
  for (const [codes, name] of accepted) {
    it(`accepts ${name} (${codes})`, () => {
      expect(isSingleEmoji(fromCodePoints(codes))).to.equal(true);
    });
  }

  const refused: [string, string][] = [
    ['', 'nothing'],
    ['a', 'a letter'],
    ['ok', 'text'],
    [':+1:', 'a shortcode'],
    ['1', 'a digit'],
    ['👍👍', 'two emoji'],
    ['👍🎉', 'two different emoji'],
    ['👍 ', 'an emoji and a space'],
    ['x👍', 'text and an emoji'],
    ['👍x', 'an emoji and text'],
    [fromCodePoints('1F3FD'), 'a bare skin-tone modifier'],
    [fromCodePoints('1F9B0'), 'a bare hair component'],
    [fromCodePoints('1F1EB'), 'a lone regional indicator'],
    [fromCodePoints('1F1E6 1F1E6'), 'two regional indicators that are no flag'],
    [fromCodePoints('200D'), 'a zero-width joiner'],
    [fromCodePoints('1F600 200D'), 'an emoji with a dangling joiner'],
    [fromCodePoints('FE0F'), 'a variation selector'],
    ['👍'.repeat(40), 'many emoji'],
  ];
  for (const [text, name] of refused) {
    it(`refuses ${name}`, () => {
      expect(isSingleEmoji(text)).to.equal(false);
    });
  }
});
