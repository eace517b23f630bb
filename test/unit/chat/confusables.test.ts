import { expect } from 'chai';
import { skeleton, unambiguousPrefix, usernameSpellings } from '../../../src/chat/confusables';

describe('Confusables', () => {
  describe('skeleton', () => {
    it('reads look-alikes, case, width, invisible characters and a leading @ as the same', () => {
      const bob = skeleton('bob');
      for (const lookAlike of ['BOB', 'Bob', '@bob', ' bob ', 'b\u043eb', 'b0b', 'ｂｏｂ', 'b\u200bob', 'b\u03bfb']) {
        expect(skeleton(lookAlike), JSON.stringify(lookAlike)).to.equal(bob);
      }
      expect(skeleton('alice')).to.equal(skeleton('aIice')).and.to.equal(skeleton('a1ice')).and.to.equal(skeleton('\u0430lice'));
      expect(skeleton('bobby')).not.to.equal(bob);
    });
  });

  describe('usernameSpellings', () => {
    it('lists every username a skeleton can stand for, none when it cannot be one, undefined past the cap', () => {
      expect(usernameSpellings(skeleton('bob'))?.sort()).to.deep.equal(['b0b', 'bob']);
      expect(usernameSpellings(skeleton('Bobby B'))).to.deep.equal([]);
      expect(usernameSpellings(skeleton('lolo'), 8)).to.equal(undefined);
      expect(unambiguousPrefix(skeleton('carol'))).to.equal('car');
    });
  });
});
