CREATE TABLE "debate_request_supports" (
	"id" text PRIMARY KEY NOT NULL,
	"request_id" text NOT NULL,
	"email" text NOT NULL,
	"lang" text DEFAULT 'fr' NOT NULL,
	"proposer" boolean DEFAULT false NOT NULL,
	"token_hash" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"confirmed_at" timestamp with time zone,
	CONSTRAINT "debate_request_supports_token_unique" UNIQUE("token_hash"),
	CONSTRAINT "debate_request_supports_request_email_unique" UNIQUE("request_id","email")
);
--> statement-breakpoint
CREATE TABLE "debate_requests" (
	"id" text PRIMARY KEY NOT NULL,
	"topic" text NOT NULL,
	"why" text NOT NULL,
	"proposed_format" text NOT NULL,
	"proposer_name" text,
	"status" text DEFAULT 'unconfirmed' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"published_at" timestamp with time zone,
	"answered_at" timestamp with time zone,
	"answer" text,
	"debate_id" text,
	CONSTRAINT "debate_requests_status_check" CHECK ("debate_requests"."status" in ('unconfirmed', 'open', 'accepted', 'declined')),
	CONSTRAINT "debate_requests_format_check" CHECK ("debate_requests"."proposed_format" in ('in_room', 'hybrid', 'online'))
);
--> statement-breakpoint
CREATE TABLE "webhook_deliveries" (
	"id" text PRIMARY KEY NOT NULL,
	"webhook_id" text NOT NULL,
	"event" text NOT NULL,
	"debate_id" text,
	"body" text NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"last_status_code" integer,
	"last_error" text,
	"created_at" bigint NOT NULL,
	"last_attempt_at" bigint,
	"delivered_at" bigint,
	CONSTRAINT "webhook_deliveries_status_check" CHECK ("webhook_deliveries"."status" in ('pending', 'delivered', 'failed'))
);
--> statement-breakpoint
CREATE TABLE "webhooks" (
	"id" text PRIMARY KEY NOT NULL,
	"url" text NOT NULL,
	"description" text,
	"events" jsonb NOT NULL,
	"secret" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "debate_request_supports" ADD CONSTRAINT "debate_request_supports_request_id_debate_requests_id_fk" FOREIGN KEY ("request_id") REFERENCES "public"."debate_requests"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "webhook_deliveries" ADD CONSTRAINT "webhook_deliveries_webhook_id_webhooks_id_fk" FOREIGN KEY ("webhook_id") REFERENCES "public"."webhooks"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "debate_requests_status_idx" ON "debate_requests" USING btree ("status","created_at");--> statement-breakpoint
CREATE INDEX "webhook_deliveries_hook_idx" ON "webhook_deliveries" USING btree ("webhook_id","created_at");