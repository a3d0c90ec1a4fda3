-- Lists the groups that still have members, dropping index entries whose members hash has expired.
-- KEYS[1] the set of groups; ARGV[1] members key prefix
local live = {}
for _, group in ipairs(redis.call('SMEMBERS', KEYS[1])) do
  if redis.call('EXISTS', ARGV[1] .. group) == 1 then
    live[#live + 1] = group
  else
    redis.call('SREM', KEYS[1], group)
  end
end
return live
