-- Acquires or renews a singleton-job lease with a fencing token. A live lease of another holder is refused (nil);
-- the holder renewing a live lease keeps its token; any other acquisition takes the next token of the counter,
-- which outlives the lease, so tokens only grow.
-- KEYS[1] the lease hash (holder, token, expires), KEYS[2] the token counter
-- ARGV[1] holder, ARGV[2] now (µs), ARGV[3] new expiry (µs), ARGV[4] safety TTL (ms)
local lease = redis.call('HMGET', KEYS[1], 'holder', 'token', 'expires')
local holder, token = lease[1], lease[2]
local live = holder and tonumber(lease[3]) > tonumber(ARGV[2])
if live and holder ~= ARGV[1] then
  return false
end
if not live then
  token = redis.call('INCR', KEYS[2])
end
redis.call('HSET', KEYS[1], 'holder', ARGV[1], 'token', token, 'expires', ARGV[3])
redis.call('PEXPIRE', KEYS[1], ARGV[4])
return tonumber(token)
