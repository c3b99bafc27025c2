import { describe, expect, it } from 'vitest';
import { fold as searchFold } from '../../src/search/normalize.js';
import {
  foldDiacritics,
  foldEachChar,
  foldForCommand,
  foldForPhrase,
  isPlainCommand,
  parseCommand,
  slug,
  splitSubcommand,
} from '../../src/text/index.js';

describe('text module: folding variants', () => {
  it('foldDiacritics drops every mark and đ, keeps case and spacing; the search fold is the same function', () => {
    expect(foldDiacritics('Đăng  Ký khai sinh')).toBe('Dang  Ky khai sinh');
    expect(foldDiacritics('thuỷ hoà Ưu')).toBe('thuy hoa Uu');
    expect(searchFold).toBe(foldDiacritics);
  });
  it('foldForCommand lowercases, folds and collapses spaces', () => {
    expect(foldForCommand('  Phản   ánh ')).toBe('phan anh');
    expect(foldForCommand('ĐăngKý')).toBe('dangky');
  });
  it('foldForPhrase also turns punctuation into spaces, keeping / _ : -', () => {
    expect(foldForPhrase('Hủy nhận tin, nhé!')).toBe('huy nhan tin nhe');
    expect(foldForPhrase('/dangky thôn-3: a_b')).toBe('/dangky thon-3: a_b');
  });
  it('foldEachChar keeps one entry per code point', () => {
    expect(foldEachChar('Đêm')).toEqual(['d', 'e', 'm']);
    expect(foldEachChar('@trợ lý').length).toBe([...'@trợ lý'].length);
  });
  it('slug gives ASCII words joined by hyphens', () => {
    expect(slug('Hộ tịch – Đăng ký')).toBe('ho-tich-dang-ky');
    expect(slug('  Đất đai!  ')).toBe('dat-dai');
  });
});

describe('text module: the one command parser', () => {
  it('returns the folded name and the args (one shape for every part)', () => {
    expect(parseCommand('/Đăngký@xa_bot thôn 3')).toEqual({
      name: 'dangky',
      args: 'thôn 3',
      word: 'Đăngký',
      bot: 'xa_bot',
    });
    expect(parseCommand('/start khai-sinh')).toEqual({ name: 'start', args: 'khai-sinh', word: 'start' });
    expect(parseCommand('/traloi 12 Xã đã\nsửa')).toMatchObject({ name: 'traloi', args: '12 Xã đã\nsửa' });
    expect(parseCommand('xin chào')).toBeUndefined();
    expect(parseCommand('/')).toBeUndefined();
  });
  it('tells plain command words (dropped before a search) from other slashes', () => {
    expect(isPlainCommand(parseCommand('/abc@my_bot hỏi')!)).toBe(true);
    expect(isPlainCommand(parseCommand('/thủ tục')!)).toBe(false);
    expect(isPlainCommand(parseCommand('/abc123')!)).toBe(false);
    expect(isPlainCommand(parseCommand('/help@bot-x')!)).toBe(false);
  });
  it('splits a subcommand off the args', () => {
    expect(splitSubcommand('Sửa 12')).toEqual({ sub: 'sua', rest: '12' });
    expect(splitSubcommand('')).toEqual({ sub: '', rest: '' });
  });
});
