// Debates in a given state for the page tests, made through the real REST API and
// sockets (no page involved): a live debate with people in the queue, a speaker on the
// floor, an open poll, questions and contributions; an ended one with a timeline; and a
// recording file under a debate, stored the way the recorder stores one.
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdir, stat } from 'node:fs/promises';
import { dirname, join as joinPath } from 'node:path';
import { promisify } from 'node:util';
import { resolveMediaTool } from '../../../../media/recording/binaries.ts';
import { finishRecording, insertRecording } from '../../../src/db/recordings-repo.ts';
import type { TestApp } from '../../helpers/app.ts';
import { admin, connect, join, liveDebate, type TestClient } from '../../helpers/clients.ts';

const run = promisify(execFile);

export interface LiveScene {
  debateId: string;
  title: string;
  moderatorToken: string;
  displayToken: string;
  moderator: TestClient;
  camille: TestClient;
  dominique: TestClient;
  pollId: string;
  close(): void;
}

export async function displayToken(t: TestApp, debateId: string): Promise<string> {
  const res = await admin(t, 'POST', `/api/debates/${debateId}/tokens/display`);
  if (res.status !== 200) throw new Error(`display token: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.token as string;
}

/** A live debate in full swing: queue, floor (a long turn), open poll, questions, contributions. */
export async function liveScene(t: TestApp, title = 'Rénovation de la place du marché'): Promise<LiveScene> {
  const d = await liveDebate(t, { title, modalities: { turn: { defaultSeconds: 600, warningSeconds: [60, 30, 10], expiry: 'hard' } } });
  const moderator = await connect(t, d.moderatorToken);
  const camilleJoin = await join(t, d.debateId, { displayName: 'Camille' });
  const camille = await connect(t, camilleJoin.token);
  const dominique = await connect(t, (await join(t, d.debateId, { displayName: 'Dominique' })).token);
  await camille.ok('queue:raise', { mode: 'oral', group: 'pour' });
  await dominique.ok('queue:raise', { mode: 'written', group: 'contre' });
  const q = await camille.ok('question:ask', { text: 'Les arbres existants seront-ils conservés ?' });
  await moderator.ok('question:approve', { questionId: q.questionId });
  await dominique.ok('contribution:submit', { text: 'Je propose des bancs à l’ombre côté fontaine.' });
  const poll = await moderator.ok('poll:create', {
    question: 'Faut-il piétonniser la place le samedi ?',
    kind: 'single',
    options: ['Oui', 'Non', 'Sans avis'],
    visibility: 'live',
    openNow: true,
  });
  await camille.ok('poll:vote', { pollId: poll.pollId, choices: [0] });
  await moderator.ok('floor:grant', { participantId: camilleJoin.participantId, seconds: 600 });
  return {
    debateId: d.debateId,
    title,
    moderatorToken: d.moderatorToken,
    displayToken: await displayToken(t, d.debateId),
    moderator,
    camille,
    dominique,
    pollId: poll.pollId,
    close: () => [moderator, camille, dominique].forEach((c) => c.close()),
  };
}

/** An ended debate with two finished turns, a closed poll and a question: an archive page. */
export async function endedDebate(t: TestApp, title = 'Plan local de mobilité'): Promise<string> {
  const d = await liveDebate(t, { title });
  const moderator = await connect(t, d.moderatorToken);
  const a = await connect(t, (await join(t, d.debateId, { displayName: 'Anaïs' })).token);
  const b = await connect(t, (await join(t, d.debateId, { displayName: 'Bruno' })).token);
  try {
    await a.ok('queue:raise', { mode: 'oral', group: 'pour' });
    await b.ok('queue:raise', { mode: 'oral', group: 'contre' });
    await moderator.ok('floor:grant', { seconds: 30 });
    await new Promise((r) => setTimeout(r, 300));
    await moderator.ok('floor:end', {});
    await moderator.ok('floor:grant', { seconds: 30 });
    await new Promise((r) => setTimeout(r, 300));
    await moderator.ok('floor:end', {});
    const poll = await moderator.ok('poll:create', { question: 'Une zone à 30 km/h ?', kind: 'single', options: ['Oui', 'Non'], visibility: 'live', openNow: true });
    await a.ok('poll:vote', { pollId: poll.pollId, choices: [0] });
    await b.ok('poll:vote', { pollId: poll.pollId, choices: [1] });
    await moderator.ok('poll:close', { pollId: poll.pollId });
    const q = await a.ok('question:ask', { text: 'Quel calendrier pour les travaux ?' });
    await moderator.ok('question:approve', { questionId: q.questionId });
    const ended = await admin(t, 'POST', `/api/debates/${d.debateId}/end`);
    if (ended.status !== 200) throw new Error(`end: ${ended.status}`);
  } finally {
    [moderator, a, b].forEach((c) => c.close());
  }
  return d.debateId;
}

/**
 * A recording of a debate made the way the recorder stores one (a WebM file under the
 * data directory, a `recordings` row finished as complete), its content a test pattern
 * and a tone made by FFmpeg: the archive's player can be tested without a live feed.
 */
export async function recordingFile(t: TestApp, debateId: string, startedAt: number, seconds: number): Promise<string> {
  const id = `rec_${randomBytes(6).toString('hex')}`;
  const relative = `recordings/${debateId}/${id}.webm`;
  const path = joinPath(t.config.dataDir, ...relative.split('/'));
  await mkdir(dirname(path), { recursive: true });
  await run(resolveMediaTool('ffmpeg').path, [
    '-v', 'error',
    '-f', 'lavfi', '-i', `testsrc=size=320x240:rate=15:duration=${seconds}`,
    '-f', 'lavfi', '-i', `sine=frequency=440:duration=${seconds}`,
    '-c:v', 'libvpx', '-b:v', '200k', '-c:a', 'libopus', '-shortest', '-y', path,
  ]);
  const db = t.app.services.database;
  await insertRecording(db, {
    id,
    debateId,
    label: 'program',
    tracks: [{ kind: 'audio', mimeType: 'audio/opus' }, { kind: 'video', mimeType: 'video/VP8' }],
    filePath: relative,
    startedAt,
  });
  await finishRecording(db, id, { status: 'complete', endedAt: startedAt + seconds * 1000, sizeBytes: (await stat(path)).size, durationMs: seconds * 1000 });
  return id;
}
