-- Deletes a group's offsets on one topic, or on all topics, and its entries in the per-topic group sets.
-- The per-topic set keys are derived from ARGV[3]; all keys share the prefix's hash tag.
-- Fields are "<queueId>@<broker>@<topic>" or the older "<queueId>@<topic>": the topic follows the last '@'.
-- KEYS[1] the group's offsets hash; ARGV[1] group, ARGV[2] topic ('' for every topic), ARGV[3] per-topic set key prefix
local topics = {}
for _, field in ipairs(redis.call('HKEYS', KEYS[1])) do
  local topic = string.match(field, '^.*@(.*)$')
  if ARGV[2] == '' or topic == ARGV[2] then
    redis.call('HDEL', KEYS[1], field)
    topics[topic] = true
  end
end
if ARGV[2] ~= '' then
  topics[ARGV[2]] = true
end
for topic in pairs(topics) do
  redis.call('SREM', ARGV[3] .. topic, ARGV[1])
end
return 0
