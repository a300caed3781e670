CREATE TABLE "notify_deliveries" (
	"id" text PRIMARY KEY NOT NULL,
	"dedupe_key" text NOT NULL,
	"debate_id" text,
	"kind" text NOT NULL,
	"subscription_id" text,
	"recipient_hint" text NOT NULL,
	"status" text DEFAULT 'queued' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"error" text,
	"message_id" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"sent_at" timestamp with time zone,
	CONSTRAINT "notify_deliveries_dedupe_unique" UNIQUE("dedupe_key"),
	CONSTRAINT "notify_deliveries_status_check" CHECK ("notify_deliveries"."status" in ('queued', 'sent', 'failed', 'skipped'))
);
--> statement-breakpoint
CREATE TABLE "notify_subscriptions" (
	"id" text PRIMARY KEY NOT NULL,
	"email" text NOT NULL,
	"name" text,
	"lang" text DEFAULT 'fr' NOT NULL,
	"scope" text NOT NULL,
	"scope_value" text DEFAULT '' NOT NULL,
	"nonce" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"confirmed_at" timestamp with time zone,
	CONSTRAINT "notify_subscriptions_address_scope_unique" UNIQUE("email","scope","scope_value"),
	CONSTRAINT "notify_subscriptions_scope_check" CHECK ("notify_subscriptions"."scope" in ('debate', 'all', 'tag')),
	CONSTRAINT "notify_subscriptions_lang_check" CHECK ("notify_subscriptions"."lang" in ('fr', 'en'))
);
--> statement-breakpoint
CREATE INDEX "notify_deliveries_debate_idx" ON "notify_deliveries" USING btree ("debate_id","kind");--> statement-breakpoint
CREATE INDEX "notify_subscriptions_scope_idx" ON "notify_subscriptions" USING btree ("scope","scope_value");