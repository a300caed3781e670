// French messages of the town's channels (issue 11, items 4–6): the feeds and calendar
// links, the citizens' debate requests, the organizer's webhooks. Spread into fr.ts;
// French typography (non-breaking spaces before « : ? ! », typographic apostrophes).
export const frChannels = {
  'feeds.title': 'Suivre les débats',
  'feeds.debates': 'Flux Atom des débats annoncés',
  'feeds.archives': 'Flux Atom des archives publiées',
  'feeds.calendar': 'Agenda de tous les débats (.ics)',
};
