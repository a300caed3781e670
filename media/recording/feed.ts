// What a recording records: at most one audio and one video producer of the router (the
// program feed). `feedFromProgram` turns the media layer's program (a participant's
// producer ids) into that: the first producer of each kind, in the program's order. Pure.
import type { MediaProducerInfo, MediaProgram } from '../../server/src/protocol/media.ts';

export interface RecordingFeed {
  audio?: string | null;
  video?: string | null;
}

export function feedFromProgram(program: Pick<MediaProgram, 'producerIds'>, producers: readonly MediaProducerInfo[]): RecordingFeed {
  const feed: RecordingFeed = {};
  for (const id of program.producerIds) {
    const info = producers.find((p) => p.producerId === id);
    if (info && (info.kind === 'audio' || info.kind === 'video') && !feed[info.kind]) feed[info.kind] = id;
  }
  return feed;
}
