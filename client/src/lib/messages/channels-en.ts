// English messages of the town's channels: the same keys as channels-fr.ts.
import type { frChannels } from './channels-fr.ts';

export const enChannels: Record<keyof typeof frChannels, string> = {
  'feeds.title': 'Follow the debates',
  'feeds.debates': 'Atom feed of announced debates',
  'feeds.archives': 'Atom feed of published archives',
  'feeds.calendar': 'Calendar of all debates (.ics)',
};
