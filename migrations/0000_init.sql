CREATE TABLE "ballots" (
	"debate_id" text NOT NULL,
	"poll_id" text NOT NULL,
	"participant_id" text NOT NULL,
	"choices" jsonb NOT NULL,
	"receipt" text NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"cast_at" bigint NOT NULL,
	CONSTRAINT "ballots_poll_participant_unique" UNIQUE("poll_id","participant_id")
);
--> statement-breakpoint
CREATE TABLE "contributions" (
	"id" text PRIMARY KEY NOT NULL,
	"debate_id" text NOT NULL,
	"text" text NOT NULL,
	"author_id" text NOT NULL,
	"author_name" text NOT NULL,
	"group_id" text,
	"status" text DEFAULT 'submitted' NOT NULL,
	"submitted_at" bigint NOT NULL,
	"read_at" bigint,
	"turn_id" text,
	"dismissed_at" bigint
);
--> statement-breakpoint
CREATE TABLE "debate_events" (
	"debate_id" text NOT NULL,
	"seq" integer NOT NULL,
	"at" bigint NOT NULL,
	"actor" jsonb NOT NULL,
	"type" text NOT NULL,
	"payload" jsonb NOT NULL,
	"prev_hash" text NOT NULL,
	"hash" text NOT NULL,
	CONSTRAINT "debate_events_pkey" PRIMARY KEY("debate_id","seq")
);
--> statement-breakpoint
CREATE TABLE "debates" (
	"id" text PRIMARY KEY NOT NULL,
	"title" text NOT NULL,
	"description" text,
	"location" text,
	"status" text DEFAULT 'draft' NOT NULL,
	"modalities" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"announced_at" timestamp with time zone,
	"started_at" timestamp with time zone,
	"ended_at" timestamp with time zone,
	"archived_at" timestamp with time zone,
	CONSTRAINT "debates_status_check" CHECK ("debates"."status" in ('draft', 'scheduled', 'live', 'ended', 'archived'))
);
--> statement-breakpoint
CREATE TABLE "invitations" (
	"id" text PRIMARY KEY NOT NULL,
	"debate_id" text NOT NULL,
	"kind" text NOT NULL,
	"code_hash" text NOT NULL,
	"guest_id" text,
	"display_name" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"used_at" timestamp with time zone,
	"used_by" text,
	CONSTRAINT "invitations_code_hash_unique" UNIQUE("code_hash"),
	CONSTRAINT "invitations_kind_check" CHECK ("invitations"."kind" in ('participant', 'speaker'))
);
--> statement-breakpoint
CREATE TABLE "participants" (
	"debate_id" text NOT NULL,
	"id" text NOT NULL,
	"role" text NOT NULL,
	"display_name" text NOT NULL,
	"group_id" text,
	"guest_id" text,
	"invitation_id" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "participants_debate_id_id_pk" PRIMARY KEY("debate_id","id"),
	CONSTRAINT "participants_role_check" CHECK ("participants"."role" in ('moderator', 'speaker', 'participant', 'display'))
);
--> statement-breakpoint
CREATE TABLE "polls" (
	"id" text PRIMARY KEY NOT NULL,
	"debate_id" text NOT NULL,
	"question" text NOT NULL,
	"kind" text NOT NULL,
	"options" jsonb NOT NULL,
	"max_choices" integer,
	"scale_max" integer,
	"anonymous" boolean DEFAULT false NOT NULL,
	"visibility" text,
	"auto_close_seconds" integer,
	"status" text NOT NULL,
	"created_by" text,
	"proposed_by" text,
	"created_at" bigint NOT NULL,
	"opened_at" bigint,
	"closes_at" bigint,
	"closed_at" bigint,
	"close_reason" text,
	"reject_reason" text,
	"results" jsonb
);
--> statement-breakpoint
CREATE TABLE "question_votes" (
	"debate_id" text NOT NULL,
	"question_id" text NOT NULL,
	"participant_id" text NOT NULL,
	"at" bigint NOT NULL,
	CONSTRAINT "question_votes_question_participant_unique" UNIQUE("question_id","participant_id")
);
--> statement-breakpoint
CREATE TABLE "questions" (
	"id" text PRIMARY KEY NOT NULL,
	"debate_id" text NOT NULL,
	"text" text NOT NULL,
	"author_id" text NOT NULL,
	"author_name" text NOT NULL,
	"status" text NOT NULL,
	"upvotes" integer DEFAULT 0 NOT NULL,
	"asked_at" bigint NOT NULL,
	"moderated_at" bigint,
	"answered_at" bigint
);
--> statement-breakpoint
CREATE TABLE "turns" (
	"id" text PRIMARY KEY NOT NULL,
	"debate_id" text NOT NULL,
	"participant_id" text NOT NULL,
	"name" text NOT NULL,
	"role" text NOT NULL,
	"group_id" text,
	"mode" text NOT NULL,
	"allotted_ms" integer NOT NULL,
	"granted_at" bigint NOT NULL,
	"deadline" bigint,
	"agenda_slot_id" text,
	"contribution_id" text,
	"capped_by_quota" boolean DEFAULT false NOT NULL,
	"status" text DEFAULT 'active' NOT NULL,
	"ended_at" bigint,
	"spoken_ms" integer,
	"overtime_ms" integer,
	"end_reason" text
);
--> statement-breakpoint
ALTER TABLE "ballots" ADD CONSTRAINT "ballots_poll_id_polls_id_fk" FOREIGN KEY ("poll_id") REFERENCES "public"."polls"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contributions" ADD CONSTRAINT "contributions_debate_id_debates_id_fk" FOREIGN KEY ("debate_id") REFERENCES "public"."debates"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "invitations" ADD CONSTRAINT "invitations_debate_id_debates_id_fk" FOREIGN KEY ("debate_id") REFERENCES "public"."debates"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "participants" ADD CONSTRAINT "participants_debate_id_debates_id_fk" FOREIGN KEY ("debate_id") REFERENCES "public"."debates"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "polls" ADD CONSTRAINT "polls_debate_id_debates_id_fk" FOREIGN KEY ("debate_id") REFERENCES "public"."debates"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "question_votes" ADD CONSTRAINT "question_votes_question_id_questions_id_fk" FOREIGN KEY ("question_id") REFERENCES "public"."questions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "questions" ADD CONSTRAINT "questions_debate_id_debates_id_fk" FOREIGN KEY ("debate_id") REFERENCES "public"."debates"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "turns" ADD CONSTRAINT "turns_debate_id_debates_id_fk" FOREIGN KEY ("debate_id") REFERENCES "public"."debates"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "contributions_debate_idx" ON "contributions" USING btree ("debate_id","submitted_at");--> statement-breakpoint
CREATE INDEX "debate_events_type_idx" ON "debate_events" USING btree ("debate_id","type");--> statement-breakpoint
CREATE INDEX "debates_status_idx" ON "debates" USING btree ("status");--> statement-breakpoint
CREATE INDEX "invitations_debate_idx" ON "invitations" USING btree ("debate_id");--> statement-breakpoint
CREATE INDEX "polls_debate_idx" ON "polls" USING btree ("debate_id","created_at");--> statement-breakpoint
CREATE INDEX "questions_debate_idx" ON "questions" USING btree ("debate_id","asked_at");--> statement-breakpoint
CREATE INDEX "turns_debate_idx" ON "turns" USING btree ("debate_id","granted_at");