import { expect } from 'chai';
import { fts5Query } from '../../../src/store/sql/message-search';
import { matchRanges, searchTerms, searchWords, textMatches } from '../../../src/shared';

describe('search queries (shared/search.ts)', () => {
  it('keeps the whitespace-separated terms of 3 code points or more', () => {
    expect(searchTerms(' deploy  on\tfri ')).to.deep.equal(['deploy', 'fri']);
    expect(searchTerms('ab 😀😀 x')).to.deep.equal([]);
    expect(searchTerms('😀😀😀')).to.deep.equal(['😀😀😀']);
  });

  it('asks for the words of the terms only, folded, without repeats or operators', () => {
    expect(searchWords('"Deploy" OR fri* -x NEAR(ÄRGER) deploy')).to.deep.equal(['deploy', 'fri', 'near', 'arger']);
    expect(searchWords('e-mail foo_bar')).to.deep.equal(['mail', 'foo_bar']);
    expect(searchWords('*** @@@')).to.deep.equal([]);
  });

  it('quotes words for FTS5', () => {
    expect(fts5Query(['deploy', 'fri'])).to.equal('"deploy"* "fri"*');
    expect(fts5Query(['a"b'])).to.equal('"a""b"*');
  });

  it('matches word starts ignoring case and diacritics, and finds the ranges to highlight', () => {
    expect(textMatches('Deploying on Friday', ['deploy', 'fri'])).to.equal(true);
    expect(textMatches('redeploy', ['deploy'])).to.equal(false);
    expect(textMatches('Ärger in der École', ['arger', 'ecol'])).to.equal(true);
    expect(matchRanges('Deploying on Friday', ['deploy', 'fri'])).to.deep.equal([
      [0, 6],
      [13, 16],
    ]);
    expect(matchRanges('Éco école', ['eco'])).to.deep.equal([
      [0, 3],
      [4, 7],
    ]);
  });
});
