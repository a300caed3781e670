// How a resource plugin releases what it opened: in an onClose hook (Fastify runs them
// in reverse registration order, so a resource goes after everything registered later,
// which may use it), then one debug line naming the resource, to diagnose a slow or
// stuck shutdown (the tests read the order from it).
import type { FastifyInstance } from 'fastify';

export function releaseOnClose(app: FastifyInstance, resource: string, release: () => unknown): void {
  app.addHook('onClose', async () => {
    await release();
    app.log.debug({ resource }, 'released');
  });
}
