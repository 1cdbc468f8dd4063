-- nexus_assert(ok, message): raises `message` unless ok. Lets a statement sent with others in one round trip
-- (the lineage ingest's batches) abort its transaction when a condition it checks does not hold.
CREATE FUNCTION nexus_assert(ok boolean, message text) RETURNS boolean
LANGUAGE plpgsql AS $$
BEGIN
  IF ok IS NOT TRUE THEN
    RAISE EXCEPTION USING ERRCODE = 'P0001', MESSAGE = message;
  END IF;
  RETURN true;
END
$$;
