-- The opening record of a large tender is megabytes of JSON written once at the deadline: LZ4 compresses it
-- in a fraction of pglz's time. A server built without LZ4 (the embedded PGlite) keeps its default.
DO $$
BEGIN
  ALTER TABLE "jicai"."tenders" ALTER COLUMN "opening_record" SET COMPRESSION lz4;
EXCEPTION WHEN feature_not_supported OR invalid_parameter_value OR syntax_error THEN
  RAISE NOTICE 'lz4 is not available: opening_record keeps the default compression';
END $$;
