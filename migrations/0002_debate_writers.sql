CREATE TABLE "debate_writers" (
	"debate_id" text PRIMARY KEY NOT NULL,
	"epoch" integer NOT NULL,
	"node_id" text NOT NULL,
	"taken_at" timestamp with time zone DEFAULT now() NOT NULL
);
