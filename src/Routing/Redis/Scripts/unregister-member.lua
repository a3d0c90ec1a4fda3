-- Removes a producer or consumer; a group whose last member leaves disappears. Returns 1 when it was a member.
-- KEYS[1] the group's members hash, KEYS[2] the group's last-seen sorted set, KEYS[3] the set of groups
-- ARGV[1] client id, ARGV[2] group
local removed = redis.call('HDEL', KEYS[1], ARGV[1])
redis.call('ZREM', KEYS[2], ARGV[1])
if redis.call('EXISTS', KEYS[1]) == 0 then
  redis.call('DEL', KEYS[2])
  redis.call('SREM', KEYS[3], ARGV[2])
end
return removed
