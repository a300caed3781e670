import { afterAll, describe, it, expect } from 'vitest';
import { mkdtempSync, readFileSync, existsSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig, ConfigError } from '../src/config.ts';

const dirs: string[] = [];
const tmp = () => {
  const dir = mkdtempSync(join(tmpdir(), 'tribune-config-'));
  dirs.push(dir);
  return dir;
};
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

describe('loadConfig', () => {
  it('runs on defaults and generates secrets once into the data directory', () => {
    const dir = tmp();
    const first = loadConfig({ DATA_DIR: dir });
    expect(first.port).toBe(3000);
    expect(first.databaseUrl).toBeNull();
    expect(first.redisUrl).toBeNull();
    expect(first.adminTokenGenerated).toBe(true);
    expect(first.jwtSecret.length).toBeGreaterThanOrEqual(32);
    expect(existsSync(join(dir, 'secrets.json'))).toBe(true);
    const second = loadConfig({ DATA_DIR: dir });
    expect(second.adminTokenGenerated).toBe(false);
    expect(second.adminToken).toBe(first.adminToken);
    expect(second.jwtSecret).toBe(first.jwtSecret);
    expect(JSON.parse(readFileSync(join(dir, 'secrets.json'), 'utf8')).adminToken).toBe(first.adminToken);
  });

  it('uses given secrets without writing any', () => {
    const dir = tmp();
    const c = loadConfig({ DATA_DIR: dir, JWT_SECRET: 'x'.repeat(40), ADMIN_TOKEN: 'y'.repeat(30) });
    expect(c.adminToken).toBe('y'.repeat(30));
    expect(c.adminTokenGenerated).toBe(false);
    expect(existsSync(join(dir, 'secrets.json'))).toBe(false);
  });

  it('opens /metrics to the admin token only, unless METRICS_TOKEN is given', () => {
    expect(loadConfig({ DATA_DIR: tmp() }).metricsToken).toBeNull();
    expect(loadConfig({ DATA_DIR: tmp(), METRICS_TOKEN: 'm'.repeat(24) }).metricsToken).toBe('m'.repeat(24));
  });

  it.each([
    [{ PORT: 'abc' }, 'PORT'],
    [{ PORT: '70000' }, 'PORT'],
    [{ DATABASE_URL: 'mysql://x' }, 'DATABASE_URL'],
    [{ REDIS_URL: 'http://x' }, 'REDIS_URL'],
    [{ JWT_SECRET: 'short' }, 'JWT_SECRET'],
    [{ ADMIN_TOKEN: 'short' }, 'ADMIN_TOKEN'],
    [{ METRICS_TOKEN: 'short' }, 'METRICS_TOKEN'],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL'],
  ])('refuses %o with one line naming %s', (env, name) => {
    let error: unknown;
    try {
      loadConfig({ DATA_DIR: tmp(), ...env });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as Error).message;
    expect(message).toContain(name);
    expect(message).not.toContain('\n');
  });
});
