ALTER TABLE "debates" DROP CONSTRAINT "debates_status_check";--> statement-breakpoint
ALTER TABLE "debates" ADD COLUMN "cancelled_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "debates" ADD COLUMN "cancel_reason" text;--> statement-breakpoint
ALTER TABLE "debates" ADD COLUMN "postponed_from" text;--> statement-breakpoint
ALTER TABLE "debates" ADD COLUMN "postpone_reason" text;--> statement-breakpoint
CREATE INDEX "contributions_search_idx" ON "contributions" USING gin (to_tsvector('tribune_fr', "text"));--> statement-breakpoint
CREATE INDEX "debates_search_idx" ON "debates" USING gin (to_tsvector('tribune_fr', "title" || ' ' || coalesce("description", '')));--> statement-breakpoint
CREATE INDEX "questions_search_idx" ON "questions" USING gin (to_tsvector('tribune_fr', "text"));--> statement-breakpoint
ALTER TABLE "debates" ADD CONSTRAINT "debates_status_check" CHECK ("debates"."status" in ('draft', 'scheduled', 'live', 'ended', 'archived', 'cancelled'));