-- Releases the queues the client holds; other clients' locks stay.
-- KEYS[1] the group's locks hash; ARGV[1] client id, ARGV[2..] queue fields
for i = 2, #ARGV do
  local current = redis.call('HGET', KEYS[1], ARGV[i])
  if current and string.sub(current, string.find(current, ':', 1, true) + 1) == ARGV[1] then
    redis.call('HDEL', KEYS[1], ARGV[i])
  end
end
return 0
