// The real server the client's integration tests talk to (started on a random port by
// the server's own test helpers): with helpers/domain.ts (the equivalence tests drive the
// real domain), the only place where client tests reach past server/src/protocol/.
export { startTestApp, type TestApp } from '../../../server/test/helpers/app.ts';
export { connect, join, liveDebate, type TestClient } from '../../../server/test/helpers/clients.ts';
export { until } from '../../../server/test/helpers/until.ts';
export { startMediaApp } from '../../../server/test/media/server-helpers.ts';
export { parseCsv } from '../../../server/test/helpers/csv.ts';
