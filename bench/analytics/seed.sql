-- Bench data for bench/analytics: :lines order lines (about :lines/4 orders over 24 months, more each month, ids in
-- time order) from 20,000 customers buying 600 catalog items (popular ones more often), and image upload/processing
-- events in the outbox. Run as the superuser on the schema the app's migrations made (Portal.Bench.Analytics migrate),
-- with psql -v lines=N. session_replication_role=replica skips the change-notification triggers and the per-row
-- foreign key checks; every reference is generated valid.
\set ON_ERROR_STOP on
SET session_replication_role = replica;
SELECT setseed(0.20261204);
\set customers 20000
\set items 600
\set months 24

INSERT INTO catalog_items ("Sku", "Name", "Description", "Category", "Price", "Currency", "WeightGrams", "Stock", "IsActive",
  "ArchivedAt", "Version", "CreatedAt", "UpdatedAt")
SELECT 'BX-' || lpad(i::text, 5, '0'),
       (ARRAY['Classic','Vintage','Nordic','Urban','Pastel','Studio','Travel','Mini','Grand','Linen'])[1 + i % 10] || ' ' || c.noun || ' ' || i,
       'Bench item ' || i, c.category,
       round((c.lo + random() * (c.hi - c.lo))::numeric, 2), 'EUR', (c.glo + random() * (c.ghi - c.glo))::int,
       (random() * 400)::int, i % 40 <> 0, CASE WHEN i % 40 = 0 THEN now() - interval '20 days' END, 1,
       now() - interval '800 days', now() - interval '1 day'
FROM generate_series(1, :items) i
CROSS JOIN LATERAL (SELECT * FROM (VALUES
  (0, 'Prints', 'Poster', 9, 89, 80, 900), (1, 'Frames', 'Oak Frame', 14, 120, 300, 2500),
  (2, 'Cameras', 'Film Camera', 12, 480, 60, 1400), (3, 'Stationery', 'Notebook', 4, 45, 40, 800),
  (4, 'Home', 'Photo Mug', 8, 75, 150, 1800), (5, 'Accessories', 'Tote Bag', 5, 39, 20, 600))
  AS v(k, category, noun, lo, hi, glo, ghi) WHERE v.k = i % 6) c;

INSERT INTO customers ("Email", "FullName", ship_line1, ship_postal_code, ship_city, ship_country, "Tier", "MembershipStatus",
  "MemberSince", "MembershipExpiresAt", "CreatedAt", "UpdatedAt")
SELECT 'bench' || i || '@example.test', 'Bench Customer ' || i, i || ' Market Street', lpad((i % 99991)::text, 5, '0'),
       'City ' || (i % 400), (ARRAY['DE','DE','DE','FR','FR','NL','BE','AT','IT','ES','PL','SE','DK','GB','US'])[1 + (random() * 14)::int],
       CASE WHEN r < 0.55 THEN 'Basic' WHEN r < 0.82 THEN 'Silver' WHEN r < 0.96 THEN 'Gold' ELSE 'Platinum' END,
       CASE WHEN i % 25 = 0 THEN 'Expired' ELSE 'Active' END, since, since + interval '3 years', since, now() - interval '2 days'
FROM (SELECT i, random() AS r, now() - (random() * 1000) * interval '1 day' AS since FROM generate_series(1, :customers) i) g;

-- Tier history (membership_changes, as the app records it): everyone starts Basic when they join; those on a higher
-- tier now moved up to it some time later.
INSERT INTO membership_changes ("CustomerId", "Tier", "EffectiveFrom")
SELECT "Id", 'Basic', "MemberSince" FROM customers;
INSERT INTO membership_changes ("CustomerId", "Tier", "EffectiveFrom")
SELECT "Id", "Tier", "MemberSince" + (now() - "MemberSince") * (0.2 + random() * 0.6) FROM customers WHERE "Tier" <> 'Basic';

-- Orders get 1-7 lines (4 on average); the plan is cut so the lines add up to exactly :lines.
CREATE TEMP TABLE bench_plan AS
SELECT id, nlines, sum(nlines) OVER (ORDER BY id) - nlines AS first_line
FROM (SELECT id, 1 + (random() * 6)::int AS nlines FROM generate_series(1, (:lines / 4 * 1.2)::int) id) o;
DELETE FROM bench_plan WHERE first_line >= :lines;
UPDATE bench_plan SET nlines = :lines - first_line WHERE first_line + nlines > :lines;

-- Placed times spread over :months months up to now, denser towards now (sqrt: the shop grows); status by age.
INSERT INTO orders ("Id", "CustomerId", "Status", "Currency", "Subtotal", "Discount", "Total", "TotalWeightGrams",
  ship_line1, ship_postal_code, ship_city, ship_country, "PlacedAt", "PaidAt", "ShippedAt", "CompletedAt", "CancelledAt",
  "Carrier", "TrackingNumber", "ShippingMethod", "ShippingPrice", "PaymentReference", "Version", "CreatedAt", "UpdatedAt")
