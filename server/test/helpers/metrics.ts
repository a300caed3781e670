// Reading GET /metrics in tests: the Prometheus text exposition, one sample per line
// (`name{label="value",...} number`), looked up by name and labels.
import { expect } from 'vitest';
import { ADMIN_TOKEN, type TestApp } from './app.ts';

export interface Scrape {
  text: string;
  /** The sample with exactly these labels (none: the unlabelled one); undefined when absent. */
  value(name: string, labels?: Record<string, string>): number | undefined;
}

function parseLabels(raw: string | undefined): Record<string, string> {
  const labels: Record<string, string> = {};
  for (const m of (raw ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)) labels[m[1]!] = m[2]!;
  return labels;
}

export function parseScrape(text: string): Scrape {
  const samples = text
    .split('\n')
    .filter((line) => line && !line.startsWith('#'))
    .map((line) => {
      const m = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
      if (!m) throw new Error(`not a sample line: ${line}`);
      return { name: m[1]!, labels: parseLabels(m[2]), value: Number(m[3]) };
    });
  return {
    text,
    value(name, labels = {}) {
      const want = Object.entries(labels);
      const found = samples.find(
        (s) => s.name === name && Object.keys(s.labels).length === want.length && want.every(([k, v]) => s.labels[k] === v),
      );
      return found?.value;
    },
  };
}

export async function scrape(t: Pick<TestApp, 'baseUrl'>, token = ADMIN_TOKEN): Promise<Scrape> {
  const res = await fetch(`${t.baseUrl}/metrics`, { headers: { authorization: `Bearer ${token}` } });
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
  return parseScrape(await res.text());
}
