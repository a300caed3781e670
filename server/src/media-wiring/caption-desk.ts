// Captions of the live debates this node owns, outside media/: the floor's history per
// debate (from the committed floor events, seeded from the live state for a debate that
// was already under way), the engine's words cut into per-turn segments by the domain's
// rule (domain/captions/attribution.ts), final ones appended to the log as
// `caption:final` (durable and hash-chained like every event), partial ones pushed live
// only. Appends run one at a time per debate, in the order the engine heard them.
import type { FastifyBaseLogger } from 'fastify';
import type { Clock } from '../clock.ts';
import { FloorHistory, segmentWords } from '../domain/captions/attribution.ts';
import type { DebateState } from '../domain/state.ts';
import type { Actor, DebateEvent, EventDraft } from '../domain/types.ts';
import { newId } from '../live/ids.ts';
import { CAPTION_PUSHES, type CaptionPartial } from '../protocol/captions.ts';
import { draft } from '../protocol/events/index.ts';
import type { CaptionSink, CaptionWord } from '../../../media/captions/caption-manager.ts';

export interface CaptionDebates {
  get(debateId: string): Promise<{ state: DebateState; appendSystemEvent(draft: EventDraft, actor?: Actor): Promise<unknown> }>;
}

export interface CaptionPush {
  toDebate(debateId: string, event: string, payload: unknown): void;
}

export interface CaptionDeskOptions {
  debates: CaptionDebates;
  push: CaptionPush;
  clock: Clock;
  logger: FastifyBaseLogger;
}

const FLOOR_TYPES = new Set(['floor:granted', 'floor:ended', 'floor:expired', 'debate:ended']);

export class CaptionDesk implements CaptionSink {
  readonly #o: CaptionDeskOptions;
  readonly #floors = new Map<string, FloorHistory>();
  readonly #chains = new Map<string, Promise<void>>();

  constructor(o: CaptionDeskOptions) {
    this.#o = o;
  }

  /** Every committed event of the debates this node owns (only floor events matter). */
  onEvent(e: DebateEvent): void {
    if (!FLOOR_TYPES.has(e.type)) return;
    let h = this.#floors.get(e.debateId);
    if (!h && e.type === 'floor:granted') this.#floors.set(e.debateId, (h = new FloorHistory()));
    h?.apply(e);
    if (e.type === 'debate:ended') this.#floors.delete(e.debateId);
  }

  words(debateId: string, words: CaptionWord[], final: boolean, engineId: string): void {
    this.#run(debateId, async () => {
      const floor = await this.#floor(debateId);
      const segments = segmentWords(words, floor.spans(this.#o.clock.now()));
      if (!final) {
        const last = segments.at(-1);
        if (last) this.#o.push.toDebate(debateId, CAPTION_PUSHES.partial, { segmentId: 'partial', ...last, final: false, source: 'engine', engine: engineId } satisfies CaptionPartial);
        return;
      }
      const live = await this.#o.debates.get(debateId);
      for (const s of segments) {
        await live.appendSystemEvent(draft('caption:final', { segmentId: `cap_${newId()}`, ...s, final: true, source: 'engine', engine: engineId }));
      }
    });
  }

  async #floor(debateId: string): Promise<FloorHistory> {
    let h = this.#floors.get(debateId);
    if (h) return h;
    h = new FloorHistory();
    const f = (await this.#o.debates.get(debateId)).state.turns.floor;
    if (f) h.apply({ type: 'floor:granted', at: f.grantedAt, payload: f });
    this.#floors.set(debateId, h);
    return h;
  }

  #run(debateId: string, job: () => Promise<void>): void {
    const next = (this.#chains.get(debateId) ?? Promise.resolve())
      .then(job)
      .catch((err: Error) => this.#o.logger.error({ debateId, err: err.message }, 'captions: segment not appended'));
    this.#chains.set(debateId, next);
  }

  /** Waits for the appends under way (shutdown). */
  async drain(): Promise<void> {
    await Promise.all([...this.#chains.values()]);
  }
}
