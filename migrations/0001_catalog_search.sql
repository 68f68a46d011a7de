-- Catalog search: an FTS5 index over product title + variant title, SKU, barcodes and vendor, one row per variant.
-- Kept in step by triggers so every writer (demo seed, Shopify import, manual edits) maintains it; an upsert that
-- changes nothing searchable does not touch the index.
-- catalog_search_keys gives each variant a stable integer key (variants' implicit rowids may change on VACUUM).
CREATE TABLE `catalog_search_keys` (`id` integer PRIMARY KEY, `variant_id` text NOT NULL UNIQUE);
--> statement-breakpoint
CREATE VIRTUAL TABLE `catalog_search` USING fts5(title, sku, barcodes, vendor, content='', contentless_delete=1, tokenize='unicode61 remove_diacritics 2', prefix='2 3');
--> statement-breakpoint
CREATE VIEW `catalog_search_source` AS
  SELECT k.id AS rowid_key, v.id AS variant_id,
         CASE WHEN v.title = '' OR v.title = 'Default Title' THEN p.title ELSE p.title || ' ' || v.title END AS title,
         v.sku AS sku,
         coalesce((SELECT group_concat(b.barcode, ' ') FROM variant_barcodes b WHERE b.variant_id = v.id), '') AS barcodes,
         p.vendor AS vendor
    FROM catalog_search_keys k JOIN variants v ON v.id = k.variant_id JOIN products p ON p.id = v.product_id;
--> statement-breakpoint
CREATE TRIGGER `catalog_search_variant_ai` AFTER INSERT ON `variants` BEGIN
  INSERT INTO catalog_search_keys (variant_id) VALUES (new.id);
  INSERT INTO catalog_search (rowid, title, sku, barcodes, vendor)
    SELECT rowid_key, title, sku, barcodes, vendor FROM catalog_search_source WHERE variant_id = new.id;
END;
--> statement-breakpoint
CREATE TRIGGER `catalog_search_variant_au` AFTER UPDATE OF title, sku, product_id ON `variants`
  WHEN old.title IS NOT new.title OR old.sku IS NOT new.sku OR old.product_id IS NOT new.product_id BEGIN
  DELETE FROM catalog_search WHERE rowid = (SELECT id FROM catalog_search_keys WHERE variant_id = new.id);
  INSERT INTO catalog_search (rowid, title, sku, barcodes, vendor)
    SELECT rowid_key, title, sku, barcodes, vendor FROM catalog_search_source WHERE variant_id = new.id;
END;
--> statement-breakpoint
CREATE TRIGGER `catalog_search_variant_ad` AFTER DELETE ON `variants` BEGIN
  DELETE FROM catalog_search WHERE rowid = (SELECT id FROM catalog_search_keys WHERE variant_id = old.id);
  DELETE FROM catalog_search_keys WHERE variant_id = old.id;
END;
--> statement-breakpoint
CREATE TRIGGER `catalog_search_barcode_ai` AFTER INSERT ON `variant_barcodes` BEGIN
  DELETE FROM catalog_search WHERE rowid = (SELECT id FROM catalog_search_keys WHERE variant_id = new.variant_id);
  INSERT INTO catalog_search (rowid, title, sku, barcodes, vendor)
    SELECT rowid_key, title, sku, barcodes, vendor FROM catalog_search_source WHERE variant_id = new.variant_id;
END;
--> statement-breakpoint
CREATE TRIGGER `catalog_search_barcode_ad` AFTER DELETE ON `variant_barcodes` BEGIN
  DELETE FROM catalog_search WHERE rowid = (SELECT id FROM catalog_search_keys WHERE variant_id = old.variant_id);
  INSERT INTO catalog_search (rowid, title, sku, barcodes, vendor)
    SELECT rowid_key, title, sku, barcodes, vendor FROM catalog_search_source WHERE variant_id = old.variant_id;
END;
--> statement-breakpoint
CREATE TRIGGER `catalog_search_barcode_au` AFTER UPDATE ON `variant_barcodes` BEGIN
  DELETE FROM catalog_search WHERE rowid IN (SELECT id FROM catalog_search_keys WHERE variant_id IN (old.variant_id, new.variant_id));
  INSERT INTO catalog_search (rowid, title, sku, barcodes, vendor)
    SELECT rowid_key, title, sku, barcodes, vendor FROM catalog_search_source WHERE variant_id IN (old.variant_id, new.variant_id);
END;
--> statement-breakpoint
CREATE TRIGGER `catalog_search_product_au` AFTER UPDATE OF title, vendor ON `products`
  WHEN old.title IS NOT new.title OR old.vendor IS NOT new.vendor BEGIN
  DELETE FROM catalog_search WHERE rowid IN (SELECT k.id FROM catalog_search_keys k JOIN variants v ON v.id = k.variant_id WHERE v.product_id = new.id);
  INSERT INTO catalog_search (rowid, title, sku, barcodes, vendor)
    SELECT s.rowid_key, s.title, s.sku, s.barcodes, s.vendor FROM variants v JOIN catalog_search_source s ON s.variant_id = v.id WHERE v.product_id = new.id;
END;
--> statement-breakpoint
INSERT INTO catalog_search_keys (variant_id) SELECT id FROM variants;
--> statement-breakpoint
INSERT INTO catalog_search (rowid, title, sku, barcodes, vendor) SELECT rowid_key, title, sku, barcodes, vendor FROM catalog_search_source;
--> statement-breakpoint
CREATE VIRTUAL TABLE `catalog_search_vocab` USING fts5vocab(catalog_search, 'row');
