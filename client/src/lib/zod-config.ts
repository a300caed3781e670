// Imported first by main.tsx, before any schema exists. zod's object parser compiles a
// fast path with `new Function` after probing whether eval is allowed: under the pages'
// Content-Security-Policy (no 'unsafe-eval') the probe itself is a reported violation.
// jitless parsing is exact, a little slower, and never evaluates code.
import { config } from 'zod/v4/core';

config({ jitless: true });
