-- A checkout's stock is taken at its commit (listing_stock_takes): the listing's row is locked by the
-- commit itself, never across a round trip to the app. Rows fire in the order inserted (the app inserts
-- them in listing-id order, so two checkouts never lock two listings in opposite orders).
CREATE OR REPLACE FUNCTION jicai.listing_stock_take() RETURNS trigger AS $$
BEGIN
  UPDATE jicai.listings SET stock = stock - NEW.quantity WHERE id = NEW.listing_id AND stock >= NEW.quantity;
  IF NOT FOUND THEN
    RAISE EXCEPTION 'listing % is short of stock', NEW.listing_id USING ERRCODE = 'JC409', DETAIL = NEW.listing_id::text;
  END IF;
  DELETE FROM jicai.listing_stock_takes WHERE id = NEW.id;
  RETURN NULL;
END $$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE CONSTRAINT TRIGGER listing_stock_takes_at_commit AFTER INSERT ON jicai.listing_stock_takes
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION jicai.listing_stock_take();
