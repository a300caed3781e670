CREATE TABLE "broadcast_destinations" (
	"id" text PRIMARY KEY NOT NULL,
	"debate_id" text NOT NULL,
	"label" text NOT NULL,
	"url" text NOT NULL,
	"stream_key" text NOT NULL,
	"created_at" bigint NOT NULL
);
--> statement-breakpoint
ALTER TABLE "broadcast_destinations" ADD CONSTRAINT "broadcast_destinations_debate_id_debates_id_fk" FOREIGN KEY ("debate_id") REFERENCES "public"."debates"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "broadcast_destinations_debate_idx" ON "broadcast_destinations" USING btree ("debate_id","created_at");