CREATE INDEX "contributions_search_idx" ON "contributions" USING gin (to_tsvector('tribune_fr', "text"));--> statement-breakpoint
CREATE INDEX "debates_search_idx" ON "debates" USING gin (to_tsvector('tribune_fr', "title" || ' ' || coalesce("description", '')));--> statement-breakpoint
CREATE INDEX "questions_search_idx" ON "questions" USING gin (to_tsvector('tribune_fr', "text"));