-- Adds a hash field only when absent and returns the value now in force: concurrent auto-creates agree on one.
-- KEYS[1] hash; ARGV[1] field, ARGV[2] value
if redis.call('HSETNX', KEYS[1], ARGV[1], ARGV[2]) == 1 then
  return ARGV[2]
end
return redis.call('HGET', KEYS[1], ARGV[1])
