ALTER TABLE "jicai"."tenders" ADD COLUMN "expert_draw_failure" text;--> statement-breakpoint
-- A draw that drew nobody before this column existed keeps showing why: the last failure recorded since its finished request.
UPDATE "jicai"."tenders" t SET "expert_draw_failure" = f.message
FROM (
  SELECT j.payload->>'tenderId' AS tender_id,
         (SELECT a.data->>'message' FROM "jicai"."audit_entries" a
           WHERE a.entity_type = 'tender' AND a.entity_id = j.payload->>'tenderId' AND a.action = 'tender.experts.draw.failed' AND a.occurred_at >= j.created_at
           ORDER BY a.seq DESC LIMIT 1) AS message
  FROM "jicai"."scheduled_jobs" j
  WHERE j.name = 'tenders.experts.draw' AND j.status <> 'pending'
) f
WHERE t.id::text = f.tender_id AND f.message IS NOT NULL AND NOT EXISTS (SELECT 1 FROM "jicai"."expert_draws" d WHERE d.tender_id = t.id);
