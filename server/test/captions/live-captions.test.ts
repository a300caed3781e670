// Live captions through the real server: espeak-ng speech sent as Opus RTP into a real
// mediasoup producer while its speaker has the floor, decoded by FFmpeg, recognised by
// pocketsphinx with Debian's en-us model; the final segments land in the debate's log
// (hash chain intact) attributed to the speaker and the turn, with the robust words of
// the sentence in them. Word accuracy on synthetic speech is poor, so only a few words
// the model gets reliably are checked.
import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../helpers/app.ts';
import { cast, grantFloor, startMediaApp, type Cast } from '../media/server-helpers.ts';
import { publishSpeech, speechWav, wordsOf, type SpeechSource } from './speech.ts';

export const MODEL_DIR = '/usr/share/pocketsphinx/model/en-us';
/** Words of the sentence the model got in every trial (through Opus, espeak-ng's klatt2 voice). */
const ROBUST = ['city', 'council', 'vote', 'budget', 'tonight'];

describe('live captions with pocketsphinx (real worker, FFmpeg, engine)', () => {
  let t: TestApp;
  let k: Cast;
  const sources: SpeechSource[] = [];

  beforeAll(async () => {
    if (!existsSync(MODEL_DIR)) throw new Error(`${MODEL_DIR} missing: apt-get install pocketsphinx-en-us`);
    t = await startMediaApp(46_400, { CAPTIONS_ENGINE: 'pocketsphinx', CAPTIONS_MODEL_DIR: MODEL_DIR });
    k = await cast(t);
  });
  afterAll(async () => {
    for (const s of sources) s.stop();
    k?.close();
    await t?.close();
  });

  it('appends final segments of the floor holder to the log, attributed to their turn, with the words spoken', { timeout: 60_000 }, async () => {
    const wav = await speechWav('The city council will vote on the budget tonight.');
    await grantFloor(k, k.speaker);
    const granted = await k.moderator.waitForEvent('floor:granted');
    const session = await t.app.media!.openSession(k.debateId);
    const source = await publishSpeech(session, { participantId: k.speaker.participantId, role: 'speaker' }, wav, 3);
    sources.push(source);

    const heard = () => k.citizen.events.filter((e) => e.type === 'caption:final');
    const text = () => heard().map((e) => e.payload.text).join(' ');
    await k.citizen.waitFor(() => wordsOf(text()).includes('council'), `"council" in the captions (so far: "${text()}")`, 30_000);
    // The segment with "council" may not be the last: the rest arrives once the silence ends the utterance.
    await source.done;
    await k.citizen.waitFor(() => ROBUST.filter((w) => wordsOf(text()).includes(w)).length >= 3, `3 of ${ROBUST.join(', ')} (so far: "${text()}")`, 15_000);

    for (const e of heard()) {
      expect(e.payload).toMatchObject({ speakerId: k.speaker.participantId, turnId: granted.payload.turnId, final: true, source: 'engine', engine: 'pocketsphinx/en-us' });
      expect(e.payload.start).toBeGreaterThanOrEqual(granted.at);
      expect(e.payload.end).toBeGreaterThanOrEqual(e.payload.start);
      expect(e.actor).toEqual({ kind: 'system' });
    }

    const log = await t.app.eventStore.load(k.debateId);
    expect(log.filter((e) => e.type === 'caption:final').map((e) => e.seq)).toEqual(heard().map((e) => e.seq));
    expect((await t.app.eventStore.verify(k.debateId)).ok).toBe(true);
  });

  it('follows the floor to the next speaker: their words go to their own turn, none to the previous one', { timeout: 60_000 }, async () => {
    await k.moderator.ok('floor:end', {});
    const first = (await k.moderator.waitForEvent('floor:ended')).payload.turnId;
    const wav = await speechWav('We need more money for schools and hospitals.');
    await grantFloor(k, k.citizen);
    const granted = await k.moderator.waitForEvent('floor:granted', (e) => e.payload.participantId === k.citizen.participantId);
    const session = await t.app.media!.openSession(k.debateId);
    const source = await publishSpeech(session, { participantId: k.citizen.participantId, role: 'participant' }, wav, 3);
    sources.push(source);

    const ofTurn = () => k.citizen.events.filter((e) => e.type === 'caption:final' && e.payload.turnId === granted.payload.turnId);
    const text = () => ofTurn().map((e) => e.payload.text).join(' ');
    await source.done;
    await k.citizen.waitFor(() => wordsOf(text()).includes('hospitals'), `"hospitals" in the second turn (so far: "${text()}")`, 20_000);
    for (const e of ofTurn()) expect(e.payload.speakerId).toBe(k.citizen.participantId);
    const all = k.citizen.events.filter((e) => e.type === 'caption:final');
    expect(all.filter((e) => e.payload.turnId === first).every((e) => e.payload.speakerId === k.speaker.participantId)).toBe(true);
    expect(all.filter((e) => wordsOf(e.payload.text).includes('hospitals')).every((e) => e.payload.turnId === granted.payload.turnId)).toBe(true);
  });
});
