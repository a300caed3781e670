CREATE TABLE "rejoin_credentials" (
	"id" text PRIMARY KEY NOT NULL,
	"debate_id" text NOT NULL,
	"participant_id" text NOT NULL,
	"kind" text NOT NULL,
	"secret_hash" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone,
	"used_at" timestamp with time zone,
	"revoked_at" timestamp with time zone,
	CONSTRAINT "rejoin_credentials_secret_hash_unique" UNIQUE("secret_hash"),
	CONSTRAINT "rejoin_credentials_kind_check" CHECK ("rejoin_credentials"."kind" in ('device', 'transfer'))
);
--> statement-breakpoint
ALTER TABLE "rejoin_credentials" ADD CONSTRAINT "rejoin_credentials_debate_id_debates_id_fk" FOREIGN KEY ("debate_id") REFERENCES "public"."debates"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "rejoin_credentials_participant_idx" ON "rejoin_credentials" USING btree ("debate_id","participant_id");