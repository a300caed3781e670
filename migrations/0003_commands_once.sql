CREATE TABLE "command_results" (
	"debate_id" text NOT NULL,
	"command_id" text NOT NULL,
	"fingerprint" text NOT NULL,
	"result" jsonb NOT NULL,
	"seq" integer NOT NULL,
	CONSTRAINT "command_results_pkey" PRIMARY KEY("debate_id","command_id")
);
--> statement-breakpoint
ALTER TABLE "ballots" ADD COLUMN "client_seq" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "polls" ADD COLUMN "ballots_closed_at" bigint;