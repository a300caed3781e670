// A debate's modalities: the rules fixed in advance, before the debate is announced.
// Shared by the REST API (create/update), the domain (turn/poll rules) and the client.
import { z } from 'zod';
import { safeText } from './text.ts';

export const SlugSchema = z
  .string()
  .min(1)
  .max(40)
  .regex(/^[a-z0-9][a-z0-9_-]*$/, 'lowercase letters, digits, - and _');

export const DebateFormatSchema = z.enum(['in_room', 'hybrid', 'online']);
export type DebateFormat = z.infer<typeof DebateFormatSchema>;

export const InterventionModeSchema = z.enum(['oral', 'written']);
export type InterventionMode = z.infer<typeof InterventionModeSchema>;

/** A side or group (e.g. "pour" / "contre", or a political group) with an optional quota. */
export const GroupSchema = z.object({
  id: SlugSchema,
  name: safeText({ min: 1, max: 80 }),
  /** Total speaking time the group may use over the debate; null = unlimited. */
  quotaSeconds: z.number().int().min(10).max(86_400).nullable().default(null),
});
export type Group = z.infer<typeof GroupSchema>;

/** An invited guest (speaker role). `id` is stable and used for invitations. */
export const GuestSchema = z.object({
  id: SlugSchema,
  name: safeText({ min: 1, max: 120 }),
  affiliation: safeText({ max: 160 }).optional(),
  group: SlugSchema.optional(),
});
export type Guest = z.infer<typeof GuestSchema>;

export const TurnRulesSchema = z.object({
  defaultSeconds: z.number().int().min(10).max(3600).default(180),
  /** Remaining-time thresholds (seconds) at which a warning is emitted, e.g. [60, 30, 10]. */
  warningSeconds: z.array(z.number().int().min(1).max(3600)).max(5).default([60, 30, 10]),
  /** `hard`: the floor is cut at the deadline; `soft`: overtime is counted and shown. */
  expiry: z.enum(['hard', 'soft']).default('hard'),
});
export type TurnRules = z.infer<typeof TurnRulesSchema>;

export const QueuePolicySchema = z.enum(['fifo', 'least_spoken_first']);
export type QueuePolicy = z.infer<typeof QueuePolicySchema>;

export const JoinPolicySchema = z.enum(['open', 'code', 'invite']);
export type JoinPolicy = z.infer<typeof JoinPolicySchema>;

export const TemplateSchema = z.enum(['free', 'oxford']);
export type Template = z.infer<typeof TemplateSchema>;

export const ModalitiesSchema = z
  .object({
    format: DebateFormatSchema,
    scheduledStart: z.iso.datetime({ offset: true }),
    plannedDurationMinutes: z.number().int().min(5).max(1440),
    interventionModes: z.array(InterventionModeSchema).min(1).max(2),
    pollsEnabled: z.boolean().default(true),
    guests: z.array(GuestSchema).max(50).default([]),
    groups: z.array(GroupSchema).max(20).default([]),
    turn: TurnRulesSchema.default({ defaultSeconds: 180, warningSeconds: [60, 30, 10], expiry: 'hard' }),
    queuePolicy: QueuePolicySchema.default('fifo'),
    joinPolicy: JoinPolicySchema.default('open'),
    /** Shared access code, required when joinPolicy is `code`. */
    accessCode: safeText({ min: 4, max: 64, trim: false }).optional(),
    template: TemplateSchema.default('free'),
    /** Questions wait for moderator approval before citizens see them. */
    moderateQuestions: z.boolean().default(true),
    /**
     * The organizer's words on recording, broadcast and personal data, shown at join and
     * before going on camera (with `privacyUrl`, the full policy).
     */
    privacyText: z.string().trim().min(1).max(2000).optional(),
    privacyUrl: z.url({ protocol: /^https?$/ }).max(500).optional(),
    /** Themes of the debate (e.g. "mobilite"): the town's embed, feeds and subscriptions filter on them. */
    tags: z.array(SlugSchema).max(10).default([]),
  })
  .superRefine((m, ctx) => {
    if (m.joinPolicy === 'code' && !m.accessCode) {
      ctx.addIssue({ code: 'custom', path: ['accessCode'], message: 'required when joinPolicy is "code"' });
    }
    const groupIds = new Set(m.groups.map((g) => g.id));
    if (groupIds.size !== m.groups.length) {
      ctx.addIssue({ code: 'custom', path: ['groups'], message: 'group ids must be unique' });
    }
    const guestIds = new Set(m.guests.map((g) => g.id));
    if (guestIds.size !== m.guests.length) {
      ctx.addIssue({ code: 'custom', path: ['guests'], message: 'guest ids must be unique' });
    }
    m.guests.forEach((g, i) => {
      if (g.group && !groupIds.has(g.group)) {
        ctx.addIssue({ code: 'custom', path: ['guests', i, 'group'], message: `unknown group "${g.group}"` });
      }
    });
    if (new Set(m.interventionModes).size !== m.interventionModes.length) {
      ctx.addIssue({ code: 'custom', path: ['interventionModes'], message: 'modes must be unique' });
    }
    if (m.template === 'oxford' && m.groups.length < 2) {
      ctx.addIssue({
        code: 'custom',
        path: ['template'],
        message: 'the oxford template needs two groups: the first argues for, the second against',
      });
    }
  });
export type Modalities = z.infer<typeof ModalitiesSchema>;
export type ModalitiesInput = z.input<typeof ModalitiesSchema>;

/**
 * The modalities as shown (REST, state:snapshot, the public redaction of debate:created):
 * the same fields without the cross-field rules, since the access code a `code` debate
 * requires is only shown to admins and moderators.
 */
export const ModalitiesViewSchema = z.object(ModalitiesSchema.shape);
export type ModalitiesView = z.infer<typeof ModalitiesViewSchema>;

export const DebateStatusSchema = z.enum(['draft', 'scheduled', 'live', 'ended', 'archived', 'cancelled']);
export type DebateStatus = z.infer<typeof DebateStatusSchema>;
