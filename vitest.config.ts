import { defineConfig } from 'vitest/config';

// Unit tests (fake clock) and integration tests (real server on a random port, real
// PostgreSQL/PGlite/Redis) share one run. Two cores: keep file parallelism modest.
//
// Some tests check the issues' own timing figures on real processes: the countdown in
// Chromium within 50 ms of the server, a recording's duration within 5 % of its wall
// time, the microphone cut within 100 ms of the deadline. Run beside another browser or
// FFmpeg on two cores, they failed now and then (1 CI run in 4) although the code met
// them alone. They run last, one file at a time, once the rest of the suite is done.
const TIMED = [
  'server/test/e2e/**/*.test.ts',
  'server/test/media/recording.test.ts',
  'server/test/media/recording-parts.test.ts',
  'server/test/media/recording-wiring.test.ts',
  'server/test/media/floor-control.test.ts',
  // A pushed stream's duration within 5 % of the wall clock, HLS segments counted as seconds,
  // speech recognised as it is spoken: real FFmpeg and engine processes on the clock.
  'server/test/broadcast/rtmp.test.ts',
  'server/test/broadcast/hls.test.ts',
  'server/test/broadcast/restart.test.ts',
  'server/test/captions/live-captions.test.ts',
];

const shared = { pool: 'forks', testTimeout: 30_000, hookTimeout: 60_000 } as const;

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          ...shared,
          name: 'suite',
          include: ['server/test/**/*.test.ts', 'client/test/**/*.test.ts'],
          exclude: [...TIMED, '**/node_modules/**'],
          maxWorkers: 2,
          sequence: { groupOrder: 0 },
        },
      },
      {
        test: {
          ...shared,
          name: 'timed',
          include: TIMED,
          maxWorkers: 1, // one file at a time
          sequence: { groupOrder: 1 },
        },
      },
    ],
  },
});
