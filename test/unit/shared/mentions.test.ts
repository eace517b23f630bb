import { expect } from 'chai';
import { mentionedNames, resolveMentions } from '../../../src/shared';

describe('mentions', () => {
  describe('mentionedNames', () => {
    const cases: [string, string[]][] = [
      ['hi @bob', ['bob']],
      ['@bob at the start', ['bob']],
      ['@Bob.', ['Bob']],
      ['see you @bob...', ['bob']],
      ['@bob_smith-2, hello', ['bob_smith-2']],
      ['@bob.smith is the longest run', ['bob.smith']],
      ['mail x@bob.com is an address', []],
      ['a.@bob and a-@bob and a_@bob follow username characters', []],
      ['(@bob) [@carol] "@dave"', ['bob', 'carol', 'dave']],
      ['@bob@carol', ['bob']],
      ['@ alone, @. and @... name nobody', []],
      ['two: @bob @carol @bob', ['bob', 'carol', 'bob']],
      ['unicode around: «@bob» — 😀@carol', ['bob', 'carol']],
      ['accented letters end a name: @bobé', ['bob']],
      ['', []],
    ];
    for (const [text, names] of cases) {
      it(`finds ${JSON.stringify(names)} in ${JSON.stringify(text)}`, () => {
        expect(mentionedNames(text)).to.deep.equal(names);
      });
    }
  });

  describe('resolveMentions', () => {
    const members = ['Bob', 'carol', 'bob_smith-2', 'dave.x'];
    const cases: [string, string[]][] = [
      ['hi @bob', ['Bob']],
      ['@BOB and @Carol', ['Bob', 'carol']],
      ['first appearance first: @carol @bob', ['carol', 'Bob']],
      ['no repeats: @bob @BOB @Bob.', ['Bob']],
      ['@bob_smith-2 is not @bob', ['bob_smith-2', 'Bob']],
      ['@dave.x. ends a sentence', ['dave.x']],
      ['@dave is not a member, @nobody neither', []],
      ['x@bob.com is an address', []],
    ];
    for (const [text, resolved] of cases) {
      it(`resolves ${JSON.stringify(text)} to ${JSON.stringify(resolved)}`, () => {
        expect(resolveMentions(text, members)).to.deep.equal(resolved);
      });
    }
  });
});
