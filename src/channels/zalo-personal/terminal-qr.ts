/**
 * Draws the login QR code in the terminal. zca-js hands out the QR only as a
 * PNG (base64); it is decoded (pngjs + jsQR) to its text and drawn again with
 * qrcode-terminal, so staff can scan it straight from the screen.
 */
import jsqrModule from 'jsqr';
import { PNG } from 'pngjs';
import qrcodeTerminal from 'qrcode-terminal';

// jsqr is CommonJS whose typings declare an ES default export; at run time the module itself is the function.
const jsQR = ((jsqrModule as unknown as { default?: unknown }).default ?? jsqrModule) as typeof jsqrModule.default;

/** The text encoded in a QR code PNG (base64, with or without a data: prefix), or undefined. */
export function decodeQrPng(base64: string): string | undefined {
  try {
    const png = PNG.sync.read(Buffer.from(base64.replace(/^data:image\/png;base64,/, ''), 'base64'));
    return jsQR(new Uint8ClampedArray(png.data.buffer, png.data.byteOffset, png.data.length), png.width, png.height)
      ?.data;
  } catch {
    return undefined;
  }
}

/** The QR code of `text` drawn with block characters, for a terminal. */
export function terminalQr(text: string): string {
  let out = '';
  qrcodeTerminal.generate(text, { small: true }, (s) => (out = s));
  return out;
}
