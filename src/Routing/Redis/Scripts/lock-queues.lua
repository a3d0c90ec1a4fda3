-- Ordered-consumption queue locks of one consumer group, decided as one batch. A queue is granted when it is
-- unlocked, locked by this client (a renewal), or its lock has expired. Values are "<expires µs>:<client id>".
-- KEYS[1] the group's locks hash; ARGV[1] client id, ARGV[2] now (µs), ARGV[3] new expiry (µs),
-- ARGV[4] safety TTL (ms), ARGV[5..] queue fields. Returns the 1-based positions of the queues now held.
local client, now = ARGV[1], tonumber(ARGV[2])
local value = ARGV[3] .. ':' .. client
local held = {}
for i = 5, #ARGV do
  local current = redis.call('HGET', KEYS[1], ARGV[i])
  local free = true
  if current then
    local colon = string.find(current, ':', 1, true)
    free = string.sub(current, colon + 1) == client or tonumber(string.sub(current, 1, colon - 1)) <= now
  end
  if free then
    redis.call('HSET', KEYS[1], ARGV[i], value)
    held[#held + 1] = i - 4
  end
end
if #held > 0 then
  redis.call('PEXPIRE', KEYS[1], ARGV[4])
end
return held
