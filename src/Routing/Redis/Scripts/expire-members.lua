-- Drops members last seen before the cutoff and returns the groups that lost one. A group whose members hash
-- is gone (its safety TTL ran out while no gateway swept) also counts as having lost them.
-- The per-group keys are derived from ARGV[2] and ARGV[3]; all keys share the prefix's hash tag.
-- KEYS[1] the set of groups; ARGV[1] cutoff (µs, exclusive), ARGV[2] members key prefix, ARGV[3] last-seen key prefix
local changed = {}
for _, group in ipairs(redis.call('SMEMBERS', KEYS[1])) do
  local members, seen = ARGV[2] .. group, ARGV[3] .. group
  local lost = false
  for _, id in ipairs(redis.call('ZRANGEBYSCORE', seen, '-inf', '(' .. ARGV[1])) do
    if redis.call('HDEL', members, id) == 1 then
      lost = true
    end
    redis.call('ZREM', seen, id)
  end
  if redis.call('EXISTS', members) == 0 then
    redis.call('DEL', seen)
    redis.call('SREM', KEYS[1], group)
    lost = true
  end
  if lost then
    changed[#changed + 1] = group
  end
end
return changed
