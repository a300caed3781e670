// The OpenAPI description of the REST routes (built from their zod schemas) and its UI
// at /docs. Registered before the routes, which it collects as they are added.
import fp from 'fastify-plugin';
import type { FastifyInstance } from 'fastify';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import { jsonSchemaTransform } from 'fastify-type-provider-zod';

/** Where the OpenAPI UI is served (its CSP allows inline styles: plugins/security-headers.ts). */
export const DOCS_PREFIX = '/docs';

export const openApiPlugin = fp(
  async (app: FastifyInstance) => {
    await app.register(fastifySwagger, {
      openapi: {
        info: {
          title: 'Tribune API',
          description: 'Hybrid public debates: debates, access, archive. Realtime events: see docs/protocol.md.',
          version: '0.1.0',
        },
        components: {
          securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } },
        },
      },
      transform: jsonSchemaTransform,
    });
    await app.register(fastifySwaggerUi, { routePrefix: DOCS_PREFIX });
  },
  { name: 'openapi' },
);
