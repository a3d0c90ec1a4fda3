-- Records or refreshes a producer or consumer. Returns 1 when the client id is new to the group (a membership change).
-- KEYS[1] the group's members hash, KEYS[2] the group's last-seen sorted set, KEYS[3] the set of groups
-- ARGV[1] client id, ARGV[2] member JSON, ARGV[3] last seen (µs since the epoch, gateway clock),
-- ARGV[4] safety TTL (ms), ARGV[5] group
local added = redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
redis.call('ZADD', KEYS[2], ARGV[3], ARGV[1])
redis.call('SADD', KEYS[3], ARGV[5])
redis.call('PEXPIRE', KEYS[1], ARGV[4])
redis.call('PEXPIRE', KEYS[2], ARGV[4])
return added
