/**
 * The Lua scripts of `createRedisStore`'s sliding windows and lists: each runs atomically on the
 * Redis server, so instances sharing it never admit more than the limit between them.
 */

/**
 * A sliding window over a sorted set of hit times (score = time, member = time + a random suffix
 * so that simultaneous hits stay distinct). KEYS[1]: the set; ARGV: now, windowMs, limit, member.
 * Returns { allowed (0/1), count, retryAfterMs }.
 */
export const SLIDING_WINDOW_SCRIPT = `local key = KEYS[1]
local now = tonumber(ARGV[1])
local window = tonumber(ARGV[2])
local limit = tonumber(ARGV[3])
redis.call('ZREMRANGEBYSCORE', key, '-inf', now - window)
local count = redis.call('ZCARD', key)
if count < limit then
  redis.call('ZADD', key, now, ARGV[4])
  redis.call('PEXPIRE', key, window)
  return {1, count + 1, 0}
end
local index = count - limit
local oldest = redis.call('ZRANGE', key, index, index, 'WITHSCORES')
local retry = 1
if oldest[2] then retry = math.max(1, tonumber(oldest[2]) + window - now) end
return {0, count, retry}`;

/**
 * RPUSH only while the list is shorter than its capacity (LPUSH, without the check, for `front`).
 * KEYS[1]: the list; ARGV: value, maxLength, front (0/1). Returns 1 when pushed, 0 when full.
 */
export const LIST_PUSH_SCRIPT = `if ARGV[3] == '1' then
  redis.call('LPUSH', KEYS[1], ARGV[1])
  return 1
end
if redis.call('LLEN', KEYS[1]) >= tonumber(ARGV[2]) then return 0 end
redis.call('RPUSH', KEYS[1], ARGV[1])
return 1`;
