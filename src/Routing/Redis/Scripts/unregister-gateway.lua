-- Deletes a gateway's liveness record at once (graceful shutdown).
-- KEYS[1] the gateway's record, KEYS[2] the set of gateway ids; ARGV[1] gateway id
redis.call('DEL', KEYS[1])
redis.call('SREM', KEYS[2], ARGV[1])
return 0
