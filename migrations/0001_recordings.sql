CREATE TABLE "recordings" (
	"id" text PRIMARY KEY NOT NULL,
	"debate_id" text NOT NULL,
	"label" text NOT NULL,
	"status" text DEFAULT 'recording' NOT NULL,
	"tracks" jsonb NOT NULL,
	"file_path" text NOT NULL,
	"started_at" bigint NOT NULL,
	"ended_at" bigint,
	"size_bytes" bigint,
	"duration_ms" integer,
	"error" text,
	CONSTRAINT "recordings_status_check" CHECK ("recordings"."status" in ('recording', 'complete', 'failed'))
);
--> statement-breakpoint
ALTER TABLE "recordings" ADD CONSTRAINT "recordings_debate_id_debates_id_fk" FOREIGN KEY ("debate_id") REFERENCES "public"."debates"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "recordings_debate_idx" ON "recordings" USING btree ("debate_id","started_at");