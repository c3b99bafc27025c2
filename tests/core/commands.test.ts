import { describe, expect, it } from 'vitest';
import { allowed, CommandRegistry, helpLine, refusalReply } from '../../src/core/commands/index.js';
import type { Command } from '../../src/core/commands/index.js';

const cmd = (name: string, extra: Partial<Command> = {}): Command => ({
  name,
  role: 'resident',
  help: `lệnh ${name}`,
  run: () => undefined,
  ...extra,
});

describe('command registry', () => {
  it('finds a command by any name, with or without diacritics', () => {
    const r = new CommandRegistry().register(cmd('dangky', { aliases: ['dangki'] }));
    expect(r.find('dangky')?.name).toBe('dangky');
    expect(r.find('Đăngký')?.name).toBe('dangky');
    expect(r.find('dangki')?.name).toBe('dangky');
    expect(r.find('dang ky')?.name).toBe('dangky');
    expect(r.find('huy')).toBeUndefined();
  });
  it('refuses a second command with a taken name, and replaces one in place', () => {
    const r = new CommandRegistry().register(cmd('a'), cmd('b', { menu: 'B' }), cmd('c', { menu: 'C' }));
    expect(() => r.register(cmd('x', { aliases: ['b'] }))).toThrow(/taken by \/b/);
    r.replace(cmd('b', { menu: 'B2' }));
    expect(r.list().map((c) => c.name)).toEqual(['a', 'b', 'c']);
    expect(r.menu()).toEqual([
      { command: 'b', description: 'B2' },
      { command: 'c', description: 'C' },
    ]);
  });
  it('checks roles on the ladder or by list (room for roles such as an approver)', () => {
    expect(allowed('resident', 'staff')).toBe(false);
    expect(allowed('admin', 'staff')).toBe(true);
    expect(allowed('staff', ['admin'])).toBe(false);
    expect(allowed('staff', ['staff'])).toBe(true);
  });
  it('lists help per role: /help for everyone, /lenh for staff, the list command last, hidden ones left out', () => {
    const r = new CommandRegistry().register(
      cmd('help'),
      cmd('thutuc', { usage: '[lĩnh vực]' }),
      cmd('xem', { listIn: [] }),
      cmd('lenh', { role: 'staff' }),
      cmd('capnhat', { role: 'admin' }),
      cmd('nhan', { role: 'staff', usage: '<số>' }),
    );
    expect(r.helpLines('resident', 'help')).toEqual(['/thutuc [lĩnh vực]: lệnh thutuc', '/help: lệnh help']);
    expect(r.helpLines('resident', 'lenh')).toEqual([]);
    expect(r.helpLines('staff', 'lenh')).toEqual(['/nhan <số>: lệnh nhan', '/lenh: lệnh lenh']);
    expect(r.helpLines('admin', 'lenh')).toEqual([
      '/capnhat: lệnh capnhat',
      '/nhan <số>: lệnh nhan',
      '/lenh: lệnh lenh',
    ]);
    expect(helpLine({ name: 'moi', help: 'soạn mới' }, 'thongbao ')).toBe('/thongbao moi: soạn mới');
  });
  it('has one refusal', () => {
    expect(refusalReply()).toEqual({
      kind: 'refusal',
      sections: [{ text: 'Xin lỗi, lệnh này chỉ dành cho cán bộ xã.' }],
    });
  });
});
