// The client's one contract with the server is server/src/protocol/ (zod schemas, the
// types derived from them, the shared folds): no client module, and no client test but
// the two gateways of helpers/ (domain.ts drives the real domain for the equivalence
// tests, server.ts boots the real server), imports anything else from server/.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '../../..');
const GATEWAYS = new Set(['client/test/helpers/domain.ts', 'client/test/helpers/server.ts']);

function sources(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true, recursive: true })
    .filter((f) => f.isFile() && /\.tsx?$/.test(f.name))
    .map((f) => relative(ROOT, join(f.parentPath, f.name)));
}

/** Import specifiers of a module (static, re-exports and dynamic imports). */
function specifiers(file: string): string[] {
  const text = readFileSync(join(ROOT, file), 'utf8');
  return [...text.matchAll(/(?:from|import)\s*\(?\s*['"]([^'"]+)['"]/g)].map((m) => m[1]!);
}

describe('client imports from the server', () => {
  it('reach only server/src/protocol/ (outside the test gateways)', () => {
    const files = [...sources('client/src'), ...sources('client/test')];
    expect(files).toContain('client/src/lib/view-types.ts');
    const offending = files
      .filter((f) => !GATEWAYS.has(f))
      .flatMap((f) => specifiers(f).map((spec) => ({ f, target: relative(ROOT, join(ROOT, f, '..', spec)) })))
      .filter(({ target }) => target.startsWith('server/') && !target.startsWith('server/src/protocol/'))
      .map(({ f, target }) => `${f} -> ${target}`);
    expect(offending).toEqual([]);
  });
});
