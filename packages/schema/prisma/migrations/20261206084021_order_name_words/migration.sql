-- DropIndex
DROP INDEX "Order_shipName_idx";

-- Hand-written: the recipient-name search (order-list.ts, the same expression) matches words — all
-- of the term's, the last one as a prefix — instead of substrings by trigrams: a trigram match
-- intersects posting lists that grow with all history (20 ms at a million orders), a word's list
-- is short. Lower case by the 'simple' configuration, "ё" read as "е". Partial: orders whose buyer
-- data retention removed (their name is "[removed]") are never searched by name, so the index only
-- holds names still kept and stops growing with history.
CREATE INDEX "Order_shipName_words_idx" ON "Order" USING GIN (to_tsvector('simple', translate("shipName", 'Ёё', 'Ее'))) WHERE "piiAnonymizedAt" IS NULL;
