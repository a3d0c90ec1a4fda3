-- Releases a lease, only for its holder. The token counter stays, so the next holder's token is larger.
-- KEYS[1] the lease hash; ARGV[1] holder
if redis.call('HGET', KEYS[1], 'holder') == ARGV[1] then
  redis.call('DEL', KEYS[1])
  return 1
end
return 0
