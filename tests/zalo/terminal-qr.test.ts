import QRCode from 'qrcode';
import { describe, expect, it } from 'vitest';
import { decodeQrPng, terminalQr } from '../../src/channels/zalo-personal/terminal-qr.js';

describe('login QR in the terminal', () => {
  it('decodes the PNG zca-js gives and draws the same code as text', async () => {
    const text = 'https://id.zalo.me/account/qr?code=ABC123xyz';
    const dataUrl = await QRCode.toDataURL(text, { margin: 2, scale: 4 });
    expect(decodeQrPng(dataUrl)).toBe(text);
    expect(decodeQrPng(dataUrl.replace(/^data:image\/png;base64,/, ''))).toBe(text);
    const drawn = terminalQr(text);
    expect(drawn.split('\n').length).toBeGreaterThan(10);
    expect(drawn).toMatch(/[▀▄█]/);
  });

  it('returns undefined for an image that is not a QR code or not a PNG', () => {
    expect(decodeQrPng(Buffer.from('not a png').toString('base64'))).toBeUndefined();
  });
});
