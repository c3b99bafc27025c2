import { describe, expect, it } from 'vitest';
import { didYouMean, editDistance } from '../../src/core/did-you-mean.js';

describe('did you mean', () => {
  it('counts insertions, deletions and substitutions', () => {
    expect(editDistance('nme', 'name')).toBe(1);
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('', 'abc')).toBe(3);
    expect(editDistance('same', 'same')).toBe(0);
  });

  it('suggests the closest name when it is a plausible typo', () => {
    expect(didYouMean('nme', ['id', 'name', 'aliases'])).toBe('name');
    expect(didYouMean('alias', ['aliases', 'sources'])).toBe('aliases');
    expect(didYouMean('--fiel', ['--file', '--title'])).toBe('--file');
    expect(didYouMean('Sources', ['sources'])).toBe('sources');
  });

  it('suggests nothing for an unrelated word', () => {
    expect(didYouMean('xyz', ['name', 'sources'])).toBeUndefined();
    expect(didYouMean('documents', ['id'])).toBeUndefined();
  });
});
