// Artillery processor for load-tests/artillery/debate.yml (CommonJS: the socketio-v3
// engine calls these with the callback signature). The `before` hook creates, announces
// and starts a debate over REST with the admin token, then opens a live poll through a
// moderator socket; the `after` hook closes that poll and prints the database audit so a
// run ends with "votes acked by the server = ballot rows stored".
'use strict';

const { io } = require('socket.io-client');

const OPTIONS = ['Oui', 'Non', 'Abstention'];
const REQUEST_TIMEOUT_MS = 15000;

function baseUrl(context) {
  const target = context.vars.target;
  if (typeof target !== 'string' || !/^https?:\/\/(127\.\d+\.\d+\.\d+|localhost|\[::1\])(:\d+)?$/.test(target)) {
    throw new Error(`target must be a loopback URL such as http://127.0.0.1:3000 (got ${target})`);
  }
  return target;
}

function adminToken() {
  const token = process.env.ADMIN_TOKEN;
  if (!token) throw new Error('ADMIN_TOKEN is not set: export the token the server was started with');
  return token;
}

async function call(url, method, path, body) {
  const res = await fetch(url + path, {
    method,
    headers: {
      authorization: `Bearer ${adminToken()}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
  });
  const text = await res.text();
  if (res.status < 200 || res.status >= 300) throw new Error(`${method} ${path} -> HTTP ${res.status}: ${text.slice(0, 300)}`);
  return text ? JSON.parse(text) : {};
}

/** Connect the moderator, run one acked call, disconnect; bounded by timeouts. */
async function asModerator(url, token, event, payload) {
  const socket = io(url, { transports: ['websocket'], auth: { token }, reconnection: false, timeout: 10000 });
  try {
    await new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('moderator socket: no connection within 10 s')), 10000);
      socket.once('connect', () => {
        clearTimeout(timer);
        resolve();
      });
      socket.once('connect_error', (err) => {
        clearTimeout(timer);
        reject(new Error(`moderator socket: ${err.message}`));
      });
    });
    const ack = await socket.timeout(15000).emitWithAck(event, payload);
    if (!ack || ack.ok !== true) throw new Error(`${event} refused: ${JSON.stringify(ack)}`);
    return ack.data;
  } finally {
    socket.disconnect();
  }
}

async function setUp(context) {
  const url = baseUrl(context);
  const created = await call(url, 'POST', '/api/debates', {
    title: `Artillery ${new Date().toISOString()}`,
    modalities: {
      format: 'hybrid',
      scheduledStart: new Date(Date.now() + 60000).toISOString(),
      plannedDurationMinutes: 60,
      interventionModes: ['oral', 'written'],
      pollsEnabled: true,
      joinPolicy: 'open',
    },
  });
  const debateId = created.debate && created.debate.id;
  if (typeof debateId !== 'string') throw new Error(`POST /api/debates: no debate.id in ${JSON.stringify(created)}`);
  await call(url, 'POST', `/api/debates/${debateId}/announce`);
  await call(url, 'POST', `/api/debates/${debateId}/start`);
  // An empty object, not no body: the route validates the body as an object.
  const { token } = await call(url, 'POST', `/api/debates/${debateId}/tokens/moderator`, {});
  const { pollId } = await asModerator(url, token, 'poll:create', {
    question: 'Artillery: approuvez-vous la proposition ?',
    kind: 'single',
    options: OPTIONS,
    anonymous: true,
    visibility: 'live',
    autoCloseSeconds: null,
    openNow: true,
  });
  console.log(`[tribune] debate ${debateId} started, poll ${pollId} open`);
  context.vars.debateId = debateId;
  context.vars.pollId = pollId;
  context.vars.moderatorToken = token;
}

async function tearDown(context) {
  const url = baseUrl(context);
  const { debateId, pollId, moderatorToken } = context.vars;
  const closed = await asModerator(url, moderatorToken, 'poll:close', { pollId });
  const audit = await call(url, 'GET', `/api/debates/${debateId}/polls/${pollId}/audit`);
  console.log(
    `[tribune] poll ${pollId} closed: ${JSON.stringify(closed && closed.results ? closed.results : closed)}; ` +
      `audit ballotRows ${audit.ballotRows}, totalBallots ${audit.results && audit.results.totalBallots}, digest ${audit.digest}. ` +
      'Compare ballotRows with the tribune.vote.ok counter above.',
  );
}

/** before hook: debate created, started, poll open; ids passed to every virtual user. */
function setupDebate(context, _events, done) {
  setUp(context).then(() => done(), done);
}

/** after hook: close the poll and print the audit. */
function closePollAndAudit(context, _events, done) {
  tearDown(context).then(() => done(), done);
}

/** Per virtual user: a display name, a random choice and a question, as emit payloads. */
function prepareCitizen(context, _events, done) {
  const n = Math.floor(Math.random() * 1e9).toString(36);
  context.vars.displayName = `Artillery ${n}`;
  context.vars.vote = { pollId: context.vars.pollId, choices: [Math.floor(Math.random() * OPTIONS.length)] };
  context.vars.question = { text: `Question de charge ${n} : que prévoit le budget ?` };
  context.vars.stepStartedAt = performance.now();
  done();
}

/**
 * Timing of the REST join and the socket connect. The socketio-v3 engine is built on
 * Artillery 1 internals whose timings Artillery 2 does not report, so the steps are timed
 * here. A failed step ends the virtual user before these run: their counters count successes.
 */
function timed(name) {
  return function (context, events, done) {
    events.emit('histogram', `tribune.${name}_ms`, performance.now() - context.vars.stepStartedAt);
    events.emit('counter', `tribune.${name}.ok`, 1);
    context.vars.stepStartedAt = performance.now();
    done();
  };
}

/**
 * Emit `event` with the payload in `context.vars[payloadVar]` on the virtual user's socket
 * and wait for the ack, at most ACK_TIMEOUT_MS (the engine's own acknowledge step would
 * wait forever for an ack that never comes). `{ ok: false }` and timeouts become a counter
 * per error code and a failed virtual user (errors.<name>:<code>).
 */
const ACK_TIMEOUT_MS = 10000;
function emitAcked(event, name, payloadVar) {
  return function (context, events, done) {
    const socket = context.sockets && context.sockets[''];
    if (!socket || !socket.connected) return done(new Error(`${name}:NOT_CONNECTED`));
    const startedAt = performance.now();
    const fail = (code) => {
      events.emit('counter', `tribune.${name}.rejected.${code}`, 1);
      done(new Error(`${name}:${code}`));
    };
    socket
      .timeout(ACK_TIMEOUT_MS)
      .emitWithAck(event, context.vars[payloadVar])
      .then(
        (ack) => {
          if (!ack || ack.ok !== true) return fail((ack && ack.error && ack.error.code) || 'MALFORMED_ACK');
          events.emit('histogram', `tribune.${name}_ms`, performance.now() - startedAt);
          events.emit('counter', `tribune.${name}.ok`, 1);
          return done();
        },
        () => fail('ACK_TIMEOUT'),
      );
  };
}

module.exports = {
  setupDebate,
  closePollAndAudit,
  prepareCitizen,
  joined: timed('join'),
  connected: timed('connect'),
  vote: emitAcked('poll:vote', 'vote', 'vote'),
  askQuestion: emitAcked('question:ask', 'question', 'question'),
};
