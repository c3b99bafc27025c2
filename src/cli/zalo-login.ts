/**
 * `npm run zalo:login`: logs the commune official's personal Zalo account in
 * by QR code (zca-js, unofficial) and saves the session (cookie, imei, user
 * agent) in the database for the `zalo-personal` channel. The QR code is
 * drawn in the terminal and also written to `DATA_DIR/zalo-qr.png`; scan it with the Zalo app on the phone
 * (Zalo → QR scanner). It expires after about 100 seconds and is renewed.
 */
import { join } from 'node:path';
import { ALL_MIGRATIONS } from '../app/migrations.js';
import { credentialsFromApi, saveCredentials } from '../channels/zalo-personal/credentials.js';
import { loadZcaJs, type ZcaCredentials, type ZcaSurface } from '../channels/zalo-personal/zca-types.js';
import { openDatabase } from '../storage/db.js';
import { cliStart, configOrExit } from './common.js';
import { decodeQrPng, terminalQr } from '../channels/zalo-personal/terminal-qr.js';

cliStart({
  command: 'npm run zalo:login',
  usage: '',
  summary: 'đăng nhập tài khoản Zalo cá nhân của cán bộ bằng mã QR cho kênh zalo-personal (thư viện không chính thức)',
  options: {},
});
const config = configOrExit();
const db = openDatabase(config.databasePath, ALL_MIGRATIONS);
const qrPath = join(config.DATA_DIR, 'zalo-qr.png');
const { Zalo, LoginQRCallbackEventType: Ev } = await loadZcaJs();
const zalo = new Zalo({ selfListen: false, logging: false, checkUpdate: false });

process.stdout.write(
  '⚠️  Kênh Zalo cá nhân dùng thư viện KHÔNG chính thức (zca-js): tài khoản có thể bị Zalo khoá. Chỉ dùng tài khoản công vụ riêng.\n',
);
let captured: ZcaCredentials | undefined;
try {
  const api = await zalo.loginQR({ language: 'vi', qrPath }, async (ev) => {
    switch (ev.type) {
      case Ev.QRCodeGenerated:
        await ev.actions.saveToFile(qrPath);
        {
          const text = decodeQrPng(ev.data.image);
          if (text)
            process.stdout.write(
              `\n${terminalQr(text)}\nQuét mã trên bằng ứng dụng Zalo trên điện thoại (mục Quét mã QR).\n`,
            );
          process.stdout.write(`Ảnh mã QR cũng được lưu ở: ${qrPath}\n`);
        }
        break;
      case Ev.QRCodeExpired:
        process.stdout.write('Mã QR hết hạn, đang tạo mã mới…\n');
        ev.actions.retry();
        break;
      case Ev.QRCodeScanned:
        process.stdout.write('Đã quét mã. Hãy bấm "Đăng nhập" trên điện thoại để xác nhận.\n');
        break;
      case Ev.QRCodeDeclined:
        process.stdout.write('Đăng nhập bị từ chối trên điện thoại. Chạy lại lệnh để thử lần nữa.\n');
        break;
      case Ev.GotLoginInfo:
        captured = { cookie: ev.data.cookie, imei: ev.data.imei, userAgent: ev.data.userAgent, language: 'vi' };
        break;
    }
  });
  const creds = credentialsFromApi(api as unknown as ZcaSurface) ?? captured;
  if (!creds) throw new Error('no session data');
  saveCredentials(db, creds);
  process.stdout.write('✅ Đăng nhập thành công. Đặt ZALO_PERSONAL_ENABLED=true rồi khởi động lại trợ lý.\n');
  db.close();
  process.exit(0);
} catch (err) {
  process.stderr.write(`Không đăng nhập được Zalo: ${(err as Error).message}\n`);
  db.close();
  process.exit(1);
}
