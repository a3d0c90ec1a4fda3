-- Stores a consumer offset and indexes the group under the topic, in one round trip.
-- KEYS[1] the group's offsets hash, KEYS[2] the topic's set of groups with offsets
-- ARGV[1] field "<queueId>@<broker>@<topic>", ARGV[2] offset, ARGV[3] group,
-- ARGV[4] the older field "<queueId>@<topic>" this commit replaces (first logical broker only), or ''
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
if ARGV[4] ~= '' then
  redis.call('HDEL', KEYS[1], ARGV[4])
end
redis.call('SADD', KEYS[2], ARGV[3])
return 0
