// drizzle-kit configuration: `npm run db:generate` turns server/src/db/schema.ts into SQL
// migrations in migrations/ (offline: generate diffs against the previous snapshots in
// migrations/meta, it never connects to a database). The server applies them at startup.
import { defineConfig } from 'drizzle-kit';

export default defineConfig({
  dialect: 'postgresql',
  schema: './server/src/db/schema.ts',
  out: './migrations',
  strict: true,
});
