// npm run bench:captions — live captions with the pocketsphinx engine (Debian's
// pocketsphinx_continuous, en-us model) on espeak-ng speech, through the real server:
// a fixed set of English sentences is synthesised (espeak-ng, klatt2 voice, 140 wpm),
// joined with 2 s of silence into one WAV, sent in real time as Opus RTP into a
// mediasoup producer while its speaker has the floor. A citizen's socket receives the
// `caption:final` events. Printed: per sentence, the latency from the end of its speech
// to the last final segment of it received, and its words; the word error rate over
// the whole set; the CPU time of the caption stream's processes (FFmpeg decoder and
// pocketsphinx) per second of audio. The figures are for this engine and model only.
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { cast, grantFloor, startMediaApp } from '../../server/test/media/server-helpers.ts';
import { publishSpeech, speechWav, wordsOf } from '../../server/test/captions/speech.ts';
import { clockTicks } from '../media/cpu.ts';

const MODEL_DIR = process.env.CAPTIONS_MODEL_DIR ?? '/usr/share/pocketsphinx/model/en-us';
export const SENTENCES = [
  'The city council will vote on the budget tonight.',
  'We need more money for schools and hospitals.',
  'The new bus line will open next year.',
  'Thank you for coming to this public meeting.',
  'Please raise your hand if you want to speak.',
  'The park will stay open until ten at night.',
  'We will plant three hundred trees along the river.',
  'The mayor will answer your questions after the break.',
];
const GAP_S = 2;

/** Word-level Levenshtein distance: substitutions + deletions + insertions. */
export function wordErrors(ref: readonly string[], hyp: readonly string[]): number {
  const d = Array.from({ length: ref.length + 1 }, (_, i) => [i, ...Array<number>(hyp.length).fill(0)]);
  for (let j = 1; j <= hyp.length; j++) d[0]![j] = j;
  for (let i = 1; i <= ref.length; i++) {
    for (let j = 1; j <= hyp.length; j++) {
      d[i]![j] = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + (ref[i - 1] === hyp[j - 1] ? 0 : 1));
    }
  }
  return d[ref.length]![hyp.length]!;
}

const seconds = (wav: string) => Number(execFileSync('soxi', ['-D', wav], { encoding: 'utf8' }).trim());

/** CPU seconds of the processes whose command line contains `needle`. */
function cpuOf(needle: string): number {
  let total = 0;
  for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      if (!readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(needle)) continue;
      const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
      total += (Number(f[11]) + Number(f[12])) / clockTicks();
    } catch {
      // The process ended meanwhile.
    }
  }
  return total;
}

async function main(): Promise<void> {
  const parts: string[] = [];
  for (const s of SENTENCES) parts.push(await speechWav(s, GAP_S));
  const durations = parts.map(seconds);
  const all = join(parts[0]!, '..', 'all.wav');
  execFileSync('sox', [...parts, all]);
  const t = await startMediaApp(47_000, { CAPTIONS_ENGINE: 'pocketsphinx', CAPTIONS_MODEL_DIR: MODEL_DIR });
  const k = await cast(t);
  try {
    await grantFloor(k, k.speaker, { seconds: 600 });
    const session = await t.app.media!.openSession(k.debateId);
    const started = Date.now();
    const source = await publishSpeech(session, { participantId: k.speaker.participantId, role: 'speaker' }, all);
    const received: { at: number; start: number; text: string }[] = [];
    k.citizen.socket.on('debate:event', (e: { type: string; payload: { start: number; text: string } }) => {
      if (e.type === 'caption:final') received.push({ at: Date.now(), start: e.payload.start, text: e.payload.text });
    });
    await source.done;
    // The last utterance ends on the trailing silence: give the engine a few seconds.
    await new Promise((r) => setTimeout(r, 5000));
    const cpu = cpuOf('pocketsphinx_continuous') + cpuOf('s16le');
    const audioS = durations.reduce((a, b) => a + b, 0);

    let errors = 0;
    let refWords = 0;
    const latencies: number[] = [];
    console.log(`# bench:captions ${new Date().toISOString()} · ${cpus().length}× ${cpus()[0]?.model ?? '?'} · load ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
    console.log(`engine pocketsphinx_continuous, model ${MODEL_DIR}; speech espeak-ng en-us+klatt2 140 wpm through Opus RTP`);
    for (const [i, text] of SENTENCES.entries()) {
      const base = started + (durations.slice(0, i).reduce((a, b) => a + b, 0)) * 1000;
      const speechEnd = base + (durations[i]! - GAP_S) * 1000;
      const windowStart = base;
      const windowEnd = base + durations[i]! * 1000;
      const mine = received.filter((r) => r.start >= windowStart - 300 && r.start < windowEnd);
      const hyp = mine.flatMap((r) => wordsOf(r.text));
      const ref = wordsOf(text);
      const e = wordErrors(ref, hyp);
      errors += e;
      refWords += ref.length;
      // The sentence is captioned once its last final segment has arrived.
      const lastAt = mine.map((r) => r.at).sort((a, b) => a - b).at(-1);
      const latency = lastAt === undefined ? null : lastAt - speechEnd;
      if (latency !== null) latencies.push(latency);
      console.log(`${i + 1}. latency ${latency === null ? '—' : `${(latency / 1000).toFixed(2)} s`} · WER ${(e / ref.length * 100).toFixed(0)} % · "${hyp.join(' ')}"  (ref: "${ref.join(' ')}")`);
    }
    latencies.sort((a, b) => a - b);
    const median = latencies[Math.floor(latencies.length / 2)];
    console.log(`latency speech end → last final segment of the sentence: median ${median === undefined ? '—' : (median / 1000).toFixed(2)} s, max ${latencies.length ? (latencies.at(-1)! / 1000).toFixed(2) : '—'} s over ${latencies.length}/${SENTENCES.length} sentences`);
    console.log(`word error rate ${(errors / refWords * 100).toFixed(1)} % (${errors} errors / ${refWords} words)`);
    console.log(`CPU per captioned stream: ${cpu.toFixed(2)} s for ${audioS.toFixed(1)} s of audio = ${(cpu / audioS * 100).toFixed(1)} % of one core (FFmpeg decoder + pocketsphinx)`);
  } finally {
    k.close();
    await t.close();
  }
}

await main();
