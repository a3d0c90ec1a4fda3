-- Writes a gateway's liveness record and indexes it.
-- KEYS[1] the gateway's record, KEYS[2] the set of gateway ids; ARGV[1] record JSON, ARGV[2] safety TTL (ms), ARGV[3] gateway id
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
redis.call('SADD', KEYS[2], ARGV[3])
return 0
