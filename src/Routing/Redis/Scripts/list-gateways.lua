-- Returns every gateway record still in Redis, dropping ids whose record has gone; the caller filters by expiry.
-- KEYS[1] the set of gateway ids; ARGV[1] record key prefix
local records = {}
for _, id in ipairs(redis.call('SMEMBERS', KEYS[1])) do
  local record = redis.call('GET', ARGV[1] .. id)
  if record then
    records[#records + 1] = record
  else
    redis.call('SREM', KEYS[1], id)
  end
end
return records
