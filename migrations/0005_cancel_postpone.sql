ALTER TABLE "debates" DROP CONSTRAINT "debates_status_check";--> statement-breakpoint
ALTER TABLE "debates" ADD COLUMN "cancelled_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "debates" ADD COLUMN "cancel_reason" text;--> statement-breakpoint
ALTER TABLE "debates" ADD COLUMN "postponed_from" text;--> statement-breakpoint
ALTER TABLE "debates" ADD COLUMN "postpone_reason" text;--> statement-breakpoint
ALTER TABLE "debates" ADD CONSTRAINT "debates_status_check" CHECK ("debates"."status" in ('draft', 'scheduled', 'live', 'ended', 'archived', 'cancelled'));