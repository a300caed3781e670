// The logging surface the media layer needs; a pino/Fastify logger satisfies it.
export interface MediaLogger {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

/** Default when the app passes none: warnings and errors to stderr, info dropped. */
export const stderrLogger: MediaLogger = {
  info: () => undefined,
  warn: (obj, msg) => console.warn(`[media] ${msg}`, obj),
  error: (obj, msg) => console.error(`[media] ${msg}`, obj),
};
