// Finds or loads the LiveDebate of a debate id (one owner per debate on this node),
// creates new debates, resumes live ones at startup, and closes them all on shutdown.
import { AppError } from '../errors.ts';
import type { Actor } from '../debate/types.ts';
import { createdDraft } from '../debate/lifecycle.ts';
import type { Modalities } from '../protocol/modalities.ts';
import { LiveDebate, type LiveDebateDeps } from './live-debate.ts';
import { newId } from './ids.ts';
import type { EventListener } from './ports.ts';

export interface NewDebate {
  title: string;
  description: string | null;
  location: string | null;
  modalities: Modalities;
}

export class DebateRegistry {
  private readonly live = new Map<string, LiveDebate>();
  private readonly loading = new Map<string, Promise<LiveDebate>>();
  private closing = false;

  constructor(private readonly deps: LiveDebateDeps) {}

  /** Subscribe to every committed event of every debate (media layer, metrics). */
  onEvent(listener: EventListener): void {
    this.deps.listeners.push(listener);
  }

  async create(input: NewDebate, actor: Actor): Promise<LiveDebate> {
    // The debates row is a projection of `debate:created`, written in the same transaction.
    const id = newId();
    const debate = await LiveDebate.create(
      id,
      createdDraft({ debateId: id, title: input.title, description: input.description, location: input.location, modalities: input.modalities }),
      actor,
      this.deps,
    );
    this.live.set(id, debate);
    return debate;
  }

  get(debateId: string): Promise<LiveDebate> {
    if (this.closing) return Promise.reject(new AppError('UNAVAILABLE', 'Server is shutting down'));
    const found = this.live.get(debateId);
    if (found) return Promise.resolve(found);
    let pending = this.loading.get(debateId);
    if (!pending) {
      pending = LiveDebate.load(debateId, this.deps)
        .then((d) => {
          if (!d) throw new AppError('DEBATE_NOT_FOUND', `No debate ${debateId}`);
          this.live.set(debateId, d);
          return d;
        })
        .finally(() => this.loading.delete(debateId));
      this.loading.set(debateId, pending);
    }
    return pending;
  }

  /** At startup: rebuild every live debate so their timers run without waiting for a client. */
  async resume(debateIds: string[]): Promise<void> {
    for (const id of debateIds) await this.get(id);
  }

  loadedCount(): number {
    return this.live.size;
  }

  async close(): Promise<void> {
    this.closing = true;
    await Promise.allSettled([...this.loading.values()]);
    await Promise.all([...this.live.values()].map((d) => d.close()));
    this.live.clear();
  }
}
