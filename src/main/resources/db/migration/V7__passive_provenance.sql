-- Provenance: the latest value of an attribute is kept per source, so a passive import and an
-- active method never overwrite each other (issue 11). is_latest now marks the newest value of each
-- (device, attribute, source). Portable SQL (H2 and PostgreSQL).

-- Rows stored before this migration had one latest value per (device, attribute): the newest value
-- of every other source becomes latest for that source too (newest by since, then by id).
UPDATE observation SET is_latest = TRUE
WHERE NOT is_latest
  AND NOT EXISTS (SELECT 1 FROM observation l WHERE l.device_id = observation.device_id
      AND l.attribute = observation.attribute AND l.source = observation.source AND l.is_latest)
  AND id = (SELECT MAX(n.id) FROM observation n WHERE n.device_id = observation.device_id
      AND n.attribute = observation.attribute AND n.source = observation.source
      AND n.since = (SELECT MAX(m.since) FROM observation m WHERE m.device_id = observation.device_id
          AND m.attribute = observation.attribute AND m.source = observation.source));

DROP INDEX observation_by_device;
CREATE INDEX observation_latest ON observation(device_id, attribute, source, is_latest);