SELECT o.id, c."Id",
       CASE WHEN o.cancel THEN 'Cancelled' WHEN age > interval '12 days' THEN 'Completed' WHEN age > interval '3 days' THEN 'Shipped'
            WHEN age > interval '2 hours' THEN 'Paid' ELSE 'Placed' END,
       'EUR', 0, 0, 0, 0, c.ship_line1, c.ship_postal_code, c.ship_city, c.ship_country,
       o.placed,
       CASE WHEN NOT o.cancel AND age > interval '2 hours' THEN o.placed + o.pay END,
       CASE WHEN NOT o.cancel AND age > interval '3 days' THEN o.placed + o.pay + o.ship END,
       CASE WHEN NOT o.cancel AND age > interval '12 days' THEN o.placed + o.pay + o.ship + interval '4 days' END,
       CASE WHEN o.cancel THEN o.placed + interval '1 hour' END,
       CASE WHEN NOT o.cancel AND age > interval '3 days' THEN (ARRAY['DHL','UPS','PostNL','DPD'])[1 + o.id % 4] END,
       CASE WHEN NOT o.cancel AND age > interval '3 days' THEN 'TRK' || o.id END,
       CASE WHEN o.id % 5 = 0 THEN 'Express' ELSE 'Standard' END, CASE WHEN o.id % 5 = 0 THEN 9.90 ELSE 4.90 END,
       CASE WHEN NOT o.cancel AND age > interval '2 hours' THEN 'PAY-' || o.id END, 1, o.placed, o.placed + o.pay
FROM (SELECT p.id, p.placed, now() - p.placed AS age, random() < 0.03 AS cancel,
             (1 + (random() * 19999)::int) AS customer_id,
             (2 + random() * 30) * interval '1 minute' AS pay,
             (2 + power(random(), 3) * 94) * interval '1 hour' AS ship
      FROM (SELECT id, now() - (:months * interval '30 days') * (1 - sqrt(id::float8 / (SELECT max(id) FROM bench_plan))) AS placed
            FROM bench_plan) p) o
JOIN customers c ON c."Id" = o.customer_id;
SELECT setval(pg_get_serial_sequence('orders', 'Id'), (SELECT max("Id") FROM orders));

-- Popular items sell more: item = 1 + 600 * r^2.
INSERT INTO order_lines ("OrderId", "CatalogItemId", "Sku", "Name", "UnitPrice", "Quantity", "LineTotal", "UnitWeightGrams", "LineWeightGrams")
SELECT l.id, i."Id", i."Sku", i."Name", i."Price", l.q, i."Price" * l.q, i."WeightGrams", i."WeightGrams" * l.q
FROM (SELECT p.id, n, 1 + (power(random(), 2) * (:items - 1))::int AS item_id, 1 + (power(random(), 3) * 4)::int AS q
      FROM bench_plan p CROSS JOIN LATERAL generate_series(1, p.nlines) n) l
JOIN catalog_items i ON i."Id" = l.item_id
ORDER BY l.id, l.n;

UPDATE orders o SET "Subtotal" = s.subtotal,
       "Discount" = round(s.subtotal * CASE c."Tier" WHEN 'Silver' THEN 0.05 WHEN 'Gold' THEN 0.10 WHEN 'Platinum' THEN 0.15 ELSE 0 END, 2),
       "Total" = s.subtotal - round(s.subtotal * CASE c."Tier" WHEN 'Silver' THEN 0.05 WHEN 'Gold' THEN 0.10 WHEN 'Platinum' THEN 0.15 ELSE 0 END, 2) + o."ShippingPrice",
       "TotalWeightGrams" = s.grams
FROM (SELECT "OrderId", sum("LineTotal") AS subtotal, sum("LineWeightGrams") AS grams FROM order_lines GROUP BY 1) s, customers c
WHERE o."Id" = s."OrderId" AND c."Id" = o."CustomerId";

-- Image uploads (about 40 a day, growing) and their outcome events, published: triggers are off while seeding
-- (session_replication_role = replica), so the outbox's trigger adds no outbox_pending row and the relay has nothing to do.
INSERT INTO outbox_messages ("EventId", "Family", "Key", "Type", "Subject", "Payload", "OccurredAt", "Attempts")
SELECT gen_random_uuid(), 'images', replace(u.image::text, '-', ''), e.type, 'images/' || replace(u.image::text, '-', ''),
       CASE e.k WHEN 0 THEN json_build_object('imageId', u.image, 'ownerUserId', 'bench-user', 'objectKey', 'originals/' || u.image,
                     'sizeBytes', 800000 + u.n * 7 % 5000000, 'sha256', md5(u.image::text) || md5(u.n::text), 'contentType', 'image/jpeg',
                     'fileName', 'photo-' || u.n || '.jpg')::text
                ELSE json_build_object('imageId', u.image, 'ownerUserId', 'bench-user', 'ready', u.n % 50 <> 0,
                     'failureReason', CASE WHEN u.n % 50 = 0 THEN 'Not an image' END)::text END,
       u.at + e.k * (1 + u.n % 20) * interval '1 second', 0
FROM (SELECT n, gen_random_uuid() AS image,
             now() - (:months * interval '30 days') * (1 - sqrt(n::float8 / (:months * 30 * 40))) AS at
      FROM generate_series(1, :months * 30 * 40) n) u
CROSS JOIN (VALUES (0, 'portal.images.uploaded.v1'), (1, 'portal.images.processed.v1')) e(k, type)
ORDER BY u.n, e.k;

SET session_replication_role = origin;
VACUUM ANALYZE catalog_items;
VACUUM ANALYZE customers;
VACUUM ANALYZE membership_changes;
VACUUM ANALYZE orders;
VACUUM ANALYZE order_lines;
VACUUM ANALYZE outbox_messages;
SELECT (SELECT count(*) FROM order_lines) AS lines, (SELECT count(*) FROM orders) AS orders,
       (SELECT count(*) FROM customers) AS customers, (SELECT count(*) FROM catalog_items) AS items,
       (SELECT count(*) FROM outbox_messages) AS events,
       (SELECT min("PlacedAt")::date || ' .. ' || max("PlacedAt")::date FROM orders) AS placed;
