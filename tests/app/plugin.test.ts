import { describe, expect, it } from 'vitest';
import type { AppContext } from '../../src/app/context.js';
import { definePlugin, orderPlugins, PluginSet } from '../../src/app/plugin.js';
import { ALL_MIGRATIONS, BASE_MIGRATIONS } from '../../src/app/migrations.js';
import { DEFAULT_PLUGINS } from '../../src/app/plugins.js';
import { ALL_PERSONAL_DATA, PLUGIN_PERSONAL_DATA } from '../../src/app/personal-data.js';
import { TxaError } from '../../src/errors.js';
import { parseConfig } from '../../src/config/index.js';

const codeOf = (f: () => unknown): string | undefined => {
  try {
    f();
  } catch (e) {
    return e instanceof TxaError ? e.code : `not a TxaError: ${String(e)}`;
  }
  return undefined;
};

/** The parts of an app a plugin set touches while installing. */
function fakeApp(): AppContext & { used: string[] } {
  const used: string[] = [];
  const assistant = {
    use: (...mw: unknown[]) => used.push(`middleware×${mw.length}`),
    commands: { register: (...c: { name: string }[]) => used.push(...c.map((x) => `/${x.name}`)) },
  };
  return { assistant, used, services: [] } as unknown as AppContext & { used: string[] };
}

describe('plugin contract', () => {
  const a = definePlugin({ name: 'a', install: () => ({ hello: 'từ a' }) });
  const b = definePlugin({ name: 'b', dependencies: ['a'], install: (ctx) => ctx.use(a).hello });

  it('installs every plugin after its dependencies, otherwise in the listed order', () => {
    const c = definePlugin({ name: 'c', install: () => undefined });
    expect(orderPlugins([b, c, a]).map((p) => p.name)).toEqual(['a', 'b', 'c']);
  });

  it('gives a plugin the exports of the plugins it declared', () => {
    const set = new PluginSet([b, a]);
    set.install(fakeApp());
    expect(set.get(b)).toBe('từ a');
    expect(set.get(definePlugin({ name: 'absent', install: () => 1 }))).toBeUndefined();
  });

  it('refuses, with a code, a duplicate, a missing dependency, a cycle and an undeclared use', () => {
    expect(codeOf(() => new PluginSet([a, a]))).toBe('TXA_PLUGIN_DUPLICATE');
    expect(codeOf(() => new PluginSet([b]))).toBe('TXA_PLUGIN_MISSING_DEP');
    const x = definePlugin({ name: 'x', dependencies: ['y'], install: () => undefined });
    const y = definePlugin({ name: 'y', dependencies: ['x'], install: () => undefined });
    expect(codeOf(() => new PluginSet([x, y]))).toBe('TXA_PLUGIN_CYCLE');
    const sneaky = definePlugin({ name: 'sneaky', install: (ctx) => ctx.use(a) });
    expect(codeOf(() => new PluginSet([a, sneaky]).install(fakeApp()))).toBe('TXA_PLUGIN_UNDECLARED');
  });

  it('says in Vietnamese what to change', () => {
    expect(() => new PluginSet([b])).toThrow(
      'Phần mở rộng "b" cần "a" nhưng "a" chưa được đăng ký. Bạn thêm "a" vào danh sách trong src/app/plugins.ts.',
    );
  });

  it('refuses two plugins with the same migration id, and collects migrations and checks in install order', () => {
    const m1 = definePlugin({ name: 'm1', migrations: [{ id: 'm/001', up: 'SELECT 1' }], install: () => undefined });
    const m2 = definePlugin({ name: 'm2', migrations: [{ id: 'm/001', up: 'SELECT 2' }], install: () => undefined });
    expect(codeOf(() => new PluginSet([m1, m2]))).toBe('TXA_PLUGIN_MIGRATION_ID');
    const hook = () => [];
    const seen: number[] = [];
    const k = definePlugin({
      name: 'k',
      dependencies: ['m1'],
      knowledgeChecks: (config) => {
        seen.push(config.SCHEDULE_MIN_INTERVAL_HOURS);
        return [hook];
      },
      install: () => undefined,
    });
    const set = new PluginSet([k, m1]);
    expect(set.migrations().map((m) => m.id)).toEqual(['m/001']);
    expect(set.knowledgeChecks(parseConfig({ SCHEDULE_MIN_INTERVAL_HOURS: '6' }))).toEqual([hook]);
    expect(seen).toEqual([6]);
  });

  it('adds declared middleware and commands before install runs', () => {
    const order: string[] = [];
    const p = definePlugin({
      name: 'p',
      middleware: () => [async (_t, next) => next()],
      commands: () => [{ name: 'thu', role: 'staff', help: 'thử', run: () => undefined }],
      install: () => {
        order.push('install');
      },
    });
    const app = fakeApp();
    new PluginSet([p]).install(app);
    expect([...app.used, ...order]).toEqual(['middleware×1', '/thu', 'install']);
  });

  it('starts the services a plugin declares from its exports, in install order', () => {
    const svc = (name: string) => ({ name, start: () => undefined, stop: () => undefined });
    const s1 = definePlugin({ name: 's1', install: () => svc('một'), services: (e) => [e] });
    const s2 = definePlugin({
      name: 's2',
      dependencies: ['s1'],
      install: () => undefined,
      services: () => [svc('hai')],
    });
    const app = fakeApp();
    new PluginSet([s2, s1]).install(app);
    expect(app.services.map((s) => s.name)).toEqual(['một', 'hai']);
  });

  it('the standard installation is a valid set', () => {
    expect(new PluginSet(DEFAULT_PLUGINS).ordered.map((p) => p.name)).toEqual([
      'admin',
      'handoff',
      'announcements',
      'web-console',
      'loudspeaker',
      'privacy',
      'quiz',
      'admin-units',
    ]);
  });

  it('ALL_PERSONAL_DATA (for the CLIs) is exactly the core part and what the standard plugins declare, in order', () => {
    const declared = new PluginSet(DEFAULT_PLUGINS).personalData();
    expect(PLUGIN_PERSONAL_DATA).toEqual(declared);
    expect(ALL_PERSONAL_DATA.map((p) => p.name)).toEqual(['core', ...declared.map((p) => p.name)]);
  });

  it('ALL_MIGRATIONS (for the CLIs) is exactly the base and what the standard plugins declare, in order', () => {
    const declared = [...BASE_MIGRATIONS, ...new PluginSet(DEFAULT_PLUGINS).migrations()].map((m) => m.id);
    expect(ALL_MIGRATIONS.map((m) => m.id)).toEqual(declared);
  });
});
