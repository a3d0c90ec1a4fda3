-- Restores a checkpointed offset unless the group has committed one since (a newer commit wins).
-- KEYS[1] the group's offsets hash, KEYS[2] the topic's set of groups with offsets
-- ARGV[1] field "<queueId>@<broker>@<topic>", ARGV[2] offset, ARGV[3] group,
-- ARGV[4] the older field "<queueId>@<topic>" that also counts as a commit (first logical broker only), or ''
if ARGV[4] ~= '' and redis.call('HEXISTS', KEYS[1], ARGV[4]) == 1 then
  return 0
end
if redis.call('HSETNX', KEYS[1], ARGV[1], ARGV[2]) == 0 then
  return 0
end
redis.call('SADD', KEYS[2], ARGV[3])
return 1
