CREATE TABLE "audit_log" (
	"id" text PRIMARY KEY NOT NULL,
	"at" bigint NOT NULL,
	"debate_id" text,
	"actor" jsonb NOT NULL,
	"ip" text,
	"action" text NOT NULL,
	"details" jsonb DEFAULT '{}'::jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "revoked_links" (
	"debate_id" text NOT NULL,
	"participant_id" text NOT NULL,
	"revoked_at" timestamp with time zone DEFAULT now() NOT NULL,
	"revoked_by" jsonb NOT NULL,
	CONSTRAINT "revoked_links_debate_id_participant_id_pk" PRIMARY KEY("debate_id","participant_id")
);
--> statement-breakpoint
ALTER TABLE "revoked_links" ADD CONSTRAINT "revoked_links_debate_id_debates_id_fk" FOREIGN KEY ("debate_id") REFERENCES "public"."debates"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "audit_log_at_idx" ON "audit_log" USING btree ("at");--> statement-breakpoint
CREATE INDEX "audit_log_debate_idx" ON "audit_log" USING btree ("debate_id","at");