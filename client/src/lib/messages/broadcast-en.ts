// English messages of the broadcast (same keys as broadcast-fr.ts). Spread into en.ts.
import type { frBroadcast } from './broadcast-fr.ts';

export const enBroadcast: Record<keyof typeof frBroadcast, string> = {
  'bc.title': 'Broadcast (HLS and RTMP)',
  'bc.on': 'Broadcasting.',
  'bc.waiting': 'The broadcast will start as soon as sound or picture is on air.',
  'bc.off': 'Broadcast stopped.',
  'bc.start': 'Start the broadcast',
  'bc.stop': 'Stop the broadcast',
  'bc.destinations': 'Broadcast destinations',
  'bc.dest.idle': 'waiting',
  'bc.dest.connecting': 'connecting…',
  'bc.dest.live': 'live',
  'bc.dest.failed': 'failed: {reason}',
  'bc.dest.retrying': 'retrying in {seconds} s ({reason})',
  'bc.viewer.dataSaver': 'Data saver',
  'bc.viewer.dataSaverHint': 'Watch the broadcast a few seconds behind, lighter on your connection.',
  'bc.viewer.delay': 'You see the debate about {seconds} seconds late. Your votes and requests to speak go out at once.',
  'bc.viewer.delayUnknown': 'You see the debate a few seconds late.',
  'bc.viewer.why.threshold': 'Many people are following the debate: you are watching the broadcast.',
  'bc.viewer.why.dataSaver': 'Data saver is on.',
  'bc.viewer.why.fallback': 'The direct connection could not be made: you are watching the broadcast.',
  'bc.viewer.player': 'Broadcast of the debate',
};
